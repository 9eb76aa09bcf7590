// libFuzzer: any bytes as an ES|QL query, through the parser and the lowering.
// Beyond crashes, hangs and leaks (the sanitizers), checks that every offset
// reported lies inside the text and every predicate and output field names a
// stage.

#include <cstdint>
#include <string_view>

#include "esql/lowering.h"
#include "esql/parser.h"
#include "model/rule.h"
#include "model_checks.h"
#include "resource_guard.h"

using ruledex::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ruledex::fuzz::ResourceGuard guard(size);
  ruledex::Rule rule;
  rule.language = "esql";
  rule.query.assign(reinterpret_cast<const char*>(data), size);
  rule.query_line = 1;

  ruledex::esql::QueryAst ast = ruledex::esql::parse(std::string_view(rule.query));
  for (const auto& error : ast.errors) {
    check(error.offset <= size && !error.message.empty());
    check(error.related_offset == ruledex::esql::ParseError::kNoOffset || error.related_offset < size);
  }
  for (const auto& warning : ast.warnings) check(warning.offset <= size && !warning.message.empty());
  for (const auto& command : ast.commands) check(command.range.begin <= command.range.end && command.range.end <= size);

  ruledex::esql::lower(ast, rule);
  ruledex::fuzz::check_lowered_rule(rule);
  return 0;
}
