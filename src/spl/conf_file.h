#pragma once
// Splunk .conf files (savedsearches.conf, macros.conf, transforms.conf, ...),
// as Splunk reads them: `[stanza]` headers (the name runs from the first `[`
// to the last `]` of the line, so it may hold brackets itself), `key = value`
// lines, `#` comment lines, and values continued over several lines by a
// backslash that ends a line (the backslash goes, the line break stays; a
// backslash anywhere else is a character). An app's layers merge key by key:
// a stanza of local/ changes only the keys it sets in default/'s.

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace ruledex::spl {

struct ConfValue {
  std::string key;
  std::string value;    // trimmed; continuation backslashes removed, line breaks kept
  uint32_t line = 0;    // 1-based line of the key
  uint32_t column = 0;  // 1-based column where the value starts on that line
  bool layered = false;  // set by a layer merged over the file (merge_conf): line and column are that layer's
};

struct ConfStanza {
  std::string name;     // "default" for keys before any header
  uint32_t line = 0;    // 1-based line of the header; 0 for keys before any header
  uint32_t end_line = 0;  // last line of the stanza's content
  std::vector<ConfValue> values;  // each key once (a repeated key keeps its last value), first-set order

  const ConfValue* find(std::string_view key) const;
  void set(ConfValue value);  // replaces the key's value or appends it

 private:
  std::map<std::string, size_t, std::less<>> index_;  // key -> position in values
};

struct ConfProblem {
  std::string message;
  uint32_t line = 0;
  uint32_t column = 0;
};

struct ConfFile {
  std::vector<ConfStanza> stanzas;  // each name once (a repeated stanza merges into the first), file order
  std::vector<ConfProblem> problems;

  const ConfStanza* find(std::string_view name) const;
  ConfStanza& stanza(std::string_view name, uint32_t line);  // found or appended
  // A stanza's setting, else the `[default]` stanza's (Splunk's defaults
  // within one file); empty when neither sets it.
  std::string_view value(const ConfStanza& stanza, std::string_view key) const;

 private:
  std::map<std::string, size_t, std::less<>> index_;  // name -> position in stanzas
};

// Never fails: lines that are neither a header, a setting, a comment nor blank
// are problems and otherwise ignored, as Splunk ignores them.
ConfFile parse_conf(std::string_view text);

// Applies `layer`'s settings over `base` as Splunk layers local/ over
// default/ (the layer's problems stay its own).
void merge_conf(ConfFile& base, const ConfFile& layer);

// For a file in an app's default/ or local/ folder, the same file in the
// other folder; empty for a file in neither.
std::filesystem::path other_layer(const std::filesystem::path& file);
// True for a .conf file in an app's local/ folder.
bool is_local_layer(const std::filesystem::path& file);

// An app's `<name>.conf`: default/ with local/ over it, read from disk and
// decoded; a layer that is missing or unreadable is skipped.
ConfFile read_app_conf(const std::filesystem::path& app_folder, std::string_view name);

}  // namespace ruledex::spl
