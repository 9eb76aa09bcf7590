#include <string>

#include "render/logic_json.h"
#include "render/render.h"
#include "render/rule_facts.h"

namespace ruledex {
namespace {

using Json = nlohmann::ordered_json;

Json predicate_json(const Predicate& predicate) {
  // A field-less predicate (a Sigma keyword, a search term) has field null.
  return Json{{"field", predicate.field.empty() ? Json(nullptr) : Json(predicate.field)},
              {"op", to_string(predicate.op)},
              {"negated", predicate.negated},
              {"case_sensitive", predicate.case_sensitive},
              {"values", predicate.values},
              {"modifiers", predicate.modifiers},
              {"stage", predicate.stage}};
}

Json stages_json(const Rule& rule) {
  Json stages = Json::array();
  for (const auto& stage : rule.stages)
    stages.push_back({{"kind", stage.kind},
                      {"steps", stage.steps},
                      {"line", stage.line},
                      {"text", render::stage_text(rule, stage)}});
  return stages;
}

Json predicates_json(const Rule& rule, bool indicators_only) {
  Json out = Json::array();
  for (const auto& predicate : rule.predicates) {
    if (indicators_only && !predicate.indicator) continue;
    Json entry = predicate_json(predicate);
    if (indicators_only) entry["corpus"] = predicate.corpus;
    else entry["indicator"] = predicate.indicator;
    out.push_back(std::move(entry));
  }
  return out;
}

Json entity_mappings_json(const Rule& rule) {
  Json out = Json::array();
  for (const auto& mapping : rule.entity_mappings) {
    Json fields = Json::array();
    for (const auto& [identifier, column] : mapping.fields)
      fields.push_back({{"identifier", identifier},
                        {"column", column},
                        {"in_output", render::is_output_field(rule, column)}});
    out.push_back({{"entity_type", mapping.entity_type}, {"fields", std::move(fields)}});
  }
  return out;
}

Json custom_details_json(const Rule& rule) {
  Json out = Json::array();
  for (const auto& [key, column] : rule.custom_details)
    out.push_back({{"key", key}, {"column", column}, {"in_output", render::is_output_field(rule, column)}});
  return out;
}

Json alert_details_json(const Rule& rule) {
  Json out = Json::array();
  for (const auto& [key, format] : rule.alert_details)
    out.push_back({{"key", key}, {"format", format}, {"columns", render::format_columns(format)}});
  return out;
}

}  // namespace

Json rule_to_json(const Rule& rule) {
  Json techniques = Json::array();
  for (const auto& technique : rule.techniques) techniques.push_back({{"id", technique.id}, {"name", technique.name}});
  Json metadata = Json::object();
  for (const auto& [key, value] : rule.metadata)
    if (!metadata.contains(key)) metadata[key] = value;
  Json output_fields = Json::array();
  for (const auto& field : rule.output_fields)
    output_fields.push_back({{"name", field.name},
                             {"stage", field.stage},
                             {"stage_index", field.stage_index},
                             {"all_columns_of", field.all_columns_of},
                             {"role", field.role}});
  Json same_action = Json::array();
  for (const auto& other : rule.same_action)
    same_action.push_back(
        {{"id", other.id}, {"name", other.name}, {"platform", other.platform}, {"action", other.action}});
  Json items = Json::array();
  for (const ItemRef& item : rule.items) items.push_back({{"kind", item.kind}, {"name", item.name}});
  Json diagnostics = Json::array();
  for (const auto& diagnostic : rule.diagnostics)
    diagnostics.push_back({{"severity", to_string(diagnostic.severity)},
                           {"message", diagnostic.message},
                           {"file", diagnostic.file.empty() ? rule.file : diagnostic.file},
                           {"line", diagnostic.line},
                           {"column", diagnostic.column}});

  return Json{{"schema_version", kRuleJsonSchemaVersion},
              {"id", rule.id},
              {"name", rule.name},
              {"description", rule.description},
              {"platform", rule.platform},
              {"language", rule.language},
              {"severity", rule.severity},
              {"status", rule.status},
              {"kind", rule.kind},
              {"file", rule.file},
              {"line", rule.query_line},
              {"query_index", rule.query_index},
              {"query_count", rule.query_count},
              {"tactics", rule.tactics},
              {"techniques", std::move(techniques)},
              {"data_sources", rule.data_sources},
              {"metadata", std::move(metadata)},
              {"raw", rule.raw},
              {"query", rule.query},
              {"stages", stages_json(rule)},
              {"predicates", predicates_json(rule, false)},
              {"indicators", predicates_json(rule, true)},
              {"logic", logic_to_json(rule)},
              {"output_fields", std::move(output_fields)},
              {"entity_mappings", entity_mappings_json(rule)},
              {"custom_details", custom_details_json(rule)},
              {"alert_details", alert_details_json(rule)},
              {"same_action", std::move(same_action)},
              {"items", std::move(items)},
              {"diagnostics", std::move(diagnostics)}};
}

}  // namespace ruledex
