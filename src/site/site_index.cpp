#include "site/site_index.h"

#include "base/ascii_case.h"

#include <algorithm>

#include "attack/attack_catalog.h"
#include "catalog/corpus_counts.h"
#include "site/site_paths.h"

namespace ruledex::site {
namespace {

// "Defense Evasion", "DefenseEvasion" and "defense-evasion" read as one tactic.
std::string tactic_page_key(std::string_view name) {
  std::string key;
  for (char c : name) {
    if (c >= 'A' && c <= 'Z') key += static_cast<char>(c - 'A' + 'a');
    else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) key += c;
  }
  return key;
}


// Adds rule r unless it is already the list's last entry (rules are visited in order).
void add_rule(RuleList& rules, uint32_t r) {
  if (rules.empty() || rules.back() != r) rules.push_back(r);
}

// Named groups (platforms, data sources) by name, built through a map.
class GroupBuilder {
 public:
  explicit GroupBuilder(std::string folder) : folder_(std::move(folder)) {}
  void add(const std::string& name, uint32_t r) {
    if (!name.empty()) add_rule(groups_[name], r);
  }
  std::vector<NamedGroup> finish() {
    std::vector<NamedGroup> out;
    out.reserve(groups_.size());
    for (auto& [name, rules] : groups_) out.push_back({name, named_page(folder_, name), std::move(rules)});
    return out;
  }

 private:
  std::string folder_;
  std::map<std::string, RuleList> groups_;
};

// Tactics by key: ATT&CK's in matrix order, then the ones only rules name, by name.
class TacticTable {
 public:
  explicit TacticTable(const AttackCatalog* attack) : attack_(attack) {
    if (!attack) return;
    for (const AttackTactic& tactic : attack->tactics()) add(tactic.shortname, tactic.name, tactic.id);
  }

  // A tactic written as a name, shortname or id, added on first sight.
  size_t operator[](std::string_view written) {
    if (const AttackTactic* known = attack_ ? attack_->tactic(written) : nullptr)
      return add(known->shortname, known->name, known->id);
    return add(written, written, "");
  }

  // Sorts the tactics no ATT&CK bundle knows; positions handed out before change.
  std::vector<TacticEntry> sorted() {
    auto first_other = entries_.begin() + static_cast<std::ptrdiff_t>(attack_ ? attack_->tactics().size() : 0);
    std::sort(first_other, entries_.end(), [](const TacticEntry& a, const TacticEntry& b) { return a.name < b.name; });
    for (size_t t = 0; t < entries_.size(); ++t) positions_[tactic_page_key(entries_[t].name)] = t;
    return entries_;
  }

 private:
  size_t add(std::string_view key_text, std::string_view name, std::string_view id) {
    auto [it, added] = positions_.try_emplace(tactic_page_key(key_text), entries_.size());
    if (added) entries_.push_back({std::string(name), std::string(id), named_page("tactics", it->first), {}, {}, {}});
    return it->second;
  }

  const AttackCatalog* attack_;
  std::unordered_map<std::string, size_t> positions_;  // tactic_key of shortname (ATT&CK) or name -> entries_
  std::vector<TacticEntry> entries_;
};

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// The technique entries with their rules and names; tactic columns come later.
void index_techniques(const Catalog& catalog, const AttackCatalog* attack, SiteIndex& index) {
  for (uint32_t r = 0; r < catalog.rules.size(); ++r) {
    for (const Technique& technique : catalog.rules[r].techniques) {
      std::string id = ascii_upper(technique.id);
      auto [it, added] = index.techniques.try_emplace(id);
      TechniqueEntry& entry = it->second;
      if (added) {
        entry.id = id;
        entry.page = named_page("techniques", lower(id));
      }
      if (entry.name.empty()) entry.name = technique.name;
      add_rule(entry.rules, r);
    }
  }
  for (auto& [id, entry] : index.techniques) {
    index.max_technique_rules = std::max(index.max_technique_rules, entry.rules.size());
    const AttackTechnique* known = attack ? attack->technique(id) : nullptr;
    if (!known) continue;
    entry.name = known->subtechnique && !known->parent_name.empty() ? known->parent_name + ": " + known->name
                                                                     : known->name;
    entry.revoked = known->revoked;
    entry.deprecated = known->deprecated;
  }
}

// The tactic columns: a technique sits where ATT&CK puts it; one ATT&CK does
// not know, in the tactics of the rules that name it.
void index_tactics(const Catalog& catalog, const AttackCatalog* attack, SiteIndex& index) {
  TacticTable table(attack);
  for (const Rule& rule : catalog.rules)
    for (const std::string& name : rule.tactics) table[name];
  for (const auto& [id, entry] : index.techniques)
    if (const AttackTechnique* known = attack ? attack->technique(id) : nullptr)
      for (const std::string& shortname : known->tactics) table[shortname];
  index.tactics = table.sorted();  // every tactic is known now: positions stay
  for (uint32_t r = 0; r < catalog.rules.size(); ++r) {
    const Rule& rule = catalog.rules[r];
    for (const std::string& name : rule.tactics) add_rule(index.tactics[table[name]].rules, r);
    for (const Technique& technique : rule.techniques) {
      TechniqueEntry& entry = index.techniques.at(ascii_upper(technique.id));
      if (attack && attack->technique(entry.id)) continue;
      for (const std::string& name : rule.tactics) entry.tactics.push_back(table[name]);
    }
  }
  for (auto& [id, entry] : index.techniques) {
    if (const AttackTechnique* known = attack ? attack->technique(id) : nullptr)
      for (const std::string& shortname : known->tactics) entry.tactics.push_back(table[shortname]);
    std::sort(entry.tactics.begin(), entry.tactics.end());
    entry.tactics.erase(std::unique(entry.tactics.begin(), entry.tactics.end()), entry.tactics.end());
    for (size_t t : entry.tactics) index.tactics[t].techniques.push_back(id);  // map order: sorted by id
  }
  if (!attack) return;
  for (const AttackTechnique* technique : attack->all_techniques()) {
    if (technique->subtechnique || technique->revoked || technique->deprecated) continue;
    if (index.techniques.count(technique->id)) continue;
    for (const std::string& shortname : technique->tactics)
      if (size_t t = table[shortname]; t < index.tactics.size()) index.tactics[t].gaps.emplace_back(technique->id, technique->name);
  }
}

void index_fields(const Catalog& catalog, SiteIndex& index) {
  std::map<std::string, FieldEntry> fields;
  std::map<std::string, std::unordered_map<std::string, size_t>> groups_of;  // field -> key -> indicator position
  for (uint32_t r = 0; r < catalog.rules.size(); ++r) {
    for (const Predicate& predicate : catalog.rules[r].predicates) {
      if (predicate.field.empty()) continue;
      FieldEntry& field = fields[predicate.field];
      add_rule(field.rules, r);
      if (!predicate.indicator) continue;
      auto& groups = groups_of[predicate.field];
      for (const std::string& value : predicate.values) {
        std::string key = indicator_key(predicate, value);
        auto [it, added] = groups.try_emplace(key, field.indicators.size());
        if (added) field.indicators.push_back({anchor_id(key), &predicate, value, {}});
        add_rule(field.indicators[it->second].rules, r);
      }
    }
  }
  index.fields.reserve(fields.size());
  for (auto& [name, field] : fields) {
    field.name = name;
    field.page = named_page("fields", name);
    std::sort(field.indicators.begin(), field.indicators.end(), [](const IndicatorGroup& a, const IndicatorGroup& b) {
      if (a.value != b.value) return a.value < b.value;
      return a.anchor < b.anchor;
    });
    index.field_position.emplace(name, index.fields.size());
    index.fields.push_back(std::move(field));
  }
}

std::string item_key(const std::string& kind, const std::string& name) { return kind + '\0' + name; }

std::string item_kind_title(const std::string& kind) {
  if (kind == "story") return "Analytic stories";
  if (kind == "macro") return "Macros";
  if (kind == "lookup") return "Lookups";
  return kind;
}

void index_items(const Catalog& catalog, SiteIndex& index) {
  std::map<std::string, ItemKind> kinds;
  index.item_pages.reserve(catalog.items.size());
  for (uint32_t i = 0; i < catalog.items.size(); ++i) {
    const RepositoryItem& item = catalog.items[i];
    const std::string folder = item_folder(item.kind);
    // The file keeps two items of one name apart.
    index.item_pages.push_back(folder + "/" + slug(item.name) + "-" + short_hash(item.file + '\n' + item.name) + ".html");
    index.item_position.try_emplace(item_key(item.kind, item.name), i);
    for (const std::string& alias : item.aliases) index.item_position.try_emplace(item_key(item.kind, alias), i);
    ItemKind& kind = kinds[item.kind];
    if (kind.kind.empty()) kind = {item.kind, item_kind_title(item.kind), folder + ".html", {}};
    kind.items.push_back(i);
  }
  for (auto& [name, kind] : kinds) {
    std::stable_sort(kind.items.begin(), kind.items.end(),
                     [&](uint32_t a, uint32_t b) { return catalog.items[a].name < catalog.items[b].name; });
    index.item_kinds.push_back(std::move(kind));
  }
  std::sort(index.item_kinds.begin(), index.item_kinds.end(),
            [](const ItemKind& a, const ItemKind& b) { return a.title < b.title; });
}

}  // namespace

std::string SiteIndex::item_href(const ItemRef& item) const {
  auto it = item_position.find(item_key(item.kind, item.name));
  return it == item_position.end() ? "" : item_pages[it->second];
}

std::string SiteIndex::field_href(const std::string& field) const {
  auto it = field_position.find(field);
  return it == field_position.end() ? "" : fields[it->second].page;
}

const NamedGroup* find_group(const std::vector<NamedGroup>& groups, std::string_view name) {
  auto it = std::lower_bound(groups.begin(), groups.end(), name,
                             [](const NamedGroup& group, std::string_view key) { return group.name < key; });
  return it != groups.end() && it->name == name ? &*it : nullptr;
}

std::string SiteIndex::indicator_href(const Predicate& predicate, size_t value) const {
  auto it = field_position.find(predicate.field);
  if (it == field_position.end() || value >= predicate.values.size()) return "";
  return fields[it->second].page + "#" + anchor_id(indicator_key(predicate, predicate.values[value]));
}

SiteIndex index_catalog(const Catalog& catalog, const AttackCatalog* attack) {
  SiteIndex index;
  GroupBuilder platforms("platforms"), data_sources("sources");
  index.rule_pages.reserve(catalog.rules.size());
  for (uint32_t r = 0; r < catalog.rules.size(); ++r) {
    const Rule& rule = catalog.rules[r];
    index.rule_pages.push_back(rule_page(rule));
    platforms.add(std::string(platform_of(rule)), r);
    for (const std::string& source : rule.data_sources) data_sources.add(source, r);
  }
  index.platforms = platforms.finish();
  index.data_sources = data_sources.finish();
  index_techniques(catalog, attack, index);
  index_tactics(catalog, attack, index);
  index_fields(catalog, index);
  index_items(catalog, index);
  return index;
}

}  // namespace ruledex::site
