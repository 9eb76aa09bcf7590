#pragma once
// JSON events (see event_reader.h for the layout) from a byte stream.

#include <string>

#include "events/byte_source.h"
#include "events/event_reader.h"

namespace ruledex::events {

void read_json_events(ByteSource& source, const std::string& file, const EventSink& on_event,
                      const ProblemSink& on_problem, const EventReaderOptions& options);

}  // namespace ruledex::events
