#pragma once
// Syntax tree of kuery, the Kibana Query Language of Elastic rules. Plain data.
// `field: (a or b)` is stored as or(match(field, a), match(field, b)): a value
// list is the same boolean tree over matches of one field.

#include <cstdint>
#include <string>
#include <vector>

namespace ruledex::kuery {

struct Range {
  uint32_t begin = 0;  // byte offsets into the query text
  uint32_t end = 0;
};

struct Value {
  std::string text;       // escapes resolved; an unescaped `*` kept as written
  bool quoted = false;    // "a phrase"
  bool wildcard = false;  // an unquoted value with an unescaped `*`
  Range range;
};

enum class NodeKind {
  or_,     // children: the operands
  and_,    // children: the operands
  not_,    // children[0]
  match,   // field: value (field empty for a free-text value)
  range,   // field <op> value
  exists,  // field: *
  nested,  // field: { children[0] }
};

struct Node {
  NodeKind kind = NodeKind::match;
  std::string field;
  std::string op;  // "<", "<=", ">", ">=" for a range
  Value value;
  std::vector<Node> children;
  Range range;
};

struct ParseError {
  std::string message;
  uint32_t offset = 0;
};

struct QueryAst {
  bool has_root = false;  // false for an empty query or one failing at its start
  Node root;
  std::vector<ParseError> errors;
};

}  // namespace ruledex::kuery
