#pragma once
// Syntax tree of Lucene query_string queries (Elastic rules of language
// "lucene"). Plain data. `field:(a OR b)` is stored as or(term(field, a),
// term(field, b)): a field group is the same boolean tree over its terms.

#include <cstdint>
#include <string>
#include <vector>

namespace ruledex::lucene {

struct Range {
  uint32_t begin = 0;  // byte offsets into the query text
  uint32_t end = 0;
};

enum class NodeKind {
  or_,         // children: operands (explicit OR / || and the implicit default operator)
  and_,        // children: operands (AND / &&)
  not_,        // children[0]: NOT x, !x
  required,    // children[0]: +x
  prohibited,  // children[0]: -x
  term,        // field:value, escapes resolved
  phrase,      // field:"a phrase", escapes resolved
  wildcard,    // field:pa*t?rn; text escapes literal `*`, `?` and `\` with `\`
  regex,       // field:/pattern/; text is the pattern as written, `\/` resolved
  range,       // field:[lower TO upper], {..}, mixed, or field:>=v
  exists,      // _exists_:field, field:*
  match_all,   // *:* or a bare *
};

struct Bound {
  std::string text;        // escapes resolved; empty when unbounded
  bool unbounded = true;   // `*` or absent (field:>5 has no upper bound)
  bool inclusive = false;  // `[` / `]`, `>=` / `<=`
};

struct Node {
  NodeKind kind = NodeKind::term;
  std::string field;  // empty: the default field (a bare term)
  std::string text;
  Bound lower;  // range only
  Bound upper;
  bool fuzzy = false;     // term~ / term~2; a phrase with ~N has a slop
  std::string proximity;  // the number after `~`, as written (fuzziness or slop)
  std::string boost;      // the number after `^`, as written
  bool group = false;     // written in parentheses: its own boolean query
  std::vector<Node> children;
  Range range;
};

struct ParseError {
  static constexpr uint32_t kNoOffset = UINT32_MAX;
  std::string message;
  uint32_t offset = 0;
  uint32_t related_offset = kNoOffset;  // the '(' or '[' an expected closer would close
};

struct QueryAst {
  bool has_root = false;  // false for an empty query or one with no readable clause
  Node root;
  std::vector<ParseError> errors;
  std::vector<ParseError> warnings;  // valid but likely not meant: a lower-case `or` between terms
};

}  // namespace ruledex::lucene
