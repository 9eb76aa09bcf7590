#!/usr/bin/env bash
# The whole shared corpus builds under a 1 GiB address-space limit (prlimit --as):
# bounded memory on real input, with the ATT&CK bundle and the site.
# Usage: corpus_memory_test.sh RULEDEX SHARED_DIR. Exit 77 (skipped) without the corpus.
set -euo pipefail
ruledex=$1 shared=$2
if [ ! -d "$shared/corpus" ]; then
  echo "skipped: no shared corpus at $shared/corpus"
  exit 77
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
status=0
prlimit --as=$((1024 * 1024 * 1024)) -- "$ruledex" build "$shared/corpus" -o "$out/catalog" --jobs 2 \
  --attack "$shared/attack/enterprise-attack.json" >"$out/log" 2>&1 || status=$?
tail -n 1 "$out/log"
if [ "$status" -ne 0 ]; then
  echo "FAILED: ruledex build exited $status under prlimit --as=1G"
  tail -n 20 "$out/log"
  exit 1
fi
# the summary line: "built OUT: N rules from M files ..."
rules=$(sed -n 's/^built .*: \([0-9]*\) rules from .*/\1/p' "$out/log")
rules=${rules:-0}
[ "$rules" -gt 9000 ] || { echo "FAILED: only $rules rules in the catalog"; exit 1; }
echo "ok: $rules rules under a 1 GiB limit"
