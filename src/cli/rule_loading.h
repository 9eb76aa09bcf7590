#pragma once
// Rules for `test` and `hunt`: every rule of the given files and folders,
// analysed on every core, with the problems of files that hold none.

#include <filesystem>
#include <string>
#include <vector>

#include "model/rule.h"

namespace ruledex::cli {

struct LoadedRules {
  std::vector<Rule> rules;
  std::vector<std::string> problems;  // "file:line:column: message" of files that could not be read
  size_t files = 0;
};

LoadedRules load_rules(const std::vector<std::filesystem::path>& paths);

}  // namespace ruledex::cli
