#pragma once
// The `logic` member of a rule's JSON (README: "Rule logic").

#include <nlohmann/json.hpp>

#include "model/rule.h"

namespace ruledex {

nlohmann::ordered_json logic_to_json(const Rule& rule);

}  // namespace ruledex
