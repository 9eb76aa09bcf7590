#include "catalog/catalog_builder.h"

#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "catalog/catalog.h"
#include "catalog/test_rules.h"

namespace ruledex {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kSentinelRule = R"(id: 11111111-2222-3333-4444-555555555555
name: STS identity lookups
description: Assumed roles asking who they are.
severity: Low
tactics:
  - Discovery
relevantTechniques:
  - T1580
query: |
  AWSCloudTrail
  | where EventName =~ "GetCallerIdentity"
kind: Scheduled
)";

class CatalogBuilder : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(dir.path / "rules");
    write("rules/a.yaml", kSentinelRule);
    write("rules/b.yaml", std::string(kSentinelRule).replace(4, 1, "9"));
    options.inputs = {dir.path / "rules"};
    options.out = dir.path / "out";
    options.tool_identity = "test";
    options.jobs = 2;
  }
  void write(const std::string& name, std::string_view text) { std::ofstream(dir.path / name) << text; }

  testing::TempDir dir;
  BuildOptions options;
};

TEST_F(CatalogBuilder, WritesTheOutputsAndReusesUnchangedFiles) {
  BuildReport first = build_catalog(options);
  EXPECT_FALSE(first.up_to_date);
  EXPECT_EQ(first.files, 2u);
  EXPECT_EQ(first.files_reused, 0u);
  for (const char* name : {"catalog.db", "rules.ndjson", "attack-layer.json", "cache/analysis.bin"})
    EXPECT_TRUE(fs::exists(options.out / name)) << name;

  BuildReport second = build_catalog(options);
  EXPECT_TRUE(second.up_to_date);
  EXPECT_EQ(second.rules, first.rules);
  EXPECT_EQ(second.failures, first.failures);

  write("rules/b.yaml", std::string(kSentinelRule).replace(4, 1, "8"));
  BuildReport third = build_catalog(options);
  EXPECT_FALSE(third.up_to_date);
  EXPECT_EQ(third.files_reused, 1u);

  options.tool_identity = "another build of the tool";
  EXPECT_EQ(build_catalog(options).files_reused, 0u);
  // Nothing of the temporary folders is left behind.
  size_t entries = 0;
  for (const auto& entry : fs::directory_iterator(dir.path)) entries += entry.path().filename().string()[0] == '.';
  EXPECT_EQ(entries, 0u);
}

TEST_F(CatalogBuilder, WritesOneNdjsonLinePerRule) {
  BuildReport report = build_catalog(options);
  std::ifstream in(options.out / "rules.ndjson");
  size_t lines = 0;
  for (std::string line; std::getline(in, line);) {
    ++lines;
    EXPECT_EQ(line.front(), '{');
  }
  EXPECT_EQ(lines, report.rules);
}

TEST_F(CatalogBuilder, RemovesTheTemporaryFolderOfAKilledBuild) {
  fs::create_directories(dir.path / ".out.tmp-999999999");  // no such process
  fs::create_directories(dir.path / ".out.tmp-x");          // not ours
  build_catalog(options);
  EXPECT_FALSE(fs::exists(dir.path / ".out.tmp-999999999"));
  EXPECT_TRUE(fs::exists(dir.path / ".out.tmp-x"));
}

TEST_F(CatalogBuilder, ExtraOutputsGoIntoTheCatalogOrFailTheBuild) {
  options.extra_outputs = [](const Catalog& catalog, const AttackCatalog*, const fs::path& folder) {
    std::ofstream(folder / "count.txt") << catalog.rules.size();
  };
  build_catalog(options);
  EXPECT_TRUE(fs::exists(options.out / "count.txt"));

  write("rules/c.yaml", kSentinelRule);
  options.extra_outputs = [](const Catalog&, const AttackCatalog*, const fs::path&) {
    throw std::runtime_error("site failed");
  };
  EXPECT_THROW(build_catalog(options), BuildError);
  EXPECT_TRUE(fs::exists(options.out / "count.txt"));  // the previous catalog stays
}

TEST_F(CatalogBuilder, RefusesToReplaceAFolderThatIsNoCatalog) {
  fs::create_directories(options.out);
  write("out/precious.txt", "keep me");
  EXPECT_THROW(build_catalog(options), BuildError);
  EXPECT_TRUE(fs::exists(options.out / "precious.txt"));
}

TEST_F(CatalogBuilder, MissingInputsAndOptionFilesAreErrors) {
  options.inputs = {dir.path / "nowhere"};
  EXPECT_THROW(build_catalog(options), BuildError);
  options.inputs = {dir.path / "rules"};
  options.attack_file = dir.path / "missing.json";
  EXPECT_THROW(build_catalog(options), BuildError);
  EXPECT_FALSE(fs::exists(options.out));
}

TEST_F(CatalogBuilder, AFailedBuildLeavesThePreviousCatalog) {
  build_catalog(options);
  const auto before = fs::file_size(options.out / "rules.ndjson");
  write("bad-attack.json", "{ not json");
  options.attack_file = dir.path / "bad-attack.json";
  EXPECT_THROW(build_catalog(options), BuildError);
  EXPECT_EQ(fs::file_size(options.out / "rules.ndjson"), before);
}

// The seed rule in the shared corpus: its indicators get counts and its
// twin in sentinel-modern detects the same action.
TEST(CatalogBuilderCorpus, SeedRuleGetsCountsAndSameActionRules) {
  const fs::path corpus = fs::path(RULEDEX_SHARED_DIR) / "corpus";
  if (!fs::exists(corpus)) GTEST_SKIP() << "the shared corpus is absent: " << corpus;
  testing::TempDir dir;
  BuildOptions options;
  options.inputs = {corpus / "sentinel" / "Detections" / "AWSCloudTrail", corpus / "sentinel-modern" / "Amazon Web Services",
                    corpus / "elastic" / "rules" / "integrations" / "aws"};
  options.out = dir.path / "out";
  options.tool_identity = "test";
  build_catalog(options);

  std::ifstream in(options.out / "rules.ndjson");
  std::optional<nlohmann::json> seed;
  bool elastic_analysed = false;  // once an Elastic front end fills indicators
  for (std::string line; std::getline(in, line);) {
    auto rule = nlohmann::json::parse(line);
    elastic_analysed = elastic_analysed || (rule["platform"] == "elastic" && !rule["indicators"].empty());
    if (rule["file"].get<std::string>().ends_with("sentinel/Detections/AWSCloudTrail/AWS_CredentialHijack.yaml"))
      seed = rule;
  }
  ASSERT_TRUE(seed.has_value());
  bool counted = false;
  for (const auto& indicator : (*seed)["indicators"]) {
    ASSERT_EQ(indicator["corpus"].size(), indicator["values"].size());
    if (indicator["field"] == "EventName") counted = indicator["corpus"][0].get<int>() >= 1;
  }
  EXPECT_TRUE(counted) << "the sentinel-modern twin pins EventName too";
  bool twin = false, elastic = false;
  for (const auto& other : (*seed)["same_action"]) {
    elastic = elastic || other["name"] == "AWS STS GetCallerIdentity API Called for the First Time";
    EXPECT_EQ(other["action"], "GetCallerIdentity");
    EXPECT_NE(other["name"], "AWS Bedrock API Key Phantom User Activity Outside Bedrock") << "only excludes the action";
    twin = twin || (other["platform"] == "sentinel" && other["id"] == (*seed)["id"]);
  }
  EXPECT_TRUE(twin);
  if (elastic_analysed) {
    EXPECT_TRUE(elastic);
  }
}

}  // namespace
}  // namespace ruledex
