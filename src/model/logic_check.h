#pragma once
// Checks of a rule's logic for the front ends' corpus tests: every index in
// range, no cycles, and which predicates some tree reaches. Header-only.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "model/rule.h"

namespace ruledex {

struct LogicCheck {
  std::string problem;         // empty: the indices are in range and the nodes form no cycle
  std::vector<bool> reached;   // per Rule::predicates: a leaf of some selection's tree or the condition
  size_t opaque = 0;           // opaque nodes reachable from a tree
};

inline LogicCheck check_logic(const Rule& rule) {
  const RuleLogic& logic = rule.logic;
  LogicCheck check;
  check.reached.assign(rule.predicates.size(), false);
  auto fail = [&](std::string problem) {
    if (check.problem.empty()) check.problem = std::move(problem);
  };
  // Depth-first without recursion: 0 unseen, 1 on the path, 2 done. Shared
  // subtrees (a DAG) are fine; a node on its own path is a cycle.
  std::vector<uint8_t> state(logic.nodes.size(), 0);
  auto walk = [&](uint32_t root) {
    if (root >= logic.nodes.size()) return fail("root " + std::to_string(root) + " out of range");
    std::vector<std::pair<uint32_t, size_t>> stack{{root, 0}};
    while (!stack.empty()) {
      auto& [index, next] = stack.back();
      const LogicNode& node = logic.nodes[index];
      if (next == 0) {
        if (state[index] == 2) { stack.pop_back(); continue; }
        state[index] = 1;
        if (node.kind == LogicKind::predicate) {
          if (node.predicate < check.reached.size()) check.reached[node.predicate] = true;
          else fail("predicate " + std::to_string(node.predicate) + " out of range");
        }
        if (node.kind == LogicKind::opaque) ++check.opaque;
        if (node.kind == LogicKind::count && node.selection != kNoNode && node.selection >= logic.selections.size())
          fail("count selection out of range");
        if (node.kind == LogicKind::not_ && node.children.size() != 1) fail("not without one child");
      }
      if (next < node.children.size()) {
        uint32_t child = node.children[next++];
        if (child >= logic.nodes.size()) { fail("child out of range"); continue; }
        if (state[child] == 1) { fail("cycle at node " + std::to_string(child)); continue; }
        stack.push_back({child, 0});
        continue;
      }
      state[index] = 2;
      stack.pop_back();
    }
  };
  for (const Selection& selection : logic.selections) {
    if (selection.root != kNoNode) walk(selection.root);
    if (selection.stage >= rule.stages.size()) fail("selection stage out of range");
  }
  if (logic.condition != kNoNode) walk(logic.condition);
  return check;
}

}  // namespace ruledex
