// Elastic hunting files with osquery SQL through the analysis pipeline.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>

#include "analysis/analyzer.h"

namespace ruledex {
namespace {

namespace fs = std::filesystem;

const fs::path kElastic = fs::path(RULEDEX_SHARED_DIR) / "corpus" / "elastic";

TEST(SqlFrontEnd, ErrorsPointIntoTheTomlFile) {
  std::string text =
      "[hunt]\nuuid = \"h\"\nname = \"H\"\nlanguage = [\"SQL\"]\nquery = ['''\n"
      "SELECT name\n  FROM processes WHERE name = 'open\n''']\n";
  FileAnalysis analysis = analyze_text("hunting/x.toml", text);
  ASSERT_EQ(analysis.rules.size(), 1u);
  const Rule& rule = analysis.rules[0];
  ASSERT_EQ(rule.diagnostics.size(), 1u);
  EXPECT_EQ(rule.diagnostics[0].severity, Severity::error);
  EXPECT_EQ(rule.diagnostics[0].line, 7u);
  EXPECT_EQ(rule.diagnostics[0].column, 31u);
}

// Measured when written: 57 SQL queries in 24 hunting files. These four are
// really invalid SQL, rejected by SQLite too: a missing comma between two
// result columns, and aliases of two words (`AS group owner`, where GROUP is
// a keyword; `AS file_last modified_time`).
const std::set<std::string> kInvalid = {
    "hunting/linux/queries/persistence_via_loadable_kernel_modules.toml",
    "hunting/linux/queries/persistence_via_package_manager.toml",
    "hunting/linux/queries/persistence_via_systemd_timers.toml",
    "hunting/linux/queries/persistence_via_udev.toml",
};

TEST(SqlFrontEnd, EverySqlQueryOfTheCorpusParses) {
  if (!fs::exists(kElastic)) GTEST_SKIP() << "no Elastic corpus at " << kElastic;
  size_t analysed = 0;
  std::set<std::string> failing;
  for (const fs::path& file : collect_files({kElastic})) {
    for (const Rule& rule : analyze_file(file).rules) {
      if (rule.language != "sql") continue;
      ++analysed;
      bool failed = false;
      for (const Diagnostic& d : rule.diagnostics)
        failed |= d.severity == Severity::error;
      if (failed)
        failing.insert(fs::relative(rule.file, kElastic).generic_string());
      else
        EXPECT_FALSE(rule.data_sources.empty()) << rule.file << " #" << rule.query_index;
    }
  }
  EXPECT_EQ(failing, kInvalid);
  EXPECT_GE(analysed, 57u);
}

}  // namespace
}  // namespace ruledex
