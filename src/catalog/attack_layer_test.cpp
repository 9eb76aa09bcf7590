#include "catalog/attack_layer.h"

#include <gtest/gtest.h>

#include "attack/attack_catalog.h"
#include "catalog/test_rules.h"

namespace ruledex {
namespace {

using testing::rule;

TEST(AttackLayer, ScoresTechniquesByRuleCount) {
  std::vector<Rule> rules = {rule("a", "sentinel", {}, {}), rule("b", "sigma", {}, {}), rule("c", "sentinel", {}, {})};
  rules[0].techniques = {{"T1580", ""}, {"t1059.001", ""}};
  rules[1].techniques = {{"T1580", ""}, {"T1580", ""}};
  Catalog catalog = testing::catalog_of(std::move(rules));
  auto layer = attack_layer_json(catalog, nullptr);

  EXPECT_EQ(layer["versions"]["layer"], "4.5");
  EXPECT_EQ(layer["domain"], "enterprise-attack");
  ASSERT_EQ(layer["techniques"].size(), 2u);
  const auto& sub = layer["techniques"][0];
  EXPECT_EQ(sub["techniqueID"], "T1059.001");
  EXPECT_EQ(sub["score"], 1);
  const auto& cloud = layer["techniques"][1];
  EXPECT_EQ(cloud["techniqueID"], "T1580");
  EXPECT_EQ(cloud["score"], 2);
  EXPECT_EQ(cloud["comment"], "2 rules");
  ASSERT_EQ(cloud["metadata"].size(), 2u);
  EXPECT_EQ(cloud["metadata"][0]["value"], "rule a (sentinel)");
  EXPECT_EQ(cloud["metadata"][1]["value"], "rule b (sigma)");
  EXPECT_EQ(layer["gradient"]["maxValue"], 2);
}

TEST(AttackLayer, LeavesOutIdsThatAreNoTechniqueIds) {
  std::vector<Rule> rules = {rule("a", "sentinel", {}, {})};
  rules[0].techniques = {{"T1059\"><script>", ""}, {"%", ""}, {"T10", ""}, {"T1059.1", ""}, {"t1580", ""}, {"T1059.001", ""}};
  auto layer = attack_layer_json(testing::catalog_of(std::move(rules)), nullptr);
  ASSERT_EQ(layer["techniques"].size(), 2u);
  EXPECT_EQ(layer["techniques"][0]["techniqueID"], "T1059.001");
  EXPECT_EQ(layer["techniques"][1]["techniqueID"], "T1580");
}

TEST(AttackLayer, MarksRevokedTechniquesFromTheBundle) {
  AttackCatalog attack = AttackCatalog::parse(R"({"type": "bundle", "objects": [
    {"type": "attack-pattern", "id": "attack-pattern--1", "name": "Old", "revoked": true,
     "external_references": [{"source_name": "mitre-attack", "external_id": "T1000"}]}]})",
                                              "a.json");
  std::vector<Rule> rules = {rule("a", "sentinel", {}, {})};
  rules[0].techniques = {{"T1000", ""}};
  auto layer = attack_layer_json(testing::catalog_of(std::move(rules)), &attack);
  EXPECT_EQ(layer["techniques"][0]["comment"], "1 rule; revoked");
}

}  // namespace
}  // namespace ruledex
