#include "lucene/lowering.h"

#include "model/query_stages.h"

namespace ruledex::lucene {
namespace {

class Lowering {
 public:
  Lowering(Rule& rule, uint32_t stage) : rule_(rule), stage_(stage) {}

  void visit(const Node& node, bool negated) {
    switch (node.kind) {
      case NodeKind::or_:
      case NodeKind::and_:
      case NodeKind::required:
        for (const Node& child : node.children) visit(child, negated);
        return;
      case NodeKind::not_:
      case NodeKind::prohibited:
        visit(node.children.front(), !negated);
        return;
      case NodeKind::term:
      case NodeKind::phrase:
        add(node, Op::eq, {node.text}, negated, node.proximity.empty() && !node.fuzzy);
        return;
      case NodeKind::wildcard:
        add(node, Op::wildcard, {node.text}, negated, true);
        return;
      case NodeKind::regex:
        add(node, Op::regex, {node.text}, negated, true);
        return;
      case NodeKind::exists:
        add(node, Op::exists, {}, negated, true);
        return;
      case NodeKind::range:
        range(node, negated);
        return;
      case NodeKind::match_all:
        return;
    }
  }

 private:
  void range(const Node& node, bool negated) {
    const Bound& lower = node.lower;
    const Bound& upper = node.upper;
    if (lower.unbounded && upper.unbounded) {
      add(node, Op::exists, {}, negated, true);
    } else if (!lower.unbounded && !upper.unbounded && lower.inclusive && upper.inclusive) {
      add(node, Op::between, {lower.text, upper.text}, negated, true);
    } else {
      if (!lower.unbounded) add(node, lower.inclusive ? Op::ge : Op::gt, {lower.text}, negated, true);
      if (!upper.unbounded) add(node, upper.inclusive ? Op::le : Op::lt, {upper.text}, negated, true);
    }
  }

  void add(const Node& node, Op op, std::vector<std::string> values, bool negated, bool exact) {
    Predicate predicate;
    predicate.field = node.field;
    predicate.op = op;
    predicate.values = std::move(values);
    predicate.negated = negated;
    predicate.case_sensitive = true;
    predicate.indicator = exact && !node.field.empty() && node.field.find('*') == std::string::npos;
    predicate.range = {node.range.begin, node.range.end};
    predicate.stage = stage_;
    rule_.predicates.push_back(std::move(predicate));
  }

  Rule& rule_;
  uint32_t stage_;
};

}  // namespace

void lower(const QueryAst& ast, Rule& rule) {
  std::optional<uint32_t> query_stage = add_whole_query_stages(rule);
  if (query_stage && ast.has_root) Lowering(rule, *query_stage).visit(ast.root, false);
}

}  // namespace ruledex::lucene
