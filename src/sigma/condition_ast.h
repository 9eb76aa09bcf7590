#pragma once
// The syntax tree of a Sigma detection condition: boolean expressions over
// search identifiers, `1 of`/`all of` selectors, and the legacy aggregation
// after `|`. Plain data; offsets are bytes into the condition text.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ruledex::sigma {

enum class ConditionKind {
  identifier,  // a search identifier: `selection`
  and_,        // children joined by `and`
  or_,         // children joined by `or`
  not_,        // one child
  one_of,      // `1 of pattern` / `any of pattern`
  all_of,      // `all of pattern`
};

struct ConditionNode {
  ConditionKind kind = ConditionKind::identifier;
  // identifier: its name; one_of/all_of: the pattern (`sel*`) or `them`.
  std::string name;
  std::vector<uint32_t> children;  // indices into Condition::nodes
  uint32_t begin = 0;
  uint32_t end = 0;
};

// The legacy aggregation after `|`, kept as written: `count(field) by group > 5`
// or `near selection1 and selection2`. Deprecated by Sigma's correlation rules.
struct Aggregation {
  std::string function;   // count, sum, min, max, avg, near
  std::string field;      // the function's argument; empty for count()
  std::string group_by;   // after `by`
  std::string comparison; // >, >=, <, <=, ==, =, !=
  std::string threshold;  // the number as written
  std::optional<uint32_t> near;  // near: the root of its expression in nodes
  uint32_t begin = 0;
  uint32_t end = 0;
};

struct ConditionMessage {
  bool error = true;  // false: a warning (deprecated syntax)
  std::string message;
  uint32_t offset = 0;
};

struct Condition {
  std::vector<ConditionNode> nodes;
  std::optional<uint32_t> root;  // absent when the text holds no expression
  std::optional<Aggregation> aggregation;
  std::vector<ConditionMessage> messages;
};

}  // namespace ruledex::sigma
