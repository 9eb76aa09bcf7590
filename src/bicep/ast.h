#pragma once
// The Bicep syntax tree for the subset deployment files use: param, var,
// resource (existing, `if`, `for`), output, module, using, targetScope;
// objects, arrays, strings with ${} interpolation, ''' strings, calls,
// property access, operators.

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace ruledex::bicep {

// Byte offsets [begin, end) into the file text.
struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;
};

enum class ExprKind {
  string,       // parts[i] literal text, children[i] the interpolation after it
  multiline,    // ''' text ''' (no escapes, no interpolation): parts[0]
  number,       // text
  boolean,      // text: true / false
  null,
  identifier,   // text: the name
  object,       // properties
  array,        // children: the items
  call,         // text: the function (`az.guid`), children: the arguments
  member,       // children[0].text
  index,        // children[0][children[1]]
  unary,        // text: the operator, children[0]
  binary,       // text: the operator, children[0], children[1]
  ternary,      // children: condition, then, else
  condition,    // `if (children[0]) children[1]` (resource and loop bodies)
  loop,         // `[for text in children[0]: children[1]]`; index_name for `(item, i)`
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Expr {
  ExprKind kind = ExprKind::null;
  Span span;
  std::string text;
  std::string index_name = {};
  std::vector<std::string> parts = {};
  std::vector<ExprPtr> children = {};
  std::vector<std::pair<std::string, ExprPtr>> properties = {};
};

enum class StatementKind { param, var, resource, output, module, using_file, target_scope, other };

struct Statement {
  StatementKind kind = StatementKind::other;
  std::string name;       // symbolic name (param, var, resource, output, module)
  std::string type;       // a param's or output's type; a resource's 'Type@version'; a module's path
  bool existing = false;  // `resource x '...' existing = {...}`
  ExprPtr value;          // default, value or body; null when absent
  std::vector<ExprPtr> decorators = {};
  Span span;
};

struct ParseError {
  std::string message;
  uint32_t offset = 0;
};

struct File {
  std::vector<Statement> statements;
  std::vector<ParseError> errors;
};

}  // namespace ruledex::bicep
