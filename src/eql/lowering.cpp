#include "eql/lowering.h"

#include <algorithm>
#include <optional>

#include "base/ascii_case.h"
#include "base/source_text.h"
#include "model/duration.h"
#include "model/logic_builder.h"

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
  std::optional<uint32_t> add_category(const EventQuery& query, uint32_t stage) {
    if (query.category.empty() || iequals(query.category, "any")) return std::nullopt;
    Predicate predicate;
    predicate.field = "event.category";
    predicate.values = {query.category};
    predicate.negated = query.missing;
    predicate.case_sensitive = true;
    predicate.indicator = true;
    predicate.range = {query.category_range.begin, query.category_range.end};
    predicate.stage = stage;
    return add_predicate(rule_, std::move(predicate));
  }

  // The step's tree: its category and its condition, built under `negated`
  // as its predicates are (De Morgan: all/any swap).
  uint32_t step_tree(const EventQuery& query, bool negated, uint32_t stage) {
    std::vector<uint32_t> parts;
    if (std::optional<uint32_t> category = add_category(query, stage)) parts.push_back(*category);
    parts.push_back(visit(query.condition, negated, stage));
    return junction(true, std::move(parts), negated, query.range);
  }

  // Predicates carry the negation of the `not`s above them, so the tree is
  // built under `negated` too. What no predicate expresses is an opaque leaf.
  uint32_t visit(const Expr& expr, bool negated, uint32_t stage) {
    switch (expr.kind) {
      case ExprKind::and_:
      case ExprKind::or_: {
        std::vector<uint32_t> children;
        for (const Expr& child : expr.children) children.push_back(visit(child, negated, stage));
        return junction(expr.kind == ExprKind::and_, std::move(children), negated, expr.range);
      }
      case ExprKind::not_:
        return visit(expr.children.front(), !negated, stage);
      case ExprKind::compare:
        return compare(expr, negated, stage);
      case ExprKind::call:
        return call(expr, negated, stage);
      case ExprKind::boolean:
        return junction(expr.text == "true", {}, negated, expr.range);
      default:
        return opaque(expr, "value as a condition", negated);
    }
  }

  // all (or any, when `all` is false) of `children`; swapped under negation.
  uint32_t junction(bool all, std::vector<uint32_t> children, bool negated, Range range) {
    SourceRange at{range.begin, range.end};
    return all != negated ? add_all(rule_.logic, std::move(children), at) : add_any(rule_.logic, std::move(children), at);
  }

  uint32_t opaque(const Expr& expr, std::string reason, bool negated) {
    SourceRange range{expr.range.begin, expr.range.end};
    uint32_t leaf = add_opaque(rule_.logic, range_text(rule_, range), std::move(reason), range);
    return negated ? add_not(rule_.logic, leaf) : leaf;
  }

  // Why an operand that is not a field or literal cannot be a predicate's.
  static std::string computed_reason(const Expr& expr) {
    if (expr.kind == ExprKind::call) return "function " + expr.text + "()";
    if (expr.kind == ExprKind::field) return "field compared with a field";
    return "computed value";
  }

 private:
  // The predicate a comparison of a field with literals makes; a comparison
  // with anything else keeps its predicate (the value as written) but the tree
  // has an opaque leaf: the predicate does not say what it compares with.
  uint32_t compare(const Expr& expr, bool negated, uint32_t stage) {
    const Expr& lhs = expr.children[0];
    const Expr& rhs = expr.children[1];
    if (lhs.kind != ExprKind::field) return opaque(expr, computed_reason(lhs), negated);
    const std::string& op = expr.text;
    if (rhs.kind == ExprKind::null && (op == "==" || op == "!=")) {
      return add(lhs, Op::exists, {}, negated != (op == "=="), true, true, expr.range, stage);
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
    uint32_t leaf = add(lhs, kind, std::move(shown), negate, !insensitive, indicator, expr.range, stage);
    if (indicator) return leaf;
    return opaque(expr, rhs.kind == ExprKind::list ? "list of computed values" : computed_reason(rhs), negated);
  }

  uint32_t call(const Expr& expr, bool negated, uint32_t stage) {
    std::optional<Spelling> spelling = function_predicate(expr.text);
    if (!spelling || expr.children.size() < 2 || expr.children[0].kind != ExprKind::field)
      return opaque(expr, "function " + expr.text + "()", negated);
    std::vector<std::string> values;
    bool literals = true;
    for (size_t i = 1; i < expr.children.size(); ++i) {
      literals = literals && is_literal(expr.children[i]);
      values.push_back(is_literal(expr.children[i]) ? expr.children[i].text : text_of(expr.children[i]));
    }
    uint32_t leaf = add(expr.children[0], spelling->op, std::move(values), negated, spelling->case_sensitive, literals,
                        expr.range, stage);
    return literals ? leaf : opaque(expr, "function " + expr.text + "() of a non-literal", negated);
  }

  std::string text_of(const Expr& expr) const {
    return rule_.query.substr(expr.range.begin, expr.range.end - expr.range.begin);
  }

  uint32_t add(const Expr& field, Op op, std::vector<std::string> values, bool negated, bool case_sensitive,
               bool indicator, Range range, uint32_t stage) {
    Predicate predicate;
    predicate.field = field.text;
    predicate.op = op;
    predicate.values = std::move(values);
    predicate.negated = negated;
    predicate.case_sensitive = case_sensitive;
    predicate.indicator = indicator;
    predicate.range = {range.begin, range.end};
    predicate.stage = stage;
    return add_predicate(rule_, std::move(predicate));
  }

  Rule& rule_;
  LineIndex lines_;
};

std::string key_text(const Rule& rule, const Expr& key) {
  if (key.kind == ExprKind::field) return key.text;
  return range_text(rule, {key.range.begin, key.range.end});
}

void append_keys(const Rule& rule, const std::vector<Expr>& keys, std::vector<std::string>& to) {
  for (const Expr& key : keys) to.push_back(key_text(rule, key));
}

uint32_t runs_of(const std::string& runs) {
  uint32_t n = 0;
  for (char c : runs) {
    if (c < '0' || c > '9' || n > 100000) return 1;
    n = n * 10 + static_cast<uint32_t>(c - '0');
  }
  return std::max(n, 1u);
}

}  // namespace

void lower(const QueryAst& ast, Rule& rule) {
  Lowering lowering(rule);
  RuleLogic& logic = rule.logic;
  if (!rule.data_sources.empty()) lowering.add_stage("source", {0, 0});
  if (ast.kind != QueryKind::event && ast.header.end > ast.header.begin)
    lowering.add_stage(ast.kind == QueryKind::sequence ? "sequence" : "sample", ast.header);
  if (ast.kind != QueryKind::event) {
    logic.shape = LogicShape::sequence;
    if (ast.kind == QueryKind::sample) logic.subtype = "sample";
    append_keys(rule, ast.by, logic.group_by);
    if (!ast.maxspan.empty()) {
      logic.window = ast.maxspan;
      logic.window_seconds = duration_seconds(ast.maxspan).value_or(0);
    }
  }
  std::vector<SourceRange> undecided;  // a missing step, a filter over a sequence
  auto lower_step = [&](const EventQuery& step, const char* kind, std::string name) {
    Range range = step.range;
    if (!step.by.empty()) range.end = std::max(range.end, step.by.back().range.end);
    uint32_t stage = lowering.add_stage(kind, range);
    uint32_t root = lowering.step_tree(step, step.missing, stage);
    // A missing step's predicates are negated; its selection is the event that must not occur.
    if (step.missing) {
      root = add_not(logic, root);
      name = "missing " + name;
      undecided.push_back({range.begin, range.end});
    }
    Selection selection;
    selection.name = std::move(name);
    selection.stage = stage;
    selection.root = root;
    selection.by = logic.group_by;
    selection.runs = runs_of(step.runs);
    selection.until = std::string_view(kind) == "until";
    selection.range = {range.begin, range.end};
    append_keys(rule, step.by, selection.by);
    return add_selection(logic, std::move(selection));
  };
  for (size_t i = 0; i < ast.steps.size(); ++i) {
    const EventQuery& step = ast.steps[i];
    std::string name = ast.kind != QueryKind::event ? "step " + std::to_string(i + 1)
                       : step.category.empty()     ? "where"
                                                   : step.category;
    lower_step(step, "where", std::move(name));
  }
  if (ast.has_until) lower_step(ast.until, "until", "until");
  for (const Pipe& pipe : ast.pipes) {
    uint32_t stage = lowering.add_stage(pipe.name, pipe.range);
    std::vector<uint32_t> trees;
    for (const Expr& arg : pipe.args) trees.push_back(lowering.visit(arg, false, stage));
    if (pipe.name != "filter" || logic.selections.empty()) continue;
    // `| filter` narrows an event query's matches; over a sequence it decides the alert.
    uint32_t filter = add_all(logic, std::move(trees), {pipe.range.begin, pipe.range.end});
    if (logic.shape == LogicShape::filter) {
      Selection& selection = logic.selections.back();
      selection.root = add_all(logic, {selection.root, filter});
    } else {
      undecided.push_back({pipe.range.begin, pipe.range.end});
    }
  }
  // What decides a sequence beyond its steps (a missing event, a filter over
  // the sequence) the model cannot run: an opaque condition.
  if (!undecided.empty())
    logic.condition = add_opaque(logic, range_text(rule, undecided.front()), "missing event or filter over a sequence",
                                 undecided.front());
}

}  // namespace ruledex::eql
