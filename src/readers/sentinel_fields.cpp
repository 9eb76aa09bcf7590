#include "readers/sentinel_fields.h"

#include "readers/reader_support.h"
#include "readers/tactic_names.h"
#include "readers/yaml_values.h"

namespace ruledex::readers {
namespace {

void read_connectors(const YAML::Node& value, Rule& rule) {
  std::string connectors;
  for (const YAML::Node& connector : value) {
    if (!connector.IsMap()) continue;
    std::string id = node_text(connector["connectorId"]);
    std::vector<std::string> tables = scalar_items(connector["dataTypes"]);
    for (const std::string& table : tables) add_unique(rule.data_sources, table);
    std::string tables_text;
    for (const std::string& table : tables) tables_text += (tables_text.empty() ? "" : ", ") + table;
    connectors += (connectors.empty() ? "" : "; ") + id + (tables_text.empty() ? "" : " (" + tables_text + ")");
  }
  rule.metadata.emplace_back("requiredDataConnectors", connectors);
}

void read_entity_mappings(const YAML::Node& value, Rule& rule) {
  for (const YAML::Node& mapping : value) {
    if (!mapping.IsMap()) continue;
    EntityMapping entity;
    entity.entity_type = node_text(mapping["entityType"]);
    for (const YAML::Node& field : mapping["fieldMappings"])
      if (field.IsMap()) entity.fields.emplace_back(node_text(field["identifier"]), node_text(field["columnName"]));
    rule.entity_mappings.push_back(std::move(entity));
  }
}

void read_alert_details(const YAML::Node& value, Rule& rule) {
  if (!value.IsMap()) return;
  for (const auto& entry : value) {
    const std::string& key = entry.first.Scalar();
    if (key == "alertDynamicProperties" && entry.second.IsSequence()) {
      for (const YAML::Node& property : entry.second)
        if (property.IsMap())
          rule.alert_details.emplace_back(node_text(property["alertProperty"]), node_text(property["value"]));
    } else {
      rule.alert_details.emplace_back(key, node_text(entry.second));
    }
  }
}

}  // namespace

bool is_schedule_key(std::string_view key) { return key == "queryFrequency" || key == "triggerOperator"; }

void map_sentinel_field(std::string_view key, const YAML::Node& value, Rule& rule) {
  if (key == "id") {
    rule.id = node_text(value);
  } else if (key == "name" || key == "displayName") {
    rule.name = node_text(value);
  } else if (key == "description") {
    rule.description = std::string(trim(node_text(value)));
  } else if (key == "severity") {
    rule.severity = node_text(value);
  } else if (key == "status") {
    rule.status = node_text(value);
  } else if (key == "kind") {
    rule.kind = node_text(value);
  } else if (key == "tactics") {
    for (const std::string& tactic : scalar_items(value)) add_unique(rule.tactics, canonical_tactic(tactic).value_or(tactic));
  } else if (key == "relevantTechniques" || key == "techniques" || key == "subTechniques") {
    for (const std::string& id : scalar_items(value)) add_technique(rule, id);
  } else if (key == "requiredDataConnectors") {
    read_connectors(value, rule);
  } else if (key == "dataTypes") {
    for (const std::string& table : scalar_items(value)) add_unique(rule.data_sources, table);
  } else if (key == "entityMappings") {
    read_entity_mappings(value, rule);
  } else if (key == "customDetails") {
    if (value.IsMap())
      for (const auto& entry : value) rule.custom_details.emplace_back(entry.first.Scalar(), node_text(entry.second));
  } else if (key == "alertDetailsOverride") {
    read_alert_details(value, rule);
  } else {
    // tags, version, queryFrequency, eventGroupingSettings, incidentConfiguration, ...
    if (key == "tags")
      for (const std::string& tag : scalar_items(value))
        if (is_technique_id(trim(tag))) add_technique(rule, tag);
    rule.metadata.emplace_back(std::string(key), node_text(value));
  }
}

}  // namespace ruledex::readers
