#pragma once
// Which rules name which repository items (a Splunk story and its detections,
// a macro and the searches calling it).

#include <cstdint>
#include <vector>

#include "model/rule.h"

namespace ruledex {

// By item position, the positions of the rules whose Rule::items name it
// (same kind, its name or an alias), each rule once, in rule order. An item defined twice
// under one name gets the rules on both.
std::vector<std::vector<uint32_t>> rules_naming_items(const std::vector<Rule>& rules,
                                                      const std::vector<RepositoryItem>& items);

}  // namespace ruledex
