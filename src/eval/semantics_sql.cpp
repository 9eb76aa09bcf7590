// SQLite's meaning of the operators, as osquery runs it (sqlite.org, "The
// LIKE, GLOB, REGEXP, MATCH operators", "Datatypes In SQLite"):
// - `=`, `==`, `!=`, `<>`, IN case-sensitive (BINARY collation); COLLATE
//   NOCASE folds ASCII case;
// - LIKE: `%` any run, `_` one character, ASCII case folded (an ESCAPE
//   clause: unknown); GLOB: `*` and `?`, case-sensitive (`[...]` classes:
//   unknown); REGEXP: osquery's regex searched anywhere in the value,
//   case-sensitive (RE2 here);
// - numbers compare as numbers when both sides read as numbers (column
//   affinity, which osquery's typed columns give);
// - <, <=, >, >=, BETWEEN on numbers (strings: unknown);
// - IS NULL / IS NOT NULL: exists;
// - NULL: a comparison with a missing column is null and WHERE drops it,
//   under NOT too.

#include "eval/semantics_common.h"

namespace ruledex::eval {
namespace {

constexpr Dialect kSqlite{
    .numbers = NumberEquality::parsed,
    .wildcards = kEscapedWildcards,
    .absent = Leaf::Absent::null,
};

}  // namespace

Leaf sql_leaf(const Rule& rule, const Predicate& predicate, FieldNames& names) {
  if (predicate.op != Op::wildcard) return dialect_leaf(predicate, names, kSqlite);
  const std::string text = operator_text(rule, predicate);
  if (spelled_with(text, "escape")) return unknown_leaf("LIKE with an ESCAPE character");
  Predicate pattern = predicate;
  if (spelled_with(text, "glob")) {
    for (const std::string& value : predicate.values)
      if (value.find('[') != std::string::npos) return unknown_leaf("GLOB character class in `" + value + "`");
  } else {
    for (std::string& value : pattern.values) value = like_to_wildcard(value);
  }
  return dialect_leaf(pattern, names, kSqlite);
}

}  // namespace ruledex::eval
