// libFuzzer: any bytes as a Sigma rule file, through the Sigma reader and the
// Sigma front end (YAML documents, detection, condition, lowering). Stage and
// predicate ranges must lie inside each rule's query text.

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "analysis/frontend.h"
#include "base/source_text.h"
#include "readers/format_readers.h"
#include "resource_guard.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ruledex::fuzz::ResourceGuard guard(size);
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  ruledex::DecodedText decoded = ruledex::decode_text(bytes);
  ruledex::ReadResult result = ruledex::readers::read_sigma_yaml("rules/fuzz.yml", decoded.text);
  for (ruledex::Rule& rule : result.rules) {
    if (rule.query.empty()) continue;
    ruledex::analyze_sigma_rule(rule, {});
    auto inside = [&](const ruledex::SourceRange& range) {
      return range.begin <= range.end && range.end <= rule.query.size();
    };
    for (const ruledex::Stage& stage : rule.stages)
      if (!inside(stage.range)) std::abort();
    for (const ruledex::Predicate& predicate : rule.predicates)
      if (!inside(predicate.range) || predicate.stage >= rule.stages.size()) std::abort();
  }
  return 0;
}
