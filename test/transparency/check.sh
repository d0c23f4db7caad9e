#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# check.sh PROGRAM: runs an ns-3 program without pfhooks, with pfhooks idle
# and with accepting hooks everywhere, and fails unless the three runs print
# the same stdout and write the same pcap bytes (issue 16 point 9).
set -euo pipefail
prog="$1"
name="$(basename "$prog")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for mode in none idle accept; do
  mkdir "$work/$mode"
  "$prog" --pfhooks="$mode" --out="$work/$mode" >"$work/$mode.out" 2>"$work/$mode.err" || {
    echo "FAIL: $name --pfhooks=$mode exited $?"; cat "$work/$mode.err"; exit 1; }
done
lines=$(wc -l <"$work/none.out")
[ "$lines" -gt 0 ] || { echo "FAIL: $name printed nothing"; exit 1; }
pcaps=$(cd "$work/none" && ls -- *.pcap 2>/dev/null | wc -l)
[ "$pcaps" -gt 0 ] || { echo "FAIL: $name wrote no pcap"; exit 1; }
for mode in idle accept; do
  cmp "$work/none.out" "$work/$mode.out" || {
    echo "FAIL: $name stdout differs with pfhooks $mode"
    diff "$work/none.out" "$work/$mode.out" | head -20; exit 1; }
  diff <(cd "$work/none" && ls) <(cd "$work/$mode" && ls) >/dev/null || {
    echo "FAIL: $name wrote other pcap files with pfhooks $mode"; exit 1; }
  for f in "$work/none"/*.pcap; do
    cmp "$f" "$work/$mode/$(basename "$f")" || {
      echo "FAIL: $name $(basename "$f") differs with pfhooks $mode"; exit 1; }
  done
done
accepted=$(sed -n 's/^pfhooks accepted: //p' "$work/accept.err")
[ "${accepted:-0}" -gt 0 ] || { echo "FAIL: $name: the accept hooks saw no packet"; exit 1; }
bytes=$(cat "$work/none"/*.pcap | wc -c)
echo "transparent: $name: $lines stdout lines, $pcaps pcaps ($bytes bytes) identical; hooks accepted $accepted"
