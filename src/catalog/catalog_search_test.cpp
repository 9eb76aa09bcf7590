#include "catalog/catalog_search.h"

#include <gtest/gtest.h>

#include <fstream>

#include "catalog/catalog_db.h"
#include "catalog/sqlite_handle.h"
#include "catalog/test_rules.h"

namespace ruledex {
namespace {

using testing::indicator;
using testing::rule;

class CatalogSearch : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<Rule> rules = {
        rule("seed", "sentinel", {"AWSCloudTrail"}, {indicator("EventName", Op::eq, {"GetCallerIdentity"})}),
        rule("elastic", "elastic", {"logs-aws.cloudtrail-*"}, {indicator("event.action", Op::eq, {"GetCallerIdentity"})}),
        rule("logon", "sentinel", {"SecurityEvent"}, {indicator("EventID", Op::eq, {"4624"})}),
    };
    rules[0].name = "Monitor AWS Credential abuse";
    rules[0].severity = "Low";
    rules[0].techniques = {{"T1580", ""}};
    rules[0].tactics = {"Discovery"};
    rules[1].name = "STS GetCallerIdentity first time";
    rules[1].techniques = {{"T1580.001", ""}};
    rules[1].tactics = {"discovery"};
    rules[2].name = "Logon from a new host";
    rules[2].severity = "High";
    rules[2].tactics = {"LateralMovement"};
    rules[0].items = {{"story", "AWS Account Takeover"}};
    rules[1].items = {{"story", "AWS Account Takeover"}, {"lookup", "seen_ips"}};
    write_catalog_db(dir.path / "catalog.db", testing::catalog_of(std::move(rules)), nullptr);
  }

  std::vector<std::string> ids(std::string_view query, const SearchFilters& filters = {}) {
    std::vector<std::string> out;
    for (const SearchHit& hit : search_catalog(dir.path, query, filters)) out.push_back(hit.rule_id);
    return out;
  }

  testing::TempDir dir;
};

using Strings = std::vector<std::string>;

std::string repeated(std::string_view term, std::string_view separator, size_t times) {
  std::string out;
  for (size_t i = 0; i < times; ++i) out.append(i ? separator : "").append(term);
  return out;
}

// The SearchError message of a search, or "" when it ran.
std::string search_error(const std::filesystem::path& catalog, std::string_view query,
                         const SearchFilters& filters = {},
                         std::chrono::milliseconds timeout = kDefaultSearchTimeout) {
  try {
    search_catalog(catalog, query, filters, 0, timeout);
  } catch (const SearchError& e) {
    return e.what();
  }
  return "";
}

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

TEST_F(CatalogSearch, FullTextRanksNameMatchesFirst) {
  EXPECT_EQ(ids("GetCallerIdentity"), (Strings{"elastic", "seed"}));
  EXPECT_EQ(ids("credential"), Strings{"seed"});
  EXPECT_EQ(ids("logon OR credential").size(), 2u);
  EXPECT_EQ(ids(""), (Strings{"logon", "seed", "elastic"}));  // by name
}

TEST_F(CatalogSearch, FiltersNarrowTheResults) {
  EXPECT_EQ(ids("", {.platform = "SENTINEL"}), (Strings{"logon", "seed"}));
  EXPECT_EQ(ids("", {.technique = "t1580"}), (Strings{"seed", "elastic"}));
  EXPECT_EQ(ids("", {.technique = "T1580.001"}), Strings{"elastic"});
  EXPECT_EQ(ids("", {.tactic = "lateral-movement"}), Strings{"logon"});
  EXPECT_EQ(ids("", {.tactic = "Discovery"}), (Strings{"seed", "elastic"}));
  EXPECT_EQ(ids("", {.field = "eventid"}), Strings{"logon"});
  EXPECT_EQ(ids("", {.value = "getcalleridentity"}), (Strings{"seed", "elastic"}));
  EXPECT_EQ(ids("", {.field = "EventName", .value = "GetCallerIdentity"}), Strings{"seed"});
  EXPECT_EQ(ids("", {.field = "EventID", .value = "GetCallerIdentity"}), Strings{});
  EXPECT_EQ(ids("", {.data_source = "awscloudtrail"}), Strings{"seed"});
  EXPECT_EQ(ids("", {.severity = "high"}), Strings{"logon"});
  EXPECT_EQ(ids("", {.item = "aws account takeover"}), (Strings{"seed", "elastic"}));
  EXPECT_EQ(ids("", {.item = "seen_ips"}), Strings{"elastic"});
  EXPECT_EQ(ids("GetCallerIdentity", {.platform = "elastic"}), Strings{"elastic"});
}

TEST_F(CatalogSearch, InvalidQueriesAndMissingCatalogsAreClearErrors) {
  try {
    ids("\"unbalanced");
    FAIL() << "no error";
  } catch (const SearchError& e) {
    EXPECT_NE(std::string(e.what()).find("invalid search query"), std::string::npos) << e.what();
  }
  EXPECT_THROW(ids("AND"), SearchError);
  EXPECT_THROW(search_catalog(dir.path / "nowhere", "x", {}), SearchError);
}

TEST_F(CatalogSearch, QueriesBeyondTheLimitsAreRefusedBeforeTheyRun) {
  // Within the limits (operators and column names are no terms), they run.
  EXPECT_EQ(ids(repeated("credential", " OR ", kMaxQueryTerms)), Strings{"seed"});
  EXPECT_EQ(ids(repeated("cred*", " ", kMaxPrefixTerms)), Strings{"seed"});
  EXPECT_EQ(ids(repeated("name:credential", " ", 40)), Strings{"seed"});
  EXPECT_EQ(ids("{name description}: credential"), Strings{"seed"});

  EXPECT_TRUE(contains(search_error(dir.path, repeated("a", " OR ", 1000)), "search query of 1000 terms: at most 64"));
  EXPECT_TRUE(contains(search_error(dir.path, repeated("a", " OR ", kMaxQueryTerms + 1)), "65 terms"));
  EXPECT_TRUE(contains(search_error(dir.path, repeated("a*", " ", 300)), "300 prefix terms (word*): at most 16"));
  EXPECT_TRUE(contains(search_error(dir.path, "\"" + repeated("a", " ", 100) + "\""), "100 terms"));  // a phrase
  EXPECT_TRUE(contains(search_error(dir.path, std::string(2000, 'a')), "2000 bytes: at most 1000"));
}

TEST_F(CatalogSearch, SearchesStopAtTheirTimeout) {
  std::vector<Rule> rules;
  for (int i = 0; i < 2000; ++i) rules.push_back(rule("r" + std::to_string(i), "sentinel", {"T"}, {}));
  write_catalog_db(dir.path / "big.db", testing::catalog_of(std::move(rules)), nullptr);
  EXPECT_EQ(search_catalog(dir.path / "big.db", "rule", {}).size(), 2000u);
  const std::string message = search_error(dir.path / "big.db", "rule", {}, std::chrono::milliseconds(0));
  EXPECT_TRUE(contains(message, "search stopped after 0 ms")) << message;
  EXPECT_TRUE(contains(message, "--timeout")) << message;
}

TEST_F(CatalogSearch, TechniquesMatchByIdNeverByPattern) {
  EXPECT_EQ(ids("", {.technique = "T1580"}), (Strings{"seed", "elastic"}));  // with its sub-technique
  EXPECT_EQ(ids("", {.technique = "t1580.001"}), Strings{"elastic"});
  EXPECT_EQ(ids("", {.technique = "T1580.002"}), Strings{});
  EXPECT_EQ(ids("", {.technique = "T1581"}), Strings{});
  for (const char* pattern : {"%", "_1580", "T158%", "T1580.00_", "T1580.*", "T158", "T15800", " T1580"}) {
    const std::string message = search_error(dir.path, "", {.technique = pattern});
    EXPECT_TRUE(contains(message, "not an ATT&CK technique id")) << pattern << ": " << message;
  }
}

TEST_F(CatalogSearch, FiltersCompareWholeValuesWithoutWildcards) {
  EXPECT_EQ(ids("", {.platform = "%"}), Strings{});
  EXPECT_EQ(ids("", {.platform = "sentinel_"}), Strings{});
  EXPECT_EQ(ids("", {.field = "Event%"}), Strings{});
  EXPECT_EQ(ids("", {.value = "%Identity"}), Strings{});
  EXPECT_EQ(ids("", {.data_source = "AWS*"}), Strings{});
  EXPECT_EQ(ids("", {.severity = "_igh"}), Strings{});
  EXPECT_EQ(ids("", {.item = "%"}), Strings{});
  EXPECT_EQ(ids("", {.tactic = "%"}), Strings{});
}

TEST_F(CatalogSearch, ForeignAndDamagedCatalogsAreClearErrors) {
  const std::filesystem::path file = dir.path / "catalog.db";
  auto read = [&] {
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  auto write = [&](const std::string& content) { std::ofstream(file, std::ios::binary | std::ios::trunc) << content; };
  auto page_of = [&](const char* table) {  // {first byte, size} of a table's root page
    sqlite::Database db(file, sqlite::Database::Mode::read_only);
    sqlite::Statement root = db.prepare("SELECT rootpage, (SELECT page_size FROM pragma_page_size) FROM sqlite_master"
                                        " WHERE name = ?");
    root.bind(1, table);
    return root.step() ? std::pair(static_cast<size_t>((root.column_int(0) - 1) * root.column_int(1)),
                                   static_cast<size_t>(root.column_int(1)))
                       : std::pair(size_t{0}, size_t{0});
  };
  const std::string bytes = read();

  write("not a database at all, just text that happens to be called catalog.db\n");
  std::string message = search_error(dir.path, "credential");
  EXPECT_TRUE(contains(message, "not a ruledex catalog")) << message;

  // A page of the full-text index, or of the rules, overwritten: SQLite reports
  // corruption, which is the catalog's fault, not the query's.
  for (auto [table, query] : {std::pair{"rules_fts_data", "credential"}, std::pair{"rules", ""}}) {
    write(bytes);
    const auto [start, size] = page_of(table);
    ASSERT_GT(start, 0u) << table;
    std::string damaged = bytes;
    for (size_t i = start; i < start + size; ++i) damaged[i] = static_cast<char>(i * 7919 % 251);
    write(damaged);
    message = search_error(dir.path, query);
    EXPECT_TRUE(contains(message, "damaged catalog")) << table << ": " << message;
    EXPECT_FALSE(contains(message, "invalid search query")) << message;
    EXPECT_TRUE(contains(message, "rebuild it with `ruledex build`")) << message;
  }
}

}  // namespace
}  // namespace ruledex
