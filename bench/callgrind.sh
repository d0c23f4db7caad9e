#!/usr/bin/env bash
# Instruction counts of Simulator::Run under callgrind for every variant of
# pfhooks-bench (8-node chain, 3000 datagrams of 512 B), each as a ratio to
# its plain ns-3 baseline measured the same way.  A process run with
# --only=VARIANT runs the variant and its baseline, so the variant alone is
# total(--only=VARIANT) - total(--only=BASELINE).  Repeatable on a noisy
# machine, unlike wall time.  See bench/README.md.
#   bench/callgrind.sh [BUILD_DIR] [VARIANT...]
# The last columns are instructions per hook call for the variants whose
# hooks run on every datagram they see (the accepts and rewrite-tos): what
# the variant adds to its baseline, over its hook calls; and for cxx-accept and
# arp-accept, what it adds to active-taps(-csma) (the same links, hooks only
# on inet6, which the IPv4 flood never runs): the hook call alone, without
# the taps' active path that every datagram takes once a node has a hook
# (arp-accept's few ARP calls would otherwise carry it for every datagram).
# PFHOOKS_BENCH_ARGS adds options to every bench run (e.g. --flowmon=pfhooks).
set -euo pipefail
build="${1:-build}"
shift || true
bench="$build/pfhooks-bench"
[ -x "$bench" ] || { echo "error: $bench not built" >&2; exit 2; }
command -v valgrind >/dev/null || { echo "error: valgrind not installed" >&2; exit 2; }
variants=("$@")
[ ${#variants[@]} -gt 0 ] || variants=(idle-taps active-taps cxx-accept c-accept mypkthook-1pct rewrite-tos \
                                       fwd-accept observe observe-read v6-accept active-taps-csma arp-accept \
                                       rewrite-floor)
baseline_of() {
  case "$1" in
    v6-*) echo plain-ns3-v6 ;;
    arp-*|*-csma) echo plain-ns3-csma ;;
    *) echo plain-ns3 ;;
  esac
}
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
count() { # variant -> instructions of the bench process running only it
  valgrind --tool=callgrind --callgrind-out-file="$out/cg.$1" \
    --toggle-collect='ns3::Simulator::Run()' \
    "$bench" --runs=1 --packets=3000 --skip-lifecycle --warmup=false --only="$1" ${PFHOOKS_BENCH_ARGS:-} \
    >"$out/out.$1" 2>"$out/log.$1"
  awk '/^summary:/ {print $2}' "$out/cg.$1"
}
calls() { # variant -> its hook calls, from the bench's JSON line
  sed -n "s/.*\"variant\":\"$1\".*\"hook_calls\":\([0-9]*\).*/\1/p" "$out/out.$1"
}
declare -A total
printf '| variant | baseline | instructions (M) | ratio | per hook call | over active taps |\n|---|---|---|---|---|---|\n'
for v in "${variants[@]}"; do
  b="$(baseline_of "$v")"
  [ -n "${total[$b]:-}" ] || total[$b]="$(count "$b")"
  t="$(count "$v")"
  total[$v]="$t"
  active=""
  case "$v" in
    cxx-accept) active=active-taps ;;
    arp-accept) active=active-taps-csma ;;
  esac
  n=""
  case "$v" in
    cxx-accept | c-accept | rewrite-tos | v6-accept | arp-accept) n="$(calls "$v")" ;;
  esac
  ref=0
  if [ -n "$active" ]; then
    [ -n "${total[$active]:-}" ] || total[$active]="$(count "$active")"
    ref="${total[$active]}"
  fi
  # The variant's process ran its baseline too: 2 x base is what it adds to.
  awk -v v="$v" -v b="$b" -v t="$t" -v base="${total[$b]}" -v ref="$ref" -v n="$n" \
    'BEGIN { printf "| %s | %s | %.1f | %.4f | %s | %s |\n", v, b, (t - base) / 1e6, (t - base) / base,
             (n > 0 ? sprintf("%.0f", (t - 2 * base) / n) : ""),
             (n > 0 && ref > 0 ? sprintf("%.0f", (t - ref) / n) : "") }'
done
