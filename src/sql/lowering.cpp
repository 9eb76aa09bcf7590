#include "sql/lowering.h"

#include <algorithm>
#include <optional>
#include <span>

#include "base/ascii_case.h"
#include "base/source_text.h"
#include "model/logic_builder.h"

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

// What a count leaf measures for an aggregate call: count(*) "count",
// count(x) "count x", count(DISTINCT x) "distinct x", sum(x) "sum x"; empty
// for any other expression.
std::string measure_of(const Expr& expr, const std::string& argument_text) {
  if (expr.kind != ExprKind::call) return {};
  if (iequals(expr.text, "count")) {
    if (expr.children.empty() || expr.children[0].kind == ExprKind::star) return "count";
    return (expr.distinct ? "distinct " : "count ") + argument_text;
  }
  if (iequals(expr.text, "sum") && expr.children.size() == 1 && !expr.distinct) return "sum " + argument_text;
  return {};
}

std::string_view count_symbol(Op op, bool negated) {
  switch (op) {
    case Op::gt: return ">";
    case Op::ge: return ">=";
    case Op::lt: return "<";
    case Op::le: return "<=";
    default: return negated ? "!=" : "==";
  }
}

class Lowering {
 public:
  explicit Lowering(Rule& rule) : rule_(rule), lines_(rule.query) {}

  // Logic: one selection per statement, the tree its rows pass (the WHERE
  // of each core, combined as the compound operators combine the cores);
  // what the rows come from when the model cannot follow it (a subquery, a
  // common table, a join's ON) is an opaque leaf of that tree. GROUP BY or
  // HAVING make it an aggregate, HAVING its condition (count leaves for
  // count(*), count(DISTINCT x), sum(x) compared with a number); a GROUP BY
  // without HAVING alerts on every group (condition kNoNode).
  void lower_statement(const Select& select) {
    collect_common_tables(select);
    add_sources(select);
    std::vector<uint32_t> common;
    if (!select.with.empty()) {
      uint32_t stage = add_stage("with", select.with_range);
      for (const CommonTable& table : select.with) {
        lower_nested(table.select.front(), stage);
        common.push_back(opaque(table.range, "common table", false));
      }
    }
    uint32_t first_stage = static_cast<uint32_t>(rule_.stages.size());
    uint32_t rows = kNoNode;
    for (size_t i = 0; i < select.cores.size(); ++i) {
      uint32_t core = lower_core(select.cores[i], i == 0);
      rows = i == 0 ? core : compound(i - 1 < select.compounds.size() ? select.compounds[i - 1] : "UNION", rows, core);
    }
    if (rows == kNoNode) rows = add_all(logic(), {});
    if (!common.empty()) {
      common.push_back(rows);
      rows = add_all(logic(), std::move(common));
    }
    bool one_where = select.cores.size() == 1 && select.cores[0].where;
    Selection selection;
    selection.name = one_where ? "where" : "select";
    selection.stage = one_where ? where_stage_ : std::min<uint32_t>(first_stage, rule_.stages.size() - 1);
    selection.root = rows;
    selection.range = {select.range.begin, select.range.end};
    add_selection(logic(), std::move(selection));
    if (!select.order_by.empty()) add_stage("order by", select.order_range);
    if (select.limit) add_stage("limit", select.limit_range);
  }

 private:
  RuleLogic& logic() { return rule_.logic; }

  uint32_t compound(const std::string& op, uint32_t left, uint32_t right) {
    if (op == "INTERSECT") return add_all(logic(), {left, right});
    if (op == "EXCEPT") return add_all(logic(), {left, add_not(logic(), right)});
    return add_any(logic(), {left, right});  // UNION, UNION ALL
  }

  uint32_t opaque(Range range, std::string reason, bool negated, std::string fallback = {}) {
    SourceRange where{range.begin, range.end};
    std::string text = range_text(rule_, where);
    uint32_t node = add_opaque(logic(), text.empty() ? std::move(fallback) : std::move(text), std::move(reason), where);
    return negated ? add_not(logic(), node, where) : node;
  }
  uint32_t opaque(const Expr& expr, std::string reason, bool negated) {
    return opaque(expr.range, std::move(reason), negated, expr.text);
  }

  // The tree a core's rows pass.
  uint32_t lower_core(const SelectCore& core, bool names_columns) {
    std::vector<uint32_t> terms;
    if (!core.from.empty()) {
      uint32_t stage = add_stage("source", core.from_range);
      for (const TableRef& table : core.from) {
        if (!table.subquery.empty()) {
          lower_nested(table.subquery.front(), stage);
          terms.push_back(opaque(table.range, "subquery", false));
        }
        if (table.on) terms.push_back(opaque(table.range, "join", false));
      }
    }
    if (core.where) {
      where_stage_ = add_stage("where", core.where_range);
      terms.push_back(visit(*core.where, false, where_stage_));
    }
    if (!core.group_by.empty()) add_stage("group by", core.group_range);
    if (!core.group_by.empty() || core.having) aggregate(core);
    if (core.having) {
      uint32_t condition = having(*core.having, false, add_stage("having", core.having_range));
      logic().condition = logic().condition == kNoNode ? condition : add_all(logic(), {logic().condition, condition});
    }
    uint32_t stage = add_stage("select", core.select_range);
    if (names_columns)
      for (const ResultColumn& column : core.columns) add_output(column, core, stage);
    return add_all(logic(), std::move(terms));
  }

  void aggregate(const SelectCore& core) {
    logic().shape = LogicShape::aggregate;
    for (const Expr& key : core.group_by) logic().group_by.push_back(text_of(key));
  }

  // HAVING: count leaves where an aggregate is compared with a number, the
  // predicates visit makes elsewhere (a group key compared), opaque the rest.
  uint32_t having(const Expr& expr, bool negated, uint32_t stage) {
    if (expr.kind == ExprKind::binary && (expr.text == "AND" || expr.text == "OR")) {
      std::vector<uint32_t> children;
      for (const Expr& child : expr.children) children.push_back(having(child, negated, stage));
      bool all = (expr.text == "AND") != negated;
      SourceRange where{expr.range.begin, expr.range.end};
      return all ? add_all(logic(), std::move(children), where) : add_any(logic(), std::move(children), where);
    }
    if (expr.kind == ExprKind::unary && expr.text == "NOT") return having(expr.children[0], !negated, stage);
    if (std::optional<uint32_t> count = count_leaf(expr, negated)) return *count;
    return visit(expr, negated, stage);
  }

  std::optional<uint32_t> count_leaf(const Expr& expr, bool negated) {
    if (expr.kind != ExprKind::binary || expr.children.size() != 2) return std::nullopt;
    std::optional<Comparison> spelled = comparison(expr.text);
    if (!spelled || expr.text == "IS" || expr.text == "IS NOT") return std::nullopt;
    const Expr* aggregate = &expr.children[0];
    const Expr* number = &expr.children[1];
    Op op = spelled->op;
    if (aggregate->kind != ExprKind::call) {
      std::swap(aggregate, number);
      op = mirrored(op);
    }
    std::optional<std::string> value = literal(*number);
    std::string measure =
        measure_of(*aggregate, aggregate->children.empty() ? "" : text_of(aggregate->children[0]));
    if (measure.empty() || !value || number->kind == ExprKind::string) return std::nullopt;
    char* end = nullptr;
    double threshold = std::strtod(value->c_str(), &end);
    if (end != value->c_str() + value->size()) return std::nullopt;
    bool ordered = op != Op::eq;
    SourceRange where{expr.range.begin, expr.range.end};
    uint32_t node = add_count(logic(), measure, kNoNode, count_symbol(op, spelled->negated != (negated && !ordered)),
                              threshold, where);
    return ordered && negated ? add_not(logic(), node, where) : node;
  }

  // Predicates of a subquery or common table, on the stage that reads it;
  // their trees are the opaque leaf that stands for the subquery.
  void lower_nested(const Select& select, uint32_t stage) {
    size_t nodes = logic().nodes.size();
    for (const SelectCore& core : select.cores) {
      for (const TableRef& table : core.from)
        if (!table.subquery.empty()) lower_nested(table.subquery.front(), stage);
      if (core.where) visit(*core.where, false, stage);
      if (core.having) visit(*core.having, false, stage);
    }
    logic().nodes.resize(nodes);
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

  // Predicates of `expr` and its tree. Negation is pushed into the leaves
  // (predicates are negated, NOT (a OR b) is all of not a, not b), so an
  // opaque leaf under NOT gets a not_ node.
  uint32_t visit(const Expr& expr, bool negated, uint32_t stage) {
    switch (expr.kind) {
      case ExprKind::binary:
        if (expr.text == "AND" || expr.text == "OR") {
          std::vector<uint32_t> children;
          for (const Expr& child : expr.children) children.push_back(visit(child, negated, stage));
          bool all = (expr.text == "AND") != negated;
          SourceRange where{expr.range.begin, expr.range.end};
          return all ? add_all(logic(), std::move(children), where) : add_any(logic(), std::move(children), where);
        }
        if (std::optional<Comparison> spelled = comparison(expr.text)) return compare(expr, *spelled, negated, stage);
        return opaque(expr, "value", negated);
      case ExprKind::unary:
        if (expr.text == "NOT") return visit(expr.children[0], !negated, stage);
        return opaque(expr, "value", negated);
      case ExprKind::like:
        return like(expr, negated, stage);
      case ExprKind::in_list:
        return with_values(expr, Op::in, std::span(expr.children).subspan(1), negated != expr.negated, negated, stage);
      case ExprKind::between:
        return with_values(expr, Op::between, std::span(expr.children).subspan(1, 2), negated != expr.negated, negated,
                           stage);
      case ExprKind::is_null:
        if (const Expr* column = column_of(expr.children[0]))
          return add(*column, Op::exists, {}, negated == expr.negated, true, true, expr, stage);
        return opaque(expr, computed_reason(expr.children[0]), negated);
      case ExprKind::in_select:
      case ExprKind::subquery:
      case ExprKind::exists:
        for (const Select& select : expr.select) lower_nested(select, stage);
        return opaque(expr, "subquery", negated);
      case ExprKind::call:
        return opaque(expr, computed_reason(expr), negated);
      default:
        return opaque(expr, "value", negated);  // a column or literal alone
    }
  }

  // Why an operand that is no column cannot be a leaf's subject or value.
  static std::string computed_reason(const Expr& expr) {
    if (expr.kind == ExprKind::call) return "function " + ascii_lower(expr.text) + "()";
    if (expr.kind == ExprKind::subquery) return "subquery";
    return "computed value";
  }

  // A predicate's leaf; opaque when a value is no literal (another column,
  // an expression): the predicate keeps its text, the evaluator cannot.
  uint32_t leaf_or_opaque(uint32_t leaf, bool literals, const Expr& expr, const Expr* value, bool negated) {
    if (literals) return leaf;
    return opaque(expr, value && value->kind == ExprKind::column ? "column comparison" : "computed value", negated);
  }

  uint32_t compare(const Expr& expr, Comparison spelled, bool negated, uint32_t stage) {
    const Expr* lhs = &expr.children[0];
    const Expr* rhs = &expr.children[1];
    Op op = spelled.op;
    if (!column_of(*lhs) && column_of(*rhs)) {
      std::swap(lhs, rhs);
      op = mirrored(op);
    }
    const Expr* column = column_of(*lhs);
    if (!column) return opaque(expr, computed_reason(*lhs), negated);
    if (rhs->kind == ExprKind::null && (expr.text == "IS" || expr.text == "IS NOT"))
      return add(*column, Op::exists, {}, negated == (expr.text == "IS NOT"), true, true, expr, stage);
    std::optional<std::string> value = literal(*rhs);
    bool case_sensitive = !nocase(*lhs) && !nocase(*rhs);
    uint32_t leaf = add(*column, op, {value.value_or(text_of(*rhs))}, negated != spelled.negated, case_sensitive,
                        value.has_value(), expr, stage);
    return leaf_or_opaque(leaf, value.has_value(), expr, rhs, negated);
  }

  uint32_t like(const Expr& expr, bool negated, uint32_t stage) {
    const Expr* column = column_of(expr.children[0]);
    if (expr.text == "MATCH") return opaque(expr, "match", negated);
    if (!column) return opaque(expr, computed_reason(expr.children[0]), negated);
    std::optional<std::string> pattern = literal(expr.children[1]);
    Op op = expr.text == "REGEXP" ? Op::regex : Op::wildcard;
    bool case_sensitive = expr.text != "LIKE" && !nocase(expr.children[0]);
    uint32_t leaf = add(*column, op, {pattern.value_or(text_of(expr.children[1]))}, negated != expr.negated,
                        case_sensitive, pattern.has_value(), expr, stage);
    // LIKE ... ESCAPE: the escape character is not in the model's wildcard.
    if (expr.children.size() > 2) return opaque(expr, "like escape", negated);
    return leaf_or_opaque(leaf, pattern.has_value(), expr, &expr.children[1], negated);
  }

  // `negated`: of the predicate; `outer`: the negation pushed into it.
  uint32_t with_values(const Expr& expr, Op op, std::span<const Expr> operands, bool negated, bool outer,
                       uint32_t stage) {
    const Expr* column = column_of(expr.children[0]);
    if (!column) return opaque(expr, computed_reason(expr.children[0]), outer);
    std::vector<std::string> values;
    bool literals = true;
    const Expr* computed = nullptr;
    for (const Expr& operand : operands) {
      std::optional<std::string> value = literal(operand);
      if (!value && !computed) computed = &operand;
      literals = literals && value.has_value();
      values.push_back(value.value_or(text_of(operand)));
    }
    uint32_t leaf = add(*column, op, std::move(values), negated, !nocase(expr.children[0]), literals, expr, stage);
    return leaf_or_opaque(leaf, literals, expr, computed, outer);
  }

  // Adds the predicate; returns its leaf.
  uint32_t add(const Expr& column, Op op, std::vector<std::string> values, bool negated, bool case_sensitive,
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
    return add_predicate(rule_, std::move(predicate));
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
  uint32_t where_stage_ = 0;                // the last core's where stage
};

}  // namespace

void lower(const QueryAst& ast, Rule& rule) {
  Lowering lowering(rule);
  for (const Select& statement : ast.statements) lowering.lower_statement(statement);
}

}  // namespace ruledex::sql
