#include "attack/attack_catalog.h"

namespace ruledex {
// placeholder
AttackCatalog AttackCatalog::load(const std::filesystem::path&) { return {}; }
AttackCatalog AttackCatalog::parse(std::string_view, std::string_view) { return {}; }
const AttackTechnique* AttackCatalog::technique(std::string_view) const { return nullptr; }
const AttackTactic* AttackCatalog::tactic(std::string_view) const { return nullptr; }
}  // namespace ruledex
