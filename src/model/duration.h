#pragma once
// Time spans as rule languages write them: `5m`, `1h`, `30s`, `2d`, `500ms`
// (Sigma timespan, EQL maxspan, YARA-L `over`, Elastic windows).

#include <cstdint>
#include <optional>
#include <string_view>

namespace ruledex {

// Seconds in `text` (a number and a unit: ms, s, m, h, d, w; blanks around
// allowed; upper case allowed); nothing when it is not one. 500ms is 0.5 s,
// kept as 1 (windows round up, never to 0).
std::optional<uint64_t> duration_seconds(std::string_view text);

}  // namespace ruledex
