#include "kql/lowering_scope.h"

namespace ruledex::kql {
namespace {

// Lambdas nest inside lambdas only a few levels deep in real queries; deeper
// input (fuzzing) is not worth resolving.
constexpr int kMaxLambdaDepth = 32;
// let a = b; let b = c; ... chains and nested dynamic arrays.
constexpr int kMaxValueDepth = 32;

bool literal_values_at(const Expr* expr, const LetScope& scope, std::vector<std::string>& out,
                       int depth) {
  if (!expr || depth > kMaxValueDepth) return false;
  if (const auto* literal = expr->as<LiteralExpr>()) {
    switch (literal->literal) {
      case LiteralKind::String:
        out.push_back(literal->value);
        return true;
      case LiteralKind::Dynamic: {
        if (literal->shape == LiteralExpr::Shape::Bag) {  // a property bag is one value
          out.emplace_back(literal->text);
          return true;
        }
        bool all = true;
        for (const Expr* element : literal->elements)
          all = literal_values_at(element, scope, out, depth + 1) && all;
        return all;
      }
      default:
        out.emplace_back(literal->text);
        return true;
    }
  }
  if (const auto* unary = expr->as<UnaryExpr>()) {
    const auto* number = unary->operand ? unary->operand->as<LiteralExpr>() : nullptr;
    if (unary->op != "-" || !number ||
        (number->literal != LiteralKind::Long && number->literal != LiteralKind::Real))
      return false;
    out.push_back("-" + std::string(number->text));
    return true;
  }
  if (const auto* name = expr->as<NameExpr>()) {
    const Statement* let = scope.resolve_let(name->name, expr->span.begin);
    return let && literal_values_at(let->value, scope, out, depth + 1);
  }
  if (const auto* call = expr->as<CallExpr>()) {
    if (call->function != "pack_array") return false;
    bool all = true;
    for (const Argument& arg : call->args) all = literal_values_at(arg.value, scope, out, depth + 1) && all;
    return all;
  }
  return false;
}

}  // namespace

LetScope::LetScope(const Ast& ast, uint32_t text_size) { add_block(ast.statements, text_size, 0); }

void LetScope::add_block(const std::vector<const Statement*>& statements, uint32_t block_end, int depth) {
  if (depth > kMaxLambdaDepth) return;
  for (const Statement* statement : statements) {
    if (!statement || statement->kind != StatementKind::Let) continue;
    bindings_.push_back({statement->name, statement, statement->span.end, block_end});
    const auto* lambda = statement->value ? statement->value->as<LambdaExpr>() : nullptr;
    if (!lambda) continue;
    for (const Parameter& param : lambda->params)
      bindings_.push_back({param.name, nullptr, lambda->span.begin, lambda->span.end});
    add_block(lambda->body, lambda->span.end, depth + 1);
  }
}

const LetScope::Binding* LetScope::resolve(std::string_view name, uint32_t offset) const {
  const Binding* found = nullptr;
  for (const Binding& binding : bindings_) {
    if (binding.name != name || offset < binding.visible_from || offset >= binding.visible_to) continue;
    if (!found || binding.visible_from >= found->visible_from) found = &binding;
  }
  return found;
}

const Statement* LetScope::resolve_let(std::string_view name, uint32_t offset) const {
  const Binding* binding = resolve(name, offset);
  return binding ? binding->let : nullptr;
}

bool literal_values(const Expr* expr, const LetScope& scope, std::vector<std::string>& out) {
  return literal_values_at(expr, scope, out, 0);
}

const Expr* lambda_result(const LambdaExpr& lambda) {
  for (auto it = lambda.body.rbegin(); it != lambda.body.rend(); ++it)
    if (*it && (*it)->kind == StatementKind::Query) return (*it)->value;
  return nullptr;
}

}  // namespace ruledex::kql
