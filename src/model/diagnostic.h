#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ruledex {

enum class Severity { error, warning, note };

std::string_view to_string(Severity severity);

// A message tied to a place in a rule file. Lines and columns are 1-based;
// 0 means the place is unknown (for instance a file that could not be read).
struct Diagnostic {
  Severity severity = Severity::error;
  std::string message;
  std::string file;
  uint32_t line = 0;
  uint32_t column = 0;
  // Set on a warning about a name the front end does not know, to count such
  // names by kind: "macro", "SPL command". Empty otherwise.
  std::string unknown_kind = {};
};

}  // namespace ruledex
