#pragma once
// Rules detecting the same action: rules whose positive filters pin the same
// operation (family and action value, compared ASCII-case-insensitively), on
// the same platform or another. See data/action_families.json.

#include <span>

#include "catalog/action_families.h"
#include "model/rule.h"

namespace ruledex {

// A rule of the catalog sharing an action, by its position in the catalog.
struct ActionPeer {
  uint32_t rule = 0;
  std::string action;  // the value as the rule listing the peer writes it
};

// Fills Rule::same_action on every rule: the other rules sharing one of its
// actions, one entry per (rule, action), rules of its own platform first, then
// by platform, name and position. Returns the same lists by catalog position.
std::vector<std::vector<ActionPeer>> fill_same_action(std::span<Rule> rules, const ActionFamilies& families);

}  // namespace ruledex
