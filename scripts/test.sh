#!/usr/bin/env bash
# Sets up, builds and runs every test: once as built, once with
# AddressSanitizer and UndefinedBehaviorSanitizer (our code instrumented,
# Debian's ns-3 as it is).  The plain pass runs the Python tests too
# (pytest, test/python); the sanitizer pass has no Python package.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
jobs="$(nproc)"

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"

cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DPFHOOKS_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$jobs"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j"$jobs"
