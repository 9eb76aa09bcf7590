#include "base/yaml_load.h"

#include <algorithm>
#include <unordered_map>

#include "base/text_structure.h"

namespace ruledex {
namespace {

YAML::Mark mark_at(uint32_t offset, uint32_t line, uint32_t column) {
  YAML::Mark mark;
  mark.pos = static_cast<int>(offset);
  mark.line = static_cast<int>(line) - 1;
  mark.column = static_cast<int>(column) - 1;
  return mark;
}

// Walks each collection once (an alias is the node it names, at the same
// mark), counting the nodes the document holds with its aliases expanded.
class DocumentWalk {
 public:
  DocumentWalk(uint64_t max_nodes, std::vector<YamlWarning>& warnings) : max_nodes_(max_nodes), warnings_(warnings) {}

  uint64_t nodes(const YAML::Node& node) {
    if (!node.IsMap() && !node.IsSequence()) return 1;
    auto [known, first_visit] = expanded_.try_emplace(node.Mark().pos, 0);
    if (!first_visit) return known->second;
    if (node.IsMap()) drop_earlier_duplicates(node);
    uint64_t count = 1;
    for (const auto& entry : node) {
      count += node.IsMap() ? nodes(entry.first) + nodes(entry.second) : nodes(entry);
      if (count > max_nodes_)
        throw YAML::ParserException(node.Mark(), "aliases repeat this collection into more than " +
                                                     std::to_string(max_nodes_) + " values");
    }
    expanded_[node.Mark().pos] = count;
    return count;
  }

 private:
  void drop_earlier_duplicates(YAML::Node map) {
    std::unordered_map<std::string, int> seen_at_line;
    std::vector<std::string> replaced;
    for (const auto& entry : map) {
      if (!entry.first.IsScalar()) continue;
      const std::string& key = entry.first.Scalar();
      auto [first, fresh] = seen_at_line.try_emplace(key, entry.first.Mark().line);
      if (fresh) continue;
      warnings_.push_back({"duplicate key `" + key + "`: the second value wins (the first is on line " +
                               std::to_string(first->second + 1) + ")",
                           entry.first.Mark()});
      first->second = entry.first.Mark().line;
      replaced.push_back(key);
    }
    for (const std::string& key : replaced) map.remove(key);  // removes the first of its entries
  }

  uint64_t max_nodes_;
  std::vector<YamlWarning>& warnings_;
  std::unordered_map<int, uint64_t> expanded_;  // collection mark -> nodes in it
};

}  // namespace

LoadedYaml load_yaml(std::string_view text) {
  if (std::optional<TextProblem> problem = check_structure(text, Notation::yaml))
    throw YAML::ParserException(mark_at(problem->offset, problem->line, problem->column), problem->message);
  LoadedYaml loaded;
  loaded.root = YAML::Load(std::string(text));
  // Aliases may reuse values, but not multiply the document beyond its size.
  DocumentWalk(text.size() + 4096, loaded.warnings).nodes(loaded.root);
  std::stable_sort(loaded.warnings.begin(), loaded.warnings.end(),
                   [](const YamlWarning& a, const YamlWarning& b) { return a.mark.pos < b.mark.pos; });
  return loaded;
}

}  // namespace ruledex
