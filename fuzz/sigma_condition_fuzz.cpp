// libFuzzer: any bytes as a Sigma detection condition. The parser must not
// crash or recurse without bound, and every node must lie inside the text.

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "sigma/condition_parser.h"
#include "resource_guard.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ruledex::fuzz::ResourceGuard guard(size);
  std::string_view text(reinterpret_cast<const char*>(data), size);
  ruledex::sigma::Condition condition = ruledex::sigma::parse_condition(text);
  for (const ruledex::sigma::ConditionNode& node : condition.nodes) {
    if (node.begin > node.end || node.end > text.size()) std::abort();
    for (uint32_t child : node.children)
      if (child >= condition.nodes.size()) std::abort();
  }
  if (condition.root && *condition.root >= condition.nodes.size()) std::abort();
  for (const auto& message : condition.messages)
    if (message.offset > text.size()) std::abort();
  return 0;
}
