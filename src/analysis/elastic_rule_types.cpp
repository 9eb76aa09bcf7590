#include "analysis/elastic_rule_types.h"

#include <cstdlib>
#include <string_view>

#include "model/duration.h"
#include "model/logic_builder.h"

namespace ruledex {
namespace {

std::vector<std::string> metadata_values(const Rule& rule, std::string_view key) {
  std::vector<std::string> values;
  for (const auto& [name, value] : rule.metadata)
    if (name == key) values.push_back(value);
  return values;
}

std::vector<std::string> fields_of_stage(const Rule& rule, std::string_view stage) {
  std::vector<std::string> fields;
  for (const OutputField& field : rule.output_fields)
    if (field.stage == stage) fields.push_back(field.name);
  return fields;
}

// `now-9m` -> 9m: the span a date-math start reaches back.
void set_window(RuleLogic& logic, const std::vector<std::string>& starts) {
  if (starts.empty() || !starts.front().starts_with("now-")) return;
  std::string span = starts.front().substr(4);
  if (std::optional<uint64_t> seconds = duration_seconds(span)) {
    logic.window = span;
    logic.window_seconds = *seconds;
  }
}

std::optional<double> number(const std::string& text) {
  char* end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0') return std::nullopt;
  return value;
}

void threshold(Rule& rule) {
  RuleLogic& logic = rule.logic;
  logic.shape = LogicShape::threshold;
  logic.group_by = fields_of_stage(rule, "threshold");
  set_window(logic, metadata_values(rule, "from"));
  std::vector<uint32_t> counts;
  for (const std::string& value : metadata_values(rule, "threshold.value"))
    if (std::optional<double> n = number(value)) counts.push_back(add_count(logic, "count", kNoNode, ">=", *n));
  std::vector<std::string> fields = metadata_values(rule, "threshold.cardinality.field");
  std::vector<std::string> values = metadata_values(rule, "threshold.cardinality.value");
  for (size_t i = 0; i < fields.size() && i < values.size(); ++i)
    if (std::optional<double> n = number(values[i])) counts.push_back(add_count(logic, "distinct " + fields[i], kNoNode, ">=", *n));
  if (!counts.empty()) logic.condition = add_all(logic, std::move(counts));
}

void new_terms(Rule& rule) {
  RuleLogic& logic = rule.logic;
  logic.shape = LogicShape::new_terms;
  logic.group_by = fields_of_stage(rule, "new_terms");
  set_window(logic, metadata_values(rule, "new_terms.history_window_start"));
}

}  // namespace

void apply_elastic_rule_type(Rule& rule) {
  if (rule.logic.selections.empty()) return;
  if (rule.kind == "threshold") threshold(rule);
  else if (rule.kind == "new_terms") new_terms(rule);
}

}  // namespace ruledex
