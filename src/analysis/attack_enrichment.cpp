#include "analysis/attack_enrichment.h"

namespace ruledex {

void enrich_attack(Rule& rule, const AttackCatalog& catalog) {
  for (std::string& tactic : rule.tactics)
    if (const AttackTactic* known = catalog.tactic(tactic)) tactic = known->name;
  for (Technique& technique : rule.techniques) {
    const AttackTechnique* known = catalog.technique(technique.id);
    auto warn = [&](std::string message) {
      rule.diagnostics.push_back({Severity::warning, std::move(message), rule.file, 0, 0});
    };
    if (!known) {
      warn("technique " + technique.id + " is not in the ATT&CK catalog");
      continue;
    }
    technique.name = known->parent_name.empty() ? known->name : known->parent_name + ": " + known->name;
    if (known->revoked) warn("technique " + technique.id + " is revoked in ATT&CK");
    else if (known->deprecated) warn("technique " + technique.id + " is deprecated in ATT&CK");
  }
}

}  // namespace ruledex
