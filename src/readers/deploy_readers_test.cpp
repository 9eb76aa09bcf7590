// The Bicep and Defender detection readers on small hand-written files.
#include <gtest/gtest.h>

#include "readers/rule_reader.h"

namespace ruledex {
namespace {

std::string metadata(const Rule& rule, std::string_view key) {
  for (const auto& [k, v] : rule.metadata)
    if (k == key) return v;
  return "<absent>";
}

bool has_note(const Rule& rule, std::string_view part) {
  for (const Diagnostic& d : rule.diagnostics)
    if (d.severity == Severity::note && d.message.find(part) != std::string::npos) return true;
  return false;
}

constexpr std::string_view kBicep = R"(param workspaceName string
param hours int = 1
param severity string = 'High'
var guids = [
  'aaaa'
]
resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: workspaceName
}
resource bruteForce 'Microsoft.SecurityInsights/alertRules@2023-02-01' = {
  scope: workspace
  name: guid(workspace.id, 'brute-force')
  kind: 'Scheduled'
  properties: {
    displayName: 'Brute force'
    severity: severity
    query: 'let lookback = ${hours}h;\nSigninLogs\n| where ResultType != "0"'
    tactics: [
      'CredentialAccess'
    ]
    techniques: [ 'T1110' ]
    customDetails: {
      Count: 'FailedAttempts'
    }
  }
}
resource other 'Microsoft.OperationalInsights/workspaces/providers/alertRules@2022-01-01' = if (hours > 0) {
  name: '${workspaceName}/Microsoft.SecurityInsights/bbbb'
  kind: 'NRT'
  properties: {
    displayName: 'Multi-line'
    query: '''
SigninLogs
| where ResultType == "0"
'''
  }
}
resource ti 'Microsoft.SecurityInsights/alertRules@2023-02-01-preview' = [for g in guids: {
  name: guid(workspace.id, g)
  kind: 'ThreatIntelligence'
  properties: {
    alertRuleTemplateName: g
  }
}]
)";

TEST(SentinelBicepReader, EachAlertRuleDeclarationIsARule) {
  ReadResult result = read_rule_file("rules/brute.bicep", kBicep);
  EXPECT_EQ(result.format, "sentinel-bicep");
  EXPECT_TRUE(result.diagnostics.empty()) << result.diagnostics[0].message;
  ASSERT_EQ(result.rules.size(), 3u);
  const Rule& rule = result.rules[0];
  EXPECT_EQ(rule.name, "Brute force");
  EXPECT_EQ(rule.id, "brute#1");
  EXPECT_EQ(rule.severity, "High");
  EXPECT_EQ(rule.query, "let lookback = 1h;\nSigninLogs\n| where ResultType != \"0\"");
  EXPECT_EQ(rule.query_line, 17u);
  EXPECT_EQ(rule.query_indent, 12u);
  EXPECT_TRUE(rule.query_on_one_line);
  EXPECT_EQ(rule.tactics, (std::vector<std::string>{"Credential Access"}));
  EXPECT_EQ(rule.techniques.at(0).id, "T1110");
  EXPECT_EQ(rule.custom_details.at(0).second, "FailedAttempts");
  EXPECT_TRUE(has_note(rule, "guid(workspace.id, 'brute-force')"));
  const Rule& nrt = result.rules[1];
  EXPECT_EQ(nrt.kind, "NRT");
  EXPECT_EQ(nrt.id, "bbbb");
  EXPECT_EQ(nrt.query, "SigninLogs\n| where ResultType == \"0\"\n");
  EXPECT_EQ(nrt.query_line, 33u);
  EXPECT_EQ(nrt.query_indent, 0u);
  EXPECT_FALSE(nrt.query_on_one_line);
  EXPECT_TRUE(has_note(nrt, "deployed only if `hours > 0`"));
  const Rule& ti = result.rules[2];
  EXPECT_EQ(ti.kind, "ThreatIntelligence");
  EXPECT_EQ(ti.name, "ti");
  EXPECT_TRUE(has_note(ti, "loop over `guids`"));
  EXPECT_TRUE(has_note(ti, "no query"));
}

TEST(SentinelBicepReader, ParameterFilesAndOtherBicepAreNoRules) {
  EXPECT_EQ(read_rule_file("p/x.bicepparam", "using '../rules/x.bicep'\nparam hours = 2\n").format, "bicep-parameters");
  EXPECT_EQ(read_rule_file("main.bicep", "param x string\n").format, "bicep");
}

TEST(SentinelBicepReader, ParseErrorsAreReportedWithTheirLine) {
  ReadResult result = read_rule_file("r.bicep", "resource r 'Microsoft.SecurityInsights/alertRules@2023-02-01' = {\n  name: \n}\n");
  ASSERT_FALSE(result.diagnostics.empty());
  EXPECT_EQ(result.diagnostics[0].line, 2u);
}

constexpr std::string_view kDefenderYaml = R"(displayName: Suspicious WMI
isEnabled: true
queryCondition:
  queryText: |
    DeviceProcessEvents
    | where InitiatingProcessFileName == "WmiPrvSE.exe"
schedule:
  period: "1H"
detectionAction:
  alertTemplate:
    title: "WMI"
    description: |
      Spawned a shell.
    severity: high
    category: LateralMovement
    mitreTechniques:
      - T1047
    recommendedActions: Isolate.
    impactedAssets:
      - "@odata.type": "#microsoft.graph.security.impactedDeviceAsset"
        identifier: deviceId
)";

TEST(DefenderDetectionReader, GraphDetectionRuleInYamlAndJson) {
  ReadResult yaml = read_rule_file("d/Wmi.yaml", kDefenderYaml);
  EXPECT_EQ(yaml.format, "defender-detection-yaml");
  ASSERT_EQ(yaml.rules.size(), 1u);
  const Rule& rule = yaml.rules[0];
  EXPECT_EQ(rule.platform, "defender");
  EXPECT_EQ(rule.language, "kql");
  EXPECT_EQ(rule.name, "Suspicious WMI");
  EXPECT_EQ(rule.status, "enabled");
  EXPECT_EQ(rule.query_line, 5u);
  EXPECT_EQ(rule.query_indent, 4u);
  EXPECT_EQ(rule.severity, "high");
  EXPECT_EQ(rule.description, "Spawned a shell.");
  EXPECT_EQ(rule.tactics, (std::vector<std::string>{"Lateral Movement"}));
  EXPECT_EQ(rule.techniques.at(0).id, "T1047");
  EXPECT_EQ(metadata(rule, "schedule"), "1H");
  EXPECT_EQ(metadata(rule, "alert title"), "WMI");
  ASSERT_EQ(rule.entity_mappings.size(), 1u);
  EXPECT_EQ(rule.entity_mappings[0].entity_type, "Device");
  EXPECT_EQ(rule.entity_mappings[0].fields[0].second, "deviceId");

  ReadResult json = read_rule_file("d/Wmi.json", R"({"displayName": "J", "isEnabled": false,
  "queryCondition": {"queryText": "DeviceEvents\n| take 1"}, "schedule": {"period": "0"},
  "detectionAction": {"alertTemplate": {"title": "J", "severity": "low", "category": "Malware"}}})");
  EXPECT_EQ(json.format, "defender-detection-json");
  ASSERT_EQ(json.rules.size(), 1u);
  EXPECT_EQ(json.rules[0].status, "disabled");
  EXPECT_EQ(json.rules[0].query, "DeviceEvents\n| take 1");
  EXPECT_EQ(json.rules[0].query_line, 2u);
  EXPECT_TRUE(json.rules[0].query_on_one_line);
  EXPECT_EQ(metadata(json.rules[0], "category"), "Malware");
}

}  // namespace
}  // namespace ruledex
