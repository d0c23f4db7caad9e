#!/usr/bin/env bash
# Sets up, builds and runs the first pfhooks scenario.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" --target pfhooks-first
./build/examples/pfhooks-first "$@"
