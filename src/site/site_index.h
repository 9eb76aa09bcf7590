#pragma once
// What the site's pages list, gathered from the catalog in one pass: the rules
// of each platform, tactic, technique, data source and field, and for each
// indicator (field, operator, flags, value) the rules that look for it.

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "catalog/catalog.h"

namespace ruledex {
class AttackCatalog;
}

namespace ruledex::site {

using RuleList = std::vector<uint32_t>;  // catalog positions, each rule once, in catalog order

// A platform or a data source: a name and its rules.
struct NamedGroup {
  std::string name;
  std::string page;
  RuleList rules;
};

struct TacticEntry {
  std::string name;  // Execution
  std::string id;    // TA0002, when ATT&CK is known
  std::string page;
  RuleList rules;                      // rules naming the tactic
  std::vector<std::string> techniques;  // ids of the covered techniques in its matrix column, sorted
  // Techniques (not sub-techniques) ATT&CK puts in the column that no rule names: id, name.
  std::vector<std::pair<std::string, std::string>> gaps;
};

struct TechniqueEntry {
  std::string id;  // upper case: T1059.001
  std::string name;
  std::string page;
  std::vector<size_t> tactics;  // indices into SiteIndex::tactics
  bool revoked = false;
  bool deprecated = false;
  RuleList rules;
};

// Rules whose indicator has one identity of the corpus counts.
struct IndicatorGroup {
  std::string anchor;
  const Predicate* example = nullptr;  // the first rule's predicate: operator and flags
  std::string value;                   // as the first rule writes it
  RuleList rules;
};

struct FieldEntry {
  std::string name;
  std::string page;
  std::vector<IndicatorGroup> indicators;  // by value, then operator
  RuleList rules;                          // every rule that compares the field
};

// Stories, macros or lookups: the list page of one kind and its items.
struct ItemKind {
  std::string kind;   // "story"
  std::string title;  // "Analytic stories"
  std::string page;   // "stories.html"
  std::vector<uint32_t> items;  // catalog item positions, by name
};

struct SiteIndex {
  std::vector<std::string> rule_pages;  // by catalog position
  std::vector<NamedGroup> platforms;     // by name
  std::vector<NamedGroup> data_sources;  // by name
  std::vector<TacticEntry> tactics;      // ATT&CK matrix order, then others by name
  std::map<std::string, TechniqueEntry> techniques;  // by id
  std::vector<FieldEntry> fields;                    // by name
  std::unordered_map<std::string, size_t> field_position;
  size_t max_technique_rules = 0;
  std::vector<std::string> item_pages;  // by catalog item position
  std::vector<ItemKind> item_kinds;     // kinds present, by title
  std::unordered_map<std::string, uint32_t> item_position;  // kind '\0' name -> first item of that name

  // "fields/<page>" of a field, "" when no rule compares it.
  std::string field_href(const std::string& field) const;
  // "stories/<page>" of the item a rule names, "" when the catalog has none.
  std::string item_href(const ItemRef& item) const;
  // "fields/<page>#<anchor>" of the rules with this indicator value.
  std::string indicator_href(const Predicate& predicate, size_t value) const;
};

// The platform a rule is listed under ("unknown" when not known).
inline std::string_view platform_of(const Rule& rule) {
  return rule.platform.empty() ? std::string_view("unknown") : std::string_view(rule.platform);
}

// The group of that name in a list sorted by name, or null.
const NamedGroup* find_group(const std::vector<NamedGroup>& groups, std::string_view name);

SiteIndex index_catalog(const Catalog& catalog, const AttackCatalog* attack);

}  // namespace ruledex::site
