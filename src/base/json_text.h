#pragma once
// Writing JSON text directly, for outputs written per event (hunt's
// detections), where building a JSON document for each line would cost more
// than the evaluation that found it.

#include <string>
#include <string_view>

namespace ruledex {

// Appends `text` as a JSON string (quotes included): `"`, `\` and control
// characters escaped, each byte that is not valid UTF-8 replaced by U+FFFD.
void append_json_string(std::string& out, std::string_view text);

}  // namespace ruledex
