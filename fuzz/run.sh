#!/usr/bin/env bash
# fuzz/run.sh BUILD_DIR SECONDS [TARGET...]: runs each libFuzzer target (or the
# ones named) for SECONDS.
#
# Seeds: the hand-written ones in fuzz/seeds, plus, when the shared corpus is
# there, seeds made at run time in BUILD_DIR/fuzz-seeds (never committed):
# every corpus KQL query for the parser, a sample of rule files of every
# platform for the reader,
# every ES|QL query for the ES|QL parser, every Splunk detection's search.
# The catalog.db seeds of catalog_search_fuzz are built from examples/ every
# run (they need no corpus).
# The growing corpus of each target stays in BUILD_DIR/fuzz-work/TARGET between
# runs; crash, leak and timeout inputs go to FUZZ_ARTIFACTS (default
# BUILD_DIR/fuzz-artifacts). Exits non-zero when a target found a problem.
set -euo pipefail

build=${1:?usage: fuzz/run.sh BUILD_DIR SECONDS [TARGET...]}
seconds=${2:?usage: fuzz/run.sh BUILD_DIR SECONDS [TARGET...]}
shift 2
only=("$@")
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$build" && pwd)
corpus=${RULEDEX_SHARED_DIR:-$root/../shared}/corpus
recordings=${RULEDEX_SHARED_DIR:-$root/../shared}/events/sigma-regression
artifacts=${FUZZ_ARTIFACTS:-$build/fuzz-artifacts}
seeds=$build/fuzz-seeds
mkdir -p "$artifacts"

# Every ES|QL query of the Elastic rules and hunting files (TOML '''
# blocks), one file each; the SQL queries of ["ES|QL", "SQL"] hunting files left out.
esql_seeds() {
  local out=$1 corpus=$2
  local files
  mapfile -t files < <(grep -rlE --include='*.toml' '^language = ("esql"|\[.*ES\|QL)' "$corpus" | sort)
  awk -v out="$out" -v q="'''" '
    function flush(  file) {
      if (text ~ /^[ \t\n]*([Ss][Ee][Ll][Ee][Cc][Tt]|sql)/) return
      file = out "/query-" (++n) ".txt"; printf "%s", text > file; close(file)
    }
    FNR == 1 { inblock = 0; inlist = 0 }
    inblock {
      at = index($0, q)
      if (at) { text = text substr($0, 1, at - 1); inblock = 0; flush() } else text = text $0 "\n"
      next
    }
    index($0, "query = " q) == 1 { inblock = 1; text = substr($0, 12); if (text != "") text = text "\n"; next }
    /^query = \[/ { inlist = 1; next }
    inlist && /^\]/ { inlist = 0; next }
    inlist {
      line = $0; sub(/^[ \t]*/, "", line)
      if (index(line, q) != 1) next
      line = substr(line, 4); at = index(line, q)
      if (at) { text = substr(line, 1, at - 1); flush() } else { inblock = 1; text = (line == "" ? "" : line "\n") }
    }' "${files[@]}"
}

# catalog_search_fuzz seeds: the catalog of examples/, each with a query in front.
catalog_seeds() {
  local out=$1 catalog=$seeds/catalog-build
  mkdir -p "$out"
  if ASAN_OPTIONS=detect_leaks=0 "$build/ruledex" build "$root/examples" -o "$catalog" >/dev/null 2>&1 &&
    ASAN_OPTIONS=detect_leaks=0 "$build/fuzz/catalog_seed" "$catalog/catalog.db" "$out" \
      "GetCallerIdentity" "name:aws OR lsass*" '"assumed role" NOT powershell' ""; then
    rm -rf "$catalog"
  else
    echo "fuzz: no catalog seeds (ruledex build of examples/ failed)"
  fi
}

# Event reader seeds from the shared recordings: every 4th EVTX file's first
# chunk behind a mode byte of 0 (checksums checked; see evtx_reader_fuzz.cpp),
# and every 4th JSON rendering.
event_seeds() {
  mkdir -p "$seeds/evtx" "$seeds/json-events"
  [ -d "$recordings" ] || return 0
  local i=0 file
  while IFS= read -r -d '' file; do
    i=$((i + 1))
    [ $((i % 4)) -eq 1 ] || continue
    { printf '\0'; tail -c +4097 "$file" | head -c 65536; } >"$seeds/evtx/chunk-$i.bin"
    cp "${file%.evtx}.json" "$seeds/json-events/recording-$i.json" 2>/dev/null || true
  done < <(find "$recordings" -type f -name '*.evtx' -print0 | sort -z)
}

# evaluator_fuzz: every 4th JSON recording behind a rule-choosing byte (even:
# a rule of the fixed set), and, from the shared corpus, every 16th small
# Windows Sigma rule joins the fixed set (EVALUATOR_FUZZ_RULES).
evaluator_seeds() {
  mkdir -p "$seeds/evaluator" "$seeds/evaluator-rules"
  local i=0 file
  for file in "$seeds"/json-events/*.json; do
    [ -f "$file" ] || continue
    i=$((i + 1))
    { printf "\\$(printf '%03o' $(((i * 2) % 256)))"; cat "$file"; } >"$seeds/evaluator/recording-$i.bin"
  done
  [ -d "$corpus/sigma" ] || return 0
  i=0
  while IFS= read -r -d '' file; do
    i=$((i + 1))
    if [ $((i % 16)) -eq 1 ]; then cp "$file" "$seeds/evaluator-rules/rule-$i.yml"; fi
  done < <(find "$corpus/sigma" -type f -path '*windows*' -name '*.yml' -size -4k -print0 | sort -z)
}

# Run-time seeds from the shared corpus, inputs no larger than the target's max_len.
make_seeds() {
  rm -rf "$seeds"
  mkdir -p "$seeds/kql" "$seeds/rule" "$seeds/sigma" "$seeds/sigma-condition" "$seeds/yaral" "$seeds/esql" "$seeds/spl"
  catalog_seeds "$seeds/catalog"
  event_seeds
  evaluator_seeds
  if [ ! -d "$corpus" ]; then
    echo "fuzz: no shared corpus at $corpus; hand-written seeds only"
    return
  fi
  ASAN_OPTIONS=detect_leaks=0 "$build/kqlcorpus" --split "$seeds/kql" \
    "$corpus/sentinel" "$corpus/sentinel-modern" "$corpus/defender" ||
    echo "fuzz: kqlcorpus failed; no KQL seeds from the corpus"
  find "$seeds/kql" -type f -size +4096c -delete
  local i=0 file
  while IFS= read -r -d '' file; do
    i=$((i + 1))
    # every 4th small rule file: enough variety, a quick start
    if [ $((i % 4)) -eq 1 ]; then cp "$file" "$seeds/rule/file-$i.${file##*.}"; fi
  done < <(find "$corpus/sentinel" "$corpus/sentinel-modern" "$corpus/defender" "$corpus/elastic" \
             "$corpus/splunk" -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.md' -o -name '*.toml' \) \
             -size -8k -print0 2>/dev/null | sort -z)
  # Sigma: every 8th small rule file, and each distinct condition line.
  i=0
  while IFS= read -r -d '' file; do
    i=$((i + 1))
    if [ $((i % 8)) -eq 1 ]; then cp "$file" "$seeds/sigma/file-$i.yml"; fi
  done < <(find "$corpus/sigma" -type f -name '*.yml' -size -8k -print0 | sort -z)
  i=0
  while IFS= read -r line; do
    i=$((i + 1))
    printf '%s' "$line" >"$seeds/sigma-condition/condition-$i.txt"
  done < <(grep -rh '^ *condition: ' "$corpus/sigma" | sed 's/^ *condition: *//' | sort -u)
  # Chronicle: every small YARA-L rule (numbered: rules of different folders share names).
  i=0
  while IFS= read -r -d '' file; do
    i=$((i + 1))
    cp "$file" "$seeds/yaral/rule-$i.yaral"
  done < <(find "$corpus/chronicle" -type f -name '*.yaral' -size -8k -print0 | sort -z)
  if [ -d "$corpus/elastic" ]; then
    esql_seeds "$seeds/esql" "$corpus/elastic"
    find "$seeds/esql" -type f -size +4096c -delete
  fi
  # Splunk: the `search:` of every detection, its YAML lines joined (close
  # enough to the scalar's value for a seed).
  i=0
  while IFS= read -r -d '' file; do
    i=$((i + 1))
    awk '/^[a-z_]+:/ && p { exit } p { sub(/^ +/, ""); s = s " " $0 } /^search: / { p = 1; s = substr($0, 9) }
         END { gsub(/^[\x27"]|[\x27"]$/, "", s); gsub(/\x27\x27/, "\x27", s); printf "%s", s }' "$file" \
      >"$seeds/spl/search-$i.txt"
  done < <(find "$corpus/splunk/detections" -type f -name '*.yml' -print0 2>/dev/null | sort -z)
  find "$seeds/spl" -type f \( -size +4096c -o -empty \) -delete
}

# run_target NAME MAX_LEN DICT SEED_DIR...: runs one target now, or with
# FUZZ_JOBS=N > 1 in the background, at most N at a time (the report of each
# is printed when it ends; main waits for all).
run_target() {
  local name=$1
  if [ ${#only[@]} -gt 0 ] && [[ " ${only[*]} " != *" $name "* ]]; then return; fi
  if [ "${FUZZ_JOBS:-1}" -le 1 ]; then
    fuzz_one "$@" || failed=1
    return
  fi
  while [ "$(jobs -rp | wc -l)" -ge "$FUZZ_JOBS" ]; do wait -n || failed=1; done
  fuzz_one "$@" &
}

fuzz_one() {
  local name=$1 max_len=$2 dict=$3
  shift 3
  local work=$build/fuzz-work/$name log=$build/fuzz-$name.log status=0
  mkdir -p "$work"
  echo "== $name for ${seconds}s (log: $log)"
  UBSAN_OPTIONS=print_stacktrace=1 "$build/fuzz/$name" \
    -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
    -dict="$dict" -artifact_prefix="$artifacts/$name-" -print_final_stats=1 \
    "$work" "$@" >"$log" 2>&1 || status=$?
  local runs
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  if [ "$status" -eq 0 ]; then
    echo "   $name ok: ${runs:-?} executions, no crash, hang or leak; corpus $(find "$work" -type f | wc -l) inputs"
  else
    echo "   $name FAILED (exit $status) after ${runs:-?} executions:"
    grep -E 'ERROR: |SUMMARY: |runtime error|Test unit written to|ALARM|resource bound' "$log" | head -n 10 |
      sed 's/^/   /'
    return 1
  fi
}

main() {
  make_seeds
  failed=0
  run_target kql_parser_fuzz 4096 "$root/fuzz/kql.dict" "$seeds/kql" "$root/fuzz/seeds/kql"
  run_target rule_reader_fuzz 8192 "$root/fuzz/rule_file.dict" "$seeds/rule" "$root/fuzz/seeds/rule"
  run_target sigma_condition_fuzz 4096 "$root/fuzz/sigma.dict" "$seeds/sigma-condition" "$root/fuzz/seeds/sigma-condition"
  run_target sigma_reader_fuzz 8192 "$root/fuzz/sigma.dict" "$seeds/sigma" "$root/fuzz/seeds/sigma"
  run_target yaral_parser_fuzz 8192 "$root/fuzz/yaral.dict" "$seeds/yaral" "$root/fuzz/seeds/yaral"
  run_target kuery_parser_fuzz 4096 "$root/fuzz/kuery.dict" "$root/fuzz/seeds/kuery"
  run_target eql_parser_fuzz 4096 "$root/fuzz/eql.dict" "$root/fuzz/seeds/eql"
  run_target esql_parser_fuzz 4096 "$root/fuzz/esql.dict" "$seeds/esql" "$root/fuzz/seeds/esql"
  run_target lucene_parser_fuzz 4096 "$root/fuzz/lucene.dict" "$root/fuzz/seeds/lucene"
  run_target sql_parser_fuzz 4096 "$root/fuzz/sql.dict" "$root/fuzz/seeds/sql"
  run_target spl_parser_fuzz 4096 "$root/fuzz/spl.dict" "$seeds/spl" "$root/fuzz/seeds/spl"
  run_target catalog_search_fuzz 131072 "$root/fuzz/catalog.dict" "$seeds/catalog"
  run_target bicep_parser_fuzz 8192 "$root/fuzz/bicep.dict" "$root/fuzz/seeds/bicep"
  run_target analysis_cache_fuzz 65536 "$root/fuzz/cache.dict" "$root/fuzz/seeds/cache"
  run_target splunk_conf_fuzz 8192 "$root/fuzz/splunk_conf.dict" "$root/fuzz/seeds/splunk-conf"
  run_target match_fuzz 4096 "$root/fuzz/match.dict" "$root/fuzz/seeds/match"
  run_target json_events_fuzz 16384 "$root/fuzz/json_events.dict" "$seeds/json-events" "$root/fuzz/seeds/json-events"
  run_target evtx_reader_fuzz 65537 "$root/fuzz/evtx.dict" "$seeds/evtx" "$root/fuzz/seeds/evtx"
  EVALUATOR_FUZZ_RULES=$root/fuzz/seeds/evaluator-rules:$seeds/evaluator-rules \
    run_target evaluator_fuzz 16384 "$root/fuzz/evaluator.dict" "$seeds/evaluator" "$root/fuzz/seeds/evaluator"
  while [ "$(jobs -rp | wc -l)" -gt 0 ]; do wait -n || failed=1; done
  return $failed
}

# One line, read whole before it runs: editing this file during a long run is safe.
main; exit $?
