#include "attack/attack_catalog.h"

#include <filesystem>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

namespace ruledex {
namespace {

// A bundle shaped like MITRE's: a matrix that orders the tactics differently
// from the file, a technique, its sub-technique, a revoked and a deprecated one.
constexpr const char* kBundle = R"({
  "type": "bundle", "id": "bundle--1",
  "objects": [
    {"type": "x-mitre-tactic", "id": "x-mitre-tactic--exec", "name": "Execution",
     "x_mitre_shortname": "execution", "description": "dropped while parsing",
     "external_references": [{"source_name": "mitre-attack", "external_id": "TA0002",
                              "url": "https://attack.mitre.org/tactics/TA0002"}]},
    {"type": "x-mitre-tactic", "id": "x-mitre-tactic--cred", "name": "Credential Access",
     "x_mitre_shortname": "credential-access",
     "external_references": [{"source_name": "mitre-attack", "external_id": "TA0006"}]},
    {"type": "x-mitre-matrix", "id": "x-mitre-matrix--1", "name": "Enterprise ATT&CK",
     "tactic_refs": ["x-mitre-tactic--cred", "x-mitre-tactic--exec"]},
    {"type": "attack-pattern", "id": "attack-pattern--sub", "name": "PowerShell",
     "x_mitre_is_subtechnique": true,
     "kill_chain_phases": [{"kill_chain_name": "mitre-attack", "phase_name": "execution"}],
     "external_references": [{"source_name": "capec", "external_id": "CAPEC-1"},
                             {"source_name": "mitre-attack", "external_id": "T1059.001"}]},
    {"type": "attack-pattern", "id": "attack-pattern--parent",
     "name": "Command and Scripting Interpreter",
     "kill_chain_phases": [{"kill_chain_name": "mitre-attack", "phase_name": "execution"}],
     "external_references": [{"source_name": "mitre-attack", "external_id": "T1059"}]},
    {"type": "attack-pattern", "id": "attack-pattern--old", "name": "Old Technique",
     "revoked": true,
     "external_references": [{"source_name": "mitre-attack", "external_id": "T1066"}]},
    {"type": "attack-pattern", "id": "attack-pattern--dep", "name": "Hypervisor",
     "x_mitre_deprecated": true,
     "external_references": [{"source_name": "mitre-attack", "external_id": "T1062"}]},
    {"type": "attack-pattern", "id": "attack-pattern--noid", "name": "No ATT&CK id"},
    {"type": "relationship", "id": "relationship--1", "relationship_type": "subtechnique-of"}
  ]
})";

TEST(AttackCatalogTest, ReadsTechniquesWithTheirNamesAndTactics) {
  AttackCatalog catalog = AttackCatalog::parse(kBundle, "inline.json");
  EXPECT_EQ(catalog.technique_count(), 4u);
  const AttackTechnique* parent = catalog.technique("T1059");
  ASSERT_NE(parent, nullptr);
  EXPECT_EQ(parent->name, "Command and Scripting Interpreter");
  EXPECT_FALSE(parent->subtechnique);
  EXPECT_EQ(parent->parent_name, "");
  EXPECT_EQ(parent->tactics, std::vector<std::string>{"execution"});
}

TEST(AttackCatalogTest, NamesSubTechniquesAfterTheirParent) {
  AttackCatalog catalog = AttackCatalog::parse(kBundle, "inline.json");
  const AttackTechnique* sub = catalog.technique("t1059.001");  // ids ignore case
  ASSERT_NE(sub, nullptr);
  EXPECT_EQ(sub->id, "T1059.001");
  EXPECT_EQ(sub->name, "PowerShell");
  EXPECT_TRUE(sub->subtechnique);
  EXPECT_EQ(sub->parent_name, "Command and Scripting Interpreter");
}

TEST(AttackCatalogTest, FlagsRevokedAndDeprecatedTechniques) {
  AttackCatalog catalog = AttackCatalog::parse(kBundle, "inline.json");
  ASSERT_NE(catalog.technique("T1066"), nullptr);
  EXPECT_TRUE(catalog.technique("T1066")->revoked);
  EXPECT_FALSE(catalog.technique("T1066")->deprecated);
  ASSERT_NE(catalog.technique("T1062"), nullptr);
  EXPECT_TRUE(catalog.technique("T1062")->deprecated);
  EXPECT_FALSE(catalog.technique("T1062")->revoked);
  EXPECT_EQ(catalog.technique("T9999"), nullptr);
}

TEST(AttackCatalogTest, OrdersTacticsAsTheMatrixDoes) {
  AttackCatalog catalog = AttackCatalog::parse(kBundle, "inline.json");
  ASSERT_EQ(catalog.tactics().size(), 2u);
  EXPECT_EQ(catalog.tactics()[0].id, "TA0006");
  EXPECT_EQ(catalog.tactics()[1].id, "TA0002");
}

TEST(AttackCatalogTest, FindsTacticsByIdNameOrShortname) {
  AttackCatalog catalog = AttackCatalog::parse(kBundle, "inline.json");
  for (const char* key : {"Credential Access", "CredentialAccess", "credential-access", "TA0006",
                          "ta0006", "credential_access"}) {
    const AttackTactic* tactic = catalog.tactic(key);
    ASSERT_NE(tactic, nullptr) << key;
    EXPECT_EQ(tactic->name, "Credential Access") << key;
    EXPECT_EQ(tactic->shortname, "credential-access") << key;
  }
  EXPECT_EQ(catalog.tactic("Exfiltration"), nullptr);
}

TEST(AttackCatalogTest, KeepsTheLiveTechniqueWhenAnIdRepeats) {
  AttackCatalog catalog = AttackCatalog::parse(R"({"objects": [
    {"type": "attack-pattern", "name": "Gone", "revoked": true,
     "external_references": [{"source_name": "mitre-attack", "external_id": "T1000"}]},
    {"type": "attack-pattern", "name": "Live",
     "external_references": [{"source_name": "mitre-attack", "external_id": "T1000"}]}]})",
                                               "dup.json");
  ASSERT_NE(catalog.technique("T1000"), nullptr);
  EXPECT_EQ(catalog.technique("T1000")->name, "Live");
}

void expect_error_mentions(const std::string& text, const std::string& needle) {
  try {
    AttackCatalog::parse(text, "bad-bundle.json");
    FAIL() << "no error for: " << text;
  } catch (const std::runtime_error& e) {
    std::string message = e.what();
    EXPECT_NE(message.find("bad-bundle.json"), std::string::npos) << message;
    EXPECT_NE(message.find(needle), std::string::npos) << message;
  }
}

TEST(AttackCatalogTest, RejectsMalformedInputNamingTheFile) {
  expect_error_mentions(R"({"objects": [ {"type": )", "byte 24");
  expect_error_mentions("", "not valid JSON");
  expect_error_mentions(R"({"type": "bundle"})", "not a STIX bundle");
  expect_error_mentions(R"([1, 2])", "not a STIX bundle");
  expect_error_mentions(R"({"objects": [{"type": "identity"}, 3, "x"]})", "no ATT&CK techniques");
}

TEST(AttackCatalogTest, RejectsDeepNestingWithItsPosition) {
  std::string text = "{\"objects\": [\n" + std::string(1000000, '[') + std::string(1000000, ']') + "]}";
  try {
    AttackCatalog::parse(text, "deep.json");
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "deep.json:2:127: nesting deeper than 128 levels");
  }
}

TEST(AttackCatalogTest, ToleratesOddlyTypedProperties) {
  AttackCatalog catalog = AttackCatalog::parse(R"({"objects": [
    {"type": "attack-pattern", "name": 7, "revoked": "yes", "kill_chain_phases": {},
     "external_references": [5, {"source_name": "mitre-attack", "external_id": "T1001"}]}]})",
                                               "odd.json");
  const AttackTechnique* technique = catalog.technique("T1001");
  ASSERT_NE(technique, nullptr);
  EXPECT_EQ(technique->name, "");
  EXPECT_FALSE(technique->revoked);
  EXPECT_TRUE(technique->tactics.empty());
}

TEST(AttackCatalogTest, LoadNamesAMissingFile) {
  try {
    AttackCatalog::load("/nonexistent/enterprise-attack.json");
    FAIL() << "no error for a missing file";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/enterprise-attack.json"), std::string::npos);
  }
}

TEST(AttackCatalogTest, ReadsTheExampleBundleThatShipsWithRuledex) {
  auto path = std::filesystem::path(RULEDEX_SOURCE_DIR) / "examples" / "attack" / "enterprise-attack-excerpt.json";
  AttackCatalog catalog = AttackCatalog::load(path);
  EXPECT_EQ(catalog.technique_count(), 10u);
  ASSERT_NE(catalog.technique("T1078.004"), nullptr);
  EXPECT_EQ(catalog.technique("T1078.004")->name, "Cloud Accounts");
  EXPECT_EQ(catalog.technique("T1078.004")->parent_name, "Valid Accounts");
  EXPECT_EQ(catalog.technique("T1078.004")->tactics.size(), 4u);
  ASSERT_EQ(catalog.tactics().size(), 7u);
  EXPECT_EQ(catalog.tactics().front().name, "Initial Access");
  ASSERT_NE(catalog.tactic("DefenseEvasion"), nullptr);
  EXPECT_EQ(catalog.tactic("DefenseEvasion")->id, "TA0005");
}

std::filesystem::path shared_bundle() {
  return std::filesystem::path(RULEDEX_SHARED_DIR) / "attack" / "enterprise-attack.json";
}

TEST(AttackCatalogSharedTest, ReadsTheEnterpriseBundle) {
  if (!std::filesystem::exists(shared_bundle()))
    GTEST_SKIP() << "shared ATT&CK bundle not found at " << shared_bundle();
  AttackCatalog catalog = AttackCatalog::load(shared_bundle());
  EXPECT_EQ(catalog.technique_count(), 835u);
  ASSERT_NE(catalog.technique("T1580"), nullptr);
  EXPECT_EQ(catalog.technique("T1580")->name, "Cloud Infrastructure Discovery");
  EXPECT_EQ(catalog.technique("T1580")->tactics, std::vector<std::string>{"discovery"});

  const AttackTechnique* lsass = catalog.technique("T1003.001");
  ASSERT_NE(lsass, nullptr);
  EXPECT_EQ(lsass->name, "LSASS Memory");
  EXPECT_EQ(lsass->parent_name, "OS Credential Dumping");
  EXPECT_TRUE(lsass->subtechnique);
  ASSERT_NE(catalog.technique("T1059.001"), nullptr);
  EXPECT_EQ(catalog.technique("T1059.001")->parent_name, "Command and Scripting Interpreter");

  ASSERT_NE(catalog.technique("T1066"), nullptr);
  EXPECT_TRUE(catalog.technique("T1066")->revoked);
  ASSERT_NE(catalog.technique("T1062"), nullptr);
  EXPECT_TRUE(catalog.technique("T1062")->deprecated);

  ASSERT_EQ(catalog.tactics().size(), 14u);
  EXPECT_EQ(catalog.tactics().front().id, "TA0043");  // Reconnaissance opens the matrix
  EXPECT_EQ(catalog.tactics().back().id, "TA0040");   // Impact closes it
  for (const char* key : {"Credential Access", "CredentialAccess", "credential-access", "TA0006"}) {
    ASSERT_NE(catalog.tactic(key), nullptr) << key;
    EXPECT_EQ(catalog.tactic(key)->id, "TA0006") << key;
  }
}

}  // namespace
}  // namespace ruledex
