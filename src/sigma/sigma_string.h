#pragma once
// Sigma string values: `*` and `?` are wildcards unless escaped with `\`;
// `\\` is one backslash; any other backslash is a plain character (so
// `C:\Windows\` needs no escaping).

#include <string>
#include <string_view>

namespace ruledex::sigma {

// True when the value has an unescaped `*` or `?`.
bool has_wildcard(std::string_view value);

// The literal a value without wildcards stands for: `\*`, `\?` and `\\`
// become `*`, `?` and `\`.
std::string unescape(std::string_view value);

}  // namespace ruledex::sigma
