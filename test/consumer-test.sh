#!/usr/bin/env bash
# Builds and runs a tiny consumer project with find_package(pfhooks) twice:
# against this build tree as it is (its exported targets), and against the
# build installed into a scratch prefix.
set -euo pipefail
build="$1"
src="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

consume() { # consume <label> <cmake args...>
  local label="$1"
  shift
  cmake -S "$src/consumer" -B "$work/build-$label" "$@" >/dev/null
  cmake --build "$work/build-$label" >/dev/null
  echo "== $label"
  "$work/build-$label/consumer"
}

consume build-tree -Dpfhooks_DIR="$build"
cmake --install "$build" --prefix "$work/prefix" >/dev/null
LD_LIBRARY_PATH="$work/prefix/lib:$work/prefix/lib/x86_64-linux-gnu:${LD_LIBRARY_PATH:-}" \
  consume install -DCMAKE_PREFIX_PATH="$work/prefix"

# The Python package, imported from the install tree (when it was built).
pydir="$work/prefix/lib/python3/dist-packages"
if [ -d "$pydir/pfhooks" ]; then
  PYTHONPATH="$pydir" /usr/bin/python3 -c 'import os, pfhooks
assert pfhooks.__file__.startswith(os.environ["PYTHONPATH"]), pfhooks.__file__
print("consumer: python pfhooks", pfhooks.__version__, "from the install")'
fi
