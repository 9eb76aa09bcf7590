#include "kql/lowering_logic.h"

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kql/lowering_columns.h"
#include "kql/lowering_predicates.h"
#include "model/duration.h"
#include "model/logic_builder.h"

namespace ruledex::kql {
namespace {

// Lets of lets and union legs of legs; deeper ones are one opaque selection.
constexpr int kMaxNesting = 64;
// Trees are as deep as the parser's nesting bound; this guards the copy only.
constexpr int kMaxTreeDepth = 1024;

SourceRange range_of(Span span) { return SourceRange{span.begin, span.end}; }

Selection make_selection(std::string_view name, uint32_t stage, uint32_t root, SourceRange range) {
  Selection selection;
  selection.name = std::string(name);
  selection.stage = stage;
  selection.root = root;
  selection.range = range;
  return selection;
}

// What the operators walked so far make of the events.
struct Flow {
  std::vector<Selection> selections;  // roots in LogicLowerer::built_
  bool aggregate = false;             // a summarize (or make-series, count, ...) was met
  bool aggregated = false;            // filters now compare the first summarize's columns
  std::string after;                  // when set, filters are opaque conditions "after ..."
  std::vector<std::pair<std::string, std::string>> measures;  // aggregate column -> count measure
  std::vector<std::string> group_by;
  std::string window;
  uint64_t window_seconds = 0;
  std::vector<uint32_t> condition;  // parts, all of which must hold
  bool per_event() const { return !aggregated && after.empty(); }
};

class LogicLowerer {
 public:
  LogicLowerer(const FilterTrees& trees, const LetScope& scope, Rule& rule)
      : trees_(trees), scope_(scope), rule_(rule), query_(rule.query) {}

  void run(const Expr* query) {
    Flow flow;
    if (const auto* tabular = query ? query->as<TabularExpr>() : nullptr; tabular && tabular->pipeline)
      walk(*tabular->pipeline, 0, flow, 0);
    else
      source(query, 0, flow, 0);
    finish(flow);
  }

 private:
  void walk(const Pipeline& pipeline, uint32_t using_stage, Flow& flow, int depth) {
    if (depth > kMaxNesting) return add_row_filter(flow, "source", using_stage, pipeline.span, "nesting too deep");
    for (size_t i = 0; i < pipeline.operators.size(); ++i) {
      const Operator* op = pipeline.operators[i];
      if (!op) continue;
      auto stage = trees_.stages.find(op);
      step(*op, stage == trees_.stages.end() ? using_stage : stage->second, flow, depth, i == 0);
    }
  }

  void step(const Operator& op, uint32_t stage, Flow& flow, int depth, bool starts_query) {
    const std::string& k = op.keyword;
    if (k == "source") {
      if (!op.items.empty()) source(op.items[0].expr, stage, flow, depth);
    } else if (one_of(k, {"where", "filter", "search", "find", "parse-where"})) {
      filter(op, stage, flow);
    } else if (k == "summarize" || k == "count") {
      summarize(op, flow);
    } else if (one_of(k, {"make-series", "top-nested", "top-hitters", "reduce"})) {
      flow.aggregate = true;
      flow.condition.push_back(opaque(op.span, k));
      if (flow.after.empty()) flow.after = "after " + k;
    } else if (k == "union") {
      union_legs(op, stage, flow, depth, starts_query);
    } else if (k == "join" || k == "lookup") {
      if (drops_rows(op)) add_row_filter(flow, k, stage, op.span, k);
      if (flow.aggregated && flow.after.empty()) flow.after = "after " + k;
    } else if (k == "evaluate") {
      const auto* plugin = op.items.empty() || !op.items[0].expr ? nullptr : op.items[0].expr->as<CallExpr>();
      if (!plugin || plugin->function != "bag_unpack")  // bag_unpack keeps every row
        add_row_filter(flow, k, stage, op.span, plugin ? "plugin " + plugin->function + "()" : k);
    } else if (one_of(k, {"invoke", "mv-apply", "mvapply", "scan", "fork", "facet", "partition"})) {
      add_row_filter(flow, k, stage, op.span, k);
    }
  }

  // What a pipeline starts from: a let (its filters are the query's), a
  // function, a table.
  void source(const Expr* expr, uint32_t stage, Flow& flow, int depth) {
    if (!expr || depth > kMaxNesting) return;
    if (const auto* tabular = expr->as<TabularExpr>()) {
      if (tabular->pipeline) walk(*tabular->pipeline, stage, flow, depth + 1);
    } else if (const auto* name = expr->as<NameExpr>()) {
      const LetScope::Binding* binding = name->wildcard ? nullptr : scope_.resolve(name->name, expr->span.begin);
      if (binding && binding->let) let_source(*binding->let, stage, flow, depth + 1);
    } else if (const auto* call = expr->as<CallExpr>()) {
      if (call->function == "materialize" && call->args.size() == 1) return source(call->args[0].value, stage, flow, depth + 1);
      if (call->function == "table") return;
      const Statement* let = call->callee ? scope_.resolve_let(call->function, call->callee->span.begin) : nullptr;
      if (let) return let_source(*let, stage, flow, depth + 1);
      // A stored function, such as an ASIM parser, filters by its parameters.
      if (!call->args.empty())
        add_row_filter(flow, "source", stage, expr->span, "function " + call->function + "() parameters");
    }
  }

  void let_source(const Statement& let, uint32_t stage, Flow& flow, int depth) {
    const auto* lambda = let.value ? let.value->as<LambdaExpr>() : nullptr;
    source(lambda ? lambda_result(*lambda) : let.value, stage, flow, depth);
  }

  // ------------------------------------------------------------ filters

  void filter(const Operator& op, uint32_t stage, Flow& flow) {
    auto tree = trees_.roots.find(&op);
    if (flow.per_event()) {
      std::vector<uint32_t> parts;
      if (op.keyword == "parse-where") parts.push_back(opaque(op.span, "parse-where pattern"));
      if (tree != trees_.roots.end()) parts.push_back(copy(trees_.logic, tree->second, built_, 0));
      if (parts.empty()) return;
      add_selection(flow, op.keyword, stage, add_all(built_, std::move(parts), range_of(op.span)), op.span);
    } else if (flow.after.empty() && op.predicate && (op.keyword == "where" || op.keyword == "filter")) {
      flow.condition.push_back(aggregate_condition(*op.predicate, flow));
    } else {
      flow.condition.push_back(opaque(op.span, flow.after.empty() ? "after summarize" : flow.after));
    }
  }

  // A join or lookup of this kind keeps only the left rows that match (or
  // the right ones); leftouter keeps every left row.
  static bool drops_rows(const Operator& op) {
    std::string kind = op.keyword == "lookup" ? "leftouter" : "innerunique";
    for (const OperatorOption& option : op.options) {
      if (option.name != "kind" || !option.value) continue;
      if (const auto* name = option.value->as<NameExpr>()) kind = name->name;
    }
    return kind != "leftouter";
  }

  // union: an event passes when it passes the input's filters or one leg's.
  void union_legs(const Operator& op, uint32_t stage, Flow& flow, int depth, bool starts_query) {
    if (!flow.per_event()) {
      flow.condition.push_back(opaque(op.span, "union"));
      if (flow.after.empty()) flow.after = "after union";
      return;
    }
    std::vector<uint32_t> branches;
    bool filtered = !flow.selections.empty();
    if (!starts_query) branches.push_back(all_of(flow.selections));
    for (const Pipeline* leg : op.subqueries) {
      if (!leg) continue;
      Flow leg_flow;
      walk(*leg, stage, leg_flow, depth + 1);
      bool aggregated = leg_flow.aggregate || !leg_flow.after.empty();
      filtered = filtered || aggregated || !leg_flow.selections.empty();
      branches.push_back(aggregated ? opaque(leg->span, "aggregate in union leg") : all_of(leg_flow.selections));
    }
    if (!filtered) return;
    flow.selections.clear();
    add_selection(flow, "union", stage, add_any(built_, std::move(branches), range_of(op.span)), op.span);
  }

  uint32_t all_of(const std::vector<Selection>& selections) {
    std::vector<uint32_t> roots;
    for (const Selection& selection : selections) roots.push_back(selection.root);
    return roots.empty() ? add_all(built_, {}) : add_all(built_, std::move(roots));
  }

  void add_row_filter(Flow& flow, std::string_view name, uint32_t stage, Span span, std::string reason) {
    uint32_t node = opaque(span, std::move(reason));
    if (flow.per_event())
      add_selection(flow, name, stage, node, span);
    else
      flow.condition.push_back(node);
  }

  static void add_selection(Flow& flow, std::string_view name, uint32_t stage, uint32_t root, Span span) {
    flow.selections.push_back(make_selection(name, stage, root, range_of(span)));
  }

  // ---------------------------------------------------------- aggregates

  void summarize(const Operator& op, Flow& flow) {
    flow.aggregate = true;
    if (!flow.per_event()) {
      if (flow.after.empty()) flow.after = "after second " + op.keyword;
      return;
    }
    flow.aggregated = true;
    if (op.keyword == "count") {
      flow.measures.emplace_back("Count", "count");
      return;
    }
    for (const NamedExpr& key : op.by) {
      if (!window(key, flow)) flow.group_by.push_back(key.expr ? key_text(key.expr) : text(key.span));
    }
    for (const NamedExpr& item : op.items) {
      const auto* call = item.expr ? item.expr->as<CallExpr>() : nullptr;
      std::optional<std::string> measure = call ? measure_of(*call) : std::nullopt;
      if (!measure) continue;
      std::vector<std::string> names = item.names.size() == 1 ? std::vector<std::string>{std::string(item.names[0])}
                                                               : aggregate_column_names(*call);
      if (names.size() == 1) flow.measures.emplace_back(names[0], *measure);
    }
  }

  // bin(TimeGenerated, 5m) in `by`: the window rather than a group key.
  bool window(const NamedExpr& key, Flow& flow) const {
    const auto* call = key.expr ? key.expr->as<CallExpr>() : nullptr;
    if (!call || !one_of(call->function, {"bin", "floor", "bin_at"}) || call->args.size() < 2) return false;
    std::vector<std::string> size;
    if (!literal_values(call->args[1].value, scope_, size) || size.size() != 1) return false;
    std::optional<uint64_t> seconds = duration_seconds(size[0]);
    if (!seconds) return false;
    if (flow.window.empty()) {
      flow.window = size[0];
      flow.window_seconds = *seconds;
    }
    return true;
  }

  // A group key or aggregated field: its path, or the expression's text.
  std::string key_text(const Expr* expr) const {
    if (std::optional<FieldPath> field = field_path(expr, scope_)) return field->path;
    return expr ? text(expr->span) : std::string();
  }

  // The count measure of an aggregate the model can count: count(),
  // dcount(f) and count_distinct(f), sum(f).
  std::optional<std::string> measure_of(const CallExpr& call) const {
    if (call.function == "count") return "count";
    if (call.args.empty() || !call.args[0].value) return std::nullopt;
    std::string field = key_text(call.args[0].value);
    if (call.function == "dcount" || call.function == "count_distinct") return "distinct " + field;
    if (call.function == "sum") return "sum " + field;
    return std::nullopt;
  }

  // A where after summarize: comparisons of measured columns with numbers
  // are count leaves, anything else is opaque.
  uint32_t aggregate_condition(const Expr& predicate, const Flow& flow) {
    return condition_tree(&predicate, built_, [&](const Expr* expr, bool negated) {
      if (std::optional<uint32_t> count = count_leaf(expr, negated, flow)) return *count;
      return opaque_leaf(built_, query_, expr, "after summarize", negated);
    });
  }

  std::optional<uint32_t> count_leaf(const Expr* expr, bool negated, const Flow& flow) {
    const auto* binary = expr ? expr->as<BinaryExpr>() : nullptr;
    if (!binary || !one_of(binary->op, {"<", "<=", ">", ">=", "==", "!="})) return std::nullopt;
    std::string comparison = binary->op;
    const std::string* measure = measure_named(binary->lhs, flow);
    std::optional<double> threshold = number(binary->rhs);
    if (!measure || !threshold) {  // 5 < count_
      measure = measure_named(binary->rhs, flow);
      threshold = number(binary->lhs);
      comparison = mirrored_comparison(comparison);
    }
    if (!measure || !threshold) return std::nullopt;
    if (negated) comparison = negated_comparison(comparison);
    return add_count(built_, *measure, kNoNode, comparison, *threshold, range_of(expr->span));
  }

  static std::string mirrored_comparison(const std::string& op) {
    if (op[0] == '<') return ">" + op.substr(1);
    if (op[0] == '>') return "<" + op.substr(1);
    return op;
  }

  static std::string negated_comparison(const std::string& op) {
    if (op == "<") return ">=";
    if (op == "<=") return ">";
    if (op == ">") return "<=";
    if (op == ">=") return "<";
    return op == "==" ? "!=" : "==";
  }

  static const std::string* measure_named(const Expr* expr, const Flow& flow) {
    const auto* name = expr ? expr->as<NameExpr>() : nullptr;
    if (!name) return nullptr;
    for (const auto& [column, measure] : flow.measures)
      if (column == name->name) return &measure;
    return nullptr;
  }

  std::optional<double> number(const Expr* expr) const {
    std::vector<std::string> values;
    if (!literal_values(expr, scope_, values) || values.size() != 1 || values[0].empty()) return std::nullopt;
    char* end = nullptr;
    double value = std::strtod(values[0].c_str(), &end);
    if (end != values[0].c_str() + values[0].size()) return std::nullopt;
    return value;
  }

  // -------------------------------------------------------------- output

  void finish(Flow& flow) {
    RuleLogic& logic = rule_.logic;
    for (Selection& selection : flow.selections) {
      selection.root = copy(built_, selection.root, logic, 0);
      ruledex::add_selection(logic, std::move(selection));
    }
    if (logic.selections.empty()) {  // no filter: every event
      SourceRange range = rule_.stages.empty() ? SourceRange{} : rule_.stages[0].range;
      ruledex::add_selection(logic, make_selection("source", 0, add_all(logic, {}, range), range));
    }
    if (!flow.aggregate) return;
    logic.shape = LogicShape::aggregate;
    logic.group_by = std::move(flow.group_by);
    logic.window = std::move(flow.window);
    logic.window_seconds = flow.window_seconds;
    // Without a where after it, summarize yields a row for every group with a
    // matching event: the alert needs one.
    logic.condition = flow.condition.empty() ? add_count(logic, "count", kNoNode, ">=", 1)
                                             : copy(built_, add_all(built_, std::move(flow.condition)), logic, 0);
  }

  // The tree at `from`'s `root` appended to `to`: selections keep only the
  // nodes they reach.
  uint32_t copy(const RuleLogic& from, uint32_t root, RuleLogic& to, int depth) const {
    if (root >= from.nodes.size() || depth > kMaxTreeDepth) return add_opaque(to, "", "nesting too deep", {});
    LogicNode node = from.nodes[root];
    for (uint32_t& child : node.children) child = copy(from, child, to, depth + 1);
    to.nodes.push_back(std::move(node));
    return static_cast<uint32_t>(to.nodes.size() - 1);
  }

  uint32_t opaque(Span span, std::string reason) {
    return add_opaque(built_, text(span), std::move(reason), range_of(span));
  }

  std::string text(Span span) const {
    if (span.begin >= span.end || span.end > query_.size()) return {};
    return std::string(query_.substr(span.begin, span.end - span.begin));
  }

  const FilterTrees& trees_;
  const LetScope& scope_;
  Rule& rule_;
  std::string_view query_;
  RuleLogic built_;  // selections' and condition's trees before the copy that keeps what they reach
};

}  // namespace

void lower_logic(const Expr* query, const FilterTrees& trees, const LetScope& scope, Rule& rule) {
  if (query) LogicLowerer(trees, scope, rule).run(query);
}

}  // namespace ruledex::kql
