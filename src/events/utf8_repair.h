#pragma once
// Text that is not valid UTF-8 (binary data, a wrong code page): its valid
// sequences kept, each invalid byte replaced by U+FFFD.

#include <string>
#include <string_view>

namespace ruledex::events {

bool valid_utf8(std::string_view text);
// `text` with invalid bytes replaced, into `out` (cleared first).
void repair_utf8(std::string_view text, std::string& out);

}  // namespace ruledex::events
