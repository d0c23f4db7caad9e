#!/usr/bin/env bash
# The ping amplifier on the wire, as a dissector sees it: run the example
# with pcap, let tshark verify every IPv4 and ICMP checksum, and count the
# echo replies per request on the pinger's link: two while pamp_drv is
# loaded (seq 2..5), one before and after.  Skipped (exit 77) without tshark.
set -euo pipefail
example="$1"
. "$(dirname "${BASH_SOURCE[0]}")/wire-check-common.sh"
wire_check_setup
"$example" --count=8 --load=2.5 --unload=6.5 --pcap --pcapPrefix=wire >/dev/null
opts=(-o ip.check_checksum:TRUE) # tshark always verifies ICMP checksums
for f in wire-*.pcap; do
  n=$(tshark -r "$f" "${opts[@]}" -Y icmp 2>/dev/null | wc -l)
  bad=$(tshark -r "$f" "${opts[@]}" -Y 'icmp && (ip.checksum.status != 1 || icmp.checksum.status != 1)' \
        2>/dev/null | wc -l)
  echo "$f: $n ICMP packets, $bad with a bad or unverified checksum"
  [ "$n" -gt 0 ] && [ "$bad" = 0 ] || exit 1
done
# Replies per sequence number on the pinger's link, in sequence order.
per_seq=$(tshark -r wire-0-1.pcap -Y 'icmp.type == 0' -T fields -e icmp.seq 2>/dev/null |
          sort -n | uniq -c | awk '{print $1}' | tr '\n' ' ')
echo "replies per request on the wire: $per_seq"
[ "$per_seq" = "1 1 2 2 2 2 1 1 " ] && echo "wire check ok"
