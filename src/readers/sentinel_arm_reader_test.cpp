#include <gtest/gtest.h>

#include "readers/arm_expressions.h"
#include "readers/rule_reader.h"

namespace ruledex {
namespace {

using readers::ArmScope;
using readers::Json;

std::string metadata(const Rule& rule, std::string_view key) {
  for (const auto& [k, v] : rule.metadata)
    if (k == key) return v;
  return "<absent>";
}

bool has_diagnostic(const Rule& rule, Severity severity, std::string_view part) {
  for (const Diagnostic& d : rule.diagnostics)
    if (d.severity == severity && d.message.find(part) != std::string::npos) return true;
  return false;
}

TEST(ArmExpressions, EvaluatesStringFunctionsParametersAndVariables) {
  Json tmpl = Json::parse(R"({
    "parameters": {"workspace": {"type": "string", "defaultValue": "ws"}, "id": {"type": "string", "defaultValue": "[newGuid()]"},
                   "given": {"type": "string"}, "tactics": {"type": "array", "defaultValue": ["Discovery"]}},
    "variables": {"ContentId": "abc", "name": "[concat(parameters('workspace'), '/', variables('contentid'))]"}})");
  ArmScope scope(tmpl);
  EXPECT_EQ(scope.evaluate_string("[variables('name')]").value, "ws/abc");
  EXPECT_EQ(scope.evaluate_string("[format('{0}-{1}', toUpper('a'), 2)]").value, "A-2");
  EXPECT_EQ(scope.evaluate_string("[replace(toLower('A.B'), '.', '_')]").value, "a_b");
  EXPECT_EQ(scope.evaluate_string("[parameters('tactics')]").value, Json::parse(R"(["Discovery"])"));
  EXPECT_EQ(scope.evaluate_string("[last(split('a/b/c', '/'))]").value, "c");
  EXPECT_EQ(scope.evaluate_string("[[literal]").value, "[literal]");
  EXPECT_EQ(scope.evaluate_string("plain").value, "plain");
  readers::ArmValue guid = scope.evaluate_string("[concat(parameters('workspace'), '/', parameters('id'))]");
  EXPECT_FALSE(guid.exact);
  EXPECT_EQ(guid.unknown, "[newGuid()]");  // the default as written
  readers::ArmValue given = scope.evaluate_string("[concat(parameters('given'), '/x/0000')]");
  EXPECT_FALSE(given.exact);
  EXPECT_EQ(given.value, "parameters('given')/x/0000");
  EXPECT_FALSE(scope.evaluate_string("[concat('a']").error.empty());
  EXPECT_EQ(scope.evaluate_string("[concat('a'").value, "[concat('a'");  // no closing bracket: a literal
  EXPECT_FALSE(scope.evaluate_string("[variables('missing')]").error.empty());
}

// Each variable twice the one before: evaluated once each, and refused once too large.
TEST(ArmExpressions, DoublingVariablesStayBounded) {
  Json tmpl = Json::parse(R"({"variables": {"v0": "0123456789abcdef"}})");
  for (int i = 1; i <= 40; ++i)
    tmpl["variables"]["v" + std::to_string(i)] =
        "[concat(variables('v" + std::to_string(i - 1) + "'), variables('v" + std::to_string(i - 1) + "'))]";
  ArmScope scope(tmpl);
  EXPECT_EQ(scope.evaluate_string("[variables('v4')]").value.get<std::string>().size(), 256u);
  EXPECT_FALSE(scope.evaluate_string("[variables('v40')]").error.empty());
}

TEST(ArmExpressions, SelfReferenceStops) {
  Json tmpl = Json::parse(R"({"variables": {"a": "[variables('b')]", "b": "[variables('a')]"}})");
  EXPECT_FALSE(ArmScope(tmpl).evaluate_string("[variables('a')]").error.empty());
}

constexpr std::string_view kTemplate = R"({
  // ARM accepts comments
  "parameters": {"workspace": {"type": "string"}},
  "variables": {"sev": "High"},
  "resources": [
    {
      "type": "Microsoft.OperationalInsights/workspaces/providers/alertRules",
      "name": "[concat(parameters('workspace'),'/Microsoft.SecurityInsights/11111111-2222-3333-4444-555555555555')]",
      "kind": "Scheduled",
      "properties": {
        "displayName": "Caller identity",
        "description": "Finds \"things\".",
        "severity": "[variables('sev')]",
        "enabled": true,
        "query": "AWSCloudTrail\n| where EventName =~ \"GetCallerIdentity\"\n| extend AccountName = UserIdentityUserName",
        "queryFrequency": "PT1H",
        "triggerOperator": "GreaterThan",
        "tactics": ["CredentialAccess"],
        "techniques": ["T1580"],
        "subTechniques": ["T1078.004"],
        "entityMappings": [{"entityType": "Account", "fieldMappings": [{"identifier": "Name", "columnName": "AccountName"}]}],
        "customDetails": {"EventName": "EventName"},
        "alertDetailsOverride": {"alertDisplayNameFormat": "By {{AccountName}}"},
        "eventGroupingSettings": {"aggregationKind": "SingleAlert"},
        /* grouping */
        "incidentConfiguration": {"createIncident": true}
      }
    },
    {
      "type": "Microsoft.OperationalInsights/workspaces/providers/alertRules",
      "name": "[concat(parameters('workspace'),'/Microsoft.SecurityInsights/fusion')]",
      "kind": "Fusion",
      "properties": {"alertRuleTemplateName": "f71aba3d", "enabled": true}
    }
  ]
})";

TEST(SentinelArmReader, MapsATemplatesRulesLikeTheYamlReader) {
  ReadResult result = read_rule_file("rules/template.json", kTemplate);
  EXPECT_EQ(result.format, "sentinel-arm");
  ASSERT_EQ(result.rules.size(), 2u);
  const Rule& rule = result.rules[0];
  EXPECT_EQ(rule.id, "11111111-2222-3333-4444-555555555555");
  EXPECT_EQ(rule.name, "Caller identity");
  EXPECT_EQ(rule.description, "Finds \"things\".");
  EXPECT_EQ(rule.severity, "High");
  EXPECT_EQ(rule.kind, "Scheduled");
  EXPECT_EQ(rule.query,
            "AWSCloudTrail\n| where EventName =~ \"GetCallerIdentity\"\n| extend AccountName = UserIdentityUserName");
  EXPECT_EQ(rule.query_line, 15u);
  EXPECT_EQ(rule.query_indent, 18u);
  EXPECT_TRUE(rule.query_on_one_line);
  EXPECT_EQ(rule.tactics, (std::vector<std::string>{"Credential Access"}));
  ASSERT_EQ(rule.techniques.size(), 2u);
  EXPECT_EQ(rule.techniques[1].id, "T1078.004");
  ASSERT_EQ(rule.entity_mappings.size(), 1u);
  EXPECT_EQ(rule.entity_mappings[0].fields[0].second, "AccountName");
  EXPECT_EQ(rule.custom_details.size(), 1u);
  EXPECT_EQ(rule.alert_details[0].second, "By {{AccountName}}");
  EXPECT_EQ(metadata(rule, "eventGroupingSettings"), "{aggregationKind: SingleAlert}");
  EXPECT_EQ(metadata(rule, "queryFrequency"), "PT1H");
  EXPECT_EQ(metadata(rule, "enabled"), "true");
  EXPECT_EQ(rule.query_count, 2u);
  const Rule& fusion = result.rules[1];
  EXPECT_EQ(fusion.kind, "Fusion");
  EXPECT_TRUE(fusion.query.empty());
  EXPECT_TRUE(has_diagnostic(fusion, Severity::note, "no query")) << fusion.diagnostics.size();
  EXPECT_FALSE(has_diagnostic(fusion, Severity::error, ""));
}

TEST(SentinelArmReader, RestPayloadsAndSolutionPackages) {
  ReadResult rest = read_rule_file("payload.json",
                                   "[{\"kind\": \"NRT\", \"properties\": {\"displayName\": \"R\", \"query\": \"T | take 1\"}}]");
  ASSERT_EQ(rest.rules.size(), 1u);
  EXPECT_EQ(rest.rules[0].kind, "NRT");
  EXPECT_EQ(rest.rules[0].query_line, 1u);
  ReadResult package = read_rule_file("Package/mainTemplate.json", R"({
  "variables": {"analyticRulecontentId1": "aaaa-bbbb", "_ver": "1.0.0"},
  "resources": [{
    "type": "Microsoft.Resources/templateSpecs/versions",
    "properties": {"mainTemplate": {"resources": [{
      "type": "Microsoft.SecurityInsights/AlertRuleTemplates",
      "name": "[variables('AnalyticRulecontentId1')]",
      "kind": "Scheduled",
      "properties": {"displayName": "Packaged", "query": "T\n| where A == 1", "templateVersion": "[variables('_ver')]"}
    }]}}
  }, {
    "type": "Microsoft.OperationalInsights/workspaces/providers/contentTemplates",
    "properties": {"mainTemplate": {"resources": [{
      "type": "Microsoft.SecurityInsights/AlertRuleTemplates", "name": "cccc", "kind": "NRT",
      "properties": {"displayName": "Content", "query": "T\n| where A == 1"}
    }]}}
  }]})");
  ASSERT_EQ(package.rules.size(), 2u);
  EXPECT_EQ(package.rules[0].id, "aaaa-bbbb");
  EXPECT_EQ(metadata(package.rules[0], "templateVersion"), "1.0.0");
  EXPECT_EQ(package.rules[1].id, "cccc");
  EXPECT_EQ(package.rules[0].query_line, 9u);
  EXPECT_EQ(package.rules[1].query_line, 15u);  // the second copy of the same query
}

TEST(SentinelArmReader, ExpressionsOnlyADeploymentKnowsAreKeptWithANote) {
  ReadResult result = read_rule_file("t.json", R"({"parameters": {"id": {"type": "string", "defaultValue": "[newGuid()]"}},
  "resources": [{"type": "Microsoft.SecurityInsights/alertRules", "name": "[parameters('id')]", "kind": "Scheduled",
  "properties": {"displayName": "[concat('x', resourceId('a', 'b'))]", "query": "T"}}]})");
  ASSERT_EQ(result.rules.size(), 1u);
  EXPECT_EQ(result.rules[0].name, "[concat('x', resourceId('a', 'b'))]");
  EXPECT_EQ(result.rules[0].id, "t");
  EXPECT_TRUE(has_diagnostic(result.rules[0], Severity::note, "only known at deployment"));
}

TEST(SentinelArmReader, BadJsonIsAnErrorAtItsPlace) {
  ReadResult result = read_rule_file("t.json", "{\"resources\": [\n{\"type\": \"x/alertRules\",, }]}");
  ASSERT_EQ(result.rules.size(), 1u);
  ASSERT_EQ(result.rules[0].diagnostics.size(), 1u);
  EXPECT_EQ(result.rules[0].diagnostics[0].line, 2u);
  std::string deep = "{\"type\": \"x/alertRules\", \"a\": " + std::string(10000, '[') + std::string(10000, ']') + "}";
  ReadResult too_deep = read_rule_file("deep.json", deep);
  ASSERT_EQ(too_deep.rules.size(), 1u);
  EXPECT_TRUE(has_diagnostic(too_deep.rules[0], Severity::error, "nested deeper"));
}

TEST(SentinelArmReader, ParametersFilesAreSupportFiles) {
  ReadResult result = read_rule_file(
      "x.parameters.json",
      R"({"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#", "parameters": {}})");
  EXPECT_FALSE(result.recognised);
  EXPECT_EQ(result.format, "arm-parameters");
}

}  // namespace
}  // namespace ruledex
