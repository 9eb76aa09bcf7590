#include "kql/lowering_predicates.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <tuple>
#include <utility>

#include "model/logic_builder.h"

namespace ruledex::kql {
namespace {

constexpr int kMaxPathDepth = 64;

struct OperatorMeaning {
  Op op;
  bool negated = false;
  bool case_sensitive = false;
};

constexpr std::array<std::pair<std::string_view, Op>, 6> kStringOperators = {{
    {"contains", Op::contains},
    {"has", Op::has},
    {"startswith", Op::startswith},
    {"endswith", Op::endswith},
    {"hasprefix", Op::contains},
    {"hassuffix", Op::contains},
}};

bool consume_prefix(std::string_view& text, std::string_view prefix) {
  if (!text.starts_with(prefix)) return false;
  text.remove_prefix(prefix.size());
  return true;
}

bool consume_suffix(std::string_view& text, std::string_view suffix) {
  if (!text.ends_with(suffix)) return false;
  text.remove_suffix(suffix.size());
  return true;
}

std::optional<OperatorMeaning> binary_meaning(std::string_view text) {
  if (text == "==") return OperatorMeaning{Op::eq, false, true};
  if (text == "!=") return OperatorMeaning{Op::eq, true, true};
  if (text == "=~") return OperatorMeaning{Op::eq, false, false};
  if (text == "!~") return OperatorMeaning{Op::eq, true, false};
  if (text == "<") return OperatorMeaning{Op::lt, false, true};
  if (text == "<=") return OperatorMeaning{Op::le, false, true};
  if (text == ">") return OperatorMeaning{Op::gt, false, true};
  if (text == ">=") return OperatorMeaning{Op::ge, false, true};
  if (text == "matches regex") return OperatorMeaning{Op::regex, false, true};
  bool negated = consume_prefix(text, "!");
  bool case_sensitive = consume_suffix(text, "_cs");
  for (const auto& [name, op] : kStringOperators)
    if (name == text) return OperatorMeaning{op, negated, case_sensitive};
  return std::nullopt;
}

std::optional<OperatorMeaning> in_meaning(std::string_view text) {
  bool negated = consume_prefix(text, "!");
  if (text == "in") return OperatorMeaning{Op::in, negated, true};
  if (text == "in~") return OperatorMeaning{Op::in, negated, false};
  bool case_sensitive = consume_suffix(text, "_cs");
  if (text == "has_any") return OperatorMeaning{Op::has_any, negated, case_sensitive};
  if (text == "has_all") return OperatorMeaning{Op::has_all, negated, case_sensitive};
  return std::nullopt;
}

bool is_symmetric_or_ordering(Op op) {
  return op == Op::eq || op == Op::lt || op == Op::le || op == Op::gt || op == Op::ge;
}

constexpr std::array<std::string_view, 14> kConversions = {
    "tostring", "toint",   "tolong",     "todouble", "toreal",  "tobool",  "toboolean",
    "todatetime", "totimespan", "toguid", "todecimal", "todynamic", "tolower", "toupper",
};

bool is_conversion(std::string_view function) {
  return std::find(kConversions.begin(), kConversions.end(), function) != kConversions.end();
}

// A field as written: a column, or a dotted path into one (a.b, a['b'] -> a.b,
// a[0]), optionally wrapped in conversions.
std::optional<FieldPath> field_path_at(const Expr* expr, const LetScope& scope, int depth) {
  if (!expr || depth > kMaxPathDepth) return std::nullopt;
  if (const auto* name = expr->as<NameExpr>()) {
    // A let-bound name or a lambda parameter is a value, not a column.
    if (name->wildcard || scope.resolve(name->name, expr->span.begin))
      return std::nullopt;
    return FieldPath{std::string(name->name), std::string(name->name)};
  }
  if (const auto* member = expr->as<MemberExpr>()) {
    std::optional<FieldPath> object = field_path_at(member->object, scope, depth + 1);
    if (!object) return std::nullopt;
    object->path += "." + member->member;
    return object;
  }
  if (const auto* index = expr->as<IndexExpr>()) {
    std::optional<FieldPath> object = field_path_at(index->object, scope, depth + 1);
    const auto* key = index->index ? index->index->as<LiteralExpr>() : nullptr;
    if (!object || !key || index->slice_end) return std::nullopt;
    if (key->literal == LiteralKind::String)
      object->path += "." + key->value;
    else
      object->path += "[" + std::string(key->text) + "]";
    return object;
  }
  if (const auto* call = expr->as<CallExpr>()) {
    if (call->args.size() != 1 || !is_conversion(call->function)) return std::nullopt;
    std::optional<FieldPath> inner = field_path_at(call->args[0].value, scope, depth + 1);
    if (inner && (call->function == "tolower" || call->function == "toupper")) inner->case_folded = true;
    return inner;
  }
  return std::nullopt;
}

class PredicateBuilder {
 public:
  explicit PredicateBuilder(const PredicateContext& context) : context_(context) {}

  // Appends the predicate of a leaf of the and/or/not structure, if it has
  // one. Returns why the model cannot evaluate the leaf as that predicate; ""
  // when it can.
  std::string leaf(const Expr* expr, bool negated, std::vector<Predicate>& out) const {
    if (const auto* binary = expr->as<BinaryExpr>()) return comparison(*binary, negated, out);
    if (const auto* in = expr->as<InExpr>()) {
      std::optional<OperatorMeaning> meaning = in_meaning(in->op);
      if (!meaning) return "operator " + in->op;
      return emit(*expr, in->lhs, *meaning, negated, in->items, out);
    }
    if (const auto* between = expr->as<BetweenExpr>()) {
      OperatorMeaning meaning{Op::between, between->negated, true};
      return emit(*expr, between->lhs, meaning, negated, {between->low, between->high}, out);
    }
    if (const auto* call = expr->as<CallExpr>()) return function_predicate(*call, negated, out);
    if (const auto* literal = expr->as<LiteralExpr>()) {
      if (!context_.search_terms || literal->literal != LiteralKind::String) return "literal";
      out.push_back(make_predicate(*expr, "*", OperatorMeaning{Op::has}, negated, {literal->value}, false));
      return "";
    }
    if (field_path(expr, context_.scope)) return "boolean column";
    return "expression";
  }

 private:
  std::string comparison(const BinaryExpr& binary, bool negated, std::vector<Predicate>& out) const {
    std::optional<OperatorMeaning> meaning = binary_meaning(binary.op);
    if (!meaning) return "operator " + binary.op;
    const Expr* lhs = binary.lhs;
    const Expr* rhs = binary.rhs;
    if (!field_of(lhs) && field_of(rhs) && is_symmetric_or_ordering(meaning->op)) {
      std::swap(lhs, rhs);
      meaning->op = mirrored(meaning->op);
    }
    return emit(binary, lhs, *meaning, negated, {rhs}, out);
  }

  std::string function_predicate(const CallExpr& call, bool negated, std::vector<Predicate>& out) const {
    std::string_view f = call.function;
    std::string unknown = "function " + call.function + "()";
    if (call.args.empty()) return unknown;
    if (call.args.size() == 1 && (f == "isnotempty" || f == "isnotnull" || f == "isempty" || f == "isnull")) {
      OperatorMeaning meaning{Op::exists, f == "isempty" || f == "isnull", false};
      return emit(call, call.args[0].value, meaning, negated, {}, out);
    }
    if (f == "ipv4_is_in_range" || f == "ipv4_is_in_any_range" || f == "ipv6_is_in_range") {
      std::vector<const Expr*> ranges;
      for (size_t i = 1; i < call.args.size(); ++i) ranges.push_back(call.args[i].value);
      return emit(call, call.args[0].value, OperatorMeaning{Op::cidr}, negated, ranges, out);
    }
    return unknown;
  }

  // One predicate: `subject` compared by `meaning` with `value_exprs`.
  // Returns why the predicate does not say what the leaf tests, as leaf().
  std::string emit(const Expr& whole, const Expr* subject, OperatorMeaning meaning, bool negated,
                   const std::vector<const Expr*>& value_exprs, std::vector<Predicate>& out) const {
    if (!subject) return "expression";
    std::vector<std::string> values;
    std::string value_reason;
    for (const Expr* value : value_exprs) {
      std::vector<std::string> literal;
      if (literal_values(value, context_.scope, literal)) {
        values.insert(values.end(), literal.begin(), literal.end());
      } else {
        if (value_reason.empty()) value_reason = non_literal_reason(value);
        if (value) values.push_back(text_of(value->span));
      }
    }
    std::optional<FieldPath> field = field_of(subject);
    if (field && field->case_folded) meaning.case_sensitive = false;
    bool indicator = field && value_reason.empty() && !values.empty() && context_.columns.is_source_column(field->root);
    out.push_back(make_predicate(whole, field ? field->path : text_of(subject->span), meaning, negated,
                                 std::move(values), indicator));
    std::string subject_reason = field ? column_reason(*field, subject) : expression_reason(subject);
    return subject_reason.empty() ? value_reason : subject_reason;
  }

  // Why a column's predicate is not one on an event field: "" when it is.
  std::string column_reason(const FieldPath& field, const Expr* subject) const {
    if (!context_.columns.is_source_column(field.root)) return "computed column";
    std::optional<FieldPath> written = field_path(subject, context_.scope);
    std::optional<TrackedColumn> column = written ? context_.columns.resolve(written->root) : std::nullopt;
    return column && column->joined ? "join column" : "";
  }

  // What a compared expression that is no column is: a function's result (or
  // a path into one), a let, a lambda's parameter, else an expression.
  std::string expression_reason(const Expr* expr) const {
    for (int depth = 0; expr && depth < kMaxPathDepth; ++depth) {
      if (const auto* member = expr->as<MemberExpr>()) {
        expr = member->object;
      } else if (const auto* index = expr->as<IndexExpr>()) {
        expr = index->object;
      } else {
        break;
      }
    }
    if (const auto* call = expr ? expr->as<CallExpr>() : nullptr) return "function " + call->function + "()";
    if (const auto* name = expr ? expr->as<NameExpr>() : nullptr) {
      if (const LetScope::Binding* binding = context_.scope.resolve(name->name, expr->span.begin))
        return binding->let ? "let" : "parameter";
    }
    return "expression";
  }

  // Why a compared value is not a literal: what it is.
  std::string non_literal_reason(const Expr* value) const {
    for (int hops = 0; value && hops < kMaxPathDepth; ++hops) {
      const auto* name = value->as<NameExpr>();
      if (!name) break;
      const LetScope::Binding* binding = context_.scope.resolve(name->name, value->span.begin);
      if (!binding) return "column comparison";
      if (!binding->let) return "parameter";
      value = binding->let->value;  // a let: what it binds
    }
    if (!value) return "let";
    if (value->as<TabularExpr>()) return "subquery";
    if (const auto* call = value->as<CallExpr>()) {
      if (call->function == "toscalar") return "toscalar";
      if (call->function == "materialize") return "subquery";
    }
    if (field_path(value, context_.scope)) return "column comparison";
    return expression_reason(value);
  }

  Predicate make_predicate(const Expr& whole, std::string field, OperatorMeaning meaning, bool negated,
                           std::vector<std::string> values, bool indicator) const {
    Predicate predicate;
    predicate.field = std::move(field);
    predicate.op = meaning.op;
    predicate.values = std::move(values);
    predicate.negated = meaning.negated != negated;
    predicate.case_sensitive = meaning.case_sensitive;
    predicate.indicator = indicator;
    predicate.range = SourceRange{whole.span.begin, whole.span.end};
    predicate.stage = context_.stage;
    return predicate;
  }

  std::optional<FieldPath> field_of(const Expr* expr) const {
    std::optional<FieldPath> field = field_path(expr, context_.scope);
    if (!field) return field;
    // A column that only renames or extracts a source field stands for that field.
    std::optional<TrackedColumn> column = context_.columns.resolve(field->root);
    if (column && !column->lineage.empty()) {
      field->path = column->lineage + field->path.substr(field->root.size());
      field->root = column->lineage.substr(0, column->lineage.find_first_of(".["));
      field->case_folded |= column->lineage_case_folded;
    }
    return field;
  }

  std::string text_of(Span span) const {
    if (span.begin >= span.end || span.end > context_.query.size()) return {};
    return std::string(context_.query.substr(span.begin, span.end - span.begin));
  }

  const PredicateContext& context_;
};

// An and/or chain being lowered: its operands and the nodes made of them.
struct Junction {
  LogicKind kind;
  Span span;
  std::vector<std::pair<const Expr*, bool>> operands;  // with their negation
  size_t next = 0;
  std::vector<uint32_t> children;
};

// `expr` without the not()s and `!`s around it, and whether they negate it.
std::pair<const Expr*, bool> without_nots(const Expr* expr, bool negated) {
  while (expr) {
    if (const auto* unary = expr->as<UnaryExpr>(); unary && unary->op == "!") {
      expr = unary->operand;
    } else if (const auto* call = expr->as<CallExpr>(); call && call->function == "not" && call->args.size() == 1) {
      expr = call->args[0].value;
    } else {
      break;
    }
    negated = !negated;
  }
  return {expr, negated};
}

const BinaryExpr* junction_of(const Expr* expr) {
  const auto* binary = expr ? expr->as<BinaryExpr>() : nullptr;
  return binary && (binary->op == "and" || binary->op == "or") ? binary : nullptr;
}

// The operands of a chain of `junction`'s operator, left to right:
// `a and b and (c and d)` -> a, b, c, d.
std::vector<std::pair<const Expr*, bool>> chain_operands(const BinaryExpr& junction, bool negated) {
  std::vector<std::pair<const Expr*, bool>> operands;
  std::vector<const Expr*> work{junction.rhs, junction.lhs};
  while (!work.empty()) {
    const Expr* expr = work.back();
    work.pop_back();
    const BinaryExpr* inner = junction_of(expr);
    if (inner && inner->op == junction.op) {
      work.insert(work.end(), {inner->rhs, inner->lhs});
    } else {
      operands.emplace_back(expr, negated);
    }
  }
  return operands;
}

}  // namespace

std::optional<FieldPath> field_path(const Expr* expr, const LetScope& scope) { return field_path_at(expr, scope, 0); }

uint32_t condition_tree(const Expr* condition, RuleLogic& logic, const LeafLowering& leaf) {
  // An explicit stack: `a or b or c ...` chains can be thousands deep.
  std::vector<Junction> open;
  // The operand's node, or kNoNode when it opened a junction.
  auto enter = [&](const Expr* expr, bool negated) {
    std::tie(expr, negated) = without_nots(expr, negated);
    const BinaryExpr* junction = junction_of(expr);
    if (!junction) return leaf(expr, negated);
    bool conjunction = (junction->op == "and") != negated;
    open.push_back(Junction{conjunction ? LogicKind::all : LogicKind::any, expr->span,
                            chain_operands(*junction, negated), 0, {}});
    return kNoNode;
  };
  uint32_t root = enter(condition, false);
  while (!open.empty()) {
    if (Junction& top = open.back(); top.next < top.operands.size()) {
      auto [expr, negated] = top.operands[top.next++];
      uint32_t node = enter(expr, negated);
      if (node != kNoNode) open.back().children.push_back(node);
      continue;
    }
    Junction done = std::move(open.back());
    open.pop_back();
    SourceRange range{done.span.begin, done.span.end};
    uint32_t node = done.kind == LogicKind::all ? add_all(logic, std::move(done.children), range)
                                                : add_any(logic, std::move(done.children), range);
    if (open.empty()) root = node;
    else open.back().children.push_back(node);
  }
  return root;
}

uint32_t opaque_leaf(RuleLogic& logic, std::string_view query, const Expr* expr, std::string reason, bool negated) {
  SourceRange range = expr ? SourceRange{expr->span.begin, expr->span.end} : SourceRange{};
  std::string text = range.begin < range.end && range.end <= query.size()
                         ? std::string(query.substr(range.begin, range.end - range.begin))
                         : std::string();
  uint32_t node = add_opaque(logic, std::move(text), std::move(reason), range);
  return negated ? add_not(logic, node, range) : node;
}

uint32_t collect_predicates(const Expr* condition, const PredicateContext& context, std::vector<Predicate>& out,
                            RuleLogic& tree) {
  PredicateBuilder builder(context);
  return condition_tree(condition, tree, [&](const Expr* expr, bool negated) {
    if (!expr) return opaque_leaf(tree, context.query, expr, "parse error", negated);
    SourceRange range{expr->span.begin, expr->span.end};
    if (const auto* literal = expr->as<LiteralExpr>(); literal && literal->literal == LiteralKind::Bool) {
      bool holds = (literal->value == "true") != negated;  // `where true`
      return holds ? add_all(tree, {}, range) : add_any(tree, {}, range);
    }
    size_t before = out.size();
    std::string reason = builder.leaf(expr, negated, out);
    if (!reason.empty() || out.size() != before + 1)
      return opaque_leaf(tree, context.query, expr, reason.empty() ? "expression" : reason, negated);
    uint32_t node = add_leaf(tree, static_cast<uint32_t>(out.size() - 1));
    tree.nodes[node].range = range;
    return node;
  });
}

}  // namespace ruledex::kql
