#include "catalog/repository_items.h"

#include <string>
#include <unordered_map>

namespace ruledex {

std::vector<std::vector<uint32_t>> rules_naming_items(const std::vector<Rule>& rules,
                                                      const std::vector<RepositoryItem>& items) {
  // kind + '\0' + name -> item positions
  std::unordered_map<std::string, std::vector<uint32_t>> by_key;
  auto key = [](const std::string& kind, const std::string& name) { return kind + '\0' + name; };
  for (uint32_t i = 0; i < items.size(); ++i) {
    by_key[key(items[i].kind, items[i].name)].push_back(i);
    for (const std::string& alias : items[i].aliases) by_key[key(items[i].kind, alias)].push_back(i);
  }
  std::vector<std::vector<uint32_t>> naming(items.size());
  for (uint32_t r = 0; r < rules.size(); ++r)
    for (const ItemRef& ref : rules[r].items)  // Rule::items holds each ref once
      if (auto found = by_key.find(key(ref.kind, ref.name)); found != by_key.end())
        for (uint32_t item : found->second)
          if (naming[item].empty() || naming[item].back() != r) naming[item].push_back(r);  // name and alias
  return naming;
}

}  // namespace ruledex
