# memory.awk: the table of tools/benchmark/memory.sh from its TSV files
# (wireshark, capture, mode, packets, variant, run, user_s, sys_s,
# max_rss_kb; a header line each).
#   awk -f memory.awk memory-*.tsv
# For each size: the median peak RSS of each variant, the plugin's extra
# over tshark alone, and how much that extra grew per packet since the
# size before (bytes/packet; 0 once the plugin's stores are full).
#
# SPDX-License-Identifier: GPL-2.0-or-later

BEGIN { FS = "\t" }

FNR == 1 { next }

function median(list,    n, v, i, j, t) {
  n = split(list, v, " ")
  for (i = 2; i <= n; i++)
    for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
  return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
}

{
  key = $1 SUBSEP $2 SUBSEP $3 SUBSEP $4
  if (!(key in seen_key)) { seen_key[key] = 1; keys[++nk] = key }
  if (!($5 in seen_v)) { seen_v[$5] = 1; variants[++nv] = $5 }
  rss[key, $5] = rss[key, $5] " " $9
  cpu[key, $5] = cpu[key, $5] " " ($7 + $8)
}

END {
  printf "%-10s %-9s %-7s %9s", "wireshark", "capture", "mode", "packets"
  for (i = 1; i <= nv; i++) printf " %9s", variants[i] " MiB"
  for (i = 1; i <= nv; i++) if (variants[i] != "none") printf " %10s", "+" variants[i] " MiB"
  for (i = 1; i <= nv; i++) if (variants[i] != "none") printf " %12s", "growth B/pkt"
  for (i = 1; i <= nv; i++) printf " %9s", variants[i] " s"
  printf "\n"
  for (k = 1; k <= nk; k++) {
    split(keys[k], f, SUBSEP)
    group = f[1] SUBSEP f[2] SUBSEP f[3]
    printf "%-10s %-9s %-7s %9d", f[1], f[2], f[3], f[4]
    for (i = 1; i <= nv; i++) printf " %9.1f", median(rss[keys[k], variants[i]]) / 1024
    for (i = 1; i <= nv; i++) {
      if (variants[i] == "none") continue
      extra[keys[k], variants[i]] = median(rss[keys[k], variants[i]]) - median(rss[keys[k], "none"])
      printf " %+10.1f", extra[keys[k], variants[i]] / 1024
    }
    for (i = 1; i <= nv; i++) {
      if (variants[i] == "none") continue
      if (group == last_group && f[4] > last_packets)
        printf " %+12.1f", (extra[keys[k], variants[i]] - extra[last_key, variants[i]]) * 1024 \
                           / (f[4] - last_packets)
      else
        printf " %12s", "-"
    }
    for (i = 1; i <= nv; i++) printf " %9.2f", median(cpu[keys[k], variants[i]])
    printf "\n"
    last_group = group; last_packets = f[4]; last_key = keys[k]
  }
}
