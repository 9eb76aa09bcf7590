#include "catalog/attack_layer.h"

#include "base/ascii_case.h"

#include <algorithm>
#include <map>

#include "attack/attack_catalog.h"
#include "readers/reader_support.h"

namespace ruledex {
namespace {

using Json = nlohmann::ordered_json;

std::string rule_label(const Rule& rule) {
  std::string label = rule.name.empty() ? rule.file : rule.name;
  return label + " (" + rule.platform + ")";
}

}  // namespace

Json attack_layer_json(const Catalog& catalog, const AttackCatalog* attack) {
  std::vector<const Rule*> rules;
  for (const Rule& rule : catalog.rules) rules.push_back(&rule);
  return attack_layer_json(rules, attack,
                           {"ruledex coverage",
                            "Techniques scored by the number of rules in the catalog that name them (" +
                                std::to_string(catalog.rules.size()) + " rules).",
                            "ruledex build"});
}

Json attack_layer_json(const std::vector<const Rule*>& scored, const AttackCatalog* attack, const LayerLabels& labels) {
  std::map<std::string, std::vector<const Rule*>> covered;  // technique id -> rules, each once
  for (const Rule* rule : scored)
    for (const Technique& technique : rule->techniques) {
      if (!readers::is_technique_id(technique.id)) continue;  // rule text, not to be trusted as an id
      auto& rules = covered[ascii_upper(technique.id)];
      if (rules.empty() || rules.back() != rule) rules.push_back(rule);
    }

  size_t max_score = 0;
  Json techniques = Json::array();
  for (const auto& [id, rules] : covered) {
    max_score = std::max(max_score, rules.size());
    Json metadata = Json::array();
    for (const Rule* rule : rules) metadata.push_back({{"name", "rule"}, {"value", rule_label(*rule)}});
    Json technique = {{"techniqueID", id},
                      {"score", rules.size()},
                      {"color", ""},
                      {"comment", std::to_string(rules.size()) + (rules.size() == 1 ? " rule" : " rules")},
                      {"enabled", true},
                      {"metadata", std::move(metadata)},
                      {"links", Json::array()},
                      {"showSubtechniques", false}};
    if (const AttackTechnique* known = attack ? attack->technique(id) : nullptr;
        known && (known->revoked || known->deprecated))
      technique["comment"] = technique["comment"].get<std::string>() + (known->revoked ? "; revoked" : "; deprecated");
    techniques.push_back(std::move(technique));
  }

  return Json{
      {"name", labels.name},
      {"versions", {{"navigator", "5.1.0"}, {"layer", "4.5"}}},
      {"domain", "enterprise-attack"},
      {"description", labels.description},
      {"sorting", 3},
      {"layout",
       {{"layout", "side"},
        {"aggregateFunction", "sum"},
        {"showID", true},
        {"showName", true},
        {"showAggregateScores", true},
        {"countUnscored", false},
        {"expandedSubtechniques", "annotated"}}},
      {"hideDisabled", false},
      {"techniques", std::move(techniques)},
      {"gradient", {{"colors", {"#ffffff", "#66b1ff", "#0b3d91"}}, {"minValue", 0}, {"maxValue", std::max<size_t>(max_score, 1)}}},
      {"legendItems",
       {{{"label", "covered by 1 rule"}, {"color", "#e0efff"}},
        {{"label", "covered by " + std::to_string(std::max<size_t>(max_score, 1)) + " rules"}, {"color", "#0b3d91"}}}},
      {"metadata", {{{"name", "generator"}, {"value", labels.generator}}}},
      {"links", Json::array()},
      {"showTacticRowBackground", false},
      {"tacticRowBackground", "#dddddd"},
      {"selectTechniquesAcrossTactics", true},
      {"selectSubtechniquesWithParent", false},
      {"selectVisibleTechniques", false}};
}

}  // namespace ruledex
