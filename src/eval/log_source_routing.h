#pragma once
// Which events a Sigma rule meets (issue 12, "log source routing"): the
// rule's logsource names an entry of data/sigma_logsources.json, and the
// entry says by field values which events are of that source and which rule
// fields the source writes under other names. A rule whose logsource has no
// entry meets no event unless the events are declared to be of its source.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "events/event.h"

namespace ruledex::eval {

struct LogSource {
  std::string product, category, service;
  bool operator==(const LogSource&) const = default;
};

// A rule's logsource from its `logsource` metadata ("category: x, product: y").
LogSource rule_log_source(std::string_view logsource_metadata);

struct SourceEvents {
  // field -> accepted values ("*": present); every condition must hold.
  std::vector<std::pair<std::string, std::vector<std::string>>> conditions;
  std::vector<std::pair<std::string, std::string>> renames;  // rule field -> event field
};

struct LogSourceEntry {
  LogSource source;
  std::vector<SourceEvents> events;  // any of them
};

// An event's route: the entry it is of, and which of its event kinds.
struct Route {
  uint32_t entry;
  uint32_t variant;
};

class LogSourceRouting {
 public:
  // data/sigma_logsources.json, compiled in.
  static const LogSourceRouting& builtin();
  // Throws std::runtime_error naming `name` on malformed data.
  static LogSourceRouting parse(std::string_view json, std::string_view name);

  const std::vector<LogSourceEntry>& entries() const { return entries_; }
  std::optional<uint32_t> entry_for(const LogSource& source) const;
  // Appends the routes of `event` to `out`.
  void routes(const events::Event& event, std::vector<Route>& out) const;

 private:
  std::vector<LogSourceEntry> entries_;
};

}  // namespace ruledex::eval
