// KQL front-end throughput over every KQL query of the shared corpus:
// lexer only, parser, and parser + lowering. One benchmark iteration handles
// every query once; counters give queries/s and bytes/s (MB/s).
//
// Queries come from the readers (tools/kqlcorpus) over sentinel,
// sentinel-modern and defender below RULEDEX_SHARED_DIR/corpus, or, when the
// environment variable RULEDEX_BENCH_QUERIES names a JSON-lines file written
// by `kqlcorpus`, from that file (bench/run.sh passes the same file to the
// official parser, so both parse the same queries).

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "kql/lexer.h"
#include "kql/lowering.h"
#include "kql/parser.h"
#include "bench_support.h"
#include "kql_corpus.h"
#include "model/rule.h"

namespace ruledex {
namespace {

struct Corpus {
  std::vector<CorpusQuery> queries;
  int64_t bytes = 0;
  std::string error;  // why there are no queries
};

Corpus load_corpus() {
  Corpus corpus;
  try {
    if (const char* file = std::getenv("RULEDEX_BENCH_QUERIES")) {
      corpus.queries = read_jsonl(file);
    } else {
      std::filesystem::path root = std::filesystem::path(RULEDEX_SHARED_DIR) / "corpus";
      if (!std::filesystem::is_directory(root)) {
        corpus.error = "shared corpus not found at " + root.string() + " (set RULEDEX_SHARED_DIR or RULEDEX_BENCH_QUERIES)";
        return corpus;
      }
      corpus.queries = load_kql_queries({root / "sentinel", root / "sentinel-modern", root / "defender"});
    }
  } catch (const std::exception& e) {
    corpus.error = e.what();
    return corpus;
  }
  for (const auto& query : corpus.queries) corpus.bytes += static_cast<int64_t>(query.text.size());
  if (corpus.queries.empty() && corpus.error.empty()) corpus.error = "no KQL queries found";
  return corpus;
}

const Corpus& corpus() {
  static const Corpus loaded = load_corpus();
  return loaded;
}

bool ready(benchmark::State& state) { return bench::corpus_ready(state, corpus().error); }

void report(benchmark::State& state) {
  bench::report_throughput(state, corpus().queries.size(), corpus().bytes, "queries");
}

void BM_Lex(benchmark::State& state) {
  if (!ready(state)) return;
  int64_t tokens = 0;
  for (auto _ : state) {
    tokens = 0;
    for (const auto& query : corpus().queries) {
      kql::Lexer lexer(query.text);
      while (lexer.next().kind != kql::TokenKind::End) ++tokens;
    }
    benchmark::DoNotOptimize(tokens);
  }
  report(state);
  state.counters["tokens"] = static_cast<double>(tokens);
}
BENCHMARK(BM_Lex)->Unit(benchmark::kMillisecond);

void BM_Parse(benchmark::State& state) {
  if (!ready(state)) return;
  int64_t failed = 0;
  for (auto _ : state) {
    failed = 0;
    for (const auto& query : corpus().queries) {
      kql::Ast ast = kql::parse(query.text);
      failed += ast.errors.empty() ? 0 : 1;
      benchmark::DoNotOptimize(ast.statements.data());
    }
  }
  report(state);
  state.counters["with_errors"] = static_cast<double>(failed);
}
BENCHMARK(BM_Parse)->Unit(benchmark::kMillisecond);

void BM_ParseAndLower(benchmark::State& state) {
  if (!ready(state)) return;
  std::vector<Rule> rules(corpus().queries.size());
  for (size_t i = 0; i < rules.size(); ++i) {
    rules[i].language = "kql";
    rules[i].query = corpus().queries[i].text;
  }
  for (auto _ : state) {
    for (Rule& rule : rules) {
      bench::clear_lowering(rule);
      rule.data_sources.clear();
      kql::Ast ast = kql::parse(rule.query);
      kql::lower(ast, rule);
      benchmark::DoNotOptimize(rule.stages.data());
    }
  }
  report(state);
}
BENCHMARK(BM_ParseAndLower)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ruledex

BENCHMARK_MAIN();
