#include "readers/rule_reader.h"

namespace ruledex {
ReadResult read_rule_file(std::string_view, std::string_view) { return {}; }  // placeholder
}  // namespace ruledex
