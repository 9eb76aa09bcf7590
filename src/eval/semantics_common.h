#pragma once
// Pieces every language's semantics share.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "eval/leaf.h"
#include "eval/value_tests.h"
#include "model/rule.h"

namespace ruledex::eval {

// A leaf the evaluator cannot decide, with why.
Leaf unknown_leaf(std::string reason);

// The field, negation and exists/unknown handling every language shares;
// `kind` values with no tests yet.
Leaf leaf_for(const Predicate& predicate, FieldNames& names);

// Numeric comparisons (lt, le, gt, ge) and between on every value; false
// when a value is no number (the leaf becomes unknown).
bool add_number_tests(const Predicate& predicate, Leaf& leaf);

// cidr on every value; false with leaf.reason set when a prefix is invalid.
bool add_cidr_test(const Predicate& predicate, Leaf& leaf);

// One regex test per value; false with leaf.reason set when a pattern does not compile.
bool add_regex_tests(const Predicate& predicate, RegexOptions options, Leaf& leaf);

// How an equality reads a value that is a number.
enum class NumberEquality {
  text,    // always as text (search languages over keyword values)
  typed,   // as numbers when the event's value is a number (typed columns: KQL, EQL, ES|QL, UDM)
  parsed,  // as numbers when both sides read as numbers (SQLite's affinity, SPL's eval)
};

// Equality with `needle` (a number compares as `numbers` says).
std::unique_ptr<ValueTest> equality_test(std::string_view needle, match::Case letter_case, NumberEquality numbers);

// A language's reading of the shared operators; each language file fills one
// and handles its own spellings before and after.
struct Dialect {
  match::Case equality_case = match::Case::ascii_insensitive;  // eq and in when not case_sensitive
  match::Case substring_case = match::Case::ascii_insensitive;  // contains, startswith, endswith
  match::Case term_case = match::Case::ascii_insensitive;       // has, has_any, has_all
  NumberEquality numbers = NumberEquality::text;
  match::WildcardSyntax wildcards = {.escape = '\\', .single_char = true, .keep_unknown_escape = false};
  bool regex_full_match = false;
  Leaf::Absent absent = Leaf::Absent::no_value;
};

// The predicate as `dialect` reads it.
Leaf dialect_leaf(const Predicate& predicate, FieldNames& names, const Dialect& dialect);

// The predicate's source text (Rule::query at its range), lower-cased, with
// quoted strings blanked: where a front end gives two spellings one operator
// (KQL's hasprefix and contains), the spelling tells them apart. Empty when
// the range is not in the query.
std::string operator_text(const Rule& rule, const Predicate& predicate);
// Whether `word` occurs in operator_text as a word of its own.
bool spelled_with(const std::string& operator_text, std::string_view word);

// A SQL LIKE pattern (`%` any run, `_` one character) as a wildcard pattern
// of kEscapedWildcards.
std::string like_to_wildcard(std::string_view like);
inline constexpr match::WildcardSyntax kEscapedWildcards{.escape = '\\', .single_char = true, .keep_unknown_escape = false};

// The languages' own rules.
Leaf sigma_leaf(const Rule& rule, const Predicate& predicate, FieldNames& names);
Leaf kql_leaf(const Rule& rule, const Predicate& predicate, FieldNames& names);
Leaf spl_leaf(const Rule& rule, const Predicate& predicate, FieldNames& names);
Leaf eql_leaf(const Rule& rule, const Predicate& predicate, FieldNames& names);
Leaf kuery_leaf(const Rule& rule, const Predicate& predicate, FieldNames& names);
Leaf lucene_leaf(const Rule& rule, const Predicate& predicate, FieldNames& names);
Leaf esql_leaf(const Rule& rule, const Predicate& predicate, FieldNames& names);
Leaf sql_leaf(const Rule& rule, const Predicate& predicate, FieldNames& names);
Leaf yaral_leaf(const Rule& rule, const Predicate& predicate, FieldNames& names);
Leaf generic_leaf(const Rule& rule, const Predicate& predicate, FieldNames& names);

}  // namespace ruledex::eval
