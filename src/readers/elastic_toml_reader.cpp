// Elastic detection rules and hunting queries (TOML). No front end for their
// languages yet: each file is listed as one rule with its metadata and ATT&CK.
#include <toml++/toml.h>

#include "readers/format_readers.h"
#include "readers/reader_support.h"
#include "readers/tactic_names.h"

namespace ruledex::readers {
namespace {

std::string string_at(const toml::node_view<const toml::node>& node) {
  if (auto value = node.value<std::string>()) return *value;
  if (const toml::array* list = node.as_array(); list && !list->empty())
    if (auto first = list->front().value<std::string>()) return *first;
  return {};
}

// "ES|QL" and "esql" are one language; so are "EQL" and "eql".
std::string language_name(std::string written) {
  written = lower(written);
  return written == "es|ql" ? "esql" : written;
}

void read_rule_table(const toml::table& doc, Rule& rule) {
  auto table = doc["rule"];
  rule.name = string_at(table["name"]);
  rule.id = string_at(table["rule_id"]);
  rule.description = string_at(table["description"]);
  rule.severity = string_at(table["severity"]);
  rule.kind = string_at(table["type"]);
  rule.language = language_name(string_at(table["language"]));
  rule.status = string_at(doc["metadata"]["maturity"]);
  if (const toml::array* threats = table["threat"].as_array()) {
    for (const toml::node& threat : *threats) {
      auto entry = toml::node_view<const toml::node>(threat);
      std::string tactic = string_at(entry["tactic"]["name"]);
      if (!tactic.empty()) rule.tactics.push_back(canonical_tactic(tactic).value_or(tactic));
      if (const toml::array* techniques = entry["technique"].as_array()) {
        for (const toml::node& technique : *techniques) {
          auto t = toml::node_view<const toml::node>(technique);
          rule.techniques.push_back({string_at(t["id"]), string_at(t["name"])});
          if (const toml::array* subs = t["subtechnique"].as_array())
            for (const toml::node& sub : *subs)
              rule.techniques.push_back({string_at(toml::node_view<const toml::node>(sub)["id"]),
                                         string_at(toml::node_view<const toml::node>(sub)["name"])});
        }
      }
    }
  }
}

void read_hunt_table(const toml::table& doc, Rule& rule) {
  auto table = doc["hunt"];
  rule.name = string_at(table["name"]);
  rule.id = string_at(table["uuid"]);
  rule.description = string_at(table["description"]);
  rule.kind = "hunting";
  rule.language = language_name(string_at(table["language"]));
  if (const toml::array* ids = table["mitre"].as_array())
    for (const toml::node& id : *ids)
      if (auto text = id.value<std::string>()) rule.techniques.push_back({*text, ""});
}

}  // namespace

ReadResult read_elastic_toml(std::string_view path, std::string_view text) {
  ReadResult result{true, "elastic-toml", "elastic", {}, {}};
  Rule rule = new_rule(path, "elastic", "");
  rule.raw = std::string(text);
  try {
    toml::table doc = toml::parse(text, path);
    if (doc.contains("hunt")) {
      read_hunt_table(doc, rule);
    } else {
      read_rule_table(doc, rule);
    }
    if (rule.name.empty()) rule.name = file_stem(path);
    if (rule.id.empty()) rule.id = file_stem(path);
  } catch (const toml::parse_error& e) {
    rule.diagnostics.push_back({Severity::error, "invalid TOML: " + std::string(e.description()), std::string(path),
                                e.source().begin.line, e.source().begin.column});
  }
  if (rule.language.empty() && rule.diagnostics.empty())
    rule.diagnostics.push_back({Severity::note, "no query to analyse: a " + (rule.kind.empty() ? "rule" : rule.kind) +
                                                    " rule has none", std::string(path), 0, 0});
  result.rules.push_back(std::move(rule));
  return result;
}

}  // namespace ruledex::readers
