#include "readers/yaml_values.h"

#include <algorithm>

namespace ruledex::readers {

std::string node_text(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return {};
  if (node.IsScalar()) return node.Scalar();
  if (node.IsSequence() && std::all_of(node.begin(), node.end(), [](const YAML::Node& n) { return n.IsScalar(); })) {
    std::string out;
    for (const YAML::Node& item : node) out += (out.empty() ? "" : ", ") + item.Scalar();
    return out;
  }
  YAML::Emitter emitter;
  emitter << YAML::Flow << node;
  return emitter.c_str();
}

std::vector<std::string> scalar_items(const YAML::Node& node) {
  std::vector<std::string> items;
  if (!node.IsDefined()) return items;
  if (node.IsScalar()) items.push_back(node.Scalar());
  if (node.IsSequence())
    for (const YAML::Node& item : node)
      if (item.IsScalar()) items.push_back(item.Scalar());
  return items;
}

}  // namespace ruledex::readers
