// Kusto's (KQL's) meaning of the operators (learn.microsoft.com, "String
// operators", "Numerical operators"):
// - `==`/`!=`, `in`/`!in` case-sensitive; `=~`/`!~`, `in~`/`!in~` fold case
//   by Unicode simple folding;
// - has, has_cs, hasprefix, hassuffix, has_any, has_all match whole terms
//   (match/kql_term.h), folding by Unicode unless _cs;
// - contains, startswith, endswith (and _cs) on substrings, folding ASCII
//   case unless _cs;
// - `matches regex`: RE2, case-sensitive, anywhere in the value;
// - ipv4_is_in_range, ipv4_is_in_any_range, ipv6_is_in_range: CIDR;
// - isempty/isnotempty (isnull/isnotnull): exists;
// - <, <=, >, >=, between on numbers (datetimes and timespans: unknown);
// - a number compares as a number with a number value, as text with a
//   string column's value;
// - a column the event lacks reads as an empty string (KQL's null string).
// The front end lowers hasprefix and hassuffix to contains; the source text
// tells them apart. `search` terms (field `*`) are has over every column.

#include "eval/semantics_common.h"

namespace ruledex::eval {
namespace {

constexpr Dialect kKql{
    .equality_case = match::Case::unicode_insensitive,
    .substring_case = match::Case::ascii_insensitive,
    .term_case = match::Case::unicode_insensitive,
    .numbers = NumberEquality::typed,
    .absent = Leaf::Absent::empty,
};

// hasprefix/hassuffix, which the front end writes as contains.
std::optional<match::TermMatch> term_spelling(const Rule& rule, const Predicate& predicate) {
  if (predicate.op != Op::contains) return std::nullopt;
  std::string text = operator_text(rule, predicate);
  for (std::string_view prefix : {"hasprefix", "hasprefix_cs"})
    if (spelled_with(text, prefix)) return match::TermMatch::prefix;
  for (std::string_view suffix : {"hassuffix", "hassuffix_cs"})
    if (spelled_with(text, suffix)) return match::TermMatch::suffix;
  return std::nullopt;
}

}  // namespace

Leaf kql_leaf(const Rule& rule, const Predicate& predicate, FieldNames& names) {
  Predicate own = predicate;
  if (own.field == "*") own.field.clear();  // `search "x"`: every column
  std::optional<match::TermMatch> term = term_spelling(rule, own);
  Leaf leaf = dialect_leaf(own, names, kKql);
  if (term) {
    leaf.tests.clear();
    const match::Case letter_case = own.case_sensitive ? match::Case::sensitive : kKql.term_case;
    for (const std::string& value : own.values) leaf.tests.push_back(term_test(value, *term, letter_case));
  }
  return leaf;
}

}  // namespace ruledex::eval
