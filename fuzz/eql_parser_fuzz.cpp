// libFuzzer: any bytes as an Elastic eql query, through the parser and the
// lowering. Beyond crashes, hangs and leaks (the sanitizers), checks that every
// offset reported lies inside the text and every predicate names a stage.

#include <cstdint>
#include <string_view>

#include "eql/lowering.h"
#include "eql/parser.h"
#include "model/rule.h"
#include "model_checks.h"
#include "resource_guard.h"

using ruledex::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ruledex::fuzz::ResourceGuard guard(size);
  ruledex::Rule rule;
  rule.language = "eql";
  rule.query.assign(reinterpret_cast<const char*>(data), size);
  rule.query_line = 1;
  rule.data_sources = {"logs-*"};

  ruledex::eql::QueryAst ast = ruledex::eql::parse(std::string_view(rule.query));
  for (const auto& error : ast.errors) check(error.offset <= size && !error.message.empty());

  ruledex::eql::lower(ast, rule);
  ruledex::fuzz::check_lowered_rule(rule);
  return 0;
}
