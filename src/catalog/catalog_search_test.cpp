#include "catalog/catalog_search.h"

#include <gtest/gtest.h>

#include "catalog/catalog_db.h"
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

}  // namespace
}  // namespace ruledex
