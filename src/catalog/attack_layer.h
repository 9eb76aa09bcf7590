#pragma once
// OUT/attack-layer.json: an ATT&CK Navigator layer (format 4.5) scoring each
// technique by the number of rules naming it, rule names in its metadata.

#include <nlohmann/json.hpp>

#include "catalog/catalog.h"

namespace ruledex {

class AttackCatalog;

// Techniques in id order. Without a bundle the ids are used as the rules write them.
nlohmann::ordered_json attack_layer_json(const Catalog& catalog, const AttackCatalog* attack);

}  // namespace ruledex
