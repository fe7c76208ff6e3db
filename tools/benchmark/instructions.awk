# instructions.awk: the table of tools/benchmark/instructions.sh from its
# TSV files (wireshark, capture, mode, variant, packets, total, start,
# postdissector; a header line each), one or several (say, one per
# Wireshark version, to put them side by side).
#   awk -f instructions.awk instructions-*.tsv
# Per packet: (total - start) / (packets - 1), the start-up run reading one
# packet. A ratio is a variant's count over that of "none" (tshark alone)
# in the same run; "postdiss." is dissect_apple's inclusive count per
# packet (over both passes with -2).
#
# SPDX-License-Identifier: GPL-2.0-or-later

BEGIN { FS = "\t" }

FNR == 1 { next }

{
  key = $1 SUBSEP $2 SUBSEP $3
  if (!(key in seen_key)) { seen_key[key] = 1; keys[++nk] = key }
  if (!($4 in seen_v)) { seen_v[$4] = 1; variants[++nv] = $4 }
  per[key, $4] = ($6 - $7) / ($5 - 1)
  inside[key, $4] = $8 / $5
  have[key, $4] = 1
}

END {
  printf "%-10s %-9s %-8s", "wireshark", "capture", "mode"
  for (i = 1; i <= nv; i++) printf " %9s", variants[i]
  for (i = 1; i <= nv; i++) if (variants[i] != "none") printf " %10s", variants[i] "/none"
  for (i = 1; i <= nv; i++) if (variants[i] != "none") printf " %9s", variants[i] " pd."
  printf "\n"
  for (k = 1; k <= nk; k++) {
    split(keys[k], f, SUBSEP)
    printf "%-10s %-9s %-8s", f[1] == last_ws ? "" : f[1], f[2] == last_capture && f[1] == last_ws ? "" : f[2], f[3]
    last_ws = f[1]; last_capture = f[2]
    for (i = 1; i <= nv; i++)
      if (have[keys[k], variants[i]]) printf " %9d", per[keys[k], variants[i]]
      else printf " %9s", "-"
    for (i = 1; i <= nv; i++) {
      if (variants[i] == "none") continue
      if (have[keys[k], variants[i]] && per[keys[k], "none"] > 0)
        printf " %10.4f", per[keys[k], variants[i]] / per[keys[k], "none"]
      else printf " %10s", "-"
    }
    for (i = 1; i <= nv; i++) {
      if (variants[i] == "none") continue
      if (have[keys[k], variants[i]]) printf " %9d", inside[keys[k], variants[i]]
      else printf " %9s", "-"
    }
    printf "\n"
  }
}
