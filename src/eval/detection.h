#pragma once
// What the evaluator reports: a rule that fired, on which events.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "eval/truth.h"
#include "events/event.h"

namespace ruledex::eval {

struct EventRef {
  std::string file;
  uint64_t record = 0;  // EVTX record id
  uint64_t line = 0;    // JSON line
  std::string time;

  static EventRef of(const events::Event& event) { return {event.file, event.record, event.line, event.time}; }
};

struct Detection {
  uint32_t rule = 0;           // index into the RuleSet's rules
  std::string selection;       // the selection (or selections) that matched
  std::vector<EventRef> events;  // the event, or the events of a stateful match (at most kMaxEventsPerDetection)
  std::string group;           // a stateful match's group key, as "field=value, ..."
  Truth truth = Truth::yes;    // unknown: the rule may have fired; the model could not decide
  std::string reason;          // unknown: why
};

inline constexpr size_t kMaxEventsPerDetection = 20;

using DetectionSink = std::function<void(const Detection&)>;

}  // namespace ruledex::eval
