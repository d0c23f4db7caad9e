#!/usr/bin/env bash
# Installs what pfhooks needs from Debian (bookworm) packages.  Idempotent;
# run as root.  Set PFHOOKS_SKIP_APT=1 to skip (e.g. without network).
set -euo pipefail
if [ "${PFHOOKS_SKIP_APT:-0}" = 1 ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  cmake make g++ pkg-config \
  libns3-dev ns3 libgsl-dev \
  libgtest-dev libboost-context-dev nlohmann-json3-dev \
  tshark python3 \
  pybind11-dev python3-dev python3-pytest >/dev/null
