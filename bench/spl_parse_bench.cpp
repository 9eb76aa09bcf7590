// SPL front-end throughput over the search of every ESCU detection of the
// shared Splunk corpus (RULEDEX_SHARED_DIR/corpus/splunk), with the corpus's
// macros: macro expansion alone, parsing the expanded searches, and
// expansion + parse + lowering. One benchmark iteration handles every search
// once; counters give queries/s and bytes/s (MB/s, of the searches as written).

#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>
#include <vector>

#include "bench_support.h"
#include "model/rule.h"
#include "readers/rule_reader.h"
#include "spl/lowering.h"
#include "spl/macros.h"
#include "spl/parser.h"

namespace ruledex {
namespace {

struct Corpus {
  std::vector<std::string> searches;  // as written
  std::vector<std::string> expanded;
  spl::MacroTable macros;
  int64_t bytes = 0;
  std::string error;  // why there are no searches
};

Corpus load_corpus() {
  namespace fs = std::filesystem;
  Corpus corpus;
  fs::path root = fs::path(RULEDEX_SHARED_DIR) / "corpus" / "splunk";
  std::error_code error;
  if (!fs::is_directory(root / "detections", error)) {
    corpus.error = "Splunk corpus not found at " + root.string() + " (set RULEDEX_SHARED_DIR)";
    return corpus;
  }
  corpus.macros = spl::load_macro_folder(root / "macros");
  for (auto& [path, text] : bench::read_files(root / "detections", ".yml"))
    for (Rule& rule : read_rule_file(path, text).rules)
      if (rule.language == "spl" && !rule.query.empty()) {
        corpus.bytes += static_cast<int64_t>(rule.query.size());
        corpus.expanded.push_back(spl::expand_macros(rule.query, corpus.macros).text);
        corpus.searches.push_back(std::move(rule.query));
      }
  if (corpus.searches.empty()) corpus.error = "no detection searches below " + root.string();
  return corpus;
}

const Corpus& corpus() {
  static const Corpus loaded = load_corpus();
  return loaded;
}

bool ready(benchmark::State& state) { return bench::corpus_ready(state, corpus().error); }

void report(benchmark::State& state) {
  bench::report_throughput(state, corpus().searches.size(), corpus().bytes, "queries");
}

void BM_SplExpandMacros(benchmark::State& state) {
  if (!ready(state)) return;
  for (auto _ : state)
    for (const std::string& search : corpus().searches) {
      spl::Expansion expansion = spl::expand_macros(search, corpus().macros);
      benchmark::DoNotOptimize(expansion.text.data());
    }
  report(state);
}
BENCHMARK(BM_SplExpandMacros)->Unit(benchmark::kMillisecond);

void BM_SplParse(benchmark::State& state) {
  if (!ready(state)) return;
  int64_t failed = 0;
  for (auto _ : state) {
    failed = 0;
    for (const std::string& text : corpus().expanded) {
      spl::Query query = spl::parse(text);
      failed += query.errors.empty() ? 0 : 1;
      benchmark::DoNotOptimize(query.pipeline.commands.data());
    }
  }
  report(state);
  state.counters["with_errors"] = static_cast<double>(failed);
}
BENCHMARK(BM_SplParse)->Unit(benchmark::kMillisecond);

void BM_SplExpandParseAndLower(benchmark::State& state) {
  if (!ready(state)) return;
  std::vector<Rule> rules = bench::rules_for("spl", corpus().searches);
  for (auto _ : state) {
    for (Rule& rule : rules) {
      bench::clear_lowering(rule);
      rule.data_sources.clear();
      spl::Expansion expansion = spl::expand_macros(rule.query, corpus().macros);
      spl::Query query = spl::parse(expansion.text);
      spl::lower(query, rule, [&](uint32_t offset) { return expansion.source_offset(offset); });
      benchmark::DoNotOptimize(rule.predicates.data());
    }
  }
  report(state);
}
BENCHMARK(BM_SplExpandParseAndLower)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ruledex

BENCHMARK_MAIN();
