#include "render/logic_outline.h"

#include <nlohmann/json.hpp>

namespace ruledex::render {
namespace {

std::string quoted(const std::string& value) {
  return nlohmann::json(value).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string number_text(double value) {
  std::string text = nlohmann::json(value).dump();
  if (text.ends_with(".0")) text.resize(text.size() - 2);
  return text;
}

class Outline {
 public:
  explicit Outline(const Rule& rule) : rule_(rule), logic_(rule.logic) {}

  std::string run() {
    if (logic_.selections.empty()) return {};
    line(0, shape_line());
    for (size_t i = 0; i < logic_.selections.size(); ++i) {
      const Selection& s = logic_.selections[i];
      std::string head = "selection " + std::to_string(i + 1) + " \"" + s.name + "\"";
      if (s.stage < rule_.stages.size()) head += " (stage " + std::to_string(s.stage + 1) + ": " + rule_.stages[s.stage].kind + ")";
      if (!s.rule_ref.empty()) head += " = matches of rule " + quoted(s.rule_ref);
      if (!s.by.empty()) head += " by " + join(s.by);
      if (s.runs > 1) head += " with runs=" + std::to_string(s.runs);
      if (s.until) head += " (until)";
      line(1, head);
      if (s.root != kNoNode) node(s.root, 2, 0);
    }
    if (logic_.condition != kNoNode) {
      line(1, "condition");
      node(logic_.condition, 2, 0);
    }
    return out_;
  }

 private:
  std::string shape_line() const {
    std::string text = std::string(to_string(logic_.shape));
    if (!logic_.subtype.empty()) text += " " + logic_.subtype;
    if (!logic_.group_by.empty()) text += " by " + join(logic_.group_by);
    if (!logic_.window.empty()) text += " within " + logic_.window;
    return text;
  }

  static std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
    return out;
  }

  void line(size_t depth, const std::string& text) { out_ += std::string(depth * 2, ' ') + text + "\n"; }

  // Trees are as deep as the parsers allow; the guard keeps a damaged cache
  // entry (a cycle) from recursing forever.
  void node(uint32_t index, size_t depth, size_t steps) {
    if (index >= logic_.nodes.size() || steps > logic_.nodes.size()) return line(depth, "(missing node)");
    const LogicNode& n = logic_.nodes[index];
    switch (n.kind) {
      case LogicKind::all:
      case LogicKind::any:
      case LogicKind::not_:
        if (n.children.empty()) return line(depth, n.kind == LogicKind::all ? "true" : "false");
        line(depth, std::string(to_string(n.kind)));
        for (uint32_t child : n.children) node(child, depth + 1, steps + 1);
        return;
      case LogicKind::predicate:
        if (n.predicate >= rule_.predicates.size()) return line(depth, "(missing predicate)");
        return line(depth, predicate_outline(rule_.predicates[n.predicate]));
      case LogicKind::opaque:
        return line(depth, "opaque " + quoted(n.text) + " (" + n.reason + ")");
      case LogicKind::count: {
        std::string of = n.selection == kNoNode ? "" : " of selection " + std::to_string(n.selection + 1);
        return line(depth, n.measure + of + " " + std::string(comparison_symbol(n.op, n.negated)) + " " + number_text(n.threshold));
      }
    }
  }

  const Rule& rule_;
  const RuleLogic& logic_;
  std::string out_;
};

}  // namespace

std::string predicate_outline(const Predicate& p) {
  std::string text = p.field.empty() ? "(any field)" : p.field;
  text += p.negated ? " not " : " ";
  text += to_string(p.op);
  if (p.case_sensitive) text += " (case-sensitive)";
  for (const std::string& modifier : p.modifiers) text += " |" + modifier;
  for (size_t i = 0; i < p.values.size(); ++i) text += (i == 0 ? " " : ", ") + quoted(p.values[i]);
  return text;
}

std::string logic_outline(const Rule& rule) { return Outline(rule).run(); }

}  // namespace ruledex::render
