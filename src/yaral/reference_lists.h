#pragma once
// Chronicle reference lists (`%name` in a rule): the values of a list, when the
// repository ships it as rules/.../reference_lists/<name>, a text file with one
// entry per line.

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ruledex::yaral {

struct ReferenceList {
  std::string name;
  std::filesystem::path file;
  std::vector<std::string> values;
};

// The entries of a list file: one per trimmed line. Blank lines, lines
// starting with //, /* ... */ blocks and trailing ` // comments` (a // after a
// blank, so that `https://` in a regex stays) are skipped.
std::vector<std::string> parse_reference_list(std::string_view text);

// List `name` for the rule file `rule_file`: walks up from the rule's folder to
// the first folder that has a reference_lists/ folder and reads
// reference_lists/<name> there. Null when there is no such folder or file, or
// when `name` is not a plain list name (data table columns, %table.column).
// Reads the file system at analysis time; results are cached for the life of
// the process and the cache is safe to use from several threads.
std::shared_ptr<const ReferenceList> find_reference_list(const std::filesystem::path& rule_file, std::string_view name);

}  // namespace ruledex::yaral
