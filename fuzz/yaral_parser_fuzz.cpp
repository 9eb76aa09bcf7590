// libFuzzer: any bytes as a YARA-L rule, through the parser and the lowering.
// Beyond crashes, hangs and leaks (the sanitizers), checks that every offset
// the front end reports lies inside the text and that the tree stays within
// the depth the parser promises. Reference lists are not looked up.

#include <cstdint>
#include <string_view>

#include "model/rule.h"
#include "model_checks.h"
#include "yaral/lowering.h"
#include "yaral/parser.h"
#include "resource_guard.h"

using ruledex::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ruledex::fuzz::ResourceGuard guard(size);
  ruledex::Rule rule;
  rule.language = "yara-l";
  rule.query.assign(reinterpret_cast<const char*>(data), size);
  rule.query_line = 1;

  const ruledex::yaral::ParseOptions options;
  ruledex::yaral::RuleAst ast = ruledex::yaral::parse(std::string_view(rule.query), options);
  for (const auto& error : ast.errors) check(error.offset <= size && !error.message.empty());
  for (const auto& expr : ast.exprs) {
    check(expr.span.begin <= expr.span.end && expr.span.end <= size);
    check(expr.depth <= options.max_tree_depth);
    for (auto child : expr.children) check(child < ast.exprs.size());
  }

  ruledex::yaral::lower(ast, rule);
  ruledex::fuzz::check_lowered_rule(rule);
  return 0;
}
