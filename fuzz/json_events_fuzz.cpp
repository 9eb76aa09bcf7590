// libFuzzer: any bytes as an event file for the JSON readers (JSON, JSON
// Lines, arrays, concatenated objects, the Windows rendering; gzip when the
// bytes start with its magic). A small max_event_bytes reaches the skipping of
// large events. Checks each event and problem (event_checks.h).

#include <cstdint>
#include <string_view>

#include "event_checks.h"
#include "resource_guard.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ruledex::fuzz::ResourceGuard guard(size);
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  ruledex::events::EventReaderOptions options;
  ruledex::fuzz::read_and_check(input, input, options);
  options.max_event_bytes = 64;
  ruledex::fuzz::read_and_check(input, input, options);
  return 0;
}
