#pragma once
// The SPL commands Splunk documents (Search Reference, plus the commands of
// the apps security content relies on: Machine Learning Toolkit, Enterprise
// Security, CyberChef...), to tell a real command from a typo or a command
// of an app the analyzer has never heard of.

#include <string_view>

namespace ruledex::spl {

// `name` lower-cased.
bool is_known_command(std::string_view name);

// True for a search in SPL2, Splunk's newer pipeline language (the streaming
// analytics of ESCU's `ssa___*` detections), which SPL does not parse: it
// reads from a function (`| from read_ssa_enriched_events()`) or writes with
// `into`.
bool is_spl2(std::string_view search);

}  // namespace ruledex::spl
