#include "events/event_reader.h"

#include <cstring>

#include "events/byte_source.h"
#include "events/evtx_events.h"
#include "events/json_events.h"

namespace ruledex::events {

namespace {

bool starts_with(const std::string& head, std::string_view magic) { return head.compare(0, magic.size(), magic) == 0; }

// By content: gzip (then again what it holds), EVTX, else JSON.
bool read_source(ByteSource& source, const std::string& file, const EventSink& on_event, const ProblemSink& on_problem,
                 const EventReaderOptions& options, bool inside_gzip = false) {
  Peeked peeked = peek(source, 8);
  if (!source.error().empty()) {
    on_problem({file, 0, 0, "cannot read: " + source.error()});
    return false;
  }
  if (!inside_gzip && starts_with(peeked.head, "\x1f\x8b")) {
    GzipSource gzip(*peeked.source);
    const bool read = read_source(gzip, file, on_event, on_problem, options, true);
    if (read && !gzip.error().empty()) on_problem({file, 0, 0, gzip.error()});
    return read;
  }
  if (starts_with(peeked.head, std::string_view("ElfFile\0", 8)))
    return read_evtx_events(*peeked.source, file, on_event, on_problem, options);
  read_json_events(*peeked.source, file, on_event, on_problem, options);
  return true;
}

}  // namespace

bool read_events(const std::filesystem::path& path, const EventSink& on_event, const ProblemSink& on_problem,
                 const EventReaderOptions& options) {
  const std::string file = path.string();
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    on_problem({file, 0, 0, "cannot read: is a directory"});
    return false;
  }
  FileSource source(path);
  if (!source.is_open()) {
    on_problem({file, 0, 0, "cannot read: " + source.error()});
    return false;
  }
  return read_source(source, file, on_event, on_problem, options);
}

bool read_event_bytes(std::string_view bytes, std::string_view file, const EventSink& on_event,
                      const ProblemSink& on_problem, const EventReaderOptions& options) {
  MemorySource source(bytes);
  return read_source(source, std::string(file), on_event, on_problem, options);
}

}  // namespace ruledex::events
