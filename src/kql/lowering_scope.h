#pragma once
// Name resolution for lowering: which `let` a name refers to, and the literal
// values an expression stands for once lets are resolved.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kql/ast.h"

namespace ruledex::kql {

// The names bound in a query: `let` statements, and the parameters and lets of
// lambda bodies. Each is visible from the end of its binding to the end of the
// block holding it, so a name resolves to the latest binding before its use,
// as KQL shadows.
class LetScope {
 public:
  struct Binding {
    std::string_view name;
    const Statement* let = nullptr;  // null for a lambda parameter
    uint32_t visible_from = 0;
    uint32_t visible_to = 0;
  };

  LetScope(const Ast& ast, uint32_t text_size);

  // The binding `name` refers to at byte `offset`; null when it is not bound
  // (a column, a table or a built-in function).
  const Binding* resolve(std::string_view name, uint32_t offset) const;
  const Statement* resolve_let(std::string_view name, uint32_t offset) const;

 private:
  void add_block(const std::vector<const Statement*>& statements, uint32_t block_end, int depth);

  std::vector<Binding> bindings_;
};

// The expression a lambda's body results in: its last query statement.
const Expr* lambda_result(const LambdaExpr& lambda);

// Appends the literal values `expr` stands for: a literal, the elements of a
// dynamic array or pack_array(...), a negative number, or a name bound by let
// to one of those. Strings are decoded; other literals keep their text as
// written. Returns false (leaving `out` partly filled) when any part is not
// literal.
bool literal_values(const Expr* expr, const LetScope& scope, std::vector<std::string>& out);

}  // namespace ruledex::kql
