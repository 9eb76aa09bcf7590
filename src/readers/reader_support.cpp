#include "readers/reader_support.h"

#include <algorithm>
#include <cctype>

namespace ruledex::readers {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

namespace {
std::string_view file_name(std::string_view path) {
  size_t slash = path.find_last_of("/\\");
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}
}  // namespace

std::string file_stem(std::string_view path) {
  std::string_view name = file_name(path);
  size_t dot = name.rfind('.');
  return std::string(dot == std::string_view::npos || dot == 0 ? name : name.substr(0, dot));
}

std::string file_extension(std::string_view path) {
  std::string_view name = file_name(path);
  size_t dot = name.rfind('.');
  return dot == std::string_view::npos || dot == 0 ? std::string() : lower(name.substr(dot));
}

bool has_folder(std::string_view path, std::string_view folder) {
  std::string_view folders = path.substr(0, path.size() - file_name(path).size());
  while (!folders.empty()) {
    size_t slash = folders.find_first_of("/\\");
    if (iequals(folders.substr(0, slash), folder)) return true;
    if (slash == std::string_view::npos) break;
    folders.remove_prefix(slash + 1);
  }
  return false;
}

std::vector<TextLine> split_lines(std::string_view text) {
  std::vector<TextLine> lines;
  uint32_t begin = 0;
  for (uint32_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      lines.push_back({begin, i});
      begin = i + 1;
    }
  }
  if (begin < text.size()) lines.push_back({begin, static_cast<uint32_t>(text.size())});
  return lines;
}

bool is_blank(std::string_view line) { return trim(line).empty(); }

namespace {
std::string_view unquote(std::string_view value) {
  if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
    return value.substr(1, value.size() - 2);
  return value;
}
}  // namespace

std::vector<TopLevelKey> scan_top_level_keys(std::string_view text) {
  std::vector<TopLevelKey> keys;
  uint32_t line_number = 0;
  for (TextLine line : split_lines(text)) {
    ++line_number;
    std::string_view s = text.substr(line.begin, line.end - line.begin);
    if (s.empty() || s[0] == ' ' || s[0] == '\t' || s[0] == '#' || s[0] == '-') continue;
    size_t colon = s.find(':');
    // A key is followed by ": " or ends the line; "http://x" is not a key.
    while (colon != std::string_view::npos && colon + 1 < s.size() && s[colon + 1] != ' ' && s[colon + 1] != '\t')
      colon = s.find(':', colon + 1);
    if (colon == std::string_view::npos || colon == 0) continue;
    std::string_view key = unquote(trim(s.substr(0, colon)));
    if (key.empty() || key.front() == '{' || key.front() == '[') continue;  // a flow collection, not a key
    keys.push_back({std::string(key), std::string(unquote(trim(s.substr(colon + 1)))), line_number});
  }
  return keys;
}

const TopLevelKey* find_key(const std::vector<TopLevelKey>& keys, std::string_view key) {
  for (const TopLevelKey& k : keys)
    if (k.key == key) return &k;
  return nullptr;
}

Rule new_rule(std::string_view path, std::string_view platform, std::string_view language) {
  Rule rule;
  rule.file = std::string(path);
  rule.platform = std::string(platform);
  rule.language = std::string(language);
  rule.name = file_stem(path);
  rule.id = rule.name;
  return rule;
}

bool has_error(const std::vector<Diagnostic>& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& d) { return d.severity == Severity::error; });
}

void number_queries(std::vector<Rule>& rules) {
  uint32_t count = static_cast<uint32_t>(rules.size());
  for (uint32_t i = 0; i < count; ++i) {
    Rule& rule = rules[i];
    rule.query_index = i;
    rule.query_count = count;
    if (count > 1) {
      rule.name += " (query " + std::to_string(i + 1) + ")";
      rule.id += "#" + std::to_string(i + 1);
    }
  }
}

void number_rules(std::vector<Rule>& rules) {
  uint32_t count = static_cast<uint32_t>(rules.size());
  for (uint32_t i = 0; i < count; ++i) {
    Rule& rule = rules[i];
    rule.query_index = i;
    rule.query_count = count;
    if (count == 1) continue;
    std::string stem = file_stem(rule.file);
    if (rule.name == stem) rule.name += " (query " + std::to_string(i + 1) + ")";
    if (rule.id == stem) rule.id += "#" + std::to_string(i + 1);
  }
}

bool is_technique_id(std::string_view text) {
  auto digits = [&](size_t at, size_t n) {
    if (at + n > text.size()) return false;
    return std::all_of(text.begin() + at, text.begin() + at + n, [](char c) { return c >= '0' && c <= '9'; });
  };
  if (text.size() != 5 && text.size() != 9) return false;
  if (text[0] != 'T' && text[0] != 't') return false;
  if (!digits(1, 4)) return false;
  return text.size() == 5 || (text[5] == '.' && digits(6, 3));
}

void add_technique(Rule& rule, std::string_view written) {
  std::string id(trim(written));
  for (char& c : id) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (id.empty()) return;
  for (const Technique& technique : rule.techniques)
    if (technique.id == id) return;
  rule.techniques.push_back({std::move(id), ""});
}

}  // namespace ruledex::readers
