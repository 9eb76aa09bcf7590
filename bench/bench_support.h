#pragma once
// Pieces every corpus benchmark shares: loading rule files, skipping when the
// shared corpus is absent, and throughput counters (items/s and bytes/s).

#include <benchmark/benchmark.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "model/rule.h"

namespace ruledex::bench {

// The text of every regular file below `root` whose extension is `extension`,
// sorted by path: (path, text) pairs.
inline std::vector<std::pair<std::string, std::string>> read_files(const std::filesystem::path& root,
                                                                   std::string_view extension) {
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root))
    if (entry.is_regular_file() && entry.path().extension() == extension) paths.push_back(entry.path());
  std::sort(paths.begin(), paths.end());
  std::vector<std::pair<std::string, std::string>> files;
  for (const auto& path : paths) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    files.emplace_back(path.generic_string(), text.str());
  }
  return files;
}

// False, with the benchmark marked skipped, when the corpus could not be loaded.
inline bool corpus_ready(benchmark::State& state, const std::string& error) {
  if (error.empty()) return true;
  state.SkipWithError(error.c_str());
  return false;
}

// One iteration handles `items` inputs of `bytes` bytes in all.
inline void report_throughput(benchmark::State& state, size_t items, int64_t bytes, const std::string& unit) {
  state.SetBytesProcessed(state.iterations() * bytes);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(items));
  state.counters[unit] = static_cast<double>(items);
  state.counters[unit + "/s"] = benchmark::Counter(static_cast<double>(items), benchmark::Counter::kIsIterationInvariantRate);
}

// Rules of `language` holding `queries`, to be lowered again and again.
inline std::vector<Rule> rules_for(std::string_view language, const std::vector<std::string>& queries) {
  std::vector<Rule> rules(queries.size());
  for (size_t i = 0; i < rules.size(); ++i) {
    rules[i].language = std::string(language);
    rules[i].query = queries[i];
    rules[i].query_line = 1;
  }
  return rules;
}

// Empties what every lowering fills, so each iteration does the same work.
inline void clear_lowering(Rule& rule) {
  rule.stages.clear();
  rule.predicates.clear();
  rule.output_fields.clear();
  rule.diagnostics.clear();
}

}  // namespace ruledex::bench
