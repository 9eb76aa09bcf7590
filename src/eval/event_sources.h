#pragma once
// Whether an event is of a source a rule reads (its tables, indices, source
// types: Rule::data_sources), for the rules of platforms without Sigma's
// log source routing. data/event_sources.json says, per platform, which event
// fields name the source. An event that names none of them leaves the
// question open: the rule's match is then unknown, never a match.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "eval/field_index.h"
#include "eval/truth.h"
#include "model/rule.h"

namespace ruledex::eval {

struct SourceField {
  std::string event;    // the event field: `Type`, `_index`, `sourcetype`
  std::string prefix;   // how rules write this kind of source: `sourcetype:`
  std::string pattern;  // the event value as the rules' source names it: `logs-{}-*` ({} the value); empty: itself
};

class EventSources {
 public:
  // data/event_sources.json, compiled in.
  static const EventSources& builtin();
  // Throws std::runtime_error naming `name` on malformed data.
  static EventSources parse(std::string_view json, std::string_view name);

  const std::vector<SourceField>* fields(std::string_view platform) const;

 private:
  std::vector<std::pair<std::string, std::vector<SourceField>>> platforms_;
};

// One rule's check, ready for events.
class SourceCheck {
 public:
  SourceCheck(const Rule& rule, const EventSources& sources, FieldNames& names);
  // yes: the event is of a source the rule reads, or the rule names none;
  // no: the event names its source and it is none of them; unknown: the event does not say.
  Truth check(const EventView& view) const;

 private:
  struct Kind {
    uint32_t field;
    std::string pattern;
    std::vector<std::string> sources;  // the rule's sources of this kind, prefix removed
  };
  std::vector<Kind> kinds_;
  bool any_source_ = false;
};

}  // namespace ruledex::eval
