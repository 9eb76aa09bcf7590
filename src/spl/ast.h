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

// One tree for both expression languages: the search language (initial
// search, `search`, tstats `where`), where `field=value` always compares with
// a literal, and the eval language (eval, where), where a bare word is a field.
enum class ExprKind {
  and_,
  or_,
  xor_,
  not_,
  compare,     // op: = != < <= > >= in like; children: the left side, then the value(s)
  arithmetic,  // op: + - * / % and `.` (concatenation); children: two operands
  negate,      // unary minus; one child
  call,        // text: lower-cased function name; children: the arguments
  field,       // text: the field name, without the quotes of 'quoted names'
  literal,     // text: the value (strings unescaped); quoted: written as a "string"
  term,        // search language: a bare word or "phrase" to find in the raw event
  subsearch,   // search language: `[ ... ]` in place (the pipeline is in Command::subsearches)
};

struct Expr {
  ExprKind kind = ExprKind::term;
  std::string text;
  std::string op;
  bool quoted = false;
  std::vector<Expr> children;
  Span span;
};

struct Aggregation {
  std::string function;  // count, values, min, ...
  std::string argument;  // text inside the parentheses, if any
  std::string alias;     // `as` name, or empty
};

// eval: field = expression.
struct Assignment {
  std::string field;
  Expr value;
  Span span;
};

struct Pipeline;

struct Command {
  std::string name;                   // lower-cased command name; "search" for the implicit base search
  Span span;
  std::vector<std::string> args;      // every argument token as written (strings unquoted)
  std::vector<Expr> conditions;       // search / where / tstats where: one expression (or none)
  std::vector<Assignment> assignments;    // eval
  std::vector<Aggregation> aggregations;  // stats family, tstats
  std::vector<std::string> by;        // stats family, tstats `by` fields
  std::string datamodel;              // tstats/from/datamodel: DM or DM.Dataset; inputlookup: the lookup
  Span datamodel_span;                // tstats: `from datamodel=...`; from/datamodel: the command
  std::vector<std::string> fields;    // table/fields/dedup/sort: field names; eval/rex/lookup: fields it makes
  std::vector<std::pair<std::string, std::string>> renames;  // rename: from, to
  std::string lookup;                 // lookup/inputlookup/outputlookup: the lookup table's name
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
  // Commands the parser does not know (parsed generically), one warning each:
  // "unknown SPL command 'x'".
  std::vector<ParseError> warnings;
};

}  // namespace ruledex::spl
