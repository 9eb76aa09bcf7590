#pragma once
// Running a set of rules over event files, for `test` and `hunt`: reads each
// file with the event readers, feeds the RuleSet, and reports read problems
// with file and record/line (the run goes on).

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "eval/rule_set.h"
#include "events/event.h"

namespace ruledex::cli {

struct RunTotals {
  uint64_t events = 0;
  uint64_t bytes = 0;
  uint64_t problems = 0;
  double seconds = 0;
};

// A detection, with the event being evaluated when it came (nullptr for
// those decided when the stream ended).
using RunSink = std::function<void(const eval::Detection&, const events::Event*)>;

// Calls `on_detection` for every detection. Problems go to stderr as
// file: record N or file:line. `progress` draws a status line on stderr.
RunTotals run_events(eval::RuleSet& rules, const std::vector<std::filesystem::path>& files, const RunSink& on_detection,
                     bool progress);

// The event files of `paths`: a file named is read whatever its name; files
// found in folders are read when their extension says events (.evtx, .json,
// .jsonl, .ndjson, and those with .gz), so a recording's notes are left alone.
std::vector<std::filesystem::path> event_files(const std::vector<std::string>& paths);

// `product:windows,category:process_creation` as a LogSource; none and
// `error` set when malformed.
std::optional<eval::LogSource> parse_log_source(const std::string& text, std::string& error);

}  // namespace ruledex::cli
