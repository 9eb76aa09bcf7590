#pragma once
// Data-source families and their action fields (what names the operation a
// rule pins: an API call, an event id, an action type), read from
// data/action_families.json. The knowledge lives in that file, not in code.

#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/rule.h"

namespace ruledex {

// One way a rule of some platforms reads a family's events.
struct FamilySource {
  std::vector<std::string> platforms;
  // Any of these, matched against the rule's data sources (case-insensitive, `*` wildcard).
  // Empty: no condition.
  std::vector<std::string> data_sources;
  // field -> accepted values: the rule needs a positive eq/in indicator on one of
  // the fields with one of the values (case-insensitive). Empty: no condition.
  std::unordered_map<std::string, std::vector<std::string>> indicators;
  std::vector<std::string> action_fields;
};

struct ActionFamily {
  std::string id;
  std::string name;
  std::vector<FamilySource> sources;
};

// An action a rule detects: the family and the value as the rule writes it.
struct RuleAction {
  uint32_t family = 0;  // index into ActionFamilies::families()
  std::string value;
};

class ActionFamilies {
 public:
  // Throws std::runtime_error naming the file on unreadable or malformed input.
  static ActionFamilies load(const std::filesystem::path& path);
  static ActionFamilies parse(std::string_view json, std::string_view file_name);
  // The data/action_families.json the tool was built with.
  static const ActionFamilies& builtin();
  // The text builtin() was read from, for cache keys.
  static std::string_view builtin_text();

  const std::vector<ActionFamily>& families() const { return families_; }

  // The actions a rule detects: positive eq/in indicators on the action fields
  // of every family source the rule matches. Deduplicated, in predicate order.
  std::vector<RuleAction> actions_of(const Rule& rule) const;

 private:
  std::vector<ActionFamily> families_;
};

}  // namespace ruledex
