# summarize.awk: the table of tools/benchmark/run.sh from its raw results
# (pair, mode, variant, user_s, sys_s, max_rss_kb; a header line first).
#   awk -v big=PACKETS -v small=PACKETS -v modes="plain filter ..." \
#       -v labels="plain=tshark -r;filter=...;" -f summarize.awk results.tsv
# CPU is user+sys; a ratio is the median over the pairs of variant/none
# within one pair. Memory growth compares a variant's extra peak RSS on the
# big capture (plain mode) with that on the small one, per extra packet.
#
# SPDX-License-Identifier: GPL-2.0-or-later

function median(list,    n, v, i, j, t) {
  n = split(list, v, " ")
  for (i = 2; i <= n; i++)
    for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
  return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
}

NR > 1 {
  pair = $1; mode = $2; v = $3
  cpu[pair, mode, v] = $4 + $5
  cpus[mode, v] = cpus[mode, v] " " ($4 + $5)
  rss[mode, v] = rss[mode, v] " " $6
  if (!(v in seen)) { seen[v] = 1; variants[++nv] = v }
  if (pair > pairs) pairs = pair
}

function ratio(mode, v,    p, list) {
  list = ""
  for (p = 1; p <= pairs; p++)
    list = list " " cpu[p, mode, v] / cpu[p, mode, "none"]
  return median(list)
}

END {
  nm = split(modes, mode_list, " ")
  nl = split(labels, label_list, ";")
  for (i = 1; i <= nl; i++) {
    eq = index(label_list[i], "=")
    if (eq) label[substr(label_list[i], 1, eq - 1)] = substr(label_list[i], eq + 1)
  }
  label["small"] = "plain, on the small capture"
  name["none"] = "without"; name["c"] = "C plugin"; name["noev"] = "C, no ev."; name["lua"] = "Lua"
  for (i = 1; i <= nv; i++) if (!(variants[i] in name)) name[variants[i]] = variants[i]

  printf "\nCPU time, user+sys, median of %d runs (ratio: median of per-pair ratios to tshark alone)\n", pairs
  printf "%-8s %-44s", "mode", ""
  for (i = 1; i <= nv; i++) printf " %10s", name[variants[i]]
  for (i = 2; i <= nv; i++) printf " %10s", variants[i] "/none"
  printf "\n"
  for (m = 1; m <= nm; m++) {
    printf "%-8s %-44s", mode_list[m], label[mode_list[m]]
    for (i = 1; i <= nv; i++) printf " %9.2fs", median(cpus[mode_list[m], variants[i]])
    for (i = 2; i <= nv; i++) printf " %10.3f", ratio(mode_list[m], variants[i])
    printf "\n"
  }

  printf "\nPeak RSS (max resident), median, MiB\n"
  printf "%-8s %-44s", "mode", ""
  for (i = 1; i <= nv; i++) printf " %10s", name[variants[i]]
  printf "\n"
  mode_list[nm + 1] = "small"
  for (m = 1; m <= nm + 1; m++) {
    printf "%-8s %-44s", mode_list[m], label[mode_list[m]]
    for (i = 1; i <= nv; i++) printf " %10.1f", median(rss[mode_list[m], variants[i]]) / 1024
    printf "\n"
  }

  if (!(("plain", "none") in rss)) exit
  printf "\nMemory growth per packet (plain mode, %d -> %d packets)\n", small, big
  base_growth = (median(rss["plain", "none"]) - median(rss["small", "none"])) * 1024 / (big - small)
  printf "  %-10s %8.1f bytes/packet (tshark itself)\n", name["none"], base_growth
  for (i = 2; i <= nv; i++) {
    v = variants[i]
    extra = (median(rss["plain", v]) - median(rss["plain", "none"])) \
          - (median(rss["small", v]) - median(rss["small", "none"]))
    printf "  %-10s %+8.1f bytes/packet more than without\n", name[v], extra * 1024 / (big - small)
  }
}
