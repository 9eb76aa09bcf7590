#include "eval/compiled_rule.h"

#include <algorithm>

#include "eval/semantics.h"

namespace ruledex::eval {
namespace {

size_t weakest(const std::vector<CompiledRule::FieldLiteral>& literals) {
  return eval::weakest(literals, [](const CompiledRule::FieldLiteral& l) -> const RequiredLiteral& { return l.literal; });
}

}  // namespace

CompiledRule::CompiledRule(const Rule& rule, FieldNames& names) : rule_(&rule), names_(&names) {
  leaves_.reserve(rule.predicates.size());
  for (const Predicate& predicate : rule.predicates) leaves_.push_back(compile_leaf(rule, predicate, names));
}

Truth CompiledRule::node(uint32_t index, const EventView& view) const {
  const std::vector<LogicNode>& nodes = rule_->logic.nodes;
  if (index >= nodes.size()) return Truth::unknown;
  const LogicNode& n = nodes[index];
  switch (n.kind) {
    case LogicKind::all:
    case LogicKind::any:
      return junction(n.kind == LogicKind::all, n.children, [&](uint32_t child) { return node(child, view); });
    case LogicKind::not_: return n.children.empty() ? Truth::unknown : negate(node(n.children.front(), view));
    case LogicKind::predicate:
      return n.predicate < leaves_.size() ? leaves_[n.predicate].evaluate(view) : Truth::unknown;
    case LogicKind::opaque:
    case LogicKind::count: return Truth::unknown;
  }
  return Truth::unknown;
}

Truth CompiledRule::selection(uint32_t index, const EventView& view) const {
  const Selection& s = rule_->logic.selections[index];
  return s.root == kNoNode ? Truth::unknown : node(s.root, view);
}

Truth CompiledRule::filter(const EventView& view) const {
  return junction(true, rule_->logic.selections,
                  [&](const Selection& s) { return s.root == kNoNode ? Truth::unknown : node(s.root, view); });
}

std::string CompiledRule::describe(uint32_t predicate, const EventView& view) const {
  const Predicate& p = rule_->predicates[predicate];
  const Leaf& leaf = leaves_[predicate];
  std::string text = (p.field.empty() ? std::string("keyword") : p.field) + (p.negated ? " not " : " ") +
                     std::string(to_string(p.op));
  for (size_t i = 0; i < p.values.size() && i < 3; ++i) text += (i ? ", '" : " '") + p.values[i] + "'";
  if (p.values.size() > 3) text += ", ... (" + std::to_string(p.values.size()) + " values)";
  if (leaf.kind == Leaf::Kind::unknown) return text + ": unknown, " + leaf.reason;
  if (leaf.any_field) return text;
  std::string seen;
  view.any_value(leaf.field, [&](const events::Event::Field& value) {
    seen = std::string(value.value.substr(0, 120));
    return true;
  });
  return text + (view.has(leaf.field) ? "; the event has '" + seen + "'" : "; the event has no " + p.field);
}

// Why node `index` did not come out `wanted` (yes, or no under a `not`).
std::string CompiledRule::why(uint32_t index, const EventView& view, bool wanted) const {
  const LogicNode& n = rule_->logic.nodes[index];
  switch (n.kind) {
    case LogicKind::all:
    case LogicKind::any: {
      if (n.children.empty()) return n.kind == LogicKind::all ? "true" : "false";
      // Wanting an all to hold (or an any to fail), one child is to blame:
      // the first that did not come out as wanted. Otherwise every child is,
      // and the first stands for them.
      bool one_to_blame = (n.kind == LogicKind::all) == wanted;
      if (one_to_blame)
        for (uint32_t child : n.children)
          if (node(child, view) != from_bool(wanted)) return why(child, view, wanted);
      std::string prefix = n.children.size() > 1 ? "none of " + std::to_string(n.children.size()) + " alternatives, first: " : "";
      if (!wanted) prefix = n.children.size() > 1 ? "every one of " + std::to_string(n.children.size()) + ", first: " : "";
      return prefix + why(n.children.front(), view, wanted);
    }
    case LogicKind::not_: return "not (" + why(n.children.front(), view, !wanted) + ")";
    case LogicKind::predicate: return describe(n.predicate, view);
    case LogicKind::opaque: return "unknown: " + n.text + " (" + n.reason + ")";
    case LogicKind::count: return n.measure;
  }
  return {};
}

std::string CompiledRule::why_not(uint32_t selection, const EventView& view) const {
  const Selection& s = rule_->logic.selections[selection];
  if (s.root == kNoNode) return "selection " + s.name + " is matched by reference";
  return why(s.root, view, true);
}

// Whether every match of node `index` contains one of the literals appended to `out`.
bool CompiledRule::required(uint32_t index, std::vector<FieldLiteral>& out) const {
  const LogicNode& n = rule_->logic.nodes[index];
  switch (n.kind) {
    case LogicKind::all: {
      // Any child's literals are required; the one whose shortest literal is longest says most.
      std::vector<FieldLiteral> best;
      for (uint32_t child : n.children) {
        std::vector<FieldLiteral> candidate;
        if (!required(child, candidate)) continue;
        if (best.empty() || weakest(candidate) > weakest(best) ||
            (weakest(candidate) == weakest(best) && candidate.size() < best.size()))
          best = std::move(candidate);
      }
      if (best.empty()) return false;
      out.insert(out.end(), best.begin(), best.end());
      return true;
    }
    case LogicKind::any: {
      if (n.children.empty()) return false;
      std::vector<FieldLiteral> all;
      for (uint32_t child : n.children)
        if (!required(child, all)) return false;
      out.insert(out.end(), all.begin(), all.end());
      return true;
    }
    case LogicKind::predicate: {
      if (n.predicate >= leaves_.size()) return false;
      const Leaf& leaf = leaves_[n.predicate];
      std::vector<RequiredLiteral> literals = leaf.required_literals();
      if (literals.empty()) return false;
      for (RequiredLiteral& literal : literals) {
        if (!selective(literal)) return false;
        out.push_back({leaf.any_field ? kNoField : leaf.field, std::move(literal)});
      }
      return true;
    }
    default: return false;
  }
}

std::vector<CompiledRule::FieldLiteral> CompiledRule::required_literals(uint32_t selection) const {
  const Selection& s = rule_->logic.selections[selection];
  std::vector<FieldLiteral> out;
  if (s.root == kNoNode || !required(s.root, out)) return {};
  return out;
}

}  // namespace ruledex::eval
