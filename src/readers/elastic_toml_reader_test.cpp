// Elastic TOML: rule fields, query position, type-specific parts, hunting files.
#include <gtest/gtest.h>

#include <string>

#include "readers/rule_reader.h"

namespace ruledex {
namespace {

std::string metadata_value(const Rule& rule, std::string_view key) {
  for (const auto& [k, v] : rule.metadata)
    if (k == key) return v;
  return "<none>";
}

TEST(ElasticTomlReader, RuleFieldsQueryPositionAndTypeParts) {
  std::string text =
      "[metadata]\ncreation_date = \"2024/05/24\"\nintegration = [\"aws\"]\nmaturity = \"production\"\n\n"
      "[rule]\nname = \"STS\"\nrule_id = \"30fb\"\ntype = \"new_terms\"\nlanguage = \"kuery\"\n"
      "index = [\"filebeat-*\", \"logs-aws.cloudtrail-*\"]\nrisk_score = 47\nfrom = \"now-6m\"\n"
      "tags = [\"Domain: Cloud\", \"Tactic: Discovery\"]\n\n"
      "query = '''\nevent.action: \"GetCallerIdentity\"\n'''\n\n"
      "[[rule.related_integrations]]\npackage = \"aws\"\nintegration = \"cloudtrail\"\n"
      "[[rule.related_integrations]]\npackage = \"endpoint\"\n"
      "[rule.investigation_fields]\nfield_names = [\"user.name\"]\n"
      "[rule.new_terms]\nfield = \"new_terms_fields\"\nvalue = [\"aws.cloudtrail.user_identity.arn\"]\n"
      "[[rule.new_terms.history_window_start]]\nfield = \"history_window_start\"\nvalue = \"now-10d\"\n";
  ReadResult result = read_rule_file("rules/x.toml", text);
  ASSERT_EQ(result.rules.size(), 1u);
  const Rule& rule = result.rules[0];
  EXPECT_EQ(rule.kind, "new_terms");
  EXPECT_EQ(rule.query, "event.action: \"GetCallerIdentity\"\n");
  EXPECT_EQ(rule.query_line, 17u);
  EXPECT_EQ(rule.data_sources, (std::vector<std::string>{"filebeat-*", "logs-aws.cloudtrail-*",
                                                         "integration:aws.cloudtrail", "integration:endpoint"}));
  EXPECT_EQ(metadata_value(rule, "risk_score"), "47");
  EXPECT_EQ(metadata_value(rule, "from"), "now-6m");
  EXPECT_EQ(metadata_value(rule, "integration"), "aws");
  EXPECT_EQ(metadata_value(rule, "tags"), "Domain: Cloud, Tactic: Discovery");
  EXPECT_EQ(metadata_value(rule, "new_terms.history_window_start"), "now-10d");
  ASSERT_EQ(rule.output_fields.size(), 2u);
  EXPECT_EQ(rule.output_fields[0].name, "aws.cloudtrail.user_identity.arn");
  EXPECT_EQ(rule.output_fields[0].stage, "new_terms");
  EXPECT_EQ(rule.output_fields[1].stage, "investigation");
  EXPECT_TRUE(rule.diagnostics.empty());
}

TEST(ElasticTomlReader, EsqlRulesKeepInvestigationFieldsAsMetadata) {
  ReadResult result = read_rule_file(
      "rules/e.toml",
      "[rule]\nname = \"E\"\nrule_id = \"e1\"\ntype = \"esql\"\nlanguage = \"esql\"\n"
      "query = '''\nfrom logs-* | keep user.name\n'''\n"
      "[rule.investigation_fields]\nfield_names = [\"user.name\", \"host.name\"]\n");
  ASSERT_EQ(result.rules.size(), 1u);
  const Rule& rule = result.rules[0];
  EXPECT_TRUE(rule.output_fields.empty()) << "the ES|QL front end names what the query emits";
  EXPECT_EQ(metadata_value(rule, "investigation_fields"), "user.name, host.name");
}

TEST(ElasticTomlReader, ThresholdFieldsAndValue) {
  ReadResult result = read_rule_file(
      "rules/t.toml", "[rule]\nname = \"T\"\nrule_id = \"t\"\ntype = \"threshold\"\nlanguage = \"kuery\"\n"
                      "query = \"event.action:x\"\n[rule.threshold]\nfield = [\"source.ip\"]\nvalue = 25\n");
  ASSERT_EQ(result.rules.size(), 1u);
  const Rule& rule = result.rules[0];
  EXPECT_EQ(rule.query_line, 6u);
  ASSERT_EQ(rule.output_fields.size(), 1u);
  EXPECT_EQ(rule.output_fields[0].name, "source.ip");
  EXPECT_EQ(metadata_value(rule, "threshold.value"), "25");
}

TEST(ElasticTomlReader, HuntingFileGivesOneRulePerQuery) {
  ReadResult result = read_rule_file(
      "hunting/h.toml", "[hunt]\nuuid = \"h1\"\nname = \"Hunt\"\nlanguage = [\"ES|QL\", \"SQL\"]\nmitre = [\"T1580\"]\n"
                        "query = [\n'''\nfrom a\n''',\n'''\nfrom b\n'''\n]\n");
  ASSERT_EQ(result.rules.size(), 2u);
  EXPECT_EQ(result.rules[0].query, "from a\n");
  EXPECT_EQ(result.rules[1].query, "from b\n");
  EXPECT_EQ(result.rules[0].query_line, 8u);
  EXPECT_EQ(result.rules[1].query_line, 11u);
  EXPECT_EQ(result.rules[1].id, "h1#2");
  EXPECT_EQ(result.rules[1].query_count, 2u);
  EXPECT_EQ(result.rules[0].language, "esql");
  EXPECT_EQ(result.rules[0].techniques.at(0).id, "T1580");
}

TEST(ElasticTomlReader, MixedLanguageHuntingQueriesGetTheirOwnLanguage) {
  ReadResult result = read_rule_file(
      "hunting/h.toml",
      "[hunt]\nuuid = \"h1\"\nname = \"Hunt\"\nlanguage = [\"ES|QL\", \"SQL\"]\n"
      "query = [\n'''sql\nfrom a\n''',\n'''\n  SELECT * FROM users\n''',\n'''sql\nWITH x AS (SELECT 1) SELECT * FROM x\n'''\n]\n");
  ASSERT_EQ(result.rules.size(), 3u);
  EXPECT_EQ(result.rules[0].language, "esql");
  EXPECT_EQ(result.rules[0].query, "from a\n");  // the fence tag `sql` dropped
  EXPECT_EQ(result.rules[0].query_line, 7u);
  EXPECT_EQ(result.rules[1].language, "sql");
  EXPECT_EQ(result.rules[2].language, "sql");
  EXPECT_EQ(result.rules[2].query_line, 13u);
  // One listed language is the language of every query.
  ReadResult single = read_rule_file(
      "hunting/s.toml", "[hunt]\nuuid = \"s\"\nname = \"S\"\nlanguage = [\"SQL\"]\nquery = ['''\nSELECT 1\n''']\n");
  ASSERT_EQ(single.rules.size(), 1u);
  EXPECT_EQ(single.rules[0].language, "sql");
}

std::string repeated(std::string_view piece, size_t count) {
  std::string out;
  for (size_t i = 0; i < count; ++i) out += piece;
  return out;
}

// toml++ recursed once per segment and overflowed the stack (issue 11).
TEST(ElasticTomlReader, DeepKeysAndNestingAreErrorsNotCrashes) {
  struct Case {
    std::string text;
    uint32_t line, column;
  };
  const Case cases[] = {
      {"[rule]\nname = 'x'\na" + repeated(".a", 40000) + " = 1\n", 3, 254},
      {"[rule]\n[" + repeated("a.", 40000) + "a]\n", 2, 257},
      {"[rule]\nquery = " + repeated("[", 300) + repeated("]", 300) + "\n", 2, 136},
  };
  for (const auto& [text, line, column] : cases) {
    ReadResult result = read_rule_file("rules/deep.toml", text);
    ASSERT_EQ(result.rules.size(), 1u);
    const Rule& rule = result.rules[0];
    ASSERT_EQ(rule.diagnostics.size(), 1u);
    EXPECT_EQ(rule.diagnostics[0].severity, Severity::error);
    EXPECT_EQ(rule.diagnostics[0].message, "invalid TOML: nesting deeper than 128 levels");
    EXPECT_EQ(rule.diagnostics[0].line, line);
    EXPECT_EQ(rule.diagnostics[0].column, column);
  }
}

}  // namespace
}  // namespace ruledex
