#pragma once
// Syntax tree of ES|QL, the piped query language of Elastic. Plain data with
// byte offsets into the query text.

#include <cstdint>
#include <string>
#include <vector>

namespace ruledex::esql {

struct Range {
  uint32_t begin = 0;  // byte offsets into the query text
  uint32_t end = 0;
};

enum class ExprKind {
  string,    // text: the value, escapes resolved
  integer,   // text: as written
  decimal,   // text: as written
  boolean,   // text: "true" / "false"
  null,
  timespan,  // text: "<number> <unit>" as written, e.g. "30 minutes"
  param,     // text: "?", "?name", "?1", "??name"
  field,     // text: dotted name, backquotes removed; may hold `*` in KEEP/DROP/RENAME
  star,      // the `*` of count(*)
  list,      // children: elements of [a, b] or of the parenthesized list after IN / LIKE
  map,       // children: key string, value, key string, value, ... of { "k": v }
  call,      // text: function name as written; children: arguments
  cast,      // text: type name; children[0]: the value (`x::type`)
  negate,    // unary minus; children[0]
  arith,     // text: + - * / %; children: two operands
  compare,   // text: == != < <= > >= =~; children: two operands
  match,     // `field : query`; children: field, query
  like,      // text: "like" / "rlike"; negated for NOT; children: value, then a pattern or a list
  in,        // negated for NOT IN; children: value, list
  is_null,   // negated for IS NOT NULL; children[0]
  not_,      // children[0]
  and_,      // children: the operands (flat: a AND b AND c has three)
  or_,       // children: the operands (flat)
};

struct Expr {
  ExprKind kind = ExprKind::null;
  std::string text;
  bool negated = false;
  std::vector<Expr> children;
  Range range;
};

// `name = value`, or a bare value (name empty: the column is named after the
// value's text). STATS aggregates may carry a `WHERE` filter.
struct Assignment {
  std::string name;
  Expr value;
  bool has_filter = false;
  Expr filter;
  Range range;
};

struct SortKey {
  Expr value;
  bool descending = false;
  std::string nulls;  // "", "first" or "last"
};

// A rename: `old AS new` or `new = old`.
struct Rename {
  std::string from;
  std::string to;
  Range range;
};

// An index pattern, a lookup index or an enrich policy, as written (quotes removed).
struct SourceName {
  std::string name;
  Range range;
};

enum class CommandKind {
  from,
  ts,
  row,
  show,
  where,
  eval,
  stats,
  inline_stats,
  keep,
  drop,
  rename,
  sort,
  limit,
  dissect,
  grok,
  enrich,
  mv_expand,
  lookup_join,
  change_point,
  completion,
  rerank,
  sample,
  fork,
};

// One command. Which members are used depends on the kind:
//   from, ts      sources, metadata; for FROM also branches: its subqueries, each a whole query
//   row, eval     assignments
//   show          target (INFO)
//   where         condition
//   stats, inline_stats  assignments (the aggregates), by
//   keep, drop    names (patterns)
//   rename        renames
//   sort          sort_keys
//   limit, sample value
//   dissect, grok value (the input), patterns (the pattern strings), options (APPEND_SEPARATOR = "x")
//   enrich        sources (the policy), on, assignments (WITH: name = enrich field, or the field)
//   mv_expand     value (the field)
//   lookup_join   sources (the lookup index), on (fields or conditions)
//   change_point  value, on (the key), names (AS type, pvalue)
//   completion    assignments (one: [name =] prompt), options (WITH map or endpoint as text)
//   rerank        assignments (one: [name =] query), on (the fields), options (WITH)
//   fork          branches: each a pipeline of processing commands
struct Command {
  CommandKind kind = CommandKind::where;
  std::string keyword;  // as written, e.g. "STATS", "inline stats", "LOOKUP JOIN"
  Range range;          // from the keyword to the end of the command
  std::vector<SourceName> sources;
  std::vector<std::string> metadata;
  std::string target;
  Expr condition;
  Expr value;
  std::vector<Assignment> assignments;
  std::vector<Assignment> by;
  std::vector<Expr> names;
  std::vector<Rename> renames;
  std::vector<SortKey> sort_keys;
  std::vector<Expr> on;
  std::vector<std::string> patterns;
  std::vector<Assignment> options;
  std::vector<std::vector<Command>> branches;
};

struct ParseError {
  static constexpr uint32_t kNoOffset = UINT32_MAX;
  std::string message;
  uint32_t offset = 0;
  uint32_t related_offset = kNoOffset;  // the bracket an expected closing one would close
};

struct QueryAst {
  std::vector<Command> commands;  // commands that parsed; a failed command is left out
  std::vector<ParseError> errors;
  // Problems the parser reads past: a `sql` or `esql` line before the source
  // command (a Markdown code-fence tag left in the query), which ES|QL rejects.
  std::vector<ParseError> warnings;
};

}  // namespace ruledex::esql
