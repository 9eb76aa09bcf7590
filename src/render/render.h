#pragma once
// Renderers: rules of the neutral model -> text, Markdown, JSON, HTML.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/rule.h"

namespace ruledex {

enum class Format { text, markdown, json, html };

// The public JSON contract of `ruledex show --format json` (see README).
nlohmann::json rule_to_json(const Rule& rule);

// All rules of one file in the given format. JSON: an array of rule objects
// when the file holds several queries, else one object.
std::string render_rules(const std::vector<Rule>& rules, Format format);

}  // namespace ruledex
