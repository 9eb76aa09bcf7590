#include "kuery/lowering.h"

#include "model/query_stages.h"

namespace ruledex::kuery {
namespace {

std::string join_field(const std::string& prefix, const std::string& field) {
  if (prefix.empty()) return field;
  return prefix + "." + field;
}

class Lowering {
 public:
  Lowering(Rule& rule, uint32_t stage) : rule_(rule), stage_(stage) {}

  void visit(const Node& node, bool negated, const std::string& prefix) {
    switch (node.kind) {
      case NodeKind::or_:
      case NodeKind::and_:
        for (const Node& child : node.children) visit(child, negated, prefix);
        return;
      case NodeKind::not_:
        visit(node.children.front(), !negated, prefix);
        return;
      case NodeKind::nested:
        visit(node.children.front(), negated, join_field(prefix, node.field));
        return;
      case NodeKind::match:
        add(node, node.value.wildcard ? Op::wildcard : Op::eq, negated, prefix);
        return;
      case NodeKind::range:
        add(node, ordering_op(node.op).value_or(Op::ge), negated, prefix);
        return;
      case NodeKind::exists:
        add(node, Op::exists, negated, prefix);
        return;
    }
  }

 private:
  void add(const Node& node, Op op, bool negated, const std::string& prefix) {
    Predicate predicate;
    predicate.field = node.field.empty() ? std::string() : join_field(prefix, node.field);
    predicate.op = op;
    if (op != Op::exists) predicate.values.push_back(node.value.text);
    predicate.negated = negated;
    predicate.case_sensitive = true;
    predicate.indicator = !predicate.field.empty() && predicate.field.find('*') == std::string::npos;
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
  if (query_stage && ast.has_root) Lowering(rule, *query_stage).visit(ast.root, false, "");
}

}  // namespace ruledex::kuery
