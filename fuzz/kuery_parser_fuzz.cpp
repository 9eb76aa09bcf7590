// libFuzzer: any bytes as an Elastic kuery query, through the parser and the
// lowering. Beyond crashes, hangs and leaks (the sanitizers), checks that every
// offset reported lies inside the text and every predicate names a stage.

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "kuery/lowering.h"
#include "kuery/parser.h"
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
  rule.language = "kuery";
  rule.query.assign(reinterpret_cast<const char*>(data), size);
  rule.query_line = 1;
  rule.data_sources = {"logs-*"};

  ruledex::kuery::QueryAst ast = ruledex::kuery::parse(std::string_view(rule.query));
  for (const auto& error : ast.errors) check(error.offset <= size && !error.message.empty());

  ruledex::kuery::lower(ast, rule);
  for (const auto& stage : rule.stages) check_range(stage.range, size);
  for (const auto& predicate : rule.predicates) {
    check_range(predicate.range, size);
    check(predicate.stage < rule.stages.size());
  }
  for (const auto& field : rule.output_fields) check(field.stage_index < rule.stages.size());
  return 0;
}
