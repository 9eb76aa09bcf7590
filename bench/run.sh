#!/usr/bin/env bash
# bench/run.sh BUILD_DIR: KQL parse throughput, ours against the official parser
# on the same queries; the parse throughput of every other language; then the
# whole corpus through `ruledex stats`.
#
#  1. BUILD_DIR/kqlcorpus dumps every KQL query the readers find in the corpus
#     (sentinel, sentinel-modern, defender) as JSON lines (or RULEDEX_BENCH_QUERIES
#     names such a file);
#  2. the Google Benchmark binary parses them (lexer only, parse, parse+lower);
#     the Sigma, Elastic (kuery, EQL, ES|QL, Lucene, SQL), SPL and YARA-L
#     benchmarks read their queries from the corpus themselves (events_read_bench
#     reads the shared event recordings as JSON Lines and EVTX); site_bench
#     writes the pages of one made-up rule with 1k, 10k and 100k values;
#  3. tools/kusto-oracle parses the same file with Kusto.Language under Node
#     (parse-only, ORACLE_ROUNDS rounds after a warm-up; default 3);
#  4. `ruledex stats` over the whole corpus under /usr/bin/time -v;
#  5. the evaluator: make_eval_events writes 1,000,000 varied events (JSON
#     Lines) and the recordings' EVTX files repeated to BUILD_DIR/bench-out
#     (eval_events.h), eval_bench measures rule sets over them, and
#     `ruledex hunt` over the Sigma corpus runs on each under /usr/bin/time -v.
# Results go to BUILD_DIR/bench-out/ and a summary to stdout.
set -euo pipefail

build=${1:?usage: bench/run.sh BUILD_DIR}
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$build" && pwd)
corpus=${RULEDEX_SHARED_DIR:-$root/../shared}/corpus
out=$build/bench-out
mkdir -p "$out"

main() {
  local queries oracle
  RULEDEX_BENCH=1 bash "$root/scripts/install-deps.sh"

  if [ ! -d "$corpus" ]; then
    echo "bench: the shared corpus is not at $corpus (set RULEDEX_SHARED_DIR); nothing to measure" >&2
    exit 1
  fi

  # RULEDEX_BENCH_QUERIES=FILE.jsonl measures that query set instead.
  queries=${RULEDEX_BENCH_QUERIES:-$out/queries.jsonl}
  if [ -z "${RULEDEX_BENCH_QUERIES:-}" ]; then
    "$build/kqlcorpus" "$corpus/sentinel" "$corpus/sentinel-modern" "$corpus/defender" >"$queries"
  fi
  echo "== $(wc -l <"$queries") KQL queries ($queries)"

  echo "== ruledex (Google Benchmark)"
  RULEDEX_BENCH_QUERIES=$queries "$build/bench/kql_parse_bench" \
    --benchmark_out="$out/kql_parse_bench.json" --benchmark_out_format=json

  # The other languages: their queries straight from the corpus, per language; then site pages,
  # the value matchers of the evaluator and the event readers.
  for bench in sigma_parse_bench elastic_parse_bench spl_parse_bench yaral_parse_bench site_bench match_bench events_read_bench; do
    echo "== $bench (Google Benchmark)"
    "$build/bench/$bench" --benchmark_out="$out/$bench.json" --benchmark_out_format=json
  done

  echo "== official parser (Kusto.Language under Node, parse-only)"
  oracle=$root/tools/kusto-oracle
  if [ ! -d "$oracle/node_modules/@kusto/language-service-next" ]; then
    (cd "$oracle" && npm ci --no-audit --no-fund --loglevel=error)
  fi
  node "$oracle/oracle.js" --time "${ORACLE_ROUNDS:-3}" --json "$queries" >"$out/official.json"
  cat "$out/official.json"

  echo "== ruledex stats over the whole corpus"
  /usr/bin/time -v "$build/ruledex" stats "$corpus" >"$out/stats.txt" 2>"$out/stats.time" || true
  tail -n 5 "$out/stats.txt"

  evaluator

  node "$root/bench/summary.js" "$out" | tee "$out/summary.txt"
}

# The evaluator over made-up events (RULEDEX_EVAL_EVENTS, default 1,000,000).
evaluator() {
  local events=$out/eval_events.jsonl evtx=$out/eval_events.evtx
  echo "== evaluator events: ${RULEDEX_EVAL_EVENTS:-1000000} JSON Lines and the EVTX recordings x ${RULEDEX_EVTX_COPIES:-20}"
  "$build/bench/make_eval_events" "$events" ${RULEDEX_EVAL_EVENTS:-}
  "$build/bench/make_eval_events" --evtx "$evtx" "${RULEDEX_EVTX_COPIES:-20}"
  echo "== eval_bench (Google Benchmark)"
  RULEDEX_BENCH_EVENTS=$events "$build/bench/eval_bench" --benchmark_out="$out/eval_bench.json" --benchmark_out_format=json
  # Not quiet: with -o the summary (events, events/s without rule loading) goes to stdout.
  local input
  for input in jsonl evtx; do
    echo "== ruledex hunt over the Sigma corpus, events $out/eval_events.$input"
    /usr/bin/time -v "$build/ruledex" hunt "$corpus/sigma" --events "$out/eval_events.$input" -o /dev/null \
      >"$out/hunt_$input.txt" 2>"$out/hunt_$input.time" || true
    head -n 1 "$out/hunt_$input.txt"
  done
}

# One line, read whole before it runs: editing this file during a run is safe.
main; exit $?
