#include "site/site_paths.h"

#include <cstdint>
#include <cstdio>

namespace ruledex::site {
namespace {

bool is_slug_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// Safe as it stands: slug characters, '.', '-' and '_', not starting with a dot, short.
bool is_safe_name(std::string_view name) {
  if (name.empty() || name.size() > 80 || name.front() == '.') return false;
  for (char c : name)
    if (!is_slug_char(c) && c != '.' && c != '-' && c != '_') return false;
  return true;
}

}  // namespace

std::string slug(std::string_view text, size_t max_length) {
  std::string out;
  out.reserve(std::min(text.size(), max_length));
  for (char c : text) {
    if (out.size() >= max_length) break;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (is_slug_char(c))
      out += c;
    else if (!out.empty() && out.back() != '-')
      out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "x" : out;
}

std::string short_hash(std::string_view text) {
  uint64_t hash = 14695981039346656037ull;
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ull;
  }
  char buffer[9];
  std::snprintf(buffer, sizeof buffer, "%08x", static_cast<unsigned>(hash ^ (hash >> 32)));
  return buffer;
}

std::string named_page(std::string_view folder, std::string_view name) {
  std::string out(folder);
  out += '/';
  if (is_safe_name(name)) {
    out += name;
  } else {
    out += slug(name);
    out += '-';
    out += short_hash(name);
  }
  out += ".html";
  return out;
}

std::string rule_page(const Rule& rule) {
  std::string identity = rule.file;
  identity += '\n';
  identity += std::to_string(rule.query_index);
  std::string_view label = !rule.name.empty() ? std::string_view(rule.name) : std::string_view(rule.id);
  if (label.empty()) label = rule.file.substr(rule.file.find_last_of('/') + 1);
  return "rules/" + slug(label) + "-" + short_hash(identity) + ".html";
}

std::string item_folder(std::string_view kind) {
  if (kind == "story") return "stories";
  return slug(kind) + "s";
}

std::string anchor_id(std::string_view key) { return "k" + short_hash(key); }

}  // namespace ruledex::site
