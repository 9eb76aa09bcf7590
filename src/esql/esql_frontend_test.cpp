// The ES|QL front end through the analysis pipeline: Elastic rules and hunting
// queries, error positions in the TOML file, and the shared Elastic corpus.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <utility>

#include "analysis/analyzer.h"
#include "base/ascii_case.h"

namespace ruledex {
namespace {

namespace fs = std::filesystem;

const fs::path kElastic = fs::path(RULEDEX_SHARED_DIR) / "corpus" / "elastic";

TEST(EsqlFrontEnd, RuleIsAnalysedWithErrorsAtFilePositions) {
  std::string text =
      "[rule]\nname = \"x\"\nrule_id = \"1\"\ntype = \"esql\"\nlanguage = \"esql\"\nquery = '''\n"
      "from logs-aws.cloudtrail-* metadata _id\n"
      "| where event.action == \"GetCallerIdentity\" and\n"
      "   aws.cloudtrail.user_identity.type == (\n"
      "| keep event.action, user.name\n"
      "'''\n";
  FileAnalysis analysis = analyze_text("rules/x.toml", text);
  ASSERT_EQ(analysis.rules.size(), 1u);
  const Rule& rule = analysis.rules[0];
  EXPECT_EQ(rule.language, "esql");
  ASSERT_EQ(rule.diagnostics.size(), 1u);
  EXPECT_EQ(rule.diagnostics[0].severity, Severity::error);
  EXPECT_EQ(rule.diagnostics[0].line, 10u);  // the `| keep` line: the open parenthesis runs into it
  EXPECT_EQ(rule.diagnostics[0].column, 1u);
  EXPECT_EQ(rule.data_sources, std::vector<std::string>{"logs-aws.cloudtrail-*"});
  ASSERT_EQ(rule.stages.size(), 2u);  // source, keep: the failed where is left out
  EXPECT_EQ(rule.stages[1].kind, "keep");
  EXPECT_EQ(rule.stages[1].line, 10u);
  ASSERT_EQ(rule.output_fields.size(), 2u);
  EXPECT_EQ(rule.output_fields[0].name, "event.action");
}

// Whether a query of a file listed as ["ES|QL", "SQL"] is SQL (osquery),
// which another front end reads; some start with a `sql` code-fence tag line.
bool is_sql(const std::string& query) {
  size_t at = query.find_first_not_of(" \t\r\n");
  if (at != std::string::npos && query.compare(at, 4, "sql\n") == 0) at = query.find_first_not_of(" \t\r\n", at + 4);
  return at != std::string::npos && iequals(query.substr(at, 6), "select");
}

// Queries that ES|QL rejects too, each with its mistake.
const std::pair<const char*, const char*> kReallyInvalid[] = {
    {"servicequotas_discovery_multi_region_get_service_quota_calls.toml", "`=` where `==` is meant"},
    {"credential_access_rapid_reset_password_requests_for_different_users.toml", "`reset_counts = by ...`"},
    {"execution_via_windows_scheduled_task_with_low_occurrence_frequency.toml", "`now(-)`"},
    {"entra_authentication_attempts_behind_rare_user_agents.toml", "`or` before `)`"},
};

bool really_invalid(const std::string& file) {
  for (const auto& [name, reason] : kReallyInvalid)
    if (file.ends_with(name)) return true;
  return false;
}

// Measured when written: 343 ES|QL queries (191 rules, 152 hunting), all parse
// but the four listed above; 11 hunting queries carry a `sql` fence-tag warning.
TEST(EsqlFrontEnd, EveryEsqlQueryOfTheCorpusParses) {
  if (!fs::exists(kElastic)) GTEST_SKIP() << "no Elastic corpus at " << kElastic;
  size_t analysed = 0, rejected = 0;
  for (const fs::path& file : collect_files({kElastic})) {
    for (const Rule& rule : analyze_file(file).rules) {
      if (rule.language != "esql" || is_sql(rule.query)) continue;
      ++analysed;
      if (really_invalid(rule.file)) {
        rejected += std::any_of(rule.diagnostics.begin(), rule.diagnostics.end(),
                                [](const Diagnostic& d) { return d.severity == Severity::error; });
        continue;
      }
      for (const Diagnostic& d : rule.diagnostics)
        EXPECT_NE(d.severity, Severity::error) << d.file << ":" << d.line << ":" << d.column << ": " << d.message;
    }
  }
  EXPECT_GE(analysed, 340u);
  EXPECT_EQ(rejected, std::size(kReallyInvalid));
}

}  // namespace
}  // namespace ruledex
