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

// all (every child yes) or any (some child yes) over `children`, three-valued,
// stopping at the first child that decides; value(child) gives each child's truth.
template <typename Children, typename Value>
Truth junction(bool all, const Children& children, Value&& value) {
  const Truth decides = all ? Truth::no : Truth::yes;
  Truth result = all ? Truth::yes : Truth::no;
  for (const auto& child : children) {
    Truth t = value(child);
    if (t == decides) return t;
    if (t == Truth::unknown) result = Truth::unknown;
  }
  return result;
}

constexpr std::string_view to_string(Truth t) {
  return t == Truth::yes ? "yes" : t == Truth::no ? "no" : "unknown";
}

}  // namespace ruledex::eval
