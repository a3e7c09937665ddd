#!/usr/bin/env bash
# Installs the Debian packages sessionstore needs to build, test and benchmark.
# Idempotent and quick when everything is present: apt-get runs only when a
# package is missing.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config python3
  libsimdjson-dev libfmt-dev libcli11-dev libsqlite3-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-dev  # libFuzzer for the fuzz targets
  libpq-dev postgresql   # the PostgreSQL store, and a server for its tests
  libre2-dev             # the redaction detectors (RE2 patterns)
  bash-completion zsh fish groff-base  # the shell completions and the man page, checked by the tests
  python3-pytest  # the Python package's tests
  golang-go       # the Go package (cgo over the C API) and its tests
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing: ${missing[*]}" >&2
sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
