#include "render/logic_json.h"

namespace ruledex {
namespace {

using Json = nlohmann::ordered_json;

// Trees are as deep as the parsers allow; `steps` stops a cycle in damaged data.
Json node_json(const RuleLogic& logic, uint32_t index, size_t steps) {
  if (index >= logic.nodes.size() || steps > logic.nodes.size()) return nullptr;
  const LogicNode& n = logic.nodes[index];
  switch (n.kind) {
    case LogicKind::all:
    case LogicKind::any: {
      Json children = Json::array();
      for (uint32_t child : n.children) children.push_back(node_json(logic, child, steps + 1));
      return Json{{std::string(to_string(n.kind)), std::move(children)}};
    }
    case LogicKind::not_:
      return Json{{"not", n.children.empty() ? Json(nullptr) : node_json(logic, n.children.front(), steps + 1)}};
    case LogicKind::predicate:
      return Json{{"predicate", n.predicate}};
    case LogicKind::opaque:
      return Json{{"opaque", n.text}, {"reason", n.reason}};
    case LogicKind::count:
      return Json{{"count", n.measure},
                  {"selection", n.selection == kNoNode ? Json(nullptr) : Json(n.selection)},
                  {"op", to_string(n.op)},
                  {"negated", n.negated},
                  {"threshold", n.threshold}};
  }
  return nullptr;
}

}  // namespace

Json logic_to_json(const Rule& rule) {
  const RuleLogic& logic = rule.logic;
  Json selections = Json::array();
  for (const Selection& s : logic.selections)
    selections.push_back({{"name", s.name},
                          {"stage", s.stage},
                          {"rule_ref", s.rule_ref},
                          {"by", s.by},
                          {"runs", s.runs},
                          {"until", s.until},
                          {"condition", s.root == kNoNode ? Json(nullptr) : node_json(logic, s.root, 0)}});
  return Json{{"shape", to_string(logic.shape)},
              {"subtype", logic.subtype},
              {"selections", std::move(selections)},
              {"group_by", logic.group_by},
              {"window", logic.window},
              {"window_seconds", logic.window_seconds},
              {"condition", logic.condition == kNoNode ? Json(nullptr) : node_json(logic, logic.condition, 0)}};
}

}  // namespace ruledex
