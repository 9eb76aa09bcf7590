#pragma once
// The stateful shapes of RuleLogic over a stream of matches: counts per group
// in a window (aggregate, threshold, Sigma event_count / value_count /
// temporal, YARA-L multi-event rules), ordered steps (EQL sequences, Sigma
// temporal_ordered) and first-seen values (new_terms). Memory is bounded:
// groups and kept matches are capped, the oldest dropped first.

#include <cstdint>
#include <memory>

#include "eval/compiled_rule.h"
#include "eval/detection.h"

namespace ruledex::eval {

struct StatefulLimits {
  size_t max_groups = 100'000;
  size_t max_matches_per_group = 10'000;
};

class StatefulEngine {
 public:
  virtual ~StatefulEngine() = default;
  // Selection `selection` of the rule matched the event `view` shows at `time` (seconds).
  virtual void on_match(uint32_t selection, double time, const EventView& view, const DetectionSink& sink) = 0;
  // The stream ended: conditions that wait for a window's end are decided.
  virtual void finish(const DetectionSink& sink) = 0;
};

// Nothing for the filter shape.
std::unique_ptr<StatefulEngine> make_stateful_engine(uint32_t rule_index, const CompiledRule& rule, FieldNames& names,
                                                     StatefulLimits limits = {});

}  // namespace ruledex::eval
