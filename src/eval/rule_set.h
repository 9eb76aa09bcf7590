#pragma once
// Many rules over one stream of events. Each event meets only the rules of
// its log source (Sigma routing) and, of those, only the ones whose required
// literals occur in it (one multi-literal scan per field); the rest cannot
// match it. Stateful rules collect their matches across events.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "eval/compiled_rule.h"
#include "eval/detection.h"
#include "eval/log_source_routing.h"
#include "eval/stateful.h"
#include "events/event.h"
#include "model/rule.h"

namespace ruledex::eval {

struct RuleSetOptions {
  const LogSourceRouting* routing = &LogSourceRouting::builtin();
  // When set, every event is of this source (JSON recordings of a non-Windows
  // source): Sigma rules of that source meet all events, no routing.
  std::optional<LogSource> declared_source;
  // Skip rules whose required literals an event lacks. Off: every rule of the
  // event's log source is evaluated (same results, slower).
  bool prefilter = true;
  // Count per rule the most common reason a routed event did not match
  // (implies evaluating every routed rule).
  bool explain = false;
  StatefulLimits limits;
};

struct RuleStats {
  uint64_t routed = 0;     // events of the rule's log source
  uint64_t evaluated = 0;  // of those, evaluated (the rest lacked its literals)
  uint64_t matched = 0;    // events matched (a stateful rule: matches of its selections)
  uint64_t unknown = 0;    // events the rule could not decide
  std::string unknown_reason;
  std::vector<std::pair<std::string, uint64_t>> why_not;  // explain: reason -> events, most common first
};

class RuleSet {
 public:
  // `rules` must outlive the set.
  RuleSet(std::span<const Rule> rules, RuleSetOptions options = {});
  ~RuleSet();

  void add(const events::Event& event, const DetectionSink& sink);
  void finish(const DetectionSink& sink);

  size_t size() const;
  const Rule& rule(uint32_t index) const;
  RuleStats stats(uint32_t index) const;
  // Why a rule meets no event at all ("its logsource ... has no routing"); empty when it can.
  const std::string& unreachable(uint32_t index) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ruledex::eval
