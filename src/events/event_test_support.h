#pragma once
// What the event reader tests compare: events copied out of the reused Event,
// and the problems reported.

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "events/event_reader.h"

namespace ruledex::events::testing {

struct CopiedEvent {
  std::vector<std::tuple<std::string, std::string, ValueType>> fields;
  uint64_t record = 0;
  uint64_t line = 0;
  std::string time;

  // "name=value" lines in field order.
  std::string text() const {
    std::string out;
    for (const auto& [name, value, type] : fields) out += name + "=" + value + "\n";
    return out;
  }
};

struct ReadOutcome {
  std::vector<CopiedEvent> events;
  std::vector<EventProblem> problems;
  bool ok = false;
};

inline CopiedEvent copy_event(const Event& event) {
  CopiedEvent copy{{}, event.record, event.line, event.time};
  for (size_t i = 0; i < event.size(); ++i) {
    const Event::Field field = event.field(i);
    copy.fields.emplace_back(std::string(field.name), std::string(field.value), field.type);
  }
  return copy;
}

template <typename Read>
ReadOutcome collect(Read read) {
  ReadOutcome outcome;
  outcome.ok = read([&](const Event& event) {
    outcome.events.push_back(copy_event(event));
    return true;
  }, [&](const EventProblem& problem) { outcome.problems.push_back(problem); });
  return outcome;
}

inline ReadOutcome read_bytes(std::string_view bytes, const EventReaderOptions& options = {}) {
  return collect([&](const EventSink& on_event, const ProblemSink& on_problem) {
    return read_event_bytes(bytes, "test", on_event, on_problem, options);
  });
}

inline ReadOutcome read_file(const std::filesystem::path& path, const EventReaderOptions& options = {}) {
  return collect([&](const EventSink& on_event, const ProblemSink& on_problem) {
    return read_events(path, on_event, on_problem, options);
  });
}

}  // namespace ruledex::events::testing
