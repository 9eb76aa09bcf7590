// ES|QL's meaning of the operators (Elasticsearch reference, "ES|QL
// operators" and functions):
// - `==`, `!=`, IN case-sensitive; `=~` folds case (Unicode);
// - LIKE: `*` and `?` wildcards with `\` escapes, case-sensitive; RLIKE: a
//   Lucene regular expression matching the whole value (RE2 here);
// - STARTS_WITH, ENDS_WITH, CONTAINS case-sensitive (TO_LOWER/TO_UPPER make
//   them insensitive); CIDR_MATCH;
// - IS NULL / IS NOT NULL: exists;
// - a number compares as a number with a number value;
// - null: a comparison with a missing field is null and WHERE drops it,
//   under NOT too;
// - MATCH and `:` (full text): some word of the query is a term of the value,
//   folding case (the standard analyzer, roughly);
// - a KQL("...") call: Kibana KQL's rules (semantics_kuery).

#include "eval/semantics_common.h"

namespace ruledex::eval {
namespace {

constexpr Dialect kEsql{
    .equality_case = match::Case::unicode_insensitive,
    .numbers = NumberEquality::typed,
    .wildcards = kEscapedWildcards,
    .regex_full_match = true,
    .absent = Leaf::Absent::null,
};

// MATCH(field, "a b"): any of the words.
Leaf full_text_leaf(const Predicate& predicate, FieldNames& names) {
  Leaf leaf = leaf_for(predicate, names);
  leaf.absent = kEsql.absent;
  for (const std::string& value : predicate.values) {
    for (size_t at = 0; at < value.size();) {
      size_t end = value.find(' ', at);
      if (end == std::string::npos) end = value.size();
      if (end > at)
        leaf.tests.push_back(term_test(value.substr(at, end - at), match::TermMatch::whole, match::Case::ascii_insensitive));
      at = end + 1;
    }
  }
  return leaf;
}

}  // namespace

Leaf esql_leaf(const Rule& rule, const Predicate& predicate, FieldNames& names) {
  if (operator_text(rule, predicate).starts_with("kql(")) return kuery_leaf(rule, predicate, names);
  if (predicate.op == Op::has) return full_text_leaf(predicate, names);
  return dialect_leaf(predicate, names, kEsql);
}

}  // namespace ruledex::eval
