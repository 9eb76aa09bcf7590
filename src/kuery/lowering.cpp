#include "kuery/lowering.h"

#include "model/logic_builder.h"
#include "model/query_stages.h"

namespace ruledex::kuery {
namespace {

std::string join_field(const std::string& prefix, const std::string& field) {
  if (prefix.empty()) return field;
  return prefix + "." + field;
}

size_t count_leaves(const Node& node) {
  if (node.kind != NodeKind::or_ && node.kind != NodeKind::and_ && node.kind != NodeKind::not_ &&
      node.kind != NodeKind::nested)
    return 1;
  size_t leaves = 0;
  for (const Node& child : node.children) leaves += count_leaves(child);
  return leaves;
}

// Predicates carry the negation of the `not`s above them, so a tree under an
// odd number of `not`s is built by De Morgan: its and/or swap.
class Lowering {
 public:
  Lowering(Rule& rule, uint32_t stage) : rule_(rule), logic_(rule.logic), stage_(stage) {}

  uint32_t visit(const Node& node, bool negated, const std::string& prefix) {
    SourceRange range{node.range.begin, node.range.end};
    switch (node.kind) {
      case NodeKind::or_:
      case NodeKind::and_: {
        std::vector<uint32_t> children;
        for (const Node& child : node.children) children.push_back(visit(child, negated, prefix));
        bool all = (node.kind == NodeKind::and_) != negated;
        return all ? add_all(logic_, std::move(children), range) : add_any(logic_, std::move(children), range);
      }
      case NodeKind::not_:
        return visit(node.children.front(), !negated, prefix);
      case NodeKind::nested:
        return nested(node, negated, join_field(prefix, node.field));
      case NodeKind::match:
        return add(node, node.value.wildcard ? Op::wildcard : Op::eq, negated, prefix);
      case NodeKind::range:
        return add(node, ordering_op(node.op).value_or(Op::ge), negated, prefix);
      case NodeKind::exists:
        return add(node, Op::exists, negated, prefix);
    }
    return add_all(logic_, {});
  }

 private:
  // `parent: { a: x and b: y }` asks one nested object to satisfy the whole
  // query; over flattened fields the tree is only necessary, so with more than
  // one condition an opaque leaf stands for "the same object".
  uint32_t nested(const Node& node, bool negated, const std::string& field) {
    uint32_t inner = visit(node.children.front(), negated, field);
    if (count_leaves(node.children.front()) < 2) return inner;
    SourceRange range{node.range.begin, node.range.end};
    uint32_t same_object = add_opaque(logic_, range_text(rule_, range), "nested query: one object matches all", range);
    if (negated) return add_any(logic_, {inner, add_not(logic_, same_object)}, range);
    return add_all(logic_, {inner, same_object}, range);
  }

  uint32_t add(const Node& node, Op op, bool negated, const std::string& prefix) {
    Predicate predicate;
    predicate.field = node.field.empty() ? std::string() : join_field(prefix, node.field);
    predicate.op = op;
    if (op != Op::exists) predicate.values.push_back(node.value.text);
    predicate.negated = negated;
    predicate.case_sensitive = true;
    predicate.indicator = !predicate.field.empty() && predicate.field.find('*') == std::string::npos;
    predicate.range = {node.range.begin, node.range.end};
    predicate.stage = stage_;
    return add_predicate(rule_, std::move(predicate));
  }

  Rule& rule_;
  RuleLogic& logic_;
  uint32_t stage_;
};

}  // namespace

uint32_t lower_tree(const Node& root, Rule& rule, uint32_t stage, bool negated) {
  return Lowering(rule, stage).visit(root, negated, "");
}

void lower(const QueryAst& ast, Rule& rule) {
  std::optional<uint32_t> query_stage = add_whole_query_stages(rule);
  if (!query_stage || !ast.has_root) return;
  uint32_t root = lower_tree(ast.root, rule, *query_stage, false);
  add_whole_query_selection(rule, *query_stage, root);
}

}  // namespace ruledex::kuery
