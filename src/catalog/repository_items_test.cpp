#include "catalog/repository_items.h"

#include <gtest/gtest.h>

namespace ruledex {
namespace {

Rule rule_naming(std::vector<ItemRef> refs) {
  Rule rule;
  rule.items = std::move(refs);
  return rule;
}

RepositoryItem item(std::string kind, std::string name) {
  RepositoryItem item;
  item.kind = std::move(kind);
  item.name = std::move(name);
  return item;
}

TEST(RepositoryItems, LinksRulesToItemsOfTheSameKindAndName) {
  std::vector<Rule> rules = {rule_naming({{"story", "Ransomware"}, {"macro", "sysmon"}}),
                             rule_naming({{"story", "ransomware"}}),  // names are exact
                             rule_naming({{"macro", "Ransomware"}}),  // another kind
                             rule_naming({{"story", "Ransomware"}})};
  std::vector<RepositoryItem> items = {item("story", "Ransomware"), item("macro", "sysmon"), item("lookup", "x")};
  std::vector<std::vector<uint32_t>> naming = rules_naming_items(rules, items);
  ASSERT_EQ(naming.size(), 3u);
  EXPECT_EQ(naming[0], (std::vector<uint32_t>{0, 3}));
  EXPECT_EQ(naming[1], (std::vector<uint32_t>{0}));
  EXPECT_TRUE(naming[2].empty());
}

TEST(RepositoryItems, AnItemDefinedTwiceGetsTheRulesOnBoth) {
  std::vector<Rule> rules = {rule_naming({{"story", "S"}})};
  std::vector<std::vector<uint32_t>> naming = rules_naming_items(rules, {item("story", "S"), item("story", "S")});
  EXPECT_EQ(naming[0], (std::vector<uint32_t>{0}));
  EXPECT_EQ(naming[1], (std::vector<uint32_t>{0}));
}

TEST(RepositoryItems, AnAliasNamesTheItemTooAndARuleCountsOnce) {
  RepositoryItem lookup = item("lookup", "seen_hosts");
  lookup.aliases = {"seen_hosts.csv"};
  std::vector<Rule> rules = {rule_naming({{"lookup", "seen_hosts.csv"}}),
                             rule_naming({{"lookup", "seen_hosts"}, {"lookup", "seen_hosts.csv"}})};
  EXPECT_EQ(rules_naming_items(rules, {lookup})[0], (std::vector<uint32_t>{0, 1}));
}

TEST(RepositoryItems, AddItemRefKeepsEachRefOnce) {
  std::vector<ItemRef> refs;
  add_item_ref(refs, "macro", "a");
  add_item_ref(refs, "macro", "b");
  add_item_ref(refs, "macro", "a");
  add_item_ref(refs, "lookup", "a");
  EXPECT_EQ(refs, (std::vector<ItemRef>{{"macro", "a"}, {"macro", "b"}, {"lookup", "a"}}));
}

}  // namespace
}  // namespace ruledex
