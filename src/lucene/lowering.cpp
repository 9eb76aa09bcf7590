#include "lucene/lowering.h"

#include "model/logic_builder.h"
#include "model/query_stages.h"

namespace ruledex::lucene {
namespace {

// A clause of a boolean query, as Lucene's classic query parser marks it.
enum class Occur { must, should, must_not };

bool is_prohibition(const Node& node) { return node.kind == NodeKind::not_ || node.kind == NodeKind::prohibited; }

// Predicates carry the negation of the NOTs above them, so a tree under an
// odd number of them is built by De Morgan: its all/any swap.
class Lowering {
 public:
  Lowering(Rule& rule, uint32_t stage) : rule_(rule), logic_(rule.logic), stage_(stage) {}

  uint32_t visit(const Node& node, bool negated) {
    switch (node.kind) {
      case NodeKind::or_:
      case NodeKind::and_:
        return boolean_query(node, negated);
      case NodeKind::required:
        return visit(node.children.front(), negated);
      case NodeKind::not_:
      case NodeKind::prohibited:
        // Alone, `-x` is x's complement: Elasticsearch adds match-all to a purely negative query.
        return visit(node.children.front(), !negated);
      case NodeKind::term:
      case NodeKind::phrase:
        return add(node, Op::eq, {node.text}, negated, node.proximity.empty() && !node.fuzzy);
      case NodeKind::wildcard:
        return add(node, Op::wildcard, {node.text}, negated, true);
      case NodeKind::regex:
        return add(node, Op::regex, {node.text}, negated, true);
      case NodeKind::exists:
        return add(node, Op::exists, {}, negated, true);
      case NodeKind::range:
        return range(node, negated);
      case NodeKind::match_all:
        return junction(true, {}, negated, node);
    }
    return junction(true, {}, negated, node);
  }

 private:
  // A group's clauses as the classic parser (Elasticsearch's query_string,
  // default operator OR) marks them: a clause next to AND is MUST, unless it
  // is prohibited; otherwise `+` is MUST, `-`/NOT/`!` MUST_NOT, a bare clause
  // SHOULD. The AST binds AND tighter, so an AND chain inside an OR (not
  // written in parentheses) is a run of clauses of the same query.
  void collect(const Node& node, std::vector<std::pair<Occur, const Node*>>& clauses) const {
    auto clause = [&](const Node& c, bool next_to_and) {
      Occur occur = is_prohibition(c) ? Occur::must_not
                    : next_to_and || c.kind == NodeKind::required ? Occur::must
                                                                  : Occur::should;
      clauses.emplace_back(occur, &c);
    };
    if (node.kind == NodeKind::and_) {
      for (const Node& c : node.children) clause(c, true);
      return;
    }
    for (const Node& c : node.children) {
      if (c.kind == NodeKind::and_ && !c.group)
        for (const Node& operand : c.children) clause(operand, true);
      else
        clause(c, false);
    }
  }

  // Lucene: every MUST holds and no MUST_NOT; SHOULD clauses are required
  // (one of them) only when there is no MUST: next to a MUST they only score,
  // and their predicates are in no tree.
  uint32_t boolean_query(const Node& node, bool negated) {
    std::vector<std::pair<Occur, const Node*>> clauses;
    collect(node, clauses);
    bool has_must = false;
    for (const auto& [occur, clause] : clauses) has_must = has_must || occur == Occur::must;
    std::vector<uint32_t> conjuncts;
    std::vector<uint32_t> shoulds;
    for (const auto& [occur, clause] : clauses) {
      if (occur == Occur::should) {
        uint32_t tree = visit(*clause, negated);
        if (!has_must) shoulds.push_back(tree);
      } else {
        conjuncts.push_back(visit(*clause, negated));  // a MUST_NOT's own NOT negates it
      }
    }
    if (!shoulds.empty()) conjuncts.push_back(junction(false, std::move(shoulds), negated, node));
    return junction(true, std::move(conjuncts), negated, node);
  }

  // all (or any, when `all` is false) of `children`; swapped under negation.
  uint32_t junction(bool all, std::vector<uint32_t> children, bool negated, const Node& node) {
    SourceRange range{node.range.begin, node.range.end};
    return all != negated ? add_all(logic_, std::move(children), range) : add_any(logic_, std::move(children), range);
  }

  uint32_t range(const Node& node, bool negated) {
    const Bound& lower = node.lower;
    const Bound& upper = node.upper;
    if (lower.unbounded && upper.unbounded) return add(node, Op::exists, {}, negated, true);
    if (!lower.unbounded && !upper.unbounded && lower.inclusive && upper.inclusive)
      return add(node, Op::between, {lower.text, upper.text}, negated, true);
    std::vector<uint32_t> ends;
    if (!lower.unbounded) ends.push_back(add(node, lower.inclusive ? Op::ge : Op::gt, {lower.text}, negated, true));
    if (!upper.unbounded) ends.push_back(add(node, upper.inclusive ? Op::le : Op::lt, {upper.text}, negated, true));
    return junction(true, std::move(ends), negated, node);
  }

  uint32_t add(const Node& node, Op op, std::vector<std::string> values, bool negated, bool exact) {
    Predicate predicate;
    predicate.field = node.field;
    predicate.op = op;
    predicate.values = std::move(values);
    predicate.negated = negated;
    predicate.case_sensitive = true;
    predicate.indicator = exact && !node.field.empty() && node.field.find('*') == std::string::npos;
    predicate.range = {node.range.begin, node.range.end};
    predicate.stage = stage_;
    return add_predicate(rule_, std::move(predicate));
  }

  Rule& rule_;
  RuleLogic& logic_;
  uint32_t stage_;
};

}  // namespace

void lower(const QueryAst& ast, Rule& rule) {
  std::optional<uint32_t> query_stage = add_whole_query_stages(rule);
  if (!query_stage || !ast.has_root) return;
  uint32_t root = Lowering(rule, *query_stage).visit(ast.root, false);
  add_whole_query_selection(rule, *query_stage, root);
}

}  // namespace ruledex::lucene
