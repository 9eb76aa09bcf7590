// Splunk security_content files that hold no detection but that detections
// name: analytic stories (detections list them under tags.analytic_story),
// macros (their searches call them) and lookups (their `lookup` commands read them).
#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "readers/format_readers.h"
#include "readers/yaml_values.h"

namespace ruledex::readers {
namespace {

std::string item_kind(std::string_view format) {
  if (format == "splunk-story") return "story";
  if (format == "splunk-macro") return "macro";
  return "lookup";
}

void add_metadata(RepositoryItem& item, const std::string& key, const YAML::Node& value) {
  if (std::string text = node_text(value); !text.empty()) item.metadata.emplace_back(key, std::move(text));
}

}  // namespace

ReadResult read_splunk_item(std::string_view path, std::string_view text, std::string_view format) {
  ReadResult result;
  result.format = std::string(format);
  result.platform = "splunk";
  auto problem = [&](std::string message, int line, int column) {
    result.diagnostics.push_back({Severity::error, std::move(message), std::string(path),
                                  static_cast<uint32_t>(std::max(line, 0)), static_cast<uint32_t>(std::max(column, 0))});
  };
  RepositoryItem item;
  item.kind = item_kind(format);
  item.platform = "splunk";
  item.file = std::string(path);
  size_t arguments = 0;
  try {
    LoadedYaml loaded = load_yaml(text);
    add_yaml_warnings(result.diagnostics, loaded.warnings, path);
    const YAML::Node& doc = loaded.root;
    if (!doc.IsMap()) {
      problem("not a YAML mapping", 1, 1);
      return result;
    }
    for (const auto& entry : doc) {
      const std::string key = entry.first.Scalar();
      if (key == "name") {
        item.name = node_text(entry.second);
      } else if (key == "id") {
        item.id = node_text(entry.second);
      } else if (key == "description") {
        item.description = std::string(trim(node_text(entry.second)));
      } else if (key == "tags" && entry.second.IsMap()) {
        for (const auto& tag : entry.second) add_metadata(item, "tags." + tag.first.Scalar(), tag.second);
      } else {
        if (key == "arguments") arguments = scalar_items(entry.second).size();
        add_metadata(item, key, entry.second);
      }
    }
  } catch (const YAML::Exception& e) {
    problem("invalid YAML: " + e.msg, e.mark.line + 1, e.mark.column + 1);
    return result;
  }
  // Splunk keys a macro by name and argument count, `name(2)`, and so do searches.
  if (item.kind == "macro" && !item.name.empty() && item.name.back() != ')')
    if (arguments > 0) item.name += "(" + std::to_string(arguments) + ")";
  // Searches read a lookup by its definition's name or by its file's.
  if (item.kind == "lookup")
    for (const auto& [key, value] : item.metadata)
      if (key == "filename" && value != item.name) item.aliases.push_back(value);
  if (item.name.empty()) {
    problem("the " + item.kind + " has no name", 1, 1);
    return result;
  }
  result.items.push_back(std::move(item));
  return result;
}

}  // namespace ruledex::readers
