#include "render/rule_facts.h"

namespace ruledex::render {

std::string_view stage_text(const Rule& rule, const Stage& stage) {
  const std::string_view query = rule.query;
  if (stage.range.begin >= stage.range.end || stage.range.end > query.size()) return {};
  return query.substr(stage.range.begin, stage.range.end - stage.range.begin);
}

std::vector<std::string> format_columns(std::string_view format) {
  std::vector<std::string> columns;
  for (size_t open = format.find("{{"); open != std::string_view::npos; open = format.find("{{", open)) {
    size_t close = format.find("}}", open + 2);
    if (close == std::string_view::npos) break;
    std::string_view name = format.substr(open + 2, close - open - 2);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (!name.empty()) columns.emplace_back(name);
    open = close + 2;
  }
  return columns;
}

bool is_output_field(const Rule& rule, std::string_view column) {
  for (const auto& field : rule.output_fields)
    if (field.all_columns_of.empty() && field.name == column) return true;
  return false;
}

std::vector<ColumnUse> column_uses(const Rule& rule) {
  std::vector<ColumnUse> uses;
  for (const auto& mapping : rule.entity_mappings)
    for (const auto& [identifier, column] : mapping.fields)
      uses.push_back({column, "entity " + mapping.entity_type + "." + identifier});
  for (const auto& [key, column] : rule.custom_details)
    uses.push_back({column, "custom detail " + key});
  for (const auto& [key, format] : rule.alert_details)
    for (auto& column : format_columns(format)) uses.push_back({std::move(column), key});
  return uses;
}

bool op_has_case(Op op) {
  switch (op) {
    case Op::lt:
    case Op::le:
    case Op::gt:
    case Op::ge:
    case Op::between:
    case Op::cidr:
    case Op::exists:
      return false;
    default:
      return true;
  }
}

}  // namespace ruledex::render
