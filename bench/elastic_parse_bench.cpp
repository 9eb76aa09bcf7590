// Elastic front-end throughput over the kuery, EQL, ES|QL, Lucene and osquery
// SQL queries of the shared Elastic corpus (RULEDEX_SHARED_DIR/corpus/elastic), read once with the TOML
// reader: parse only, and parse + lowering, per language. One benchmark
// iteration handles every query of the language once; counters give
// queries/s and bytes/s.

#include <benchmark/benchmark.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "bench_support.h"
#include "eql/lowering.h"
#include "eql/parser.h"
#include "esql/lowering.h"
#include "esql/parser.h"
#include "kuery/lowering.h"
#include "kuery/parser.h"
#include "lucene/lowering.h"
#include "lucene/parser.h"
#include "readers/rule_reader.h"
#include "sql/lowering.h"
#include "sql/parser.h"

namespace ruledex {
namespace {

struct Corpus {
  std::map<std::string, std::vector<Rule>> by_language;  // kuery, eql, esql, lucene, sql
  std::string error;
};

Corpus load_corpus() {
  Corpus corpus;
  const std::filesystem::path root = std::filesystem::path(RULEDEX_SHARED_DIR) / "corpus" / "elastic";
  std::error_code error;
  if (!std::filesystem::is_directory(root, error)) {
    corpus.error = "Elastic corpus not found at " + root.string() + " (set RULEDEX_SHARED_DIR)";
    return corpus;
  }
  for (auto& [path, text] : bench::read_files(root, ".toml"))
    for (Rule& rule : read_rule_file(path, text).rules)
      if (!rule.query.empty()) corpus.by_language[rule.language].push_back(std::move(rule));
  if (corpus.by_language.empty()) corpus.error = "no Elastic queries below " + root.string();
  return corpus;
}

const std::vector<Rule>* queries(benchmark::State& state, const std::string& language) {
  static const Corpus loaded = load_corpus();
  auto found = loaded.by_language.find(language);
  if (found == loaded.by_language.end()) {
    state.SkipWithError(loaded.error.empty() ? "no queries of this language" : loaded.error.c_str());
    return nullptr;
  }
  return &found->second;
}

void report(benchmark::State& state, const std::vector<Rule>& rules) {
  int64_t bytes = 0;
  for (const Rule& rule : rules) bytes += static_cast<int64_t>(rule.query.size());
  state.SetBytesProcessed(state.iterations() * bytes);
  state.counters["queries"] = static_cast<double>(rules.size());
  state.counters["queries/s"] =
      benchmark::Counter(static_cast<double>(rules.size()), benchmark::Counter::kIsIterationInvariantRate);
}

// One benchmark body for every language: Parse and Lower are a language's parse and lower.
template <typename Parse, typename Lower>
void run(benchmark::State& state, const std::string& language, Parse parse, Lower lower, bool lowering) {
  const std::vector<Rule>* rules = queries(state, language);
  if (!rules) return;
  std::vector<Rule> work = *rules;
  int64_t failed = 0;
  for (auto _ : state) {
    failed = 0;
    for (Rule& rule : work) {
      auto ast = parse(rule.query);
      failed += ast.errors.empty() ? 0 : 1;
      if (!lowering) continue;
      bench::clear_lowering(rule);
      lower(ast, rule);
      benchmark::DoNotOptimize(rule.predicates.data());
    }
  }
  report(state, *rules);
  state.counters["with_errors"] = static_cast<double>(failed);
}

void BM_KueryParse(benchmark::State& state) { run(state, "kuery", kuery::parse, kuery::lower, false); }
void BM_KueryParseAndLower(benchmark::State& state) { run(state, "kuery", kuery::parse, kuery::lower, true); }
void BM_EqlParse(benchmark::State& state) { run(state, "eql", eql::parse, eql::lower, false); }
void BM_EqlParseAndLower(benchmark::State& state) { run(state, "eql", eql::parse, eql::lower, true); }
void BM_EsqlParse(benchmark::State& state) { run(state, "esql", esql::parse, esql::lower, false); }
void BM_EsqlParseAndLower(benchmark::State& state) { run(state, "esql", esql::parse, esql::lower, true); }
void BM_LuceneParse(benchmark::State& state) { run(state, "lucene", lucene::parse, lucene::lower, false); }
void BM_LuceneParseAndLower(benchmark::State& state) { run(state, "lucene", lucene::parse, lucene::lower, true); }
void BM_SqlParse(benchmark::State& state) { run(state, "sql", sql::parse, sql::lower, false); }
void BM_SqlParseAndLower(benchmark::State& state) { run(state, "sql", sql::parse, sql::lower, true); }
BENCHMARK(BM_KueryParse)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_KueryParseAndLower)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EqlParse)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EqlParseAndLower)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EsqlParse)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EsqlParseAndLower)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LuceneParse)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_LuceneParseAndLower)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_SqlParse)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_SqlParseAndLower)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace ruledex

BENCHMARK_MAIN();
