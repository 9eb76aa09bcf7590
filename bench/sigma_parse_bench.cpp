// Sigma throughput over every rule file of the shared Sigma corpus:
// conditions only, the reader (YAML documents and metadata), and the whole
// path (reader + front end: detection, condition, lowering). One iteration
// handles every file (or condition) once; counters give files/s and MB/s.

#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>
#include <vector>

#include "analysis/frontend.h"
#include "bench_support.h"
#include "readers/format_readers.h"
#include "sigma/condition_parser.h"
#include "sigma/sigma_document.h"

namespace ruledex {
namespace {

struct SigmaCorpus {
  std::vector<std::pair<std::string, std::string>> files;  // path, text
  std::vector<std::string> conditions;
  int64_t bytes = 0;
  int64_t condition_bytes = 0;
  std::string error;
};

SigmaCorpus load_corpus() {
  SigmaCorpus corpus;
  std::filesystem::path root = std::filesystem::path(RULEDEX_SHARED_DIR) / "corpus/sigma";
  if (!std::filesystem::is_directory(root)) {
    corpus.error = "shared Sigma corpus not found at " + root.string() + " (set RULEDEX_SHARED_DIR)";
    return corpus;
  }
  corpus.files = bench::read_files(root, ".yml");
  for (const auto& [path, text] : corpus.files) corpus.bytes += static_cast<int64_t>(text.size());
  for (const auto& [path, text] : corpus.files) {
    sigma::SigmaDocument document = sigma::read_sigma_document(text);
    if (!document.detection) continue;
    for (const sigma::ConditionText& condition : document.detection->conditions) {
      corpus.condition_bytes += static_cast<int64_t>(condition.text.size());
      corpus.conditions.push_back(condition.text);
    }
  }
  if (corpus.files.empty()) corpus.error = "no Sigma rule files found";
  return corpus;
}

const SigmaCorpus& corpus() {
  static const SigmaCorpus loaded = load_corpus();
  return loaded;
}

bool ready(benchmark::State& state) { return bench::corpus_ready(state, corpus().error); }

void BM_SigmaConditions(benchmark::State& state) {
  if (!ready(state)) return;
  for (auto _ : state)
    for (const std::string& condition : corpus().conditions) benchmark::DoNotOptimize(sigma::parse_condition(condition));
  bench::report_throughput(state, corpus().conditions.size(), corpus().condition_bytes, "conditions");
}
BENCHMARK(BM_SigmaConditions)->Unit(benchmark::kMillisecond);

void BM_SigmaRead(benchmark::State& state) {
  if (!ready(state)) return;
  for (auto _ : state)
    for (const auto& [path, text] : corpus().files) benchmark::DoNotOptimize(readers::read_sigma_yaml(path, text));
  bench::report_throughput(state, corpus().files.size(), corpus().bytes, "files");
}
BENCHMARK(BM_SigmaRead)->Unit(benchmark::kMillisecond);

void BM_SigmaReadAndAnalyze(benchmark::State& state) {
  if (!ready(state)) return;
  int64_t predicates = 0;
  for (auto _ : state) {
    for (const auto& [path, text] : corpus().files) {
      ReadResult result = readers::read_sigma_yaml(path, text);
      for (Rule& rule : result.rules) {
        if (!rule.query.empty()) analyze_sigma_rule(rule, {});
        predicates += static_cast<int64_t>(rule.predicates.size());
      }
    }
  }
  benchmark::DoNotOptimize(predicates);
  bench::report_throughput(state, corpus().files.size(), corpus().bytes, "files");
}
BENCHMARK(BM_SigmaReadAndAnalyze)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ruledex

BENCHMARK_MAIN();
