#pragma once
// ATT&CK Enterprise tactic names as MITRE writes them, so that "InitialAccess",
// "initial-access" and "Initial access" read as one tactic.

#include <optional>
#include <string>
#include <string_view>

namespace ruledex::readers {

// The canonical name ("Initial Access") of a tactic written with any case,
// spaces, dashes or underscores; nullopt for anything that is not an
// Enterprise tactic name.
std::optional<std::string> canonical_tactic(std::string_view written);

// The canonical name of an Enterprise tactic id (TA0006 -> "Credential
// Access"), any case; nullopt for anything else.
std::optional<std::string> tactic_for_id(std::string_view id);

}  // namespace ruledex::readers
