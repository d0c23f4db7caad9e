#!/usr/bin/env bash
# The wire as a dissector sees it: run the first example with pcap, then let
# tshark verify every IPv4 and UDP checksum, and find the client's egress
# rewrite (TOS 0x10) on every request it sent.  Skipped (exit 77) without tshark.
set -euo pipefail
example="$1"
. "$(dirname "${BASH_SOURCE[0]}")/wire-check-common.sh"
wire_check_setup
"$example" --packets=50 --pcap --pcapPrefix=wire >/dev/null
opts=(-o ip.check_checksum:TRUE -o udp.check_checksum:TRUE)
total=0
for f in wire-*.pcap; do
  n=$(tshark -r "$f" "${opts[@]}" 2>/dev/null | wc -l)
  bad=$(tshark -r "$f" "${opts[@]}" -Y 'ip.checksum.status != 1 || udp.checksum.status != 1' \
        2>/dev/null | wc -l)
  echo "$f: $n packets, $bad with a bad or unverified checksum"
  [ "$bad" = 0 ] || exit 1
  total=$((total + n))
done
marked=$(tshark -r wire-0-0.pcap -Y 'ip.src == 10.1.1.1 && ip.dsfield == 0x10' 2>/dev/null | wc -l)
echo "requests marked TOS 0x10 on the client link: $marked"
[ "$total" -gt 0 ] && [ "$marked" = 50 ] && echo "wire check ok"
