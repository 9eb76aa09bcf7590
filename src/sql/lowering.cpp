#include "sql/lowering.h"

#include <algorithm>
#include <optional>
#include <span>

#include "base/ascii_case.h"
#include "base/source_text.h"

namespace ruledex::sql {
namespace {

// The value of a literal operand; a bare "double-quoted" name reads as a string.
std::optional<std::string> literal(const Expr& expr) {
  switch (expr.kind) {
    case ExprKind::string:
    case ExprKind::number:
    case ExprKind::blob:
    case ExprKind::keyword_value:
      return expr.text;
    case ExprKind::column:
      if (expr.quoted) return expr.text;
      return std::nullopt;
    case ExprKind::unary:
      if (expr.text == "-" && expr.children[0].kind == ExprKind::number) return "-" + expr.children[0].text;
      return std::nullopt;
    case ExprKind::collate:
      return literal(expr.children[0]);
    default:
      return std::nullopt;
  }
}

bool nocase(const Expr& expr) { return expr.kind == ExprKind::collate && iequals(expr.text, "NOCASE"); }

// The column under a COLLATE, or null when `expr` is no column.
const Expr* column_of(const Expr& expr) {
  if (expr.kind == ExprKind::collate) return column_of(expr.children[0]);
  if (expr.kind == ExprKind::column && !literal(expr)) return &expr;
  return nullptr;
}

struct Comparison {
  Op op;
  bool negated;
};

std::optional<Comparison> comparison(const std::string& op) {
  if (op == "=" || op == "==" || op == "IS") return Comparison{Op::eq, false};
  if (op == "!=" || op == "<>" || op == "IS NOT") return Comparison{Op::eq, true};
  if (std::optional<Op> ordered = ordering_op(op)) return Comparison{*ordered, false};
  return std::nullopt;
}

class Lowering {
 public:
  explicit Lowering(Rule& rule) : rule_(rule), lines_(rule.query) {}

  void lower_statement(const Select& select) {
    collect_common_tables(select);
    add_sources(select);
    if (!select.with.empty()) {
      uint32_t stage = add_stage("with", select.with_range);
      for (const CommonTable& table : select.with) lower_nested(table.select.front(), stage);
    }
    for (size_t i = 0; i < select.cores.size(); ++i) lower_core(select.cores[i], i == 0);
    if (!select.order_by.empty()) add_stage("order by", select.order_range);
    if (select.limit) add_stage("limit", select.limit_range);
  }

 private:
  void lower_core(const SelectCore& core, bool names_columns) {
    if (!core.from.empty()) {
      uint32_t stage = add_stage("source", core.from_range);
      for (const TableRef& table : core.from)
        if (!table.subquery.empty()) lower_nested(table.subquery.front(), stage);
    }
    if (core.where) visit(*core.where, false, add_stage("where", core.where_range));
    if (!core.group_by.empty()) add_stage("group by", core.group_range);
    if (core.having) visit(*core.having, false, add_stage("having", core.having_range));
    uint32_t stage = add_stage("select", core.select_range);
    if (names_columns)
      for (const ResultColumn& column : core.columns) add_output(column, core, stage);
  }

  // Predicates of a subquery or common table, on the stage that reads it.
  void lower_nested(const Select& select, uint32_t stage) {
    for (const SelectCore& core : select.cores) {
      for (const TableRef& table : core.from)
        if (!table.subquery.empty()) lower_nested(table.subquery.front(), stage);
      if (core.where) visit(*core.where, false, stage);
      if (core.having) visit(*core.having, false, stage);
    }
  }

  void collect_common_tables(const Select& select) {
    for (const CommonTable& table : select.with) {
      common_tables_.push_back(ascii_lower(table.name));
      collect_common_tables(table.select.front());
    }
  }

  // Every table read, in order of appearance, once.
  void add_sources(const Select& select) {
    for (const CommonTable& table : select.with) add_sources(table.select.front());
    for (const SelectCore& core : select.cores) {
      for (const TableRef& table : core.from) {
        if (!table.subquery.empty()) add_sources(table.subquery.front());
        if (table.name.empty()) continue;
        std::string key = ascii_lower(table.name);
        if (std::find(common_tables_.begin(), common_tables_.end(), key) != common_tables_.end()) continue;
        auto same = [&](const std::string& source) { return iequals(source, table.name); };
        if (std::none_of(rule_.data_sources.begin(), rule_.data_sources.end(), same))
          rule_.data_sources.push_back(table.name);
      }
      if (core.where) add_expr_sources(*core.where);
    }
  }

  void add_expr_sources(const Expr& expr) {
    for (const Select& select : expr.select) add_sources(select);
    for (const Expr& child : expr.children) add_expr_sources(child);
  }

  void add_output(const ResultColumn& column, const SelectCore& core, uint32_t stage) {
    const Expr& expr = column.expr;
    if (expr.kind == ExprKind::star) {
      for (const TableRef& table : core.from) {
        if (!expr.text.empty() && !iequals(expr.text, table.alias) && !iequals(expr.text, table.name)) continue;
        std::string name = expr.text.empty() ? "*" : expr.text + ".*";
        rule_.output_fields.push_back({name, "select", stage, table.name.empty() ? "subquery" : table.name});
      }
      return;
    }
    std::string name = column.alias;
    if (name.empty() && expr.kind == ExprKind::column) name = expr.text.substr(expr.text.rfind('.') + 1);
    if (name.empty()) name = text_of(expr);
    rule_.output_fields.push_back({std::move(name), "select", stage, ""});
  }

  void visit(const Expr& expr, bool negated, uint32_t stage) {
    switch (expr.kind) {
      case ExprKind::binary:
        if (expr.text == "AND" || expr.text == "OR") {
          for (const Expr& child : expr.children) visit(child, negated, stage);
        } else if (std::optional<Comparison> spelled = comparison(expr.text)) {
          compare(expr, *spelled, negated, stage);
        }
        return;
      case ExprKind::unary:
        if (expr.text == "NOT") visit(expr.children[0], !negated, stage);
        return;
      case ExprKind::like:
        like(expr, negated, stage);
        return;
      case ExprKind::in_list:
        with_values(expr, Op::in, std::span(expr.children).subspan(1), negated != expr.negated, stage);
        return;
      case ExprKind::between:
        with_values(expr, Op::between, std::span(expr.children).subspan(1, 2), negated != expr.negated, stage);
        return;
      case ExprKind::is_null:
        if (const Expr* column = column_of(expr.children[0]))
          add(*column, Op::exists, {}, negated == expr.negated, true, true, expr, stage);
        return;
      case ExprKind::in_select:
      case ExprKind::subquery:
      case ExprKind::exists:
        for (const Select& select : expr.select) lower_nested(select, stage);
        return;
      default:
        return;  // a column, literal, call or arithmetic alone: no predicate
    }
  }

  void compare(const Expr& expr, Comparison spelled, bool negated, uint32_t stage) {
    const Expr* lhs = &expr.children[0];
    const Expr* rhs = &expr.children[1];
    Op op = spelled.op;
    if (!column_of(*lhs) && column_of(*rhs)) {
      std::swap(lhs, rhs);
      op = mirrored(op);
    }
    const Expr* column = column_of(*lhs);
    if (!column) return;
    if (rhs->kind == ExprKind::null && (expr.text == "IS" || expr.text == "IS NOT")) {
      add(*column, Op::exists, {}, negated == (expr.text == "IS NOT"), true, true, expr, stage);
      return;
    }
    std::optional<std::string> value = literal(*rhs);
    bool case_sensitive = !nocase(*lhs) && !nocase(*rhs);
    add(*column, op, {value.value_or(text_of(*rhs))}, negated != spelled.negated, case_sensitive, value.has_value(),
        expr, stage);
  }

  void like(const Expr& expr, bool negated, uint32_t stage) {
    const Expr* column = column_of(expr.children[0]);
    if (!column || expr.text == "MATCH") return;
    std::optional<std::string> pattern = literal(expr.children[1]);
    Op op = expr.text == "REGEXP" ? Op::regex : Op::wildcard;
    bool case_sensitive = expr.text != "LIKE" && !nocase(expr.children[0]);
    add(*column, op, {pattern.value_or(text_of(expr.children[1]))}, negated != expr.negated, case_sensitive,
        pattern.has_value(), expr, stage);
  }

  void with_values(const Expr& expr, Op op, std::span<const Expr> operands, bool negated, uint32_t stage) {
    const Expr* column = column_of(expr.children[0]);
    if (!column) return;
    std::vector<std::string> values;
    bool literals = true;
    for (const Expr& operand : operands) {
      std::optional<std::string> value = literal(operand);
      literals = literals && value.has_value();
      values.push_back(value.value_or(text_of(operand)));
    }
    add(*column, op, std::move(values), negated, !nocase(expr.children[0]), literals, expr, stage);
  }

  void add(const Expr& column, Op op, std::vector<std::string> values, bool negated, bool case_sensitive,
           bool indicator, const Expr& whole, uint32_t stage) {
    Predicate predicate;
    predicate.field = column.text;
    predicate.op = op;
    predicate.values = std::move(values);
    predicate.negated = negated;
    predicate.case_sensitive = case_sensitive;
    predicate.indicator = indicator;
    predicate.range = {whole.range.begin, whole.range.end};
    predicate.stage = stage;
    rule_.predicates.push_back(std::move(predicate));
  }

  uint32_t add_stage(std::string kind, Range range) {
    uint32_t offset = std::min<uint32_t>(range.begin, static_cast<uint32_t>(rule_.query.size()));
    uint32_t line = query_file_line(rule_, lines_.line(offset));
    rule_.stages.push_back({std::move(kind), 1, {range.begin, range.end}, line});
    return static_cast<uint32_t>(rule_.stages.size() - 1);
  }

  std::string text_of(const Expr& expr) const {
    if (expr.range.begin >= expr.range.end || expr.range.end > rule_.query.size()) return expr.text;
    return rule_.query.substr(expr.range.begin, expr.range.end - expr.range.begin);
  }

  Rule& rule_;
  LineIndex lines_;
  std::vector<std::string> common_tables_;  // lower-cased names, which are no data sources
};

}  // namespace

void lower(const QueryAst& ast, Rule& rule) {
  Lowering lowering(rule);
  for (const Select& statement : ast.statements) lowering.lower_statement(statement);
}

}  // namespace ruledex::sql
