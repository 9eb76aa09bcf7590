#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "readers/format_readers.h"
#include "readers/rule_reader.h"

namespace ruledex {
namespace {

constexpr std::string_view kRule = R"(title: AWS STS GetCallerIdentity Enumeration
id: 9b1b8e9b-0a5d-4af1-9d2f-4c4b6e7c2c9d
status: experimental
description: |
    Detects GetCallerIdentity calls.
references:
    - https://example.com/a
author: Someone
date: 2025-10-12
modified: 2025-11-01
tags:
    - attack.discovery
    - attack.t1087.004
    - attack.credential_access
    - attack.T1552
    - attack.g0016
    - cve.2021-44228
    - detection.threat-hunting
logsource:
    product: aws
    service: cloudtrail
detection:
    selection:
        eventName: 'GetCallerIdentity'
    condition: selection
falsepositives:
    - Scanners
level: medium
related:
    - id: 0f06a3a5-6a09-413f-8743-e6cf35561297
      type: derived
)";

std::string meta(const Rule& rule, std::string_view key) {
  for (const auto& [k, v] : rule.metadata)
    if (k == key) return v;
  return "<none>";
}

TEST(SigmaYamlReader, Metadata) {
  ReadResult result = read_rule_file("rules/aws.yml", kRule);
  ASSERT_TRUE(result.recognised);
  EXPECT_EQ(result.format, "sigma-yaml");
  ASSERT_EQ(result.rules.size(), 1u);
  const Rule& rule = result.rules[0];
  EXPECT_EQ(rule.name, "AWS STS GetCallerIdentity Enumeration");
  EXPECT_EQ(rule.id, "9b1b8e9b-0a5d-4af1-9d2f-4c4b6e7c2c9d");
  EXPECT_EQ(rule.status, "experimental");
  EXPECT_EQ(rule.description, "Detects GetCallerIdentity calls.");
  EXPECT_EQ(rule.severity, "medium");
  EXPECT_EQ(rule.platform, "sigma");
  EXPECT_EQ(rule.language, "sigma");
  EXPECT_EQ(rule.kind, "rule");
  EXPECT_EQ(rule.tactics, (std::vector<std::string>{"Discovery", "Credential Access"}));
  ASSERT_EQ(rule.techniques.size(), 2u);
  EXPECT_EQ(rule.techniques[0].id, "T1087.004");
  EXPECT_EQ(rule.techniques[1].id, "T1552");
  EXPECT_EQ(rule.data_sources, std::vector<std::string>{"aws/cloudtrail"});
  EXPECT_EQ(meta(rule, "author"), "Someone");
  EXPECT_EQ(meta(rule, "date"), "2025-10-12");
  EXPECT_EQ(meta(rule, "modified"), "2025-11-01");
  EXPECT_EQ(meta(rule, "references"), "https://example.com/a");
  EXPECT_EQ(meta(rule, "falsepositives"), "Scanners");
  EXPECT_EQ(meta(rule, "related"), "derived 0f06a3a5-6a09-413f-8743-e6cf35561297");
  EXPECT_NE(meta(rule, "tags").find("cve.2021-44228"), std::string::npos);
  EXPECT_EQ(meta(rule, "logsource"), "product: aws, service: cloudtrail");
  EXPECT_EQ(rule.query, kRule);
  EXPECT_EQ(rule.raw, kRule);
  EXPECT_EQ(rule.query_line, 1u);
}

TEST(SigmaYamlReader, DataSourceForms) {
  auto sources = [](std::string_view logsource) {
    std::string text = "title: t\nlogsource:\n" + std::string(logsource) + "detection:\n  s:\n    a: 1\n  condition: s\n";
    return read_rule_file("r.yml", text).rules.at(0).data_sources;
  };
  EXPECT_EQ(sources("  product: windows\n  category: process_creation\n"),
            std::vector<std::string>{"windows/process_creation"});
  EXPECT_EQ(sources("  product: windows\n  service: security\n"), std::vector<std::string>{"windows/security"});
  EXPECT_EQ(sources("  category: proxy\n"), std::vector<std::string>{"proxy"});
  EXPECT_EQ(sources("  product: linux\n"), std::vector<std::string>{"linux"});
}

TEST(SigmaYamlReader, MultiDocumentFile) {
  std::string text =
      "title: Failed login\nname: failed_login\nlogsource:\n  product: windows\n  service: security\n"
      "detection:\n  selection:\n    EventID: 4625\n  condition: selection\n"
      "---\n"
      "title: Many failed logins\ncorrelation:\n  type: event_count\n  rules: failed_login\n"
      "  group-by: [IpAddress]\n  timespan: 5m\n  condition:\n    gte: 10\n";
  ReadResult result = read_rule_file("corr.yml", text);
  ASSERT_EQ(result.rules.size(), 2u);
  EXPECT_EQ(result.rules[0].name, "Failed login");
  EXPECT_EQ(result.rules[0].kind, "rule");
  EXPECT_EQ(meta(result.rules[0], "name"), "failed_login");
  EXPECT_EQ(result.rules[1].name, "Many failed logins");
  EXPECT_EQ(result.rules[1].kind, "correlation");
  EXPECT_EQ(result.rules[1].query_line, 11u);
  EXPECT_EQ(result.rules[1].query_index, 1u);
  EXPECT_EQ(result.rules[1].query_count, 2u);
  EXPECT_EQ(result.rules[1].raw, result.rules[1].query);
  EXPECT_EQ(result.rules[1].query.substr(0, 25), "title: Many failed logins");
}

TEST(SigmaYamlReader, CorrelationAloneIsSigma) {
  ReadResult result = read_rule_file("c.yml", "title: x\ncorrelation:\n  type: temporal\n  rules: [a, b]\n  timespan: 1h\n");
  EXPECT_EQ(result.format, "sigma-yaml");
  ASSERT_EQ(result.rules.size(), 1u);
  EXPECT_EQ(result.rules[0].kind, "correlation");
}

TEST(SigmaYamlReader, FilterIsSigma) {
  ReadResult result = read_rule_file(
      "f.yml", "title: x\nlogsource:\n  product: windows\nfilter:\n  rules: [a]\n  sel:\n    U: x\n  condition: not sel\n");
  EXPECT_EQ(result.format, "sigma-yaml");
  ASSERT_EQ(result.rules.size(), 1u);
  EXPECT_EQ(result.rules[0].kind, "filter");
}

TEST(SigmaYamlReader, LegacyCollection) {
  std::string text =
      "action: global\ntitle: Remote service\nid: g1\ntags:\n  - attack.t1543.003\n"
      "detection:\n  selection1:\n    EventID: 4624\n  condition: selection1 or selection2\n"
      "---\nlogsource:\n  product: windows\n  service: security\ndetection:\n  selection2:\n    EventID: 4697\n"
      "---\nlogsource:\n  product: windows\n  service: system\ndetection:\n  selection2:\n    EventID: 7045\n";
  ReadResult result = read_rule_file("legacy.yml", text);
  ASSERT_EQ(result.rules.size(), 2u);
  EXPECT_EQ(result.rules[0].id, "g1");
  EXPECT_EQ(result.rules[1].id, "g1#2");
  EXPECT_EQ(result.rules[1].name, "Remote service (2 of 2)");
  for (const Rule& rule : result.rules) {
    EXPECT_TRUE(rule.name.starts_with("Remote service"));
    EXPECT_EQ(rule.techniques.at(0).id, "T1543.003");
    EXPECT_EQ(rule.query_line, 1u);
    EXPECT_TRUE(rule.query.starts_with("action: global"));
  }
  EXPECT_EQ(result.rules[0].data_sources, std::vector<std::string>{"windows/security"});
  EXPECT_EQ(result.rules[1].data_sources, std::vector<std::string>{"windows/system"});
  // The global document's logsource merges with the rule's own.
  ReadResult merged = read_rule_file("m.yml", "action: global\ntitle: g\nlogsource:\n  product: windows\n  service: system\n"
                                              "---\nlogsource:\n  category: process_creation\ndetection:\n  s:\n    a: 1\n  condition: s\n");
  ASSERT_EQ(merged.rules.size(), 1u);
  EXPECT_EQ(merged.rules[0].data_sources, (std::vector<std::string>{"windows/system", "windows/process_creation"}));
  EXPECT_TRUE(result.rules[1].query.ends_with("EventID: 7045\n"));
}

TEST(SigmaYamlReader, InvalidYamlIsListedWithAnError) {
  ReadResult result = read_rule_file("bad.yml", "title: x\nlogsource:\n  product: a\ndetection:\n  sel: [unclosed\n");
  ASSERT_EQ(result.rules.size(), 1u);
  const Rule& rule = result.rules[0];
  ASSERT_EQ(rule.diagnostics.size(), 1u);
  EXPECT_EQ(rule.diagnostics[0].severity, Severity::error);
  EXPECT_NE(rule.diagnostics[0].message.find("invalid YAML"), std::string::npos);
  EXPECT_GE(rule.diagnostics[0].line, 5u);
  EXPECT_TRUE(rule.query.empty());
}

TEST(SigmaYamlReader, RuleWithoutLogsourceIsAnError) {
  ReadResult result = read_rule_file("r.yml", "title: t\ndetection:\n  sel:\n    a: 1\n  condition: sel\n");
  ASSERT_EQ(result.rules.size(), 1u);
  ASSERT_EQ(result.rules[0].diagnostics.size(), 1u);
  EXPECT_EQ(result.rules[0].diagnostics[0].severity, Severity::error);
  EXPECT_EQ(result.rules[0].diagnostics[0].message, "the rule has no logsource: it names no events to match");
  EXPECT_EQ(result.rules[0].diagnostics[0].line, 1u);
  // Correlations have none, by design.
  ReadResult correlation = read_rule_file(
      "c.yml", "title: c\ncorrelation:\n  type: event_count\n  rules: [a]\n  timespan: 1h\n  condition: {gte: 5}\n");
  ASSERT_EQ(correlation.rules.size(), 1u);
  EXPECT_TRUE(correlation.rules[0].diagnostics.empty());
}

TEST(SigmaYamlReader, CorpusTruffleHogRule) {
  std::filesystem::path path = std::filesystem::path(RULEDEX_SHARED_DIR) /
                               "corpus/sigma/rules/cloud/aws/cloudtrail/aws_sts_getcalleridentity_trufflehog.yml";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "the shared corpus is absent: " << path;
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  ReadResult result = read_rule_file(path.generic_string(), buffer.str());
  ASSERT_EQ(result.rules.size(), 1u);
  EXPECT_EQ(result.rules[0].name, "AWS STS GetCallerIdentity Enumeration Via TruffleHog");
  EXPECT_EQ(result.rules[0].data_sources, std::vector<std::string>{"aws/cloudtrail"});
  EXPECT_EQ(result.rules[0].tactics, std::vector<std::string>{"Discovery"});
}

}  // namespace
}  // namespace ruledex
