#include "catalog/catalog_builder.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>
#include <functional>
#include <map>

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
  // The parent's pid, now another process than the build that made the folder.
  const fs::path reused = dir.path / (".out.tmp-" + std::to_string(getppid()) + "-1");
  fs::create_directories(reused);
  build_catalog(options);
  EXPECT_FALSE(fs::exists(dir.path / ".out.tmp-999999999"));
  EXPECT_FALSE(fs::exists(reused));
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

// Every file below `root`, relative, with its content: what a refused build must leave alone.
std::map<std::string, std::string> snapshot(const fs::path& root) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(root))
    if (entry.is_regular_file()) {
      std::ifstream in(entry.path(), std::ios::binary);
      files[fs::relative(entry.path(), root).string()] = std::string(std::istreambuf_iterator<char>(in), {});
    }
  return files;
}

TEST_F(CatalogBuilder, NeverReplacesAProjectFolderHoldingItsInputs) {
  // cd project && ruledex build rules -o . : the project holds the rules and an entry named cache.
  write("cache", "the user's own cache file");
  options.out = dir.path;
  const auto before = snapshot(dir.path);
  EXPECT_THROW(build_catalog(options), BuildError);
  options.out = dir.path / "rules" / "..";
  EXPECT_THROW(build_catalog(options), BuildError);
  options.out = dir.path / "rules";
  EXPECT_THROW(build_catalog(options), BuildError);
  EXPECT_EQ(snapshot(dir.path), before);
}

TEST_F(CatalogBuilder, AFolderIsACatalogOnlyWithItsMarkerAndNothingElse) {
  fs::create_directories(options.out / "cache");
  write("out/catalog.db", "not a database");
  write("out/notes.txt", "keep me");
  const auto before = snapshot(options.out);
  EXPECT_THROW(build_catalog(options), BuildError);
  EXPECT_EQ(snapshot(options.out), before);

  fs::remove_all(options.out);
  build_catalog(options);
  write("out/site-notes.txt", "a user's file inside a catalog");
  write("rules/c.yaml", kSentinelRule);
  EXPECT_THROW(build_catalog(options), BuildError);
  EXPECT_TRUE(fs::exists(options.out / "site-notes.txt"));
}

TEST_F(CatalogBuilder, BuildsIntoTheTargetOfASymlinkedOut) {
  fs::create_directories(dir.path / "real");
  fs::create_directory_symlink(dir.path / "real" / "catalog", dir.path / "out");  // dangling at first
  build_catalog(options);
  write("rules/c.yaml", kSentinelRule);
  build_catalog(options);
  EXPECT_TRUE(fs::is_symlink(dir.path / "out"));
  EXPECT_TRUE(fs::exists(dir.path / "real" / "catalog" / "catalog.db"));
  EXPECT_EQ(build_catalog(options).up_to_date, true);
}

TEST_F(CatalogBuilder, ACatalogInsideAnInputIsNoInput) {
  options.out = dir.path / "rules" / "catalog";
  EXPECT_EQ(build_catalog(options).files, 2u);
  BuildReport again = build_catalog(options);
  EXPECT_EQ(again.files, 2u);
  EXPECT_TRUE(again.up_to_date);
}

TEST_F(CatalogBuilder, ADamagedCatalogIsRebuilt) {
  options.extra_outputs = [](const Catalog& catalog, const AttackCatalog*, const fs::path& folder) {
    fs::create_directories(folder / "site");
    std::ofstream(folder / "site" / "count.txt") << catalog.rules.size();
  };
  build_catalog(options);
  const auto intact = snapshot(options.out);
  auto damage = [&](const std::function<void()>& how) {
    how();
    BuildReport report = build_catalog(options);
    EXPECT_FALSE(report.up_to_date);
    EXPECT_EQ(report.files_reused, 0u);
    ASSERT_FALSE(report.notes.empty());
    EXPECT_NE(report.notes[0].find("catalog damaged"), std::string::npos) << report.notes[0];
    EXPECT_EQ(snapshot(options.out).size(), intact.size());
    EXPECT_TRUE(build_catalog(options).up_to_date);
  };
  damage([&] { std::ofstream(options.out / "rules.ndjson", std::ios::trunc); });
  damage([&] { fs::remove(options.out / "site" / "count.txt"); });
  damage([&] {
    std::fstream db(options.out / "catalog.db", std::ios::in | std::ios::out | std::ios::binary);
    db.write("garbage!garbage!", 16);  // the SQLite header, same size
  });
  damage([&] {
    std::fstream layer(options.out / "attack-layer.json", std::ios::in | std::ios::out | std::ios::binary);
    layer.write("[", 1);
  });
}

TEST_F(CatalogBuilder, ForceRebuildsEverything) {
  build_catalog(options);
  options.force = true;
  BuildReport report = build_catalog(options);
  EXPECT_FALSE(report.up_to_date);
  EXPECT_EQ(report.files_reused, 0u);
}

// Reads a whole file.
std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST_F(CatalogBuilder, AnEditedCacheEntryIsAnalysedAgain) {
  build_catalog(options);
  const fs::path cache = options.out / "cache" / "analysis.bin";
  std::string bytes = read_file(cache);
  const size_t at = bytes.find("STS identity lookups");
  ASSERT_NE(at, std::string::npos);
  bytes[at] = 'X';  // the first file's rule name, as a hostile edit would
  std::ofstream(cache, std::ios::binary | std::ios::trunc) << bytes;
  write("rules/b.yaml", std::string(kSentinelRule).replace(4, 1, "8"));

  BuildReport report = build_catalog(options);
  EXPECT_EQ(report.files_reused, 0u);
  EXPECT_EQ(report.damaged_cache_entries, 1u);
  ASSERT_EQ(report.notes.size(), 1u);
  EXPECT_EQ(report.notes[0], "cache: 1 damaged entry ignored, re-analysed");
  const std::string ndjson = read_file(options.out / "rules.ndjson");
  EXPECT_EQ(ndjson.find("XTS identity"), std::string::npos);
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

// A security_content checkout whose macros m0 .. m39 each call the next twice
// (2^39 calls): the detection calling m0 gets one error at the call, the
// other detection builds.
TEST_F(CatalogBuilder, AMacroBombIsOneErrorAtTheCallAndTheRestBuilds) {
  fs::create_directories(dir.path / "splunk/macros");
  fs::create_directories(dir.path / "splunk/detections/endpoint");
  for (int i = 0; i < 40; ++i) {
    std::string next = "m" + std::to_string(i + 1);
    std::string definition = i < 39 ? "'`" + next + "` `" + next + "`'" : "index=main";
    write("splunk/macros/m" + std::to_string(i) + ".yml",
          "definition: " + definition + "\ndescription: x\nname: m" + std::to_string(i) + "\n");
  }
  write("splunk/detections/endpoint/bomb.yml",
        "name: Bomb\nid: 1\ntype: TTP\nsearch: 'EventCode=1 | `m0` | stats count'\nhow_to_implement: x\n");
  write("splunk/detections/endpoint/normal.yml",
        "name: Normal\nid: 2\ntype: TTP\nsearch: '`m39` EventCode=4688 | stats count by user'\nhow_to_implement: x\n");
  options.inputs = {dir.path / "splunk"};
  BuildReport report = build_catalog(options);
  EXPECT_EQ(report.rules, 2u);
  EXPECT_EQ(report.rules_with_errors, 1u);
  ASSERT_EQ(report.failures.size(), 1u);
  EXPECT_NE(report.failures[0].find("detections/endpoint/bomb.yml:4:24: macro `m0` not expanded"),
            std::string::npos)
      << report.failures[0];
}

// The seed rule in the shared corpus: its indicators get counts and its
// twin in sentinel-modern detects the same action.
// Builds a catalog of the files below `dir`/rules into `dir`/out; its rules.ndjson lines, parsed.
std::vector<nlohmann::json> build_and_read_rules(const fs::path& dir) {
  BuildOptions options;
  options.inputs = {dir / "rules"};
  options.out = dir / "out";
  options.tool_identity = "test";
  build_catalog(options);
  std::vector<nlohmann::json> rules;
  std::ifstream in(options.out / "rules.ndjson");
  for (std::string line; std::getline(in, line);) rules.push_back(nlohmann::json::parse(line));
  return rules;
}

// Each of the rules has exactly one same-action peer, of another platform, for `action`.
void expect_one_peer_of_another_platform(const std::map<std::string, nlohmann::json>& by_platform,
                                         std::string_view action) {
  for (const auto& [platform, rule] : by_platform) {
    ASSERT_EQ(rule["same_action"].size(), 1u) << platform;
    EXPECT_NE(rule["same_action"][0]["platform"], platform);
    EXPECT_EQ(rule["same_action"][0]["action"], action);
  }
}

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

TEST(CatalogBuilderCorpus, ChronicleAndSentinelRulesShareACloudTrailAction) {
  const fs::path chronicle = fs::path(RULEDEX_SHARED_DIR) / "corpus" / "chronicle" / "rules" / "community" / "aws" /
                             "cloudtrail" / "aws_account_leaving_or_removed_from_organization.yaral";
  if (!fs::exists(chronicle)) GTEST_SKIP() << "the shared corpus is absent: " << chronicle;
  testing::TempDir dir;
  fs::create_directories(dir.path / "rules");
  fs::copy_file(chronicle, dir.path / "rules" / "leave.yaral");
  std::ofstream(dir.path / "rules" / "leave.yaml") << R"(id: 0a0a0a0a-1111-2222-3333-444444444444
name: Account left the AWS organization
severity: Medium
queryFrequency: 1h
query: |
  AWSCloudTrail
  | where EventName == "LeaveOrganization"
)";
  std::ofstream(dir.path / "rules" / "not_leave.yaml") << R"(id: 0b0b0b0b-1111-2222-3333-444444444444
name: Organization changes other than leaving
severity: Low
queryFrequency: 1h
query: |
  AWSCloudTrail
  | where EventSource == "organizations.amazonaws.com" and EventName != "LeaveOrganization"
)";
  std::map<std::string, nlohmann::json> by_platform;
  for (const nlohmann::json& rule : build_and_read_rules(dir.path)) {
    if (rule["name"] != "Organization changes other than leaving") by_platform[rule["platform"]] = rule;
    else EXPECT_TRUE(rule["same_action"].empty()) << "a rule that excludes an action does not detect it";
  }
  ASSERT_EQ(by_platform.size(), 2u);
  expect_one_peer_of_another_platform(by_platform, "LeaveOrganization");
}

TEST(CatalogBuilderCorpus, PlainSearchSplunkDetectionSharesTheSeedRulesAction) {
  const fs::path seed = fs::path(RULEDEX_SHARED_DIR) / "seed" / "AWS_CredentialHijack.yaml";
  if (!fs::exists(seed)) GTEST_SKIP() << "the shared seed rule is absent: " << seed;
  testing::TempDir dir;
  fs::create_directories(dir.path / "rules");
  fs::copy_file(seed, dir.path / "rules" / "seed.yaml");
  std::ofstream(dir.path / "rules" / "splunk.yml") << R"(name: AWS STS GetCallerIdentity by an assumed role
id: 5c5c5c5c-1111-2222-3333-444444444444
type: Hunting
description: Assumed roles asking who they are.
search: 'sourcetype=aws:cloudtrail eventName=GetCallerIdentity userIdentity.type=AssumedRole
  | stats count by src_ip, user_arn'
how_to_implement: CloudTrail logs in the aws:cloudtrail sourcetype.
known_false_positives: Tools that check their identity.
tags:
  mitre_attack_id:
  - T1580
)";
  std::map<std::string, nlohmann::json> by_platform;
  for (const nlohmann::json& rule : build_and_read_rules(dir.path)) by_platform[rule["platform"]] = rule;
  ASSERT_EQ(by_platform.size(), 2u);
  const nlohmann::json& splunk = by_platform["splunk"];
  bool event_name = false;
  for (const auto& indicator : splunk["indicators"])
    event_name = event_name || (indicator["field"] == "eventName" && indicator["values"][0] == "GetCallerIdentity");
  EXPECT_TRUE(event_name) << splunk["indicators"].dump();
  expect_one_peer_of_another_platform(by_platform, "GetCallerIdentity");
}

}  // namespace
}  // namespace ruledex
