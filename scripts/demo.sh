#!/usr/bin/env bash
# Sets up, builds and runs the main demo: the guide's ping amplifier
# (examples/solaris/pamp_drv.c) built as a Solaris module, loaded into a
# running simulation and unloaded again.  Arguments go to the example
# (e.g. --router, --count=20, --pcap).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" --target pfhooks-ping-amplifier
./build/examples/pfhooks-ping-amplifier "$@"
