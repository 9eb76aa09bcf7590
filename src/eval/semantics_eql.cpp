// Elastic EQL's meaning of the operators (Elasticsearch 8 reference, "EQL
// syntax reference"):
// - `==`, `!=`, `in` case-sensitive; `:` and `in~` fold ASCII case;
// - `:` reads `*` and `?` as wildcards (no escape), as do `like` and `like~`;
// - `regex`/`regex~`: Lucene regular expressions, matching the whole value
//   (RE2 here, which reads the common syntax alike);
// - startsWith, endsWith, stringContains case-sensitive, folding with `~`;
//   cidrMatch on CIDR blocks;
// - `== null`/`!= null`: exists;
// - a number compares as a number with a number value;
// - a field the event lacks fails a comparison, so `!=` and `not` hold for it
//   (Elasticsearch's must_not).
// The front end writes `:` with one value as eq and with several as in (a
// wildcard only when some value has `*`); insensitive eq comes only from `:`,
// insensitive in from `:` or `in~`, which the source text tells apart.

#include "eval/semantics_common.h"

namespace ruledex::eval {
namespace {

constexpr Dialect kEql{
    .numbers = NumberEquality::typed,
    .wildcards = {.escape = std::nullopt, .single_char = true, .keep_unknown_escape = false},
    .regex_full_match = true,
};

// `field : "a?c"`: insensitive equality written with `:`, so a wildcard.
bool colon_match(const Rule& rule, const Predicate& predicate) {
  if (predicate.case_sensitive) return false;
  if (predicate.op == Op::eq) return true;
  return predicate.op == Op::in && operator_text(rule, predicate).find("in~") == std::string::npos;
}

}  // namespace

Leaf eql_leaf(const Rule& rule, const Predicate& predicate, FieldNames& names) {
  if (!colon_match(rule, predicate)) return dialect_leaf(predicate, names, kEql);
  Predicate wildcard = predicate;
  wildcard.op = Op::wildcard;
  return dialect_leaf(wildcard, names, kEql);
}

}  // namespace ruledex::eval
