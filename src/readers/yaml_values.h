#pragma once
// Metadata text from yaml-cpp nodes, shared by the YAML rule readers.

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

namespace ruledex::readers {

// Scalars as written, lists of scalars joined by ", ", anything else in YAML
// flow style; empty for a missing or null node.
std::string node_text(const YAML::Node& node);

// The items of a list of scalars, or the one scalar written where a list was expected.
std::vector<std::string> scalar_items(const YAML::Node& node);

}  // namespace ruledex::readers
