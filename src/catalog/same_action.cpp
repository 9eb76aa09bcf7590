#include "catalog/same_action.h"

#include <algorithm>
#include <tuple>
#include <unordered_map>

#include "base/ascii_case.h"

namespace ruledex {

std::vector<std::vector<ActionPeer>> fill_same_action(std::span<Rule> rules, const ActionFamilies& families) {
  // family:lower(value) -> the rules detecting it, each once, in catalog order.
  std::unordered_map<std::string, std::vector<uint32_t>> detectors;
  std::vector<std::vector<std::pair<std::string, std::string>>> actions(rules.size());  // key, value
  for (uint32_t r = 0; r < rules.size(); ++r) {
    for (RuleAction& action : families.actions_of(rules[r])) {
      std::string key = std::to_string(action.family) + ':' + ascii_lower(action.value);
      detectors[key].push_back(r);
      actions[r].emplace_back(std::move(key), std::move(action.value));
    }
  }
  std::vector<std::vector<ActionPeer>> peers(rules.size());
  for (uint32_t r = 0; r < rules.size(); ++r) {
    std::vector<ActionPeer>& list = peers[r];
    for (const auto& [key, value] : actions[r])
      for (uint32_t other : detectors[key])
        if (other != r) list.push_back({other, value});
    auto order = [&](const ActionPeer& p) {
      const Rule& peer = rules[p.rule];
      return std::tuple<bool, const std::string&, const std::string&, uint32_t, const std::string&>(
          peer.platform != rules[r].platform, peer.platform, peer.name, p.rule, p.action);
    };
    std::sort(list.begin(), list.end(), [&](const ActionPeer& a, const ActionPeer& b) { return order(a) < order(b); });
    // One rule may detect one action through two families: keep it once.
    list.erase(std::unique(list.begin(), list.end(),
                           [](const ActionPeer& a, const ActionPeer& b) {
                             return a.rule == b.rule && iequals(a.action, b.action);
                           }),
               list.end());
    Rule& rule = rules[r];
    rule.same_action.clear();
    for (const ActionPeer& p : list) {
      const Rule& peer = rules[p.rule];
      rule.same_action.push_back({peer.id, peer.name, peer.platform, p.action});
    }
  }
  return peers;
}

}  // namespace ruledex
