#!/usr/bin/env bash
# PfhooksHelper::Install's figures (issue 17): wall time on INSTANCES fresh
# nodes (minimum and median of RUNS, with the load average), heap per idle
# instance (mallinfo2), and instructions per instance under callgrind on
# CG_INSTANCES nodes, Install alone instrumented (--instr-atstart=no: the
# bench starts the instrumentation around Install; ns-3's nodes and stacks
# are made uninstrumented).  Instruction counts are the load-independent
# figure; the wall time depends on the machine's load.  See bench/README.md.
#   bench/install.sh [BUILD_DIR] [INSTANCES=100000] [RUNS=5] [CG_INSTANCES=20000]
set -euo pipefail
build="${1:-build}"
instances="${2:-100000}"
runs="${3:-5}"
cg_instances="${4:-20000}"
bench="$build/pfhooks-bench"
[ -x "$bench" ] || { echo "error: $bench not built" >&2; exit 2; }
"$bench" --install-only --instances="$instances" --runs="$runs" | grep -v '^{'
[ "$cg_instances" -gt 0 ] || exit 0
command -v valgrind >/dev/null || { echo "error: valgrind not installed" >&2; exit 2; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$out/cg" \
  "$bench" --install-only --instances="$cg_instances" --runs=1 >/dev/null 2>"$out/log" ||
  { cat "$out/log" >&2; exit 1; }
awk -v n="$cg_instances" '/^totals:/ {
  printf "%-22s %10.1f k instructions per instance (callgrind, %d instances, %.1f M in all)\n",
         "install-instructions", $2 / n / 1e3, n, $2 / 1e6 }' "$out/cg"
