// YARA-L front-end throughput over every .yaral rule of the shared Chronicle
// corpus (RULEDEX_SHARED_DIR/corpus/chronicle): lexer only, parser, and
// parser + lowering. One benchmark iteration handles every rule once;
// counters give rules/s and bytes/s (MB/s).

#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>
#include <vector>

#include "bench_support.h"
#include "model/rule.h"
#include "yaral/lexer.h"
#include "yaral/lowering.h"
#include "yaral/parser.h"

namespace ruledex {
namespace {

struct Corpus {
  std::vector<std::string> rules;
  int64_t bytes = 0;
  std::string error;  // why there are no rules
};

Corpus load_corpus() {
  namespace fs = std::filesystem;
  Corpus corpus;
  fs::path root = fs::path(RULEDEX_SHARED_DIR) / "corpus" / "chronicle";
  std::error_code error;
  if (!fs::is_directory(root, error)) {
    corpus.error = "Chronicle corpus not found at " + root.string() + " (set RULEDEX_SHARED_DIR)";
    return corpus;
  }
  for (auto& [path, text] : bench::read_files(root, ".yaral")) {
    corpus.bytes += static_cast<int64_t>(text.size());
    corpus.rules.push_back(std::move(text));
  }
  if (corpus.rules.empty()) corpus.error = "no .yaral rules below " + root.string();
  return corpus;
}

const Corpus& corpus() {
  static const Corpus loaded = load_corpus();
  return loaded;
}

bool ready(benchmark::State& state) { return bench::corpus_ready(state, corpus().error); }

void report(benchmark::State& state) { bench::report_throughput(state, corpus().rules.size(), corpus().bytes, "rules"); }

void BM_YaralLex(benchmark::State& state) {
  if (!ready(state)) return;
  size_t tokens = 0;
  for (auto _ : state) {
    tokens = 0;
    for (const std::string& text : corpus().rules) tokens += yaral::tokenize(text).size();
    benchmark::DoNotOptimize(tokens);
  }
  report(state);
  state.counters["tokens"] = static_cast<double>(tokens);
}
BENCHMARK(BM_YaralLex)->Unit(benchmark::kMillisecond);

void BM_YaralParse(benchmark::State& state) {
  if (!ready(state)) return;
  int64_t failed = 0;
  for (auto _ : state) {
    failed = 0;
    for (const std::string& text : corpus().rules) {
      yaral::RuleAst ast = yaral::parse(std::string_view(text));
      failed += ast.errors.empty() ? 0 : 1;
      benchmark::DoNotOptimize(ast.exprs.data());
    }
  }
  report(state);
  state.counters["with_errors"] = static_cast<double>(failed);
}
BENCHMARK(BM_YaralParse)->Unit(benchmark::kMillisecond);

// Without reference list look-ups: those read files once and are then cached.
void BM_YaralParseAndLower(benchmark::State& state) {
  if (!ready(state)) return;
  std::vector<Rule> rules = bench::rules_for("yara-l", corpus().rules);
  for (auto _ : state) {
    for (Rule& rule : rules) {
      bench::clear_lowering(rule);
      rule.data_sources.clear();
      rule.metadata.clear();
      yaral::RuleAst ast = yaral::parse(std::string_view(rule.query));
      yaral::lower(ast, rule);
      benchmark::DoNotOptimize(rule.predicates.data());
    }
  }
  report(state);
}
BENCHMARK(BM_YaralParseAndLower)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ruledex

BENCHMARK_MAIN();
