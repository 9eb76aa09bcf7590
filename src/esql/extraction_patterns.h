#pragma once
// The fields DISSECT and GROK patterns create: what a rule emits after them.

#include <string>
#include <string_view>
#include <vector>

namespace ruledex::esql {

// DISSECT keys: `%{name}`, `%{+name}` and `%{+name/2}` (appended to name),
// `%{name->}` (padding). Skipped: `%{}`, `%{?name}`, and the reference keys
// `%{*name}` / `%{&name}` whose field name comes from the data. In order, once each.
std::vector<std::string> dissect_fields(std::string_view pattern);

// GROK fields: `%{SYNTAX:name}` and `%{SYNTAX:name:type}`, and regex named
// groups `(?<name>...)`. `%{SYNTAX}` alone captures nothing. In order, once each.
std::vector<std::string> grok_fields(std::string_view pattern);

}  // namespace ruledex::esql
