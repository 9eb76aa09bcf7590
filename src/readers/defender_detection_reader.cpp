// Defender XDR custom detections as the Graph API `detectionRule` body, in
// JSON or (as repositories keep them) YAML.
#include <yaml-cpp/yaml.h>

#include "readers/format_readers.h"
#include "readers/json_values.h"
#include "readers/reader_support.h"
#include "readers/tactic_names.h"
#include "readers/yaml_values.h"

namespace ruledex::readers {
namespace {

class DefenderDetectionReader {
 public:
  DefenderDetectionReader(std::string_view path, std::string_view text, bool json)
      : path_(path), text_(text), json_(json), rule_(new_rule(path, "defender", "kql")) {}

  ReadResult read() {
    ReadResult result{.recognised = true, .format = json_ ? "defender-detection-json" : "defender-detection-yaml",
                      .platform = "defender"};
    rule_.raw = std::string(text_);
    rule_.kind = "custom detection";
    if (std::optional<YAML::Node> body = load()) {
      try {
        read_body(*body);
      } catch (const YAML::Exception& e) {
        diagnostic(Severity::error, "unexpected detection rule layout: " + e.msg, e.mark.line + 1, e.mark.column + 1);
      }
    }
    if (rule_.query.empty() && rule_.diagnostics.empty())
      diagnostic(Severity::error, "the detection rule has no queryCondition.queryText", 0, 0);
    result.rules.push_back(std::move(rule_));
    return result;
  }

 private:
  std::optional<YAML::Node> load() {
    if (json_) {
      JsonParse parsed = parse_jsonc(text_);
      if (parsed.value) return yaml_from_json(*parsed.value);
      diagnostic(Severity::error, parsed.error, parsed.line, parsed.column);
      return std::nullopt;
    }
    try {
      return YAML::Load(std::string(text_));
    } catch (const YAML::Exception& e) {
      diagnostic(Severity::error, "invalid YAML: " + e.msg, e.mark.line + 1, e.mark.column + 1);
      return std::nullopt;
    }
  }

  void read_body(const YAML::Node& body) {
    if (!body.IsMap()) return diagnostic(Severity::error, "not a detection rule object", 1, 1);
    for (const auto& entry : body) {
      const std::string& key = entry.first.Scalar();
      const YAML::Node& value = entry.second;
      if (key == "id") rule_.id = node_text(value);
      else if (key == "displayName") rule_.name = node_text(value);
      else if (key == "isEnabled") rule_.status = value.as<bool>(true) ? "enabled" : "disabled";
      else if (key == "queryCondition") read_query(value["queryText"]);
      else if (key == "schedule") rule_.metadata.emplace_back("schedule", node_text(value["period"]));
      else if (key == "detectionAction") read_action(value);
      else rule_.metadata.emplace_back(key, node_text(value));
    }
  }

  void read_query(const YAML::Node& query) {
    if (!query.IsDefined() || query.IsNull()) return;
    rule_.query = node_text(query);
    if (json_) {
      if (std::optional<JsonStringPlace> place = find_json_string(text_, "queryText", rule_.query)) {
        rule_.query_line = place->line;
        rule_.query_indent = place->column;
        rule_.query_on_one_line = true;
      }
      return;
    }
    ValuePlacement placement = place_value(text_, split_lines(text_), query.Mark());
    rule_.query_line = placement.line;
    rule_.query_indent = placement.indent;
  }

  void read_action(const YAML::Node& action) {
    if (!action.IsMap()) return;
    const YAML::Node alert = action["alertTemplate"];
    if (alert.IsMap()) {
      for (const auto& entry : alert) {
        const std::string& key = entry.first.Scalar();
        const YAML::Node& value = entry.second;
        if (key == "description") rule_.description = std::string(trim(node_text(value)));
        else if (key == "severity") rule_.severity = node_text(value);
        else if (key == "mitreTechniques") for (const std::string& id : scalar_items(value)) add_technique(rule_, id);
        else if (key == "category") read_category(node_text(value));
        else if (key == "impactedAssets") read_impacted_assets(value);
        else rule_.metadata.emplace_back(key == "title" ? "alert title" : key, node_text(value));
      }
    }
    if (action["responseActions"].IsDefined())
      rule_.metadata.emplace_back("responseActions", node_text(action["responseActions"]));
  }

  // The alert category is an ATT&CK tactic (LateralMovement) or a Defender one
  // (Malware, SuspiciousActivity).
  void read_category(const std::string& category) {
    if (std::optional<std::string> tactic = canonical_tactic(category)) add_unique(rule_.tactics, *tactic);
    else rule_.metadata.emplace_back("category", category);
  }

  // {"@odata.type": "#microsoft.graph.security.impactedDeviceAsset", identifier: deviceId}
  // -> the entity "Device" identified by the column deviceId.
  void read_impacted_assets(const YAML::Node& assets) {
    for (const YAML::Node& asset : assets) {
      if (!asset.IsMap()) continue;
      std::string type = node_text(asset["@odata.type"]);
      type = type.substr(type.find_last_of('.') + 1);
      if (type.starts_with("impacted")) type = type.substr(8);
      if (type.ends_with("Asset")) type.resize(type.size() - 5);
      if (!type.empty()) type[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(type[0])));
      rule_.entity_mappings.push_back({type, {{"identifier", node_text(asset["identifier"])}}});
    }
  }

  void diagnostic(Severity severity, std::string message, int line, int column) {
    rule_.diagnostics.push_back({severity, std::move(message), std::string(path_), static_cast<uint32_t>(std::max(line, 0)),
                                 static_cast<uint32_t>(std::max(column, 0))});
  }

  std::string_view path_;
  std::string_view text_;
  bool json_;
  Rule rule_;
};

}  // namespace

ReadResult read_defender_detection(std::string_view path, std::string_view text, bool json) {
  return DefenderDetectionReader(path, text, json).read();
}

}  // namespace ruledex::readers
