// Every ESCU detection of the shared corpus through the reader and the SPL
// front end: counts of clean parses, parse errors and unknown macros.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "analysis/analyzer.h"

namespace ruledex {
namespace {

TEST(SplCorpus, DetectionsParse) {
  std::filesystem::path root = std::filesystem::path(RULEDEX_SHARED_DIR) / "corpus/splunk/detections";
  if (!std::filesystem::is_directory(root)) GTEST_SKIP() << "no corpus at " << root;
  size_t rules = 0, clean = 0;
  std::map<std::string, size_t> unknown_names, errors;
  for (const std::filesystem::path& file : collect_files({root})) {
    for (const Rule& rule : analyze_file(file).rules) {
      if (rule.language != "spl") continue;
      ++rules;
      bool failed = false;
      for (const Diagnostic& d : rule.diagnostics) {
        if (d.message.starts_with("unknown")) ++unknown_names[d.message];
        if (d.severity == Severity::error) {
          failed = true;
          ++errors[d.message];
        }
      }
      clean += !failed;
    }
  }
  std::cout << "splunk detections: " << rules << ", clean: " << clean << "\n";
  for (const auto& [message, count] : unknown_names) std::cout << "  " << count << "  " << message << "\n";
  for (const auto& [message, count] : errors) std::cout << "  error " << count << "  " << message << "\n";
  EXPECT_GE(rules, 1575u);
  EXPECT_GE(clean * 1000, rules * 995);  // 2 deprecated detections are invalid SPL
}

}  // namespace
}  // namespace ruledex
