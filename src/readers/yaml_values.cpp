#include "readers/yaml_values.h"

#include <algorithm>

namespace ruledex::readers {

void add_yaml_warnings(std::vector<Diagnostic>& diagnostics, const std::vector<YamlWarning>& warnings,
                       std::string_view path) {
  for (const YamlWarning& warning : warnings)
    diagnostics.push_back({Severity::warning, warning.message, std::string(path),
                           static_cast<uint32_t>(warning.mark.line + 1), static_cast<uint32_t>(warning.mark.column + 1)});
}

std::string node_text(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return {};
  if (node.IsScalar()) return node.Scalar();
  if (node.IsSequence() && std::all_of(node.begin(), node.end(), [](const YAML::Node& n) { return n.IsScalar(); })) {
    std::string out;
    for (const YAML::Node& item : node) out += (out.empty() ? "" : ", ") + item.Scalar();
    return out;
  }
  YAML::Emitter emitter;
  emitter << YAML::Flow << node;
  return emitter.c_str();
}

std::vector<std::string> scalar_items(const YAML::Node& node) {
  std::vector<std::string> items;
  if (!node.IsDefined()) return items;
  if (node.IsScalar()) items.push_back(node.Scalar());
  if (node.IsSequence())
    for (const YAML::Node& item : node)
      if (item.IsScalar()) items.push_back(item.Scalar());
  return items;
}

uint32_t leading_spaces(std::string_view line) {
  size_t n = line.find_first_not_of(' ');
  return static_cast<uint32_t>(n == std::string_view::npos ? line.size() : n);
}

ValuePlacement block_placement(std::string_view text, const std::vector<TextLine>& lines, uint32_t header_line,
                          std::string_view header) {
  // An explicit indentation indicator (`|2`) is relative to the key's indentation.
  uint32_t key_indent = leading_spaces(text.substr(lines[header_line - 1].begin));
  for (char c : header.substr(1, 2))
    if (c >= '1' && c <= '9') return {header_line + 1, key_indent + static_cast<uint32_t>(c - '0')};
  for (size_t i = header_line; i < lines.size(); ++i) {
    std::string_view line = text.substr(lines[i].begin, lines[i].end - lines[i].begin);
    if (!is_blank(line)) return {header_line + 1, leading_spaces(line)};
  }
  return {header_line + 1, 0};
}

ValuePlacement place_value(std::string_view text, const std::vector<TextLine>& lines, const YAML::Mark& mark) {
  uint32_t line = static_cast<uint32_t>(mark.line) + 1;
  if (mark.line < 0 || line > lines.size()) return {line, 0};
  std::string_view rest = text.substr(lines[line - 1].begin, lines[line - 1].end - lines[line - 1].begin);
  uint32_t column = static_cast<uint32_t>(std::max(mark.column, 0));
  rest = column < rest.size() ? rest.substr(column) : std::string_view();
  if (rest.starts_with('|') || rest.starts_with('>')) return block_placement(text, lines, line, rest);
  bool quoted = rest.starts_with('"') || rest.starts_with('\'');
  return {line, column + (quoted ? 1u : 0u)};
}

}  // namespace ruledex::readers
