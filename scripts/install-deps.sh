#!/usr/bin/env bash
# Installs the Debian packages ruledex needs to build and test, when any is missing.
# Used by the Makefile (and so by the README quick start and .ci/run).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libyaml-cpp-dev libtomlplusplus-dev nlohmann-json3-dev libsqlite3-dev
  libcli11-dev libfmt-dev libxxhash-dev libgtest-dev libgmock-dev libbenchmark-dev
  libre2-dev libpcre2-dev libhyperscan-dev
  libevtx-dev libbfio-dev libsimdjson-dev libpugixml-dev zlib1g-dev
)
# The static site's browser tests (site/tests): Debian's Chromium, driven by
# playwright-core from npm, so Node with npm too.
packages+=(chromium)
command -v npm >/dev/null || packages+=(nodejs npm)
if [ "${RULEDEX_FUZZ:-0}" = 1 ]; then
  packages+=(clang libclang-rt-14-dev)
fi
if [ "${RULEDEX_BENCH:-0}" = 1 ]; then
  # /usr/bin/time -v for peak memory (Node, for the official parser in tools/kusto-oracle, is above).
  packages+=(time)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing: ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
