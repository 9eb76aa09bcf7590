#pragma once
// What the event reader fuzz targets check of every event and problem, beyond
// what the sanitizers catch: text is valid UTF-8, lines lie inside the input,
// every problem names the file and says something.

#include <algorithm>
#include <string_view>

#include "events/event_reader.h"
#include "events/utf8_repair.h"
#include "model_checks.h"

namespace ruledex::fuzz {

inline constexpr std::string_view kFuzzFile = "fuzz-input";

inline void check_event(const events::Event& event, uint64_t lines) {
  check(event.file == kFuzzFile && event.line <= lines);
  for (size_t i = 0; i < event.size(); ++i) {
    const events::Event::Field field = event.field(i);
    check(events::valid_utf8(field.name) && events::valid_utf8(field.value));
    check(field.type != events::ValueType::null || field.value.empty());
  }
  check(events::valid_utf8(event.time));
}

inline void check_problem(const events::EventProblem& problem) {
  check(problem.file == kFuzzFile && !problem.message.empty());
}

// Reads `bytes` as an event file, checking each event and problem.
inline void read_and_check(std::string_view bytes, std::string_view input, const events::EventReaderOptions& options) {
  const uint64_t lines = 1 + static_cast<uint64_t>(std::count(input.begin(), input.end(), '\n'));
  events::read_event_bytes(
      bytes, kFuzzFile,
      [&](const events::Event& event) {
        check_event(event, lines);
        return true;
      },
      check_problem, options);
}

}  // namespace ruledex::fuzz
