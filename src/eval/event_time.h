#pragma once
// Event times as events write them, to seconds since 1970 (UTC): ISO 8601
// (`2026-04-17T05:24:53.092051Z`, `2026-04-17 05:24:53.079`, offsets
// `+02:00`), and epoch numbers (seconds, or milliseconds when above 1e11).

#include <optional>
#include <string_view>

namespace ruledex::eval {

std::optional<double> parse_event_time(std::string_view text);

}  // namespace ruledex::eval
