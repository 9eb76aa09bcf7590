#pragma once
// Reading event files: EVTX, JSON (an array of events, one object, objects
// one after another, JSON Lines) and gzip of any of them, chosen by content.
// Streaming: memory stays bounded by max_event_bytes and a few buffers,
// whatever the size of the file.
//
// Field layout (what rules match against):
// - JSON: nested objects as dotted paths (`process.parent.name`), one field per
//   array element under the array's name (objects in arrays flattened under it,
//   no index), numbers as written, booleans "true"/"false", null as an empty
//   ValueType::null; Event::time from the first of @timestamp, timestamp,
//   TimeCreated, metadata.event_timestamp.
// - Windows events (EVTX records and their SigmaHQ JSON rendering
//   {"Event": {"System": ..., "EventData": ...}}), the Sigma convention:
//   EventData `<Data Name="X">` as X, unnamed Data as `Data`, the children of
//   UserData's inner element by name, System elements by name (EventID,
//   Channel, ...), System attributes as Element_Attribute (Provider_Name,
//   TimeCreated_SystemTime, ...); Event::record from EventRecordID, Event::time
//   from TimeCreated_SystemTime. Bare GUIDs of the JSON rendering get the
//   braces EVTX (and Windows) write.
// Text that is not valid UTF-8 keeps its valid parts; invalid bytes become U+FFFD.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "events/event.h"

namespace ruledex::events {

struct EventProblem {
  std::string file;
  uint64_t record = 0;  // EVTX record id, when known
  uint64_t line = 0;    // 1-based JSON line, when known
  std::string message;
};

struct EventReaderOptions {
  size_t max_event_bytes = 16 << 20;  // a larger event is reported and skipped
  bool evtx_verify_checksums = true;  // skip EVTX chunks whose CRC32s do not match (see evtx_events.cpp)
};

using EventSink = std::function<bool(const Event&)>;  // false stops reading
using ProblemSink = std::function<void(const EventProblem&)>;

// Reads every event of `path` (see above). Problems (a truncated or corrupted
// EVTX chunk or record, an invalid JSON line or document, an event over
// max_event_bytes) go to on_problem and reading goes on with the next one.
// False only when the file cannot be read at all (also reported).
bool read_events(const std::filesystem::path& path, const EventSink& on_event, const ProblemSink& on_problem,
                 const EventReaderOptions& options = {});

// The same over bytes in memory; `file` names them in events and problems.
bool read_event_bytes(std::string_view bytes, std::string_view file, const EventSink& on_event,
                      const ProblemSink& on_problem, const EventReaderOptions& options = {});

}  // namespace ruledex::events
