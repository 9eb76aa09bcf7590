// libFuzzer: any bytes as a Bicep file, through the parser and the value
// evaluator. Beyond crashes, hangs and leaks (the sanitizers), checks that
// every offset and span the parser reports lies inside the text.

#include <cstdint>
#include <string_view>

#include "bicep/parser.h"
#include "bicep/values.h"
#include "model_checks.h"
#include "resource_guard.h"

using ruledex::fuzz::check;

namespace {

void check_expr(const ruledex::bicep::Expr& expr, size_t size, int depth) {
  check(expr.span.begin <= expr.span.end && expr.span.end <= size);
  check(depth < 10000);
  for (const auto& child : expr.children)
    if (child) check_expr(*child, size, depth + 1);
  for (const auto& [key, value] : expr.properties)
    if (value) check_expr(*value, size, depth + 1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ruledex::fuzz::ResourceGuard guard(size);
  std::string_view text(reinterpret_cast<const char*>(data), size);
  ruledex::bicep::File file = ruledex::bicep::parse(text);
  for (const auto& error : file.errors) check(error.offset <= size && !error.message.empty());
  ruledex::bicep::Evaluator evaluator(text, file);
  for (const auto& statement : file.statements) {
    check(statement.span.begin <= statement.span.end && statement.span.end <= size);
    if (!statement.value) continue;
    check_expr(*statement.value, size, 0);
    evaluator.evaluate(*statement.value);
  }
  return 0;
}
