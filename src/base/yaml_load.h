#pragma once
// yaml-cpp behind the checks hostile input needs: the text's structure first
// (nesting depth, unclosed quotes: check_structure), then aliases that would
// repeat a collection so often that walking the document never ends, then
// duplicate keys, which yaml-cpp keeps both of (a lookup finds the first, a
// loop sees both): the later one wins, as in most YAML tools, with a warning.

#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>
#include <vector>

namespace ruledex {

struct YamlWarning {
  std::string message;
  YAML::Mark mark;  // 0-based, in the loaded text, as yaml-cpp's own marks
};

struct LoadedYaml {
  YAML::Node root;
  std::vector<YamlWarning> warnings;
};

// One YAML document. Throws YAML::ParserException, with the mark of the
// problem, for what yaml-cpp rejects and for what the checks above reject.
LoadedYaml load_yaml(std::string_view text);

}  // namespace ruledex
