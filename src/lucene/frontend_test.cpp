// The Elastic reader with the Lucene front end, through the analysis pipeline.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "analysis/analyzer.h"

namespace ruledex {
namespace {

namespace fs = std::filesystem;

const fs::path kElastic = fs::path(RULEDEX_SHARED_DIR) / "corpus" / "elastic";

TEST(LuceneFrontEnd, ErrorsPointIntoTheTomlFile) {
  std::string text =
      "[rule]\nname = \"x\"\nrule_id = \"1\"\ntype = \"query\"\nlanguage = \"lucene\"\nquery = '''\n"
      "a:x AND\n  b:\"open\n'''\n";
  FileAnalysis analysis = analyze_text("rules/x.toml", text);
  ASSERT_EQ(analysis.rules.size(), 1u);
  const Rule& rule = analysis.rules[0];
  ASSERT_EQ(rule.diagnostics.size(), 1u);
  EXPECT_EQ(rule.diagnostics[0].severity, Severity::error);
  EXPECT_EQ(rule.diagnostics[0].line, 8u);
  EXPECT_EQ(rule.diagnostics[0].column, 5u);
  ASSERT_FALSE(rule.predicates.empty());
  EXPECT_EQ(rule.predicates[0].field, "a");
}

// Measured when written: the corpus holds one Lucene rule, and it parses.
TEST(LuceneFrontEnd, EveryLuceneQueryOfTheCorpusParses) {
  if (!fs::exists(kElastic)) GTEST_SKIP() << "no Elastic corpus at " << kElastic;
  size_t analysed = 0;
  for (const fs::path& file : collect_files({kElastic})) {
    for (const Rule& rule : analyze_file(file).rules) {
      if (rule.language != "lucene") continue;
      ++analysed;
      EXPECT_FALSE(rule.predicates.empty()) << rule.file;
      for (const Diagnostic& d : rule.diagnostics)
        EXPECT_NE(d.severity, Severity::error) << d.file << ":" << d.line << ":" << d.column << ": " << d.message;
      // Its `event.type:(start or process_started)` searches for the word "or" too.
      EXPECT_EQ(rule.diagnostics.size(), 1u);
    }
  }
  EXPECT_GE(analysed, 1u);
}

}  // namespace
}  // namespace ruledex
