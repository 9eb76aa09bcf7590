// Kibana's KQL (kuery) and Lucene query strings over keyword fields
// (Kibana "KQL", Elasticsearch "Query string query"), which share their
// rules but for the wildcards and what Lucene adds:
// - `field: value` and quoted phrases: the exact value, case-sensitive;
// - a value without a field: the exact value of any field;
// - kuery: `*` is the only wildcard (escapes are resolved by the front end);
//   Lucene: `*` and `?`, `\` escapes;
// - Lucene `/regex/`: Lucene's regular expressions matching the whole value
//   (RE2 here); fuzzy (`~2`) and proximity terms: unknown;
// - ranges on numbers (`>=`, `[a TO b]`, `{a TO b}` exclusive); dates and
//   strings: unknown;
// - `field: *` / `_exists_`: exists;
// - a number compares as a number with a number value;
// - a field the event lacks does not match, so `not` holds for it.
// Not modelled: text fields, whose values Elasticsearch analyzes into terms
// (a mapping would say which fields are text); wildcard field names.

#include "eval/semantics_common.h"

namespace ruledex::eval {
namespace {

constexpr Dialect kKuery{
    .numbers = NumberEquality::typed,
    .wildcards = {.escape = std::nullopt, .single_char = false, .keep_unknown_escape = false},
    .regex_full_match = true,
};

constexpr Dialect kLucene{
    .numbers = NumberEquality::typed,
    .wildcards = kEscapedWildcards,
    .regex_full_match = true,
};

Leaf keyword_field_leaf(const Predicate& predicate, FieldNames& names, const Dialect& dialect) {
  if (predicate.field.find('*') != std::string::npos) return unknown_leaf("wildcard field name " + predicate.field);
  return dialect_leaf(predicate, names, dialect);
}

}  // namespace

Leaf kuery_leaf(const Rule&, const Predicate& predicate, FieldNames& names) {
  return keyword_field_leaf(predicate, names, kKuery);
}

Leaf lucene_leaf(const Rule& rule, const Predicate& predicate, FieldNames& names) {
  if (predicate.op == Op::eq && operator_text(rule, predicate).find('~') != std::string::npos)
    return unknown_leaf("fuzzy or proximity match");
  return keyword_field_leaf(predicate, names, kLucene);
}

}  // namespace ruledex::eval
