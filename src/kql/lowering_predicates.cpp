#include "kql/lowering_predicates.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <utility>

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

  void leaf(const Expr* expr, bool negated, std::vector<Predicate>& out) const {
    if (const auto* binary = expr->as<BinaryExpr>()) {
      comparison(*binary, negated, out);
    } else if (const auto* in = expr->as<InExpr>()) {
      std::optional<OperatorMeaning> meaning = in_meaning(in->op);
      if (meaning) emit(*expr, in->lhs, *meaning, negated, in->items, out);
    } else if (const auto* between = expr->as<BetweenExpr>()) {
      OperatorMeaning meaning{Op::between, between->negated, true};
      emit(*expr, between->lhs, meaning, negated, {between->low, between->high}, out);
    } else if (const auto* call = expr->as<CallExpr>()) {
      function_predicate(*call, negated, out);
    } else if (const auto* literal = expr->as<LiteralExpr>()) {
      if (context_.search_terms && literal->literal == LiteralKind::String)
        out.push_back(make_predicate(*expr, "*", OperatorMeaning{Op::has}, negated, {literal->value}, false));
    }
  }

 private:
  void comparison(const BinaryExpr& binary, bool negated, std::vector<Predicate>& out) const {
    std::optional<OperatorMeaning> meaning = binary_meaning(binary.op);
    if (!meaning) return;
    const Expr* lhs = binary.lhs;
    const Expr* rhs = binary.rhs;
    if (!field_of(lhs) && field_of(rhs) && is_symmetric_or_ordering(meaning->op)) {
      std::swap(lhs, rhs);
      meaning->op = mirrored(meaning->op);
    }
    emit(binary, lhs, *meaning, negated, {rhs}, out);
  }

  void function_predicate(const CallExpr& call, bool negated, std::vector<Predicate>& out) const {
    if (call.args.empty()) return;
    std::string_view f = call.function;
    if (call.args.size() == 1 && (f == "isnotempty" || f == "isnotnull" || f == "isempty" || f == "isnull")) {
      OperatorMeaning meaning{Op::exists, f == "isempty" || f == "isnull", false};
      emit(call, call.args[0].value, meaning, negated, {}, out);
      return;
    }
    if (f == "ipv4_is_in_range" || f == "ipv4_is_in_any_range" || f == "ipv6_is_in_range") {
      std::vector<const Expr*> ranges;
      for (size_t i = 1; i < call.args.size(); ++i) ranges.push_back(call.args[i].value);
      emit(call, call.args[0].value, OperatorMeaning{Op::cidr}, negated, ranges, out);
    }
  }

  // One predicate: `subject` compared by `meaning` with `value_exprs`.
  void emit(const Expr& whole, const Expr* subject, OperatorMeaning meaning, bool negated,
            const std::vector<const Expr*>& value_exprs, std::vector<Predicate>& out) const {
    if (!subject) return;
    std::vector<std::string> values;
    bool all_literal = true;
    for (const Expr* value : value_exprs) {
      std::vector<std::string> literal;
      if (literal_values(value, context_.scope, literal)) {
        values.insert(values.end(), literal.begin(), literal.end());
      } else {
        all_literal = false;
        if (value) values.push_back(text_of(value->span));
      }
    }
    std::optional<FieldPath> field = field_of(subject);
    if (field && field->case_folded) meaning.case_sensitive = false;
    bool indicator = field && all_literal && !values.empty() && context_.columns.is_source_column(field->root);
    out.push_back(make_predicate(whole, field ? field->path : text_of(subject->span), meaning, negated,
                                 std::move(values), indicator));
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

}  // namespace

std::optional<FieldPath> field_path(const Expr* expr, const LetScope& scope) { return field_path_at(expr, scope, 0); }

void collect_predicates(const Expr* condition, const PredicateContext& context, std::vector<Predicate>& out) {
  PredicateBuilder builder(context);
  // An explicit stack: `a or b or c ...` chains can be thousands deep.
  std::vector<std::pair<const Expr*, bool>> work{{condition, false}};
  while (!work.empty()) {
    auto [expr, negated] = work.back();
    work.pop_back();
    if (!expr) continue;
    if (const auto* binary = expr->as<BinaryExpr>(); binary && (binary->op == "and" || binary->op == "or")) {
      work.emplace_back(binary->rhs, negated);  // the left side comes out first
      work.emplace_back(binary->lhs, negated);
    } else if (const auto* unary = expr->as<UnaryExpr>(); unary && unary->op == "!") {
      work.emplace_back(unary->operand, !negated);
    } else if (const auto* call = expr->as<CallExpr>(); call && call->function == "not" && call->args.size() == 1) {
      work.emplace_back(call->args[0].value, !negated);
    } else {
      builder.leaf(expr, negated, out);
    }
  }
}

}  // namespace ruledex::kql
