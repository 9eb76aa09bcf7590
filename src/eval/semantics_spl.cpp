// Splunk's (SPL's) meaning of the operators (Splunk Search Manual,
// "Wildcards", "Backslashes"; Search Reference, eval functions):
// - the search language (the initial search, `search`, tstats): `f=v` and
//   `f IN (...)` fold ASCII case, `*` is the only wildcard and cannot be
//   escaped; field names are case-sensitive;
// - `where` (the eval language): `=`, `==`, `!=` case-sensitive (lower() and
//   upper() make them insensitive); numbers compare as numbers when both
//   sides read as numbers; like() with `%` and `_` (the front end writes them
//   as `*` and `?`); match() a PCRE search; cidrmatch(); in(); isnull() and
//   isnotnull(); a null field makes every comparison false, negated or not;
// - `f!=v` in a search needs the field (events without it do not match),
//   `NOT f=v` does not: the front end gives both one negated predicate, the
//   source text tells them apart;
// - a field-less term matches a whole term of the raw event text, read here
//   as the value of any field (terms are KQL's alphanumeric runs, a close
//   approximation of Splunk's breakers); `foo*` a term's prefix, `*foo` its
//   suffix, other wildcards the value.

#include "eval/semantics_common.h"

namespace ruledex::eval {
namespace {

constexpr Dialect kSearch{
    .numbers = NumberEquality::text,
    .wildcards = {.escape = std::nullopt, .single_char = false, .keep_unknown_escape = false},
};

constexpr Dialect kEval{
    .numbers = NumberEquality::parsed,
    .wildcards = {.escape = std::nullopt, .single_char = true, .keep_unknown_escape = false},
    .absent = Leaf::Absent::null,
};

bool in_where(const Rule& rule, const Predicate& predicate) {
  return predicate.stage < rule.stages.size() && rule.stages[predicate.stage].kind == "where";
}

// `foo`, `foo*`, `*foo`: a term of the raw text; nothing for other shapes.
std::optional<std::pair<std::string, match::TermMatch>> keyword_term(const std::string& value) {
  std::string_view core = value;
  bool leading = core.starts_with('*'), trailing = core.ends_with('*');
  if (leading) core.remove_prefix(1);
  if (trailing && !core.empty()) core.remove_suffix(1);
  if (core.empty() || core.find('*') != std::string_view::npos || (leading && trailing)) return std::nullopt;
  match::TermMatch kind = trailing ? match::TermMatch::prefix : leading ? match::TermMatch::suffix : match::TermMatch::whole;
  return std::pair{std::string(core), kind};
}

Leaf keyword_leaf(const Predicate& predicate, FieldNames& names) {
  Leaf leaf = leaf_for(predicate, names);
  for (const std::string& value : predicate.values) {
    if (auto term = keyword_term(value))
      leaf.tests.push_back(term_test(term->first, term->second, match::Case::ascii_insensitive));
    else
      leaf.tests.push_back(wildcard_test("*" + value + "*", match::Case::ascii_insensitive, kSearch.wildcards));
  }
  return leaf;
}

}  // namespace

Leaf spl_leaf(const Rule& rule, const Predicate& predicate, FieldNames& names) {
  if (in_where(rule, predicate)) return dialect_leaf(predicate, names, kEval);
  if (predicate.field.empty()) return keyword_leaf(predicate, names);
  Leaf leaf = dialect_leaf(predicate, names, kSearch);
  if ((predicate.op == Op::eq || predicate.op == Op::wildcard) && operator_text(rule, predicate).find("!=") != std::string::npos)
    leaf.absent = Leaf::Absent::inverted;
  return leaf;
}

}  // namespace ruledex::eval
