#include <gtest/gtest.h>

#include <algorithm>

#include "readers/rule_reader.h"

namespace ruledex {
namespace {

std::string metadata(const Rule& rule, std::string_view key) {
  for (const auto& [k, v] : rule.metadata)
    if (k == key) return v;
  return "<absent>";
}

constexpr std::string_view kAnalyticRule = R"(id: 11111111-2222-3333-4444-555555555555
name: Example rule
description: |
  Finds things.
  On two lines.
severity: Medium
status: Available
requiredDataConnectors:
  - connectorId: AWS
    dataTypes:
      - AWSCloudTrail
  - connectorId: AWSS3
    dataTypes:
      - AWSCloudTrail
      - AWSVPCFlow
queryFrequency: 1d
queryPeriod: 14d
triggerOperator: gt
triggerThreshold: 0
tactics:
  - CredentialAccess
  - Discovery
relevantTechniques:
  - T1580
  - t1078.004
query:  |
    AWSCloudTrail
    | where EventName =~ "GetCallerIdentity"

    | extend AccountName = UserIdentityUserName
entityMappings:
  - entityType: Account
    fieldMappings:
      - identifier: Name
        columnName: AccountName
customDetails:
  EventName: EventName
alertDetailsOverride:
  alertDisplayNameFormat: Hijack by {{AccountName}}
  alertDynamicProperties:
    - alertProperty: ProductName
      value: Product
eventGroupingSettings:
  aggregationKind: SingleAlert
incidentConfiguration:
  createIncident: true
version: 1.0.4
kind: NRT
tags:
  - T1110
  - Schema: ASimNetworkSessions
    SchemaVersion: 0.2.4
)";

TEST(SentinelYamlReader, ReadsEveryField) {
  ReadResult result = read_rule_file("Detections/AWS/rule.yaml", kAnalyticRule);
  ASSERT_TRUE(result.recognised);
  EXPECT_EQ(result.format, "sentinel-yaml");
  ASSERT_EQ(result.rules.size(), 1u);
  const Rule& rule = result.rules[0];
  EXPECT_TRUE(rule.diagnostics.empty());
  EXPECT_EQ(rule.id, "11111111-2222-3333-4444-555555555555");
  EXPECT_EQ(rule.name, "Example rule");
  EXPECT_EQ(rule.description, "Finds things.\nOn two lines.");
  EXPECT_EQ(rule.platform, "sentinel");
  EXPECT_EQ(rule.language, "kql");
  EXPECT_EQ(rule.severity, "Medium");
  EXPECT_EQ(rule.status, "Available");
  EXPECT_EQ(rule.kind, "NRT");
  EXPECT_EQ(rule.tactics, (std::vector<std::string>{"Credential Access", "Discovery"}));
  ASSERT_EQ(rule.techniques.size(), 3u);
  EXPECT_EQ(rule.techniques[0].id, "T1580");
  EXPECT_EQ(rule.techniques[1].id, "T1078.004");
  EXPECT_EQ(rule.techniques[2].id, "T1110");  // from tags
  EXPECT_EQ(rule.data_sources, (std::vector<std::string>{"AWSCloudTrail", "AWSVPCFlow"}));
  EXPECT_EQ(metadata(rule, "requiredDataConnectors"), "AWS (AWSCloudTrail); AWSS3 (AWSCloudTrail, AWSVPCFlow)");
  EXPECT_EQ(metadata(rule, "queryFrequency"), "1d");
  EXPECT_EQ(metadata(rule, "queryPeriod"), "14d");
  EXPECT_EQ(metadata(rule, "triggerOperator"), "gt");
  EXPECT_EQ(metadata(rule, "triggerThreshold"), "0");
  EXPECT_EQ(metadata(rule, "version"), "1.0.4");
  EXPECT_EQ(metadata(rule, "eventGroupingSettings"), "aggregationKind: SingleAlert");
  EXPECT_EQ(metadata(rule, "incidentConfiguration"), "createIncident: true");
  EXPECT_NE(metadata(rule, "tags").find("ASimNetworkSessions"), std::string::npos);

  EXPECT_EQ(rule.query,
            "AWSCloudTrail\n| where EventName =~ \"GetCallerIdentity\"\n\n| extend AccountName = UserIdentityUserName\n");
  EXPECT_EQ(rule.query_line, 27u);
  EXPECT_EQ(rule.query_indent, 4u);
  EXPECT_EQ(rule.raw, kAnalyticRule);

  ASSERT_EQ(rule.entity_mappings.size(), 1u);
  EXPECT_EQ(rule.entity_mappings[0].entity_type, "Account");
  EXPECT_EQ(rule.entity_mappings[0].fields,
            (std::vector<std::pair<std::string, std::string>>{{"Name", "AccountName"}}));
  EXPECT_EQ(rule.custom_details, (std::vector<std::pair<std::string, std::string>>{{"EventName", "EventName"}}));
  EXPECT_EQ(rule.alert_details, (std::vector<std::pair<std::string, std::string>>{
                                    {"alertDisplayNameFormat", "Hijack by {{AccountName}}"}, {"ProductName", "Product"}}));
}

TEST(SentinelYamlReader, HuntingQueryWithoutIdOrSeverity) {
  std::string text = "name: Hunt\ndescription: 'Looks around'\nrequiredDataConnectors: []\ntactics:\n  - Persistence\n"
                     "query: |\n  SecurityEvent | take 1\n";
  ReadResult result = read_rule_file("Hunting Queries/x/Hunt file.yaml", text);
  ASSERT_EQ(result.rules.size(), 1u);
  const Rule& rule = result.rules[0];
  EXPECT_EQ(rule.kind, "hunting");
  EXPECT_EQ(rule.id, "Hunt file");  // from the file name
  EXPECT_EQ(rule.severity, "");
  EXPECT_EQ(rule.query_line, 7u);
  EXPECT_EQ(rule.query_indent, 2u);
  EXPECT_TRUE(rule.diagnostics.empty());
}

TEST(SentinelYamlReader, AnalyticRuleWithoutKindIsScheduled) {
  std::string text = "name: R\nqueryFrequency: 1h\ntactics: []\nquery: T\n";
  ReadResult result = read_rule_file("r.yaml", text);
  ASSERT_EQ(result.rules.size(), 1u);
  EXPECT_EQ(result.rules[0].kind, "Scheduled");
  EXPECT_EQ(result.rules[0].query, "T");
  EXPECT_EQ(result.rules[0].query_line, 4u);
  EXPECT_EQ(result.rules[0].query_indent, 7u);
}

TEST(SentinelYamlReader, ExplicitIndentationIndicator) {
  std::string text = "tactics: []\nquery: |2\n    T\n  | take 1\n";
  ReadResult result = read_rule_file("r.yaml", text);
  ASSERT_EQ(result.rules.size(), 1u);
  EXPECT_EQ(result.rules[0].query, "  T\n| take 1\n");
  EXPECT_EQ(result.rules[0].query_indent, 2u);
  EXPECT_EQ(result.rules[0].query_line, 3u);
}

TEST(SentinelYamlReader, BrokenYamlGivesPositionAndKeepsTheRule) {
  std::string text =
      "id: abc\nname: [Deprecated] - Broken rule\nseverity: Low\ntactics:\n  - Impact\n"
      "query: |\n  CommonSecurityLog\n  | where DeviceVendor == \"x\"\nversion: 1.0.0\n";
  ReadResult result = read_rule_file("Analytic Rules/Broken.yaml", text);
  ASSERT_TRUE(result.recognised);
  ASSERT_EQ(result.rules.size(), 1u);
  const Rule& rule = result.rules[0];
  ASSERT_FALSE(rule.diagnostics.empty());
  const Diagnostic& error = rule.diagnostics[0];
  EXPECT_EQ(error.severity, Severity::error);
  EXPECT_NE(error.message.find("invalid YAML"), std::string::npos);
  EXPECT_EQ(error.file, "Analytic Rules/Broken.yaml");
  EXPECT_EQ(error.line, 2u);
  EXPECT_GT(error.column, 1u);
  // Salvaged from the plain lines: still listed, with its query where it sits.
  EXPECT_EQ(rule.id, "abc");
  EXPECT_EQ(rule.name, "[Deprecated] - Broken rule");
  EXPECT_EQ(rule.query, "CommonSecurityLog\n| where DeviceVendor == \"x\"\n");
  EXPECT_EQ(rule.query_line, 7u);
  EXPECT_EQ(rule.query_indent, 2u);
}

TEST(SentinelYamlReader, MissingQueryIsAnError) {
  ReadResult result = read_rule_file("r.yaml", "name: R\ntactics: []\nquery:\n");
  ASSERT_EQ(result.rules.size(), 1u);
  ASSERT_EQ(result.rules[0].diagnostics.size(), 1u);
  EXPECT_NE(result.rules[0].diagnostics[0].message.find("no query"), std::string::npos);
}

TEST(SentinelYamlReader, UnexpectedShapesAreWarningsNotCrashes) {
  std::string text = "name: R\ntactics: []\nentityMappings: 5\ncustomDetails: [a, b]\nquery: T\n";
  ReadResult result = read_rule_file("r.yaml", text);
  ASSERT_EQ(result.rules.size(), 1u);
  EXPECT_EQ(result.rules[0].query, "T");
  for (const Diagnostic& d : result.rules[0].diagnostics) EXPECT_NE(d.severity, Severity::error) << d.message;
}


// Issue 11: yaml-cpp said "bad file" at a column far from the cause.
TEST(SentinelYamlReader, DeepNestingIsAnErrorWithItsPosition) {
  std::string text = "name: R\ntactics: []\nquery: T\ntags: " + std::string(100000, '[') + "\n";
  ReadResult result = read_rule_file("r.yaml", text);
  ASSERT_EQ(result.rules.size(), 1u);
  const Rule& rule = result.rules[0];
  ASSERT_FALSE(rule.diagnostics.empty());
  EXPECT_EQ(rule.diagnostics[0].severity, Severity::error);
  EXPECT_EQ(rule.diagnostics[0].message, "invalid YAML: nesting deeper than 128 levels");
  EXPECT_EQ(rule.diagnostics[0].line, 4u);
  EXPECT_EQ(rule.diagnostics[0].column, 134u);
}

// yaml-cpp took the rest of the file into the string and found no query.
TEST(SentinelYamlReader, UnclosedQuoteIsAnErrorWhereItOpens) {
  ReadResult result = read_rule_file("r.yaml", "name: \"R\nquery: SecurityEvent\ntactics: []\n");
  ASSERT_EQ(result.rules.size(), 1u);
  const Rule& rule = result.rules[0];
  ASSERT_FALSE(rule.diagnostics.empty());
  EXPECT_EQ(rule.diagnostics[0].severity, Severity::error);
  EXPECT_EQ(rule.diagnostics[0].message, "invalid YAML: unclosed quote: the string opened here never ends");
  EXPECT_EQ(rule.diagnostics[0].line, 1u);
  EXPECT_EQ(rule.diagnostics[0].column, 7u);
  EXPECT_EQ(rule.query, "SecurityEvent");
}

TEST(SentinelYamlReader, DuplicateKeyWarnsAndTheSecondWins) {
  std::string text = "name: First\ntactics:\n  - Impact\nquery: T\nname: Second\ntactics: [Discovery]\n";
  ReadResult result = read_rule_file("r.yaml", text);
  ASSERT_EQ(result.rules.size(), 1u);
  const Rule& rule = result.rules[0];
  EXPECT_EQ(rule.name, "Second");
  EXPECT_EQ(rule.tactics, (std::vector<std::string>{"Discovery"}));
  ASSERT_EQ(rule.diagnostics.size(), 2u);
  EXPECT_EQ(rule.diagnostics[0].severity, Severity::warning);
  EXPECT_EQ(rule.diagnostics[0].message, "duplicate key `name`: the second value wins (the first is on line 1)");
  EXPECT_EQ(rule.diagnostics[0].line, 5u);
  EXPECT_EQ(rule.diagnostics[0].column, 1u);
  EXPECT_EQ(rule.diagnostics[1].line, 6u);
}

}  // namespace
}  // namespace ruledex
