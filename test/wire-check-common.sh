# Sourced by the tshark wire checks: skip (exit 77) without tshark, else
# continue in a scratch directory that is removed on exit.
wire_check_setup() {
  if ! command -v tshark >/dev/null; then
    echo "tshark not installed: skipped"
    exit 77
  fi
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  cd "$work"
}
