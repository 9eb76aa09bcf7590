#pragma once
// SPL syntax tree: plain data with byte offsets into the parsed (expanded) text.

#include <cstdint>
#include <string>
#include <vector>

namespace ruledex::spl {

struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;
};

enum class ExprKind {
  and_,
  or_,
  not_,
  compare,  // field op value(s): =, ==, !=, <, <=, >, >=, in
  term,     // a bare word or quoted string in a search
  call,     // function call: like(...), match(...), isnull(...), ...
  value,    // an operand in a where/eval expression
};

struct Expr {
  ExprKind kind = ExprKind::term;
  std::string text;                 // field (compare), term, function name (call), operand
  std::string op;                   // compare: "=", "!=", "<", ..., "in"
  std::vector<std::string> values;  // compare: right-hand values, unquoted
  bool literal = true;              // compare: every value is a literal (not a field or call)
  bool quoted = false;              // term/value: written as a quoted string
  std::vector<Expr> children;       // and/or/not operands, call arguments
  Span span;
};

struct Aggregation {
  std::string function;  // count, values, min, ...
  std::string argument;  // text inside the parentheses, if any
  std::string alias;     // `as` name, or empty
};

struct Pipeline;

struct Command {
  std::string name;                   // lower-cased command name; "search" for the implicit base search
  Span span;
  std::vector<std::string> args;      // every argument token as written (strings unquoted)
  std::vector<Expr> conditions;       // search / where / tstats where: one expression (or none)
  std::vector<Aggregation> aggregations;  // stats family, tstats
  std::vector<std::string> by;        // stats family, tstats `by` fields
  std::string datamodel;              // tstats/from/datamodel: DM or DM.Dataset; inputlookup: the lookup
  std::vector<std::string> fields;    // table/fields/dedup/sort: field names; eval/rex/lookup: fields it makes
  std::vector<std::pair<std::string, std::string>> renames;  // rename: from, to
  std::vector<Pipeline> subsearches;  // `[ ... ]`
};

struct Pipeline {
  std::vector<Command> commands;
  Span span;
};

struct ParseError {
  std::string message;
  uint32_t offset = 0;
};

struct Query {
  Pipeline pipeline;
  std::vector<ParseError> errors;
};

}  // namespace ruledex::spl
