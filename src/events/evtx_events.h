#pragma once
// EVTX events (Windows event log files; see event_reader.h for the layout)
// from a byte stream, one 64 KiB chunk at a time.

#include <string>

#include "events/byte_source.h"
#include "events/event_reader.h"

namespace ruledex::events {

// False when not even the file header could be read.
bool read_evtx_events(ByteSource& source, const std::string& file, const EventSink& on_event,
                      const ProblemSink& on_problem, const EventReaderOptions& options);

}  // namespace ruledex::events
