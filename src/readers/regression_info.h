#pragma once
// SigmaHQ's rule regression tests (regression_data/**/info.yml): which rule a
// test is for, and per recording its path and the number of events the rule
// must match.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ruledex {

struct RegressionRecording {
  std::string name;                    // "Positive Detection Test"
  std::string type;                    // "evtx"
  std::string provider;
  std::optional<uint64_t> match_count; // absent: at least one
  std::filesystem::path path;          // resolved (see read_regression_info)
};

struct RegressionTest {
  std::filesystem::path info;          // the info.yml
  std::vector<std::string> rule_ids;   // rule_metadata[].id
  std::vector<std::string> rule_titles;
  std::vector<RegressionRecording> recordings;
};

// Reads one info.yml. A recording's `path` is relative to the repository
// root (`regression_data/...`); it resolves to the file of that name beside
// the info.yml when there is one, else under the folder holding
// `regression_data`. Throws std::runtime_error with file:line:column.
RegressionTest read_regression_info(const std::filesystem::path& info, std::string_view text);

}  // namespace ruledex
