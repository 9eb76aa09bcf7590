#pragma once
// The fields of an Elastic detection rule, as the detection-engine API writes
// them (JSON), into the rule model. Shared by the TOML reader (whose [rule]
// table is the same object) and the Kibana export / API JSON reader.

#include <string>

#include <nlohmann/json.hpp>

#include "model/rule.h"

namespace ruledex::readers {

// Everything but the query text and its place, which each reader knows.
void read_elastic_rule_fields(const nlohmann::json& fields, Rule& rule);

// "ES|QL" and "esql" are one language; so are "EQL" and "eql".
std::string elastic_language_name(std::string written);

}  // namespace ruledex::readers
