#pragma once
// Three-valued results: what the model cannot decide (an opaque leaf, a
// modifier the evaluator does not know, a regex limit hit) is unknown, and
// unknown is reported, never taken for a match or a miss.

#include <cstdint>
#include <string_view>

namespace ruledex::eval {

enum class Truth : uint8_t { no, yes, unknown };

constexpr Truth negate(Truth t) { return t == Truth::yes ? Truth::no : t == Truth::no ? Truth::yes : Truth::unknown; }
constexpr Truth from_bool(bool b) { return b ? Truth::yes : Truth::no; }

constexpr std::string_view to_string(Truth t) {
  return t == Truth::yes ? "yes" : t == Truth::no ? "no" : "unknown";
}

}  // namespace ruledex::eval
