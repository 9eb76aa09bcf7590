// libFuzzer: any bytes as a Splunk .conf file: the .conf parser, a second
// layer merged over it (the bytes after a first NUL), the macros it defines
// expanding a search, and the app reader as savedsearches, macros and
// transforms. Checks that every stanza, setting and problem names a line and
// column of the text, and that each rule's search lies on the lines its
// stanza covers.

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "model_checks.h"
#include "readers/rule_reader.h"
#include "resource_guard.h"
#include "spl/conf_file.h"
#include "spl/macros.h"

using ruledex::fuzz::check;

namespace {

void check_positions(const ruledex::spl::ConfFile& conf, std::string_view text) {
  const uint32_t lines = 1 + static_cast<uint32_t>(std::count(text.begin(), text.end(), '\n'));
  const uint32_t longest = static_cast<uint32_t>(text.size()) + 1;
  for (const auto& stanza : conf.stanzas) {
    check(stanza.line <= lines && stanza.end_line <= lines && stanza.line <= stanza.end_line);
    for (const auto& value : stanza.values) {
      check(!value.key.empty() && value.line >= 1 && value.line <= lines);
      check(value.column >= 1 && value.column <= longest && value.value.size() <= text.size());
    }
  }
  for (const auto& problem : conf.problems)
    check(!problem.message.empty() && problem.line >= 1 && problem.line <= lines && problem.column <= longest);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ruledex::fuzz::ResourceGuard guard(size);
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string_view layer;
  if (size_t nul = input.find('\0'); nul != std::string_view::npos) {
    layer = input.substr(nul + 1);
    input = input.substr(0, nul);
  }
  ruledex::spl::ConfFile conf = ruledex::spl::parse_conf(input);
  check_positions(conf, input);
  ruledex::spl::ConfFile over = ruledex::spl::parse_conf(layer);
  check_positions(over, layer);
  ruledex::spl::merge_conf(conf, over);
  ruledex::spl::MacroTable macros = ruledex::spl::macro_table(conf);
  for (const auto& stanza : conf.stanzas)
    if (const auto* search = stanza.find("search")) ruledex::spl::expand_macros(search->value, macros);

  for (const char* path : {"app/default/savedsearches.conf", "app/default/macros.conf", "app/default/transforms.conf"}) {
    ruledex::ReadResult read = ruledex::read_rule_file(path, input);
    for (const ruledex::Rule& rule : read.rules) {
      check(rule.query_line >= rule.raw_line && !rule.name.empty());
      check(rule.raw.empty() || input.find(rule.raw) != std::string_view::npos);
    }
    for (const ruledex::RepositoryItem& item : read.items) check(!item.name.empty() && !item.kind.empty());
  }
  return 0;
}
