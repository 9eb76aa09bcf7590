// libFuzzer: any bytes as a KQL query, through the parser and the lowering.
// Beyond crashes, hangs and leaks (the sanitizers), checks that every offset
// the front end reports lies inside the text.

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "kql/lowering.h"
#include "kql/parser.h"
#include "model/rule.h"

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

void check_range(const ruledex::SourceRange& range, size_t size) {
  check(range.begin <= range.end && range.end <= size);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ruledex::Rule rule;
  rule.language = "kql";
  rule.query.assign(reinterpret_cast<const char*>(data), size);

  ruledex::kql::Ast ast = ruledex::kql::parse(rule.query);
  for (const auto& error : ast.errors) check(error.offset <= size && !error.message.empty());

  ruledex::kql::lower(ast, rule);
  for (const auto& stage : rule.stages) check_range(stage.range, size);
  for (const auto& predicate : rule.predicates) {
    check_range(predicate.range, size);
    check(predicate.stage < rule.stages.size());
  }
  return 0;
}
