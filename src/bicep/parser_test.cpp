#include "bicep/parser.h"

#include <gtest/gtest.h>

namespace ruledex::bicep {
namespace {

constexpr std::string_view kTemplate = R"(targetScope = 'resourceGroup'
@description('Workspace')
param workspaceName string
param threshold int = 5
var guids = [
  'a' // first
  'b'
]
resource ws 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: workspaceName
}
resource rule 'Microsoft.SecurityInsights/alertRules@2023-02-01' = if (threshold > 1) {
  scope: ws
  name: guid(ws.id, 'x')
  properties: { displayName: 'Rule ${threshold}', tactics: [ 'Discovery', 'Execution' ] }
}
resource loop 'Microsoft.SecurityInsights/alertRules@2023-02-01' = [for (g, i) in guids: {
  name: g
  kind: 'ThreatIntelligence'
}]
output id string = rule.id
)";

TEST(BicepParser, ReadsTheStatementsOfATemplate) {
  File file = parse(kTemplate);
  ASSERT_TRUE(file.errors.empty()) << file.errors[0].message << " at " << file.errors[0].offset;
  ASSERT_EQ(file.statements.size(), 8u);
  EXPECT_EQ(file.statements[1].name, "workspaceName");
  EXPECT_EQ(file.statements[1].decorators.size(), 1u);
  EXPECT_EQ(file.statements[2].value->text, "5");
  EXPECT_EQ(file.statements[3].value->children.size(), 2u);
  EXPECT_TRUE(file.statements[4].existing);
  const Statement& rule = file.statements[5];
  EXPECT_EQ(rule.type, "Microsoft.SecurityInsights/alertRules@2023-02-01");
  ASSERT_EQ(rule.value->kind, ExprKind::condition);
  EXPECT_EQ(text_of(kTemplate, *rule.value->children[0]), "threshold > 1");
  const Expr& body = *rule.value->children[1];
  ASSERT_EQ(body.properties.size(), 3u);
  EXPECT_EQ(body.properties[1].second->kind, ExprKind::call);
  const Expr& display = *body.properties[2].second->properties[0].second;
  EXPECT_EQ(display.parts, (std::vector<std::string>{"Rule ", ""}));
  EXPECT_EQ(display.children[0]->text, "threshold");
  ASSERT_EQ(file.statements[6].value->kind, ExprKind::loop);
  EXPECT_EQ(file.statements[6].value->index_name, "i");
}

TEST(BicepParser, EscapesAndMultilineStrings) {
  File file = parse("var q = 'a\\nb \\'c\\' \\u{41}'\nvar m = '''\nline 1\nline 2\n'''\n");
  ASSERT_TRUE(file.errors.empty());
  EXPECT_EQ(file.statements[0].value->parts[0], "a\nb 'c' A");
  EXPECT_EQ(file.statements[1].value->parts[0], "line 1\nline 2\n");
}

TEST(BicepParser, ABadStatementIsReportedAndTheNextOneStillRead) {
  File file = parse("param = 3\nvar x = {\n  a: \n}\nvar ok = 1\n");
  EXPECT_EQ(file.errors.size(), 2u);
  ASSERT_FALSE(file.statements.empty());
  EXPECT_EQ(file.statements.back().name, "ok");
}

TEST(BicepParser, DeepNestingIsAnErrorNotACrash) {
  std::string deep = "var x = " + std::string(5000, '[') + std::string(5000, ']') + "\n";
  EXPECT_FALSE(parse(deep).errors.empty());
  std::string strings = "var y = ";
  for (int i = 0; i < 500; ++i) strings += "'${";
  EXPECT_FALSE(parse(strings).errors.empty());
}

}  // namespace
}  // namespace ruledex::bicep
