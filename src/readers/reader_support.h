#pragma once
// Helpers shared by the rule readers: text slicing, the top-level key scan used
// for format detection and cheap metadata, and rule construction.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/string_list.h"
#include "base/trim.h"
#include "model/rule.h"

namespace ruledex::readers {

using ruledex::trim;
std::string lower(std::string_view text);
bool iequals(std::string_view a, std::string_view b);

// The file name without folders and without its last extension.
std::string file_stem(std::string_view path);
// The last extension, lower-cased, with its dot (".yaml"); empty when none.
std::string file_extension(std::string_view path);
// True when a folder of `path` is named `folder` (case-insensitive).
bool has_folder(std::string_view path, std::string_view folder);

// A line of text: [begin, end) byte offsets, end excluding the '\n'.
struct TextLine {
  uint32_t begin = 0;
  uint32_t end = 0;
};
std::vector<TextLine> split_lines(std::string_view text);
bool is_blank(std::string_view line);

// `key: value` lines at column 0 of a YAML document, in file order. Comments,
// list items and indented lines are skipped; values are trimmed, with simple
// surrounding quotes removed. Cheap enough to run on every file.
struct TopLevelKey {
  std::string key;
  std::string value;
  uint32_t line = 0;  // 1-based
};
std::vector<TopLevelKey> scan_top_level_keys(std::string_view text);
const TopLevelKey* find_key(const std::vector<TopLevelKey>& keys, std::string_view key);

// A rule with its origin filled: file, platform, language, and a name and id
// taken from the file name until the reader finds better ones.
Rule new_rule(std::string_view path, std::string_view platform, std::string_view language);

// True when one of the diagnostics is an error (warnings say the rule was read).
bool has_error(const std::vector<Diagnostic>& diagnostics);

// Numbers the queries of one file; with several, names and ids tell them
// apart: "<name> (query 2)", "<id>#2".
void number_queries(std::vector<Rule>& rules);

// Numbers the rules of a file declaring several (ARM resources, Bicep
// declarations): each keeps the id and name it declares; only those still
// taken from the file name are told apart as number_queries() does.
void number_rules(std::vector<Rule>& rules);

// True for ATT&CK technique ids: T1234 or T1234.001 (either case).
bool is_technique_id(std::string_view text);

// Adds a technique id, trimmed and upper-cased, unless empty or already there.
void add_technique(Rule& rule, std::string_view written);

}  // namespace ruledex::readers
