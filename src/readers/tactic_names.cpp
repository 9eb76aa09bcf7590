#include "readers/tactic_names.h"

#include <array>
#include <cctype>

namespace ruledex::readers {
namespace {

// The fourteen Enterprise tactics, plus "PreAttack", which older Sentinel
// rules use for the retired PRE-ATT&CK matrix.
constexpr std::array<std::string_view, 15> kTactics = {
    "Reconnaissance", "Resource Development", "Initial Access",     "Execution",
    "Persistence",    "Privilege Escalation", "Defense Evasion",    "Credential Access",
    "Discovery",      "Lateral Movement",     "Collection",         "Command and Control",
    "Exfiltration",   "Impact",               "PreAttack",
};

// Letters only, lower-cased: the key under which spellings compare.
std::string fold(std::string_view text) {
  std::string out;
  for (char c : text)
    if (std::isalnum(static_cast<unsigned char>(c))) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

struct TacticId {
  std::string_view id;
  std::string_view name;
};
constexpr std::array<TacticId, 14> kTacticIds = {{
    {"TA0043", "Reconnaissance"},    {"TA0042", "Resource Development"}, {"TA0001", "Initial Access"},
    {"TA0002", "Execution"},         {"TA0003", "Persistence"},          {"TA0004", "Privilege Escalation"},
    {"TA0005", "Defense Evasion"},   {"TA0006", "Credential Access"},    {"TA0007", "Discovery"},
    {"TA0008", "Lateral Movement"},  {"TA0009", "Collection"},           {"TA0011", "Command and Control"},
    {"TA0010", "Exfiltration"},      {"TA0040", "Impact"},
}};

}  // namespace

std::optional<std::string> tactic_for_id(std::string_view id) {
  for (const TacticId& tactic : kTacticIds)
    if (fold(tactic.id) == fold(id)) return std::string(tactic.name);
  return std::nullopt;
}

std::optional<std::string> canonical_tactic(std::string_view written) {
  std::string key = fold(written);
  if (key.empty()) return std::nullopt;
  for (std::string_view tactic : kTactics)
    if (fold(tactic) == key) return std::string(tactic);
  return std::nullopt;
}

}  // namespace ruledex::readers
