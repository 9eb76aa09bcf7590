#include "catalog/analysis_cache.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "catalog/test_rules.h"

namespace ruledex {
namespace {

using testing::indicator;
using testing::rule;

Rule full_rule() {
  Rule r = rule("r1", "sentinel", {"AWSCloudTrail"}, {indicator("EventName", Op::in, {"A", "B"}, true, true)});
  r.description = "desc";
  r.severity = "Low";
  r.tactics = {"Discovery"};
  r.techniques = {{"T1580", "Cloud Infrastructure Discovery"}};
  r.metadata = {{"version", "1.0.4"}};
  r.entity_mappings = {{"Account", {{"Name", "AccountName"}}}};
  r.custom_details = {{"Region", "AWSRegion"}};
  r.alert_details = {{"alertDisplayNameFormat", "x {{AccountName}}"}};
  r.raw = "raw text";
  r.query = "AWSCloudTrail | where EventName in (\"A\", \"B\")";
  r.query_line = 7;
  r.query_index = 1;
  r.query_count = 2;
  r.stages = {{"source", 1, {0, 13}, 7}, {"where", 2, {14, 40}, 8}};
  r.predicates[0].range = {20, 40};
  r.predicates[0].stage = 1;
  r.predicates[0].corpus = {3, 4};  // catalog-wide: not cached
  r.predicates[0].modifiers = {"contains", "windash"};
  r.output_fields = {{"EventName", "source", 0, "AWSCloudTrail", "alerting score"}};
  r.diagnostics = {{Severity::warning, "odd", "r1.yaml", 3, 4}};
  r.same_action = {{"x", "y", "z", "A"}};  // catalog-wide: not cached
  return r;
}

TEST(AnalysisCache, RoundTripsEveryAnalysedField) {
  testing::TempDir dir;
  Catalog catalog = testing::catalog_of({full_rule()});
  catalog.files[0].diagnostics = {{Severity::note, "repaired a byte", "r1.yaml", 1, 1}};
  AnalysisCache::save(dir.path / "a.bin", "key", "build", {1, 0, {"r1.yaml:2:3: bad"}}, catalog, {42});

  AnalysisCache cache = AnalysisCache::load(dir.path / "a.bin", "key");
  ASSERT_FALSE(cache.empty());
  EXPECT_EQ(cache.build_key(), "build");
  EXPECT_EQ(cache.summary().rules, 1u);
  EXPECT_EQ(cache.summary().failures, std::vector<std::string>{"r1.yaml:2:3: bad"});
  ASSERT_EQ(cache.files().size(), 1u);
  EXPECT_EQ(cache.files()[0], (std::pair<std::string, uint64_t>{"r1.yaml", 42}));
  EXPECT_FALSE(cache.find("r1.yaml", 43).file.has_value());
  std::optional<CachedFile> hit = cache.find("r1.yaml", 42).file;
  ASSERT_TRUE(hit.has_value());
  EXPECT_TRUE(hit->recognised);
  ASSERT_EQ(hit->diagnostics.size(), 1u);
  EXPECT_EQ(hit->diagnostics[0].message, "repaired a byte");
  ASSERT_EQ(hit->rules.size(), 1u);
  const Rule& got = hit->rules[0];
  const Rule want = full_rule();
  EXPECT_EQ(got.id, want.id);
  EXPECT_EQ(got.description, want.description);
  EXPECT_EQ(got.techniques[0].name, want.techniques[0].name);
  EXPECT_EQ(got.metadata, want.metadata);
  EXPECT_EQ(got.entity_mappings[0].fields, want.entity_mappings[0].fields);
  EXPECT_EQ(got.custom_details, want.custom_details);
  EXPECT_EQ(got.alert_details, want.alert_details);
  EXPECT_EQ(got.query, want.query);
  EXPECT_EQ(got.query_count, 2u);
  ASSERT_EQ(got.stages.size(), 2u);
  EXPECT_EQ(got.stages[1].steps, 2u);
  EXPECT_EQ(got.stages[1].range.end, 40u);
  const Predicate& p = got.predicates[0];
  EXPECT_EQ(p.op, Op::in);
  EXPECT_TRUE(p.negated && p.case_sensitive && p.indicator);
  EXPECT_EQ(p.values, (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(p.stage, 1u);
  EXPECT_TRUE(p.corpus.empty());
  EXPECT_EQ(p.modifiers, (std::vector<std::string>{"contains", "windash"}));
  EXPECT_EQ(got.output_fields[0].all_columns_of, "AWSCloudTrail");
  EXPECT_EQ(got.output_fields[0].role, "alerting score");
  EXPECT_EQ(got.diagnostics[0].severity, Severity::warning);
  EXPECT_EQ(got.diagnostics[0].column, 4u);
  EXPECT_TRUE(got.same_action.empty());
}

TEST(AnalysisCache, AnotherKeyOrADamagedFileGivesAnEmptyCache) {
  testing::TempDir dir;
  AnalysisCache::save(dir.path / "a.bin", "key", "build", {}, testing::catalog_of({full_rule()}), {1});
  EXPECT_TRUE(AnalysisCache::load(dir.path / "a.bin", "other key").empty());
  EXPECT_TRUE(AnalysisCache::load(dir.path / "missing.bin", "key").empty());

  std::filesystem::resize_file(dir.path / "a.bin", std::filesystem::file_size(dir.path / "a.bin") - 5);
  EXPECT_TRUE(AnalysisCache::load(dir.path / "a.bin", "key").empty());
  std::ofstream(dir.path / "junk.bin") << "not a cache";
  EXPECT_TRUE(AnalysisCache::load(dir.path / "junk.bin", "key").empty());
}

// The bytes of a file, and the same file written back.
std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}
void write_all(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

TEST(AnalysisCache, AFlippedBitInAnEntryIsADamagedMiss) {
  testing::TempDir dir;
  Catalog catalog = testing::catalog_of({full_rule(), rule("r2", "sentinel", {}, {})});
  catalog.files[1].path = "r2.yaml";
  AnalysisCache::save(dir.path / "a.bin", "key", "build", {}, catalog, {1, 2});
  std::string bytes = read_all(dir.path / "a.bin");
  const size_t at = bytes.find("desc");
  ASSERT_NE(at, std::string::npos);
  bytes[at] ^= 0x20;  // the first entry's description: still decodes, to another value
  write_all(dir.path / "a.bin", bytes);

  AnalysisCache cache = AnalysisCache::load(dir.path / "a.bin", "key");
  ASSERT_FALSE(cache.empty());
  CacheLookup damaged = cache.find(catalog.files[0].path, 1);
  EXPECT_FALSE(damaged.file.has_value());
  EXPECT_TRUE(damaged.damaged);
  CacheLookup intact = cache.find("r2.yaml", 2);
  EXPECT_TRUE(intact.file.has_value());
  EXPECT_FALSE(intact.damaged);
  EXPECT_FALSE(cache.find("r2.yaml", 3).damaged) << "another content is a plain miss";
}

TEST(AnalysisCache, AFlippedBitInTheIndexDamagesTheWholeCache) {
  testing::TempDir dir;
  AnalysisCache::save(dir.path / "a.bin", "key", "build", {7, 0, {}}, testing::catalog_of({full_rule()}), {1});
  const std::string intact = read_all(dir.path / "a.bin");
  const size_t at = intact.rfind("build");
  ASSERT_NE(at, std::string::npos);
  std::string bytes = intact;
  bytes[at] = 'B';  // the build key: an up-to-date check would trust it
  write_all(dir.path / "a.bin", bytes);
  AnalysisCache cache = AnalysisCache::load(dir.path / "a.bin", "key");
  EXPECT_TRUE(cache.empty());
  EXPECT_TRUE(cache.damaged());
  for (size_t byte : {intact.size() - 1, intact.size() - 12}) {  // the trailer
    bytes = intact;
    bytes[byte] ^= 1;
    write_all(dir.path / "a.bin", bytes);
    EXPECT_TRUE(AnalysisCache::load(dir.path / "a.bin", "key").empty()) << byte;
  }
  write_all(dir.path / "a.bin", intact);
  EXPECT_FALSE(AnalysisCache::load(dir.path / "a.bin", "key").damaged());
  EXPECT_FALSE(AnalysisCache::load(dir.path / "a.bin", "another key").damaged()) << "another key is no damage";
}

TEST(AnalysisCache, AWriteErrorNamesTheCause) {
  if (!std::filesystem::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  try {
    AnalysisCache::save("/dev/full", "key", "build", {}, testing::catalog_of({full_rule()}), {1});
    FAIL() << "writing to /dev/full succeeded";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(std::strerror(ENOSPC)), std::string::npos) << e.what();
  }
}

TEST(AnalysisCache, ContentHashSeesEveryByte) {
  std::string text(1000, 'a');
  uint64_t base = content_hash(text);
  for (size_t i : {0, 7, 8, 500, 999}) {
    std::string changed = text;
    changed[i] = 'b';
    EXPECT_NE(content_hash(changed), base) << i;
  }
  EXPECT_NE(content_hash("abc"), content_hash("abcd"));
  EXPECT_EQ(content_hash(text), base);
}

}  // namespace
}  // namespace ruledex
