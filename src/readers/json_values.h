#pragma once
// JSON rule files (ARM templates, API bodies): a bounded JSONC parse, where a
// string value sits in the text, and JSON -> yaml-cpp nodes so that the YAML
// readers' field mapping applies to JSON unchanged.

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "model/diagnostic.h"

namespace ruledex::readers {

using Json = nlohmann::ordered_json;

// Nesting deeper than this is refused: no real rule file comes close.
inline constexpr int kMaxJsonDepth = 128;

struct JsonParse {
  std::optional<Json> value;
  std::string error;  // set when value is empty
  uint32_t line = 0;  // of the error, 1-based
  uint32_t column = 0;
};

// Parses JSON with `//` and `/* */` comments (as ARM accepts them).
JsonParse parse_jsonc(std::string_view text);

// Where the file writes a JSON string `"key": "<value>"` whose decoded text is
// `value` (any key when `key` is empty): the line of its opening quote and
// the 0-based column of the value's first character. The `skip` earlier matches are passed over, for
// files holding the same text twice. nullopt when not found.
struct JsonStringPlace {
  uint32_t line = 0;
  uint32_t column = 0;
};
std::optional<JsonStringPlace> find_json_string(std::string_view text, std::string_view key, std::string_view value,
                                                 uint32_t skip = 0);

// The same tree as yaml-cpp nodes: strings, numbers and booleans as scalars
// written as in JSON, null as a null node.
YAML::Node yaml_from_json(const Json& value);

// A JSON value as text: strings as they are, anything else as compact JSON.
std::string json_text(const Json& value);

// Case-insensitive member lookup (ARM property names are case-insensitive); null when absent.
const Json* find_member(const Json& object, std::string_view key);

}  // namespace ruledex::readers
