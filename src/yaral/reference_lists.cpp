#include "yaral/reference_lists.h"

#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>

namespace ruledex::yaral {
namespace {

std::string_view trim(std::string_view text) {
  size_t begin = text.find_first_not_of(" \t\r");
  if (begin == std::string_view::npos) return {};
  size_t end = text.find_last_not_of(" \t\r");
  return text.substr(begin, end - begin + 1);
}

bool is_plain_name(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
      return false;
  return true;
}

// Folders and lists already looked at: a catalog build asks for the same few
// lists from hundreds of rules, on several threads.
class ListCache {
 public:
  std::shared_ptr<const ReferenceList> find(const std::filesystem::path& rule_file, std::string_view name) {
    std::error_code error;
    std::filesystem::path folder = std::filesystem::absolute(rule_file, error).parent_path();
    std::lock_guard<std::mutex> lock(mutex_);
    std::optional<std::filesystem::path> root = lists_folder(folder);
    if (!root) return nullptr;
    std::filesystem::path file = *root / std::string(name);
    auto [it, inserted] = lists_.try_emplace(file.string());
    if (inserted) it->second = read(file, name);
    return it->second;
  }

 private:
  // The reference_lists/ folder of the nearest folder, from `folder` upwards, that has one.
  std::optional<std::filesystem::path> lists_folder(const std::filesystem::path& folder) {
    auto [it, inserted] = roots_.try_emplace(folder.string());
    if (!inserted) return it->second;
    std::error_code error;
    std::filesystem::path candidate = folder / "reference_lists";
    std::optional<std::filesystem::path> root;
    if (std::filesystem::is_directory(candidate, error)) {
      root = candidate;
    } else if (folder.has_parent_path() && folder.parent_path() != folder) {
      root = lists_folder(folder.parent_path());
    }
    roots_[folder.string()] = root;  // `it` may have moved while recursing
    return root;
  }

  static std::shared_ptr<const ReferenceList> read(const std::filesystem::path& file, std::string_view name) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(file, error)) return nullptr;
    std::ifstream in(file, std::ios::binary);
    if (!in) return nullptr;
    std::ostringstream text;
    text << in.rdbuf();
    auto list = std::make_shared<ReferenceList>();
    list->name = std::string(name);
    list->file = file;
    list->values = parse_reference_list(text.str());
    return list;
  }

  std::mutex mutex_;
  std::map<std::string, std::optional<std::filesystem::path>> roots_;
  std::map<std::string, std::shared_ptr<const ReferenceList>> lists_;
};

}  // namespace

std::vector<std::string> parse_reference_list(std::string_view text) {
  std::vector<std::string> values;
  bool in_block_comment = false;
  while (!text.empty()) {
    size_t newline = text.find('\n');
    std::string_view line = trim(text.substr(0, newline));
    text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
    if (in_block_comment || line.starts_with("/*")) {
      in_block_comment = line.find("*/") == std::string_view::npos;
      continue;
    }
    if (line.empty() || line.starts_with("//")) continue;
    for (size_t at = line.find("//"); at != std::string_view::npos; at = line.find("//", at + 2)) {
      if (line[at - 1] == ' ' || line[at - 1] == '\t') {
        line = trim(line.substr(0, at));
        break;
      }
    }
    values.emplace_back(line);
  }
  return values;
}

std::shared_ptr<const ReferenceList> find_reference_list(const std::filesystem::path& rule_file,
                                                         std::string_view name) {
  if (!is_plain_name(name)) return nullptr;
  static ListCache cache;
  return cache.find(rule_file, name);
}

}  // namespace ruledex::yaral
