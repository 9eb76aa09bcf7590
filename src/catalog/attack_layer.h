#pragma once
// OUT/attack-layer.json: an ATT&CK Navigator layer (format 4.5) scoring each
// technique by the number of rules naming it, rule names in its metadata.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "catalog/catalog.h"

namespace ruledex {

class AttackCatalog;

// Techniques in id order. Without a bundle the ids are used as the rules write them.
nlohmann::ordered_json attack_layer_json(const Catalog& catalog, const AttackCatalog* attack);

struct LayerLabels {
  std::string name;
  std::string description;
  std::string generator;  // the command that made it
};

// The same over any rules (`hunt`: the rules that fired), each counted once per technique.
nlohmann::ordered_json attack_layer_json(const std::vector<const Rule*>& rules, const AttackCatalog* attack,
                                         const LayerLabels& labels);

}  // namespace ruledex
