// SecOps (Chronicle) Rules API JSON and pipeline rule configs.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "readers/rule_reader.h"

namespace ruledex {
namespace {

namespace fs = std::filesystem;

std::string metadata_value(const Rule& rule, std::string_view key) {
  for (const auto& [k, v] : rule.metadata)
    if (k == key) return v;
  return "<none>";
}

const std::string kRuleText =
    "rule okta_token {\\n  meta:\\n    severity = \\\"Low\\\"\\n    mitre_attack_tactic = \\\"Persistence\\\"\\n"
    "  events:\\n    $e.metadata.product_event_type = \\\"system.api_token.create\\\"\\n  condition:\\n    $e\\n}\\n";

TEST(SecopsJsonReader, RulesApiObjectsArraysAndListResponses) {
  std::string object = "{\n  \"name\": \"projects/p/locations/us/instances/i/rules/ru_1\",\n  \"revisionId\": \"v_1\",\n"
                       "  \"displayName\": \"Okta token\",\n  \"text\": \"" + kRuleText + "\",\n"
                       "  \"severity\": {\"displayName\": \"Medium\"},\n  \"type\": \"SINGLE_EVENT\",\n"
                       "  \"deployment_state\": {\"enabled\": true, \"alerting\": false, \"runFrequency\": \"LIVE\"}\n}";
  for (const std::string& text : {object, "[" + object + "]", "{\"rules\": [" + object + "]}"}) {
    ReadResult result = read_rule_file("rules.json", text);
    EXPECT_TRUE(result.recognised);
    EXPECT_EQ(result.format, "secops-json");
    EXPECT_EQ(result.platform, "chronicle");
    ASSERT_EQ(result.rules.size(), 1u) << text;
    const Rule& rule = result.rules[0];
    EXPECT_EQ(rule.name, "okta_token");
    EXPECT_EQ(rule.language, "yara-l");
    EXPECT_EQ(rule.query.substr(0, 17), "rule okta_token {");
    EXPECT_EQ(rule.query_line, 5u);
    EXPECT_EQ(rule.severity, "Low");  // the rule's meta says so; the API's severity is the fallback
    EXPECT_EQ(rule.tactics, (std::vector<std::string>{"Persistence"}));
    EXPECT_EQ(metadata_value(rule, "displayName"), "Okta token");
    EXPECT_EQ(metadata_value(rule, "resource_name"), "projects/p/locations/us/instances/i/rules/ru_1");
    EXPECT_EQ(metadata_value(rule, "enabled"), "true");
    EXPECT_EQ(metadata_value(rule, "alerting"), "false");
    EXPECT_EQ(metadata_value(rule, "runFrequency"), "LIVE");
    EXPECT_EQ(rule.kind, "SINGLE_EVENT");
  }
}

TEST(SecopsJsonReader, ObjectsWithoutRuleTextAndBadJson) {
  ReadResult result = read_rule_file("r.json", "[{\"text\": \"" + kRuleText + "\"}, {\"displayName\": \"x\"}]");
  EXPECT_EQ(result.rules.size(), 1u);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].severity, Severity::warning);
  ReadResult bad = read_rule_file("r.json", "{\"text\": \"rule x { meta: events: \",");
  EXPECT_TRUE(bad.rules.empty());
  ASSERT_EQ(bad.diagnostics.size(), 1u);
  EXPECT_EQ(bad.diagnostics[0].severity, Severity::error);
}

class RuleConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("ruledex_rule_config_" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_ / "rules");
  }
  void TearDown() override { fs::remove_all(root_); }
  fs::path write(const std::string& name, const std::string& text) {
    std::ofstream(root_ / name) << text;
    return root_ / name;
  }
  fs::path root_;
};

TEST_F(RuleConfigTest, SettingsApplyToTheRulesBesideItByName) {
  fs::path rule = write("rules/okta_token.yaral", "rule okta_token {\n meta:\n  author = \"a\"\n events:\n"
                                                  "  $e.x = \"y\"\n condition:\n  $e\n}\n");
  write("rule_config.yaml", "# header\nokta_token:\n  enabled: true\n  alerting: false\n  archived: false\n"
                            "  run_frequency: DAILY\n  id: ru_1\nother_rule:\n  enabled: false\n");
  std::ifstream in(rule);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ReadResult result = read_rule_file(rule.generic_string(), text);
  ASSERT_EQ(result.rules.size(), 1u);
  EXPECT_EQ(metadata_value(result.rules[0], "enabled"), "true");
  EXPECT_EQ(metadata_value(result.rules[0], "alerting"), "false");
  EXPECT_EQ(metadata_value(result.rules[0], "run_frequency"), "DAILY");
  EXPECT_EQ(metadata_value(result.rules[0], "id"), "<none>");  // the pipeline's bookkeeping
}

TEST_F(RuleConfigTest, TheConfigFileReportsRepeatedKeysAndMissingRuleFiles) {
  write("rules/rule_1.yaral", "rule rule_1 {\n meta:\n events:\n  $e.x = \"y\"\n condition:\n  $e\n}\n");
  std::string config = "rule_1:\n  enabled: true\n  run_frequency: LIVE\nrule_1:\n  enabled: false\n"
                       "rule_3:\n  enabled: true\n  alerting: true\n";
  fs::path path = write("test_rule_config.yaml", config);
  ReadResult result = read_rule_file(path.generic_string(), config);
  EXPECT_EQ(result.format, "chronicle-rule-config");
  EXPECT_EQ(result.platform, "chronicle");
  EXPECT_TRUE(result.rules.empty());
  ASSERT_EQ(result.diagnostics.size(), 2u);
  EXPECT_EQ(result.diagnostics[0].severity, Severity::error);
  EXPECT_EQ(result.diagnostics[0].line, 4u);
  EXPECT_NE(result.diagnostics[0].message.find("configured twice (first at line 1)"), std::string::npos);
  EXPECT_EQ(result.diagnostics[1].severity, Severity::warning);
  EXPECT_EQ(result.diagnostics[1].line, 6u);
  EXPECT_NE(result.diagnostics[1].message.find("rules/rule_3.yaral"), std::string::npos);
}

TEST(RuleConfigDetection, ConfigsAreToldFromExclusionsAndSavedSearches) {
  EXPECT_EQ(read_rule_file("c.yaml", "a:\n  enabled: true\n  alerting: false\n").format, "chronicle-rule-config");
  EXPECT_EQ(read_rule_file("c.yaml", "a:\n  run_frequency: LIVE\n").format, "chronicle-rule-config");
  EXPECT_EQ(read_rule_file("c.yaml", "Test 1:\n  enabled: false\n  alerting: true\n  query: (a = \"b\")\n").format,
            "yaml");
  EXPECT_EQ(read_rule_file("c.yaml", "key: value\nb:\n  enabled: true\n  alerting: true\n").format, "yaml");
}

}  // namespace
}  // namespace ruledex
