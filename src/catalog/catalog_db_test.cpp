#include "catalog/catalog_db.h"

#include <gtest/gtest.h>

#include "catalog/corpus_counts.h"
#include "catalog/sqlite_handle.h"
#include "catalog/test_rules.h"

namespace ruledex {
namespace {

using testing::indicator;
using testing::rule;

Catalog sample_catalog() {
  std::vector<Rule> rules = {
      rule("seed", "sentinel", {"AWSCloudTrail"},
           {indicator("EventName", Op::eq, {"GetCallerIdentity"}), indicator("UserIdentityType", Op::eq, {"AssumedRole"})}),
      rule("peer", "elastic", {"logs-aws.cloudtrail-*"}, {indicator("event.action", Op::eq, {"GetCallerIdentity"})}),
      rule("other", "sentinel", {"AWSCloudTrail"}, {indicator("EventName", Op::eq, {"getcalleridentity"})}),
  };
  rules[0].techniques = {{"T1580", "Cloud Infrastructure Discovery"}};
  rules[0].tactics = {"Discovery"};
  rules[0].description = "Identifies STS calls by assumed roles";
  rules[0].output_fields = {{"AccountName", "summarize", 3, ""}};
  rules[1].predicates[0].modifiers = {"contains", "windash"};
  rules[2].diagnostics = {{Severity::error, "unexpected token", "", 4, 9}};
  rules[2].predicates[0].indicator = false;  // not counted
  Catalog catalog = testing::catalog_of(std::move(rules));
  catalog.files.push_back({"notes.md", false, "markdown", "", {{Severity::note, "not a rule file", "", 0, 0}}, 3, 0});
  fill_corpus_counts(catalog.rules);
  catalog.same_action = fill_same_action(catalog.rules, ActionFamilies::builtin());
  return catalog;
}

std::vector<std::string> column(sqlite::Database& db, std::string_view sql) {
  std::vector<std::string> out;
  sqlite::Statement statement = db.prepare(sql);
  while (statement.step()) out.push_back(statement.column_text(0));
  return out;
}

using Strings = std::vector<std::string>;

TEST(CatalogDb, WritesEveryTableOfTheSchema) {
  testing::TempDir dir;
  write_catalog_db(dir.path / "catalog.db", sample_catalog(), nullptr);
  sqlite::Database db(dir.path / "catalog.db", sqlite::Database::Mode::read_only);

  EXPECT_EQ(column(db, "SELECT value FROM meta WHERE key = 'schema_version'"), Strings{"1"});
  EXPECT_EQ(column(db, "SELECT rule_id || ':' || platform || ':' || file_id FROM rules ORDER BY id"),
            (Strings{"seed:sentinel:1", "peer:elastic:2", "other:sentinel:3"}));
  EXPECT_EQ(column(db, "SELECT path || ':' || recognised || ':' || format || ':' || rule_count FROM files WHERE id = 4"),
            Strings{"notes.md:0:markdown:0"});
  EXPECT_EQ(column(db, "SELECT p.field || '=' || v.value || ':' || ifnull(v.corpus, 'null') FROM predicates p "
                       "JOIN predicate_values v ON v.predicate = p.id ORDER BY p.id"),
            (Strings{"EventName=GetCallerIdentity:0", "UserIdentityType=AssumedRole:0",
                     "event.action=GetCallerIdentity:0", "EventName=getcalleridentity:null"}));
  EXPECT_EQ(column(db, "SELECT o.rule_id || '/' || s.action || '/' || s.same_platform FROM same_action s "
                       "JOIN rules o ON o.id = s.other WHERE s.rule = 1"),
            Strings{"peer/GetCallerIdentity/0"});
  EXPECT_EQ(column(db, "SELECT id || ':' || name || ':' || rule_count FROM techniques"),
            Strings{"T1580:Cloud Infrastructure Discovery:1"});
  EXPECT_EQ(column(db, "SELECT tactic_key FROM rule_tactics"), Strings{"discovery"});
  EXPECT_EQ(column(db, "SELECT name FROM data_sources WHERE rule = 2"), Strings{"logs-aws.cloudtrail-*"});
  EXPECT_EQ(column(db, "SELECT ifnull(rule, 'file') || ':' || severity || ':' || message || ':' || line || ':' || "
                       "\"column\" FROM diagnostics ORDER BY id"),
            (Strings{"3:error:unexpected token:4:9", "file:note:not a rule file:0:0"}));
  EXPECT_EQ(column(db, "SELECT error_count FROM rules ORDER BY id"), (Strings{"0", "0", "1"}));
  EXPECT_EQ(column(db, "SELECT name || ':' || stage FROM output_fields"), Strings{"AccountName:summarize"});
  EXPECT_EQ(column(db, "SELECT modifiers FROM predicates WHERE rule = 2"), Strings{"contains,windash"});
  // Full text over names, descriptions, fields and values.
  EXPECT_EQ(column(db, "SELECT rowid FROM rules_fts WHERE rules_fts MATCH 'assumed' ORDER BY rowid"), Strings{"1"});
  EXPECT_EQ(column(db, "SELECT rowid FROM rules_fts WHERE rules_fts MATCH 'getcalleridentity' ORDER BY rowid"),
            (Strings{"1", "2", "3"}));
  EXPECT_EQ(column(db, "SELECT rowid FROM rules_fts WHERE rules_fts MATCH 'fields:UserIdentityType'"), Strings{"1"});
}

TEST(CatalogDb, ItemsAndTheRulesNamingThem) {
  Catalog catalog = sample_catalog();
  catalog.rules[0].items = {{"story", "Cloud Takeover"}, {"macro", "undefined_macro"}};
  catalog.rules[2].items = {{"story", "Cloud Takeover"}};
  RepositoryItem story{"story", "s-1", "Cloud Takeover", {}, "Watch the cloud.", "splunk", "stories/s.yml",
                       {{"narrative", "Long text."}}};
  catalog.files.push_back({"stories/s.yml", false, "splunk-story", "splunk", {}, 3, 0, 0, 1});
  catalog.items = {story};
  catalog.item_rules = {{0, 2}};
  testing::TempDir dir;
  write_catalog_db(dir.path / "catalog.db", catalog, nullptr);
  sqlite::Database db(dir.path / "catalog.db", sqlite::Database::Mode::read_only);
  EXPECT_EQ(column(db, "SELECT kind || ':' || item_id || ':' || name || ':' || file_id || ':' || rule_count FROM items"),
            Strings{"story:s-1:Cloud Takeover:5:2"});
  EXPECT_EQ(column(db, "SELECT key || '=' || value FROM item_metadata WHERE item = 1"), Strings{"narrative=Long text."});
  EXPECT_EQ(column(db, "SELECT rule || ':' || kind || ':' || name || ':' || ifnull(item, 'null') FROM rule_items "
                       "ORDER BY rule, kind"),
            (Strings{"1:macro:undefined_macro:null", "1:story:Cloud Takeover:1", "3:story:Cloud Takeover:1"}));
  EXPECT_EQ(column(db, "SELECT value FROM meta WHERE key = 'item_count'"), Strings{"1"});
}

TEST(CatalogDb, RefusesAnUnwritablePath) {
  EXPECT_THROW(write_catalog_db("/nonexistent-folder/catalog.db", sample_catalog(), nullptr), std::runtime_error);
}

}  // namespace
}  // namespace ruledex
