// Splunk ESCU detections (security_content YAML): metadata, the `search`
// (SPL) as the query, ATT&CK from tags.mitre_attack_id. The older layout
// (detection spec v2) nests the search under detect.splunk.correlation_rule
// and the ATT&CK ids under mappings. An SPL2 search is read as such.
#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "readers/format_readers.h"
#include "readers/reader_support.h"
#include "readers/yaml_values.h"
#include "spl/commands.h"

namespace ruledex::readers {
namespace {

// Top-level keys kept as metadata as written.
constexpr std::string_view kMetadataKeys[] = {"version", "date", "author", "how_to_implement", "known_false_positives",
                                              "references", "rba", "drilldown_searches"};
// Spec v2 top-level keys kept as metadata as written.
constexpr std::string_view kSpecV2Keys[] = {"spec_version", "creation_date", "modification_date", "confidence",
                                            "security_domain", "eli5", "asset_type", "product_type"};
// tags.* kept as metadata, prefixed "tags.".
constexpr std::string_view kTagKeys[] = {"analytic_story", "security_domain", "risk_score", "confidence", "impact",
                                         "asset_type", "message", "cve", "product", "required_fields"};

bool is_map(const YAML::Node& node) { return node.IsDefined() && node.IsMap(); }

class SplunkYamlReader {
 public:
  SplunkYamlReader(std::string_view path, std::string_view text) : path_(path), text_(text), lines_(split_lines(text)) {}

  ReadResult read() {
    ReadResult result{.recognised = true, .format = "splunk-yaml", .platform = "splunk"};
    Rule rule = new_rule(path_, "splunk", "spl");
    rule.raw = std::string(text_);
    try {
      LoadedYaml loaded = load_yaml(text_);
      add_yaml_warnings(rule.diagnostics, loaded.warnings, path_);
      const YAML::Node& doc = loaded.root;
      if (doc.IsMap())
        read_document(doc, rule);
      else
        diagnostic(rule, "not a YAML mapping of detection fields", 1, 1);
    } catch (const YAML::Exception& e) {
      diagnostic(rule, "invalid YAML: " + e.msg, e.mark.line + 1, e.mark.column + 1);
    }
    if (rule.query.empty() && !has_error(rule.diagnostics)) diagnostic(rule, "the detection has no search", 0, 0);
    if (!rule.query.empty() && spl::is_spl2(rule.query)) {
      rule.language = "spl2";
      rule.diagnostics.push_back({Severity::note,
                                  "an SPL2 search (`| from ...`, `| into ...`: Splunk's streaming pipeline language), "
                                  "not analysed as SPL",
                                  std::string(path_), rule.query_line, rule.query_indent + 1});
    }
    result.rules.push_back(std::move(rule));
    return result;
  }

 private:
  void diagnostic(Rule& rule, std::string message, int line, int column) {
    rule.diagnostics.push_back({Severity::error, std::move(message), std::string(path_),
                                static_cast<uint32_t>(std::max(line, 0)), static_cast<uint32_t>(std::max(column, 0))});
  }

  // Missing keys give invalid nodes: test IsDefined() before anything else.
  void read_document(const YAML::Node& doc, Rule& rule) {
    if (std::string id = node_text(doc["id"]); !id.empty()) rule.id = id;
    if (std::string name = node_text(doc["name"]); !name.empty()) rule.name = name;
    rule.description = std::string(trim(node_text(doc["description"])));
    rule.status = node_text(doc["status"]);
    rule.kind = node_text(doc["type"]);
    for (const std::string& source : scalar_items(doc["data_source"])) add_unique(rule.data_sources, source);
    read_search(doc["search"], rule);
    for (std::string_view key : kMetadataKeys)
      if (std::string value = node_text(doc[std::string(key)]); !value.empty()) rule.metadata.emplace_back(key, value);
    if (YAML::Node detect = doc["detect"]; is_map(detect)) read_spec_v2(doc, detect, rule);
    YAML::Node tags = doc["tags"];
    if (!tags.IsDefined() || !tags.IsMap()) return;
    for (const std::string& id : scalar_items(tags["mitre_attack_id"]))
      if (is_technique_id(trim(id))) add_technique(rule, id);
    for (const std::string& story : scalar_items(tags["analytic_story"]))
      if (std::string_view name = trim(story); !name.empty()) add_item_ref(rule.items, "story", std::string(name));
    for (std::string_view key : kTagKeys)
      if (std::string value = node_text(tags[std::string(key)]); !value.empty())
        rule.metadata.emplace_back("tags." + std::string(key), value);
  }

  void read_search(const YAML::Node& search, Rule& rule) {
    if (!search.IsDefined() || !search.IsScalar()) return;
    rule.query = search.Scalar();
    ValuePlacement placement = place_value(text_, lines_, search.Mark());
    rule.query_line = placement.line;
    rule.query_indent = placement.indent;
  }

  // detect.splunk.correlation_rule {search, schedule, notable, risk}, or a
  // search right under detect.splunk; mappings and data_metadata.
  void read_spec_v2(const YAML::Node& doc, const YAML::Node& detect, Rule& rule) {
    YAML::Node splunk = detect["splunk"];
    if (!is_map(splunk)) return;
    YAML::Node correlation = splunk["correlation_rule"];
    const YAML::Node& holder = is_map(correlation) ? correlation : splunk;
    if (rule.query.empty()) read_search(holder["search"], rule);
    for (const char* part : {"schedule", "notable", "risk", "suppress"})
      if (YAML::Node map = holder[part]; is_map(map))
        for (const auto& entry : map)
          if (std::string value = node_text(entry.second); !value.empty())
            rule.metadata.emplace_back(std::string(part) + "." + entry.first.Scalar(), value);
    for (std::string_view key : kSpecV2Keys)
      if (std::string value = node_text(doc[std::string(key)]); !value.empty()) rule.metadata.emplace_back(key, value);
    if (YAML::Node mappings = doc["mappings"]; is_map(mappings)) {
      for (const std::string& id : scalar_items(mappings["mitre_attack"]))
        if (is_technique_id(trim(id))) add_technique(rule, id);
      if (std::string phases = node_text(mappings["kill_chain_phases"]); !phases.empty())
        rule.metadata.emplace_back("kill_chain_phases", phases);
    }
    if (YAML::Node data = doc["data_metadata"]; is_map(data))
      for (const std::string& source : scalar_items(data["data_source"])) add_unique(rule.data_sources, source);
  }

  std::string_view path_;
  std::string_view text_;
  std::vector<TextLine> lines_;
};

}  // namespace

ReadResult read_splunk_yaml(std::string_view path, std::string_view text) {
  return SplunkYamlReader(path, text).read();
}

}  // namespace ruledex::readers
