// libFuzzer: any bytes as a KQL query, through the parser and the lowering.
// Beyond crashes, hangs and leaks (the sanitizers), checks that every offset
// the front end reports lies inside the text.

#include <cstdint>
#include <string_view>

#include "kql/lowering.h"
#include "kql/parser.h"
#include "model/rule.h"
#include "model_checks.h"
#include "resource_guard.h"

using ruledex::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ruledex::fuzz::ResourceGuard guard(size);
  ruledex::Rule rule;
  rule.language = "kql";
  rule.query.assign(reinterpret_cast<const char*>(data), size);

  ruledex::kql::Ast ast = ruledex::kql::parse(rule.query);
  for (const auto& error : ast.errors) check(error.offset <= size && !error.message.empty());

  ruledex::kql::lower(ast, rule);
  ruledex::fuzz::check_lowered_rule(rule);
  return 0;
}
