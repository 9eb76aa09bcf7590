// libFuzzer: any bytes as a Splunk search, through macro expansion, the
// parser and the lowering. Bytes before a first NUL define the macro
// `fz(1)` (argument `x`), so the fuzzer also writes macro bodies. Beyond
// crashes, hangs and leaks (the sanitizers), checks that every offset lies
// inside its text, that stages and predicates name places in the query, and
// that file lines stay inside the file the search is placed in.

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "model/rule.h"
#include "model_checks.h"
#include "spl/lowering.h"
#include "spl/macros.h"
#include "spl/parser.h"
#include "spl/value_positions.h"
#include "resource_guard.h"

using ruledex::fuzz::check;

namespace {

const ruledex::spl::MacroTable& macros() {
  static const ruledex::spl::MacroTable table = {
      {"sysmon", {"index=main sourcetype=xmlwineventlog", {}}},
      {"ctime(1)", {"convert timeformat=\"%F\" ctime($field$)", {"field"}}},
      {"nested", {"`sysmon` | `ctime(firstTime)` | `nested2`", {}}},
      {"nested2", {"where isnotnull(x)", {}}},
      {"loop", {"a `loop`", {}}},
      {"pair(2)", {"$a$=$b$ OR $b$=$a$", {"a", "b"}}},
  };
  return table;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ruledex::fuzz::ResourceGuard guard(size);
  std::string_view input(reinterpret_cast<const char*>(data), size);
  ruledex::spl::MacroTable table = macros();
  if (size_t nul = input.find('\0'); nul != std::string_view::npos) {
    table["fz(1)"] = {std::string(input.substr(0, nul)), {"x"}};
    input.remove_prefix(nul + 1);
  }
  ruledex::Rule rule;
  rule.language = "spl";
  rule.query = std::string(input);
  rule.raw = "name: fuzz\nsearch: " + rule.query + "\n";
  rule.query_line = 2;
  rule.query_indent = 8;

  ruledex::spl::Expansion expansion = ruledex::spl::expand_macros(rule.query, table);
  for (const auto& problem : expansion.problems) check(problem.offset <= rule.query.size() && !problem.message.empty());
  for (uint32_t offset = 0; offset <= expansion.text.size(); offset += 7)
    check(expansion.source_offset(offset) <= rule.query.size());

  ruledex::spl::Query query = ruledex::spl::parse(expansion.text);
  for (const auto& error : query.errors) check(error.offset <= expansion.text.size() && !error.message.empty());
  for (const auto& warning : query.warnings) check(warning.offset <= expansion.text.size());

  const ruledex::spl::ValuePositions in_file(rule);
  const uint32_t file_lines = 3 + static_cast<uint32_t>(std::count(rule.query.begin(), rule.query.end(), '\n'));
  auto file_line = [&](uint32_t offset) {
    uint32_t line = in_file.aligned() ? in_file.line(offset) : 2;
    check(line >= 1 && line <= file_lines);
    return line;
  };
  ruledex::spl::lower(query, rule, [&](uint32_t offset) { return expansion.source_offset(offset); }, file_line);
  ruledex::fuzz::check_lowered_rule(rule);
  return 0;
}
