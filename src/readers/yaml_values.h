#pragma once
// Metadata text from yaml-cpp nodes, shared by the YAML rule readers.

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/yaml_load.h"
#include "readers/reader_support.h"

namespace ruledex::readers {

// load_yaml's warnings (duplicate keys) as diagnostics of the file at `path`.
void add_yaml_warnings(std::vector<Diagnostic>& diagnostics, const std::vector<YamlWarning>& warnings,
                       std::string_view path);

// Scalars as written, lists of scalars joined by ", ", anything else in YAML
// flow style; empty for a missing or null node.
std::string node_text(const YAML::Node& node);

// The items of a list of scalars, or the one scalar written where a list was expected.
std::vector<std::string> scalar_items(const YAML::Node& node);

// Where the file places a query value: the line of its first line, and the
// columns each line is indented by. For a block scalar (`query: |`) that is
// the line after the header and the block's indentation.
struct ValuePlacement {
  uint32_t line = 0;
  uint32_t indent = 0;
};
uint32_t leading_spaces(std::string_view line);
// `header` is the text from the block indicator (`|`, `>-`, `|2`) on.
ValuePlacement block_placement(std::string_view text, const std::vector<TextLine>& lines, uint32_t header_line,
                               std::string_view header);
ValuePlacement place_value(std::string_view text, const std::vector<TextLine>& lines, const YAML::Mark& mark);

}  // namespace ruledex::readers
