// Chronicle YARA-L 2.0 rules: no front end yet, listed with the rule name and
// the `meta:` section's plain `key = "value"` lines.
#include "readers/format_readers.h"
#include "readers/reader_support.h"

namespace ruledex::readers {
namespace {

// `rule <name> {` -> name, after any leading comments.
std::string yaral_rule_name(std::string_view text) {
  for (TextLine line : split_lines(text)) {
    std::string_view s = trim(text.substr(line.begin, line.end - line.begin));
    if (!s.starts_with("rule ")) continue;
    s = trim(s.substr(5));
    return std::string(trim(s.substr(0, s.find_first_of(" \t{"))));
  }
  return {};
}

// `key = "value"` lines of the meta section.
std::vector<std::pair<std::string, std::string>> yaral_meta(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> meta;
  bool in_meta = false;
  for (TextLine line : split_lines(text)) {
    std::string_view s = trim(text.substr(line.begin, line.end - line.begin));
    if (s == "meta:") {
      in_meta = true;
      continue;
    }
    if (!in_meta) continue;
    if (s.ends_with(':') && s.find('=') == std::string_view::npos) break;  // the next section
    size_t eq = s.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view value = trim(s.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    meta.emplace_back(trim(s.substr(0, eq)), value);
  }
  return meta;
}

}  // namespace

ReadResult read_chronicle_yaral(std::string_view path, std::string_view text) {
  ReadResult result{true, "chronicle-yara-l", "chronicle", {}, {}};
  Rule rule = new_rule(path, "chronicle", "yara-l");
  if (std::string name = yaral_rule_name(text); !name.empty()) rule.name = rule.id = name;
  for (auto& [key, value] : yaral_meta(text)) {
    if (key == "description") {
      rule.description = value;
    } else if (key == "severity") {
      rule.severity = value;
    } else if (key == "rule_id" || key == "id") {
      rule.id = value;
    } else {
      rule.metadata.emplace_back(std::move(key), std::move(value));
    }
  }
  rule.raw = std::string(text);
  result.rules.push_back(std::move(rule));
  return result;
}

}  // namespace ruledex::readers
