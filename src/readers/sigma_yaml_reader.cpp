// Sigma rules: metadata from each YAML document. The rule's query is its own
// YAML text (with a legacy collection's global document before it), which the
// Sigma front end (src/sigma) parses for logsource, detection, condition,
// correlation and fields, so that its positions are file positions.
#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "readers/format_readers.h"
#include "readers/reader_support.h"
#include "readers/tactic_names.h"
#include "readers/yaml_values.h"
#include "sigma/documents.h"

namespace ruledex::readers {
namespace {

void set_metadata(Rule& rule, const std::string& key, std::string value) {
  for (auto& [existing, text] : rule.metadata)
    if (existing == key) {
      text = std::move(value);
      return;
    }
  rule.metadata.emplace_back(key, std::move(value));
}

// `attack.t1059.001` -> T1059.001, `attack.execution` -> Execution; other
// tags (cve.*, detection.*, attack.g0016, ...) stay in the metadata only.
void read_tag(Rule& rule, std::string_view tag) {
  tag = trim(tag);
  if (!tag.starts_with("attack.")) return;
  std::string_view name = tag.substr(7);
  if (is_technique_id(name)) {
    std::string id(name);
    for (char& c : id) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (std::none_of(rule.techniques.begin(), rule.techniques.end(), [&](const Technique& t) { return t.id == id; }))
      rule.techniques.push_back({id, ""});
  } else if (std::optional<std::string> tactic = canonical_tactic(name)) {
    add_unique(rule.tactics, *tactic);
  }
}

// Logsource entries as written; a later document (a legacy collection's rule
// after its global document) overrides or adds keys.
using Logsource = std::vector<std::pair<std::string, std::string>>;

void merge_logsource(Logsource& logsource, const YAML::Node& node) {
  if (!node.IsMap()) return;
  for (const auto& entry : node) {
    std::string key = node_text(entry.first), value = node_text(entry.second);
    auto same = [&](const auto& pair) { return pair.first == key; };
    if (auto it = std::find_if(logsource.begin(), logsource.end(), same); it != logsource.end()) it->second = value;
    else logsource.emplace_back(std::move(key), std::move(value));
  }
}

// The catalog's data source form: product/service, product/category, or
// whichever of them is written alone.
void set_data_sources(Rule& rule, const Logsource& logsource) {
  auto value = [&](std::string_view key) {
    for (const auto& [k, v] : logsource)
      if (k == key) return v;
    return std::string();
  };
  std::string product = value("product"), category = value("category"), service = value("service");
  if (!product.empty() && !service.empty()) add_unique(rule.data_sources, product + "/" + service);
  if (!product.empty() && !category.empty()) add_unique(rule.data_sources, product + "/" + category);
  if (rule.data_sources.empty()) add_unique(rule.data_sources, !product.empty() ? product : !service.empty() ? service : category);
  std::string written;
  for (const auto& [k, v] : logsource) written += (written.empty() ? "" : ", ") + k + ": " + v;
  set_metadata(rule, "logsource", written);
}

// `related: [{id: ..., type: derived}]` -> "derived 0f06...; obsolete 1a2b...".
std::string related_text(const YAML::Node& related) {
  if (!related.IsSequence()) return node_text(related);
  std::string out;
  for (const YAML::Node& item : related)
    if (item.IsMap()) out += (out.empty() ? "" : "; ") + node_text(item["type"]) + " " + node_text(item["id"]);
  return out;
}

void read_field(Rule& rule, const std::string& key, const YAML::Node& value, Logsource& logsource) {
  if (key == "title") {
    rule.name = node_text(value);
  } else if (key == "id") {
    rule.id = node_text(value);
  } else if (key == "status") {
    rule.status = node_text(value);
  } else if (key == "description") {
    rule.description = std::string(trim(node_text(value)));
  } else if (key == "level") {
    rule.severity = node_text(value);
  } else if (key == "logsource") {
    merge_logsource(logsource, value);
  } else if (key == "related") {
    set_metadata(rule, key, related_text(value));
  } else if (key == "detection" || key == "correlation" || key == "filter" || key == "fields" || key == "action") {
    // The front end's business; `action` only shapes legacy collections.
    if (key == "correlation") rule.kind = "correlation";
    if (key == "filter" && rule.kind != "correlation") rule.kind = "filter";
  } else {
    if (key == "tags")
      for (const std::string& tag : scalar_items(value)) read_tag(rule, tag);
    set_metadata(rule, key, node_text(value));
  }
}

class SigmaYamlReader {
 public:
  SigmaYamlReader(std::string_view path, std::string_view text) : path_(path), text_(text) {}

  ReadResult read() {
    ReadResult result{.recognised = true, .format = "sigma-yaml", .platform = "sigma"};
    std::vector<sigma::DocumentSpan> documents = sigma::split_documents(text_);
    std::vector<sigma::RuleSpan> spans = sigma::rule_spans(text_, documents);
    if (spans.empty())
      result.diagnostics.push_back({Severity::warning, "no Sigma rule in the file (only collection documents)",
                                    std::string(path_), 1, 1});
    for (const sigma::RuleSpan& span : spans) {
      Rule rule = new_rule(path_, "sigma", "sigma");
      rule.kind = "rule";
      rule.query = std::string(text_.substr(span.begin, span.end - span.begin));
      rule.query_line = span.line;
      rule.raw = spans.size() == 1 ? std::string(text_) : rule.query;
      Logsource logsource;
      for (uint32_t index : span.documents) read_document(documents[index], rule, logsource);
      if (!logsource.empty()) {
        set_data_sources(rule, logsource);
      } else if (rule.kind == "rule" && !rule.query.empty()) {
        // Without a log source a backend cannot place the rule: it is broken, not skipped.
        rule.diagnostics.push_back({Severity::error, "the rule has no logsource: it names no events to match",
                                    std::string(path_), span.line, 1});
      }
      result.rules.push_back(std::move(rule));
    }
    for (uint32_t i = 0; i < result.rules.size(); ++i) {
      Rule& rule = result.rules[i];
      rule.query_index = i;
      rule.query_count = static_cast<uint32_t>(result.rules.size());
      // The rules of a legacy collection share the global id and title.
      auto earlier = [&](auto same) { return std::any_of(result.rules.begin(), result.rules.begin() + i, same); };
      std::string suffix = std::to_string(i + 1);
      if (earlier([&](const Rule& r) { return r.name == rule.name; }))
        rule.name += " (" + suffix + " of " + std::to_string(rule.query_count) + ")";
      if (earlier([&](const Rule& r) { return r.id == rule.id; })) rule.id += "#" + suffix;
    }
    return result;
  }

 private:
  void read_document(const sigma::DocumentSpan& document, Rule& rule, Logsource& logsource) {
    try {
      // The front end parses the document again and reports its warnings.
      YAML::Node root = load_yaml(text_.substr(document.begin, document.end - document.begin)).root;
      if (!root.IsMap()) {
        fail(rule, "not a Sigma rule: the YAML document is not a mapping", document.line, 1);
        return;
      }
      for (const auto& entry : root) {
        if (!entry.first.IsScalar()) continue;
        try {
          read_field(rule, entry.first.Scalar(), entry.second, logsource);
        } catch (const YAML::Exception& e) {
          rule.diagnostics.push_back({Severity::warning, "unexpected value for `" + entry.first.Scalar() + "`: " + e.msg,
                                      std::string(path_), document.line + static_cast<uint32_t>(std::max(entry.second.Mark().line, 0)),
                                      static_cast<uint32_t>(std::max(entry.second.Mark().column, 0)) + 1});
        }
      }
    } catch (const YAML::Exception& e) {
      fail(rule, "invalid YAML: " + e.msg, document.line + static_cast<uint32_t>(std::max(e.mark.line, 0)),
           static_cast<uint32_t>(std::max(e.mark.column, 0)) + 1);
    }
  }

  // A document that is not YAML: the rule is listed with the error, unanalysed.
  void fail(Rule& rule, std::string message, uint32_t line, uint32_t column) {
    rule.diagnostics.push_back({Severity::error, std::move(message), std::string(path_), line, column});
    rule.query.clear();
  }

  std::string_view path_;
  std::string_view text_;
};

}  // namespace

ReadResult read_sigma_yaml(std::string_view path, std::string_view text) { return SigmaYamlReader(path, text).read(); }

}  // namespace ruledex::readers
