#pragma once
// Checks made on YAML, TOML and JSON text before a third-party parser sees it.
// yaml-cpp, toml++ and nlohmann-json recurse once per level of nesting (while
// parsing, destroying or copying), so hostile input such as a dotted key of
// 40,000 segments or `[[[[...` 100,000 deep overflows the stack. yaml-cpp also
// accepts a quoted scalar left open at the end of the text, silently taking
// the rest of the file as the string.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/source_text.h"

namespace ruledex {

// Levels of nesting accepted in rule and option files: flow and block
// collections (YAML), dotted keys, table headers, inline tables and arrays
// (TOML), arrays and objects (JSON). Real files use fewer than ten.
constexpr uint32_t kMaxNesting = 128;

enum class Notation { yaml, toml, json };


// "file:line:column: message", for errors thrown as text.
std::string located(std::string_view file, const TextProblem& problem);

// The first problem the parser of `notation` would crash on or pass silently:
// nesting deeper than `limit` levels, or (YAML) a quote that never closes.
std::optional<TextProblem> check_structure(std::string_view text, Notation notation, uint32_t limit = kMaxNesting);

}  // namespace ruledex
