#!/usr/bin/env bash
# The static site's browser tests (CTest: site_browser_test). Installs
# playwright-core from package-lock.json on first use, then runs the tests in
# Debian's headless Chromium. Exit 77 (skipped) only when Chromium is missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
chromium="${RULEDEX_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  echo "SKIP: $chromium is not installed (bash scripts/install-deps.sh installs Debian's chromium)"
  exit 77
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "FAIL: node and npm are needed (bash scripts/install-deps.sh installs them)" >&2
  exit 1
fi
if [ ! -f "$here/node_modules/playwright-core/package.json" ] ||
   [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi
exec node "$here/site_browser_test.mjs" "$@"
