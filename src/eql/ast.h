#pragma once
// Syntax tree of EQL, the Event Query Language of Elastic rules. Plain data.

#include <cstdint>
#include <string>
#include <vector>

namespace ruledex::eql {

struct Range {
  uint32_t begin = 0;  // byte offsets into the query text
  uint32_t end = 0;
};

enum class ExprKind {
  string,   // text: the value, escapes resolved
  number,   // text: as written
  boolean,  // text: "true" / "false"
  null,
  field,    // text: dotted path as written; optional for `?field`
  list,     // children: the elements of `(a, b, ...)`
  call,     // text: function name (with `~` when written); children: arguments
  not_,     // children[0]
  and_,     // children: operands
  or_,      // children: operands
  compare,  // text: operator (==, !=, <, <=, >, >=, :, like, like~, regex, regex~, in, in~); negated for `not in`
  arith,    // text: + - * / %; children: two operands, or one for unary minus
};

struct Expr {
  ExprKind kind = ExprKind::null;
  std::string text;
  bool optional = false;
  bool negated = false;
  std::vector<Expr> children;
  Range range;
};

// `category where condition`, alone or as one bracketed step of a sequence or sample.
struct EventQuery {
  std::string category;       // process, any, network (quotes of "network" removed), ...
  Range category_range;
  Expr condition;
  std::vector<Expr> by;       // the step's own join keys
  bool missing = false;       // `![ ... ]`: the event must not occur
  std::string runs;           // `with runs=N`
  Range range;
};

struct Pipe {
  std::string name;  // head, tail, filter, unique, unique_count, count, sort
  std::vector<Expr> args;
  Range range;
};

enum class QueryKind { event, sequence, sample };

struct ParseError {
  std::string message;
  uint32_t offset = 0;
};

struct QueryAst {
  QueryKind kind = QueryKind::event;
  Range header;                // `sequence by ... with maxspan=...`, up to the first step
  std::vector<Expr> by;        // sequence/sample-level join keys
  std::string maxspan;         // `with maxspan=5m`, as written
  std::vector<EventQuery> steps;
  bool has_until = false;
  EventQuery until;
  std::vector<Pipe> pipes;
  std::vector<ParseError> errors;
};

}  // namespace ruledex::eql
