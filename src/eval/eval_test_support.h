#pragma once
// Rules and events built by hand for the evaluator's tests.

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "eval/rule_set.h"
#include "events/event.h"
#include "model/logic_builder.h"

namespace ruledex::eval::testing {

inline events::Event event_of(std::initializer_list<std::pair<std::string, std::string>> fields, std::string time = "") {
  events::Event event;
  for (const auto& [name, value] : fields) event.add(name, value);
  event.time = std::move(time);
  return event;
}

inline Predicate predicate(std::string field, Op op, std::vector<std::string> values, bool negated = false,
                           bool case_sensitive = false, std::vector<std::string> modifiers = {}) {
  Predicate p;
  p.field = std::move(field);
  p.op = op;
  p.values = std::move(values);
  p.negated = negated;
  p.case_sensitive = case_sensitive;
  p.modifiers = std::move(modifiers);
  return p;
}

// A rule of `language` whose one selection is the tree `build` makes.
template <typename Build>
Rule rule_of(std::string language, Build&& build, std::string logsource = "") {
  Rule rule;
  rule.language = std::move(language);
  rule.id = "test-rule";
  if (!logsource.empty()) rule.metadata.emplace_back("logsource", std::move(logsource));
  rule.stages.push_back({"detection", 1, {}, 1});
  uint32_t root = build(rule);
  add_selection(rule.logic, {.name = "detection", .stage = 0, .root = root});
  return rule;
}

// Whether the rule's filter holds for the event (one rule, no routing).
inline Truth verdict(const Rule& rule, const events::Event& event) {
  FieldNames names;
  CompiledRule compiled(rule, names);
  EventView view;
  view.reset(event, names);
  return compiled.filter(view);
}

// The verdict of one predicate of `language` written as `query` (its source
// text, which some languages read to tell spellings apart), in a stage of kind `stage`.
inline Truth predicate_verdict(std::string language, Predicate p, const events::Event& event, std::string query = "",
                               std::string stage = "detection") {
  Rule rule = rule_of(std::move(language), [&](Rule& r) {
    r.query = std::move(query);
    r.stages.front().kind = std::move(stage);
    p.range = {0, static_cast<uint32_t>(r.query.size())};
    return add_predicate(r, p);
  });
  return verdict(rule, event);
}

}  // namespace ruledex::eval::testing
