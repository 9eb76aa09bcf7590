#pragma once
// Renderers: rules of the neutral model -> text, Markdown, JSON, HTML.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/rule.h"

namespace ruledex {

enum class Format { text, markdown, json, html };

std::optional<Format> format_from_string(std::string_view name);  // "text", "markdown", "json", "html"

// The JSON contract's version; raised only when a key changes meaning or goes away.
inline constexpr int kRuleJsonSchemaVersion = 1;

// The public JSON contract of `ruledex show --format json` (README, "JSON output").
// Every key is always present; keys keep the order the README lists.
nlohmann::ordered_json rule_to_json(const Rule& rule);

// All rules of one file in the given format. JSON: one rule object for one
// rule, an array of rule objects for several (or none).
std::string render_rules(const std::vector<Rule>& rules, Format format);

}  // namespace ruledex
