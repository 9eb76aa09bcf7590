#include "model/logic_builder.h"

#include <utility>

namespace ruledex {
namespace {

uint32_t push(RuleLogic& logic, LogicNode node) {
  logic.nodes.push_back(std::move(node));
  return static_cast<uint32_t>(logic.nodes.size() - 1);
}

uint32_t add_junction(RuleLogic& logic, LogicKind kind, std::vector<uint32_t> children, SourceRange range) {
  if (children.size() == 1) return children.front();
  LogicNode node{.kind = kind, .range = range};
  for (uint32_t child : children) {
    const LogicNode& c = logic.nodes[child];
    if (c.kind == kind) node.children.insert(node.children.end(), c.children.begin(), c.children.end());
    else node.children.push_back(child);
  }
  return push(logic, std::move(node));
}

}  // namespace

std::string_view to_string(LogicKind kind) {
  switch (kind) {
    case LogicKind::all: return "all";
    case LogicKind::any: return "any";
    case LogicKind::not_: return "not";
    case LogicKind::predicate: return "predicate";
    case LogicKind::opaque: return "opaque";
    case LogicKind::count: return "count";
  }
  return "all";
}

std::string_view to_string(LogicShape shape) {
  switch (shape) {
    case LogicShape::filter: return "filter";
    case LogicShape::sequence: return "sequence";
    case LogicShape::correlation: return "correlation";
    case LogicShape::multi_event: return "multi_event";
    case LogicShape::threshold: return "threshold";
    case LogicShape::new_terms: return "new_terms";
    case LogicShape::aggregate: return "aggregate";
  }
  return "filter";
}

uint32_t add_predicate(Rule& rule, Predicate predicate) {
  rule.predicates.push_back(std::move(predicate));
  return add_leaf(rule.logic, static_cast<uint32_t>(rule.predicates.size() - 1));
}

uint32_t add_leaf(RuleLogic& logic, uint32_t predicate_index) {
  return push(logic, {.kind = LogicKind::predicate, .predicate = predicate_index});
}

uint32_t add_all(RuleLogic& logic, std::vector<uint32_t> children, SourceRange range) {
  return add_junction(logic, LogicKind::all, std::move(children), range);
}

uint32_t add_any(RuleLogic& logic, std::vector<uint32_t> children, SourceRange range) {
  return add_junction(logic, LogicKind::any, std::move(children), range);
}

uint32_t add_not(RuleLogic& logic, uint32_t child, SourceRange range) {
  if (logic.nodes[child].kind == LogicKind::not_) return logic.nodes[child].children.front();
  return push(logic, {.kind = LogicKind::not_, .children = {child}, .range = range});
}

uint32_t add_opaque(RuleLogic& logic, std::string text, std::string reason, SourceRange range) {
  return push(logic, {.kind = LogicKind::opaque, .text = std::move(text), .reason = std::move(reason), .range = range});
}

uint32_t add_count(RuleLogic& logic, std::string measure, uint32_t selection, std::string_view comparison,
                   double threshold, SourceRange range) {
  Op op = comparison == ">" || comparison == "gt"    ? Op::gt
          : comparison == ">=" || comparison == "gte" ? Op::ge
          : comparison == "<" || comparison == "lt"   ? Op::lt
          : comparison == "<=" || comparison == "lte" ? Op::le
                                                      : Op::eq;
  bool negated = comparison == "!=" || comparison == "<>" || comparison == "neq";
  return add_count(logic, std::move(measure), selection, op, negated, threshold, range);
}

uint32_t add_count(RuleLogic& logic, std::string measure, uint32_t selection, Op op, bool negated, double threshold,
                   SourceRange range) {
  bool ordering = op == Op::lt || op == Op::le || op == Op::gt || op == Op::ge;
  return push(logic, {.kind = LogicKind::count, .measure = std::move(measure), .selection = selection,
                      .op = ordering ? op : Op::eq, .negated = !ordering && negated, .threshold = threshold, .range = range});
}

uint32_t add_selection(RuleLogic& logic, Selection selection) {
  logic.selections.push_back(std::move(selection));
  return static_cast<uint32_t>(logic.selections.size() - 1);
}

std::string range_text(const Rule& rule, SourceRange range) {
  if (range.begin >= range.end || range.end > rule.query.size()) return {};
  return rule.query.substr(range.begin, range.end - range.begin);
}

}  // namespace ruledex
