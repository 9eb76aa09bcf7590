#include "eql/lowering.h"

#include <algorithm>
#include <optional>

#include "base/ascii_case.h"
#include "base/source_text.h"

namespace ruledex::eql {
namespace {

bool is_literal(const Expr& expr) {
  return expr.kind == ExprKind::string || expr.kind == ExprKind::number || expr.kind == ExprKind::boolean;
}

// The literal values of a right-hand side: one literal or a list of them.
std::optional<std::vector<std::string>> literal_values(const Expr& expr) {
  std::vector<std::string> values;
  if (is_literal(expr)) {
    values.push_back(expr.text);
  } else if (expr.kind == ExprKind::list) {
    for (const Expr& item : expr.children) {
      if (!is_literal(item)) return std::nullopt;
      values.push_back(item.text);
    }
  } else {
    return std::nullopt;
  }
  return values;
}

bool any_wildcard(const std::vector<std::string>& values) {
  return std::any_of(values.begin(), values.end(), [](const std::string& v) { return v.find('*') != std::string::npos; });
}

struct Spelling {
  Op op;
  bool case_sensitive;
};

std::optional<Spelling> function_predicate(std::string name) {
  bool insensitive = !name.empty() && name.back() == '~';
  if (insensitive) name.pop_back();
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (name == "startswith") return Spelling{Op::startswith, !insensitive};
  if (name == "endswith") return Spelling{Op::endswith, !insensitive};
  if (name == "stringcontains") return Spelling{Op::contains, !insensitive};
  if (name == "cidrmatch") return Spelling{Op::cidr, false};
  return std::nullopt;
}

class Lowering {
 public:
  Lowering(Rule& rule) : rule_(rule), lines_(rule.query) {}

  uint32_t add_stage(std::string kind, Range range) {
    uint32_t line = query_file_line(rule_, lines_.line(std::min<uint32_t>(range.begin, rule_.query.size())));
    rule_.stages.push_back({std::move(kind), 1, {range.begin, range.end}, line});
    return static_cast<uint32_t>(rule_.stages.size() - 1);
  }

  // `process where ...` selects events of that category: event.category eq process.
  void add_category(const EventQuery& query, uint32_t stage) {
    if (query.category.empty() || iequals(query.category, "any")) return;
    Predicate predicate;
    predicate.field = "event.category";
    predicate.values = {query.category};
    predicate.negated = query.missing;
    predicate.case_sensitive = true;
    predicate.indicator = true;
    predicate.range = {query.category_range.begin, query.category_range.end};
    predicate.stage = stage;
    rule_.predicates.push_back(std::move(predicate));
  }

  void visit(const Expr& expr, bool negated, uint32_t stage) {
    switch (expr.kind) {
      case ExprKind::and_:
      case ExprKind::or_:
        for (const Expr& child : expr.children) visit(child, negated, stage);
        return;
      case ExprKind::not_:
        visit(expr.children.front(), !negated, stage);
        return;
      case ExprKind::compare:
        compare(expr, negated, stage);
        return;
      case ExprKind::call:
        call(expr, negated, stage);
        return;
      default:
        return;  // a bare field, literal or arithmetic: no predicate
    }
  }

 private:
  void compare(const Expr& expr, bool negated, uint32_t stage) {
    const Expr& lhs = expr.children[0];
    const Expr& rhs = expr.children[1];
    if (lhs.kind != ExprKind::field) return;
    const std::string& op = expr.text;
    if (rhs.kind == ExprKind::null && (op == "==" || op == "!=")) {
      add(lhs, Op::exists, {}, negated != (op == "=="), true, true, expr.range, stage);
      return;
    }
    std::optional<std::vector<std::string>> values = literal_values(rhs);
    bool indicator = values.has_value();
    std::vector<std::string> shown = values ? *values : std::vector<std::string>{text_of(rhs)};
    bool insensitive = op.back() == '~' || op == ":";
    Op kind = Op::eq;
    if (op == ":")
      kind = any_wildcard(shown) ? Op::wildcard : shown.size() > 1 ? Op::in : Op::eq;
    else if (op.rfind("like", 0) == 0)
      kind = Op::wildcard;
    else if (op.rfind("regex", 0) == 0)
      kind = Op::regex;
    else if (op.rfind("in", 0) == 0)
      kind = Op::in;
    else if (op == "<")
      kind = Op::lt;
    else if (op == "<=")
      kind = Op::le;
    else if (op == ">")
      kind = Op::gt;
    else if (op == ">=")
      kind = Op::ge;
    bool negate = negated != (op == "!=" || expr.negated);
    add(lhs, kind, std::move(shown), negate, !insensitive, indicator, expr.range, stage);
  }

  void call(const Expr& expr, bool negated, uint32_t stage) {
    std::optional<Spelling> spelling = function_predicate(expr.text);
    if (!spelling || expr.children.size() < 2 || expr.children[0].kind != ExprKind::field) return;
    std::vector<std::string> values;
    bool literals = true;
    for (size_t i = 1; i < expr.children.size(); ++i) {
      literals = literals && is_literal(expr.children[i]);
      values.push_back(is_literal(expr.children[i]) ? expr.children[i].text : text_of(expr.children[i]));
    }
    add(expr.children[0], spelling->op, std::move(values), negated, spelling->case_sensitive, literals, expr.range, stage);
  }

  std::string text_of(const Expr& expr) const {
    return rule_.query.substr(expr.range.begin, expr.range.end - expr.range.begin);
  }

  void add(const Expr& field, Op op, std::vector<std::string> values, bool negated, bool case_sensitive, bool indicator,
           Range range, uint32_t stage) {
    Predicate predicate;
    predicate.field = field.text;
    predicate.op = op;
    predicate.values = std::move(values);
    predicate.negated = negated;
    predicate.case_sensitive = case_sensitive;
    predicate.indicator = indicator;
    predicate.range = {range.begin, range.end};
    predicate.stage = stage;
    rule_.predicates.push_back(std::move(predicate));
  }

  Rule& rule_;
  LineIndex lines_;
};

}  // namespace

void lower(const QueryAst& ast, Rule& rule) {
  Lowering lowering(rule);
  if (!rule.data_sources.empty()) lowering.add_stage("source", {0, 0});
  if (ast.kind != QueryKind::event && ast.header.end > ast.header.begin)
    lowering.add_stage(ast.kind == QueryKind::sequence ? "sequence" : "sample", ast.header);
  auto lower_step = [&](const EventQuery& step, const char* kind) {
    Range range = step.range;
    if (!step.by.empty()) range.end = std::max(range.end, step.by.back().range.end);
    uint32_t stage = lowering.add_stage(kind, range);
    lowering.add_category(step, stage);
    lowering.visit(step.condition, step.missing, stage);
  };
  for (const EventQuery& step : ast.steps) lower_step(step, "where");
  if (ast.has_until) lower_step(ast.until, "until");
  for (const Pipe& pipe : ast.pipes) {
    uint32_t stage = lowering.add_stage(pipe.name, pipe.range);
    for (const Expr& arg : pipe.args) lowering.visit(arg, false, stage);
  }
}

}  // namespace ruledex::eql
