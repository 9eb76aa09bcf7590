#include "esql/extraction_patterns.h"

#include "base/string_list.h"

namespace ruledex::esql {
namespace {

// Calls `on_key` with the text between each `%{` and its `}`.
template <typename OnKey>
void for_each_key(std::string_view pattern, OnKey on_key) {
  size_t at = 0;
  while ((at = pattern.find("%{", at)) != std::string_view::npos) {
    size_t close = pattern.find('}', at + 2);
    if (close == std::string_view::npos) return;
    on_key(pattern.substr(at + 2, close - at - 2));
    at = close + 1;
  }
}

}  // namespace

std::vector<std::string> dissect_fields(std::string_view pattern) {
  std::vector<std::string> fields;
  for_each_key(pattern, [&](std::string_view key) {
    if (key.size() >= 2 && key.substr(key.size() - 2) == "->") key.remove_suffix(2);
    if (key.empty() || key[0] == '?' || key[0] == '*' || key[0] == '&') return;
    if (key[0] == '+') {
      key.remove_prefix(1);
      key = key.substr(0, key.find('/'));
    }
    add_unique(fields, key);
  });
  return fields;
}

std::vector<std::string> grok_fields(std::string_view pattern) {
  std::vector<std::string> fields;
  size_t at = 0;
  while (at < pattern.size()) {
    size_t key = pattern.find("%{", at);
    size_t group = pattern.find("(?<", at);
    if (key == std::string_view::npos && group == std::string_view::npos) break;
    bool is_key = group == std::string_view::npos || (key != std::string_view::npos && key < group);
    size_t open = is_key ? key + 2 : group + 3;
    size_t close = pattern.find(is_key ? '}' : '>', open);
    if (close == std::string_view::npos) break;
    std::string_view inside = pattern.substr(open, close - open);
    if (is_key) {  // SYNTAX:name:type
      size_t colon = inside.find(':');
      if (colon != std::string_view::npos) add_unique(fields, inside.substr(colon + 1, inside.find(':', colon + 1) - colon - 1));
    } else if (!inside.empty() && inside[0] != '=' && inside[0] != '!') {  // not a (?<= or (?<! lookbehind
      add_unique(fields, inside);
    }
    at = is_key ? close + 1 : open;
  }
  return fields;
}

}  // namespace ruledex::esql
