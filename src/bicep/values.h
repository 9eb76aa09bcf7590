#pragma once
// Bicep expressions -> JSON values as a deployment would see them, where the
// file itself knows them: literals, parameters' defaults, variables, ${}
// interpolation, property access into known objects, `!`, `&&`, `||`, `==`,
// `!=` and `?:`. Function calls (guid(), resourceId()), resource properties
// (workspace.id), parameters without a default and loop variables are only
// known at deployment: they stay as their source text.

#include <nlohmann/json.hpp>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "bicep/ast.h"

namespace ruledex::bicep {

using Json = nlohmann::ordered_json;

struct Value {
  Json json;
  bool exact = true;  // false: a part is only known at deployment, kept as its text
};

class Evaluator {
 public:
  // `file` must outlive the evaluator.
  Evaluator(std::string_view text, const File& file);

  Value evaluate(const Expr& expr);

  // The expressions evaluate() kept as written since the last take_kept(), each once.
  std::vector<std::string> take_kept();

 private:
  Value kept(const Expr& expr);
  Value symbol(const Expr& expr);
  Value operation(const Expr& expr);

  std::string_view text_;
  std::map<std::string, const Statement*, std::less<>> symbols_;  // params and vars
  std::map<const Statement*, Value> memo_;  // each evaluated once: doubling chains stay linear
  std::vector<std::string> kept_;
  size_t built_ = 0;  // elements built so far: bounds a hostile file's work
  int depth_ = 0;
};

}  // namespace ruledex::bicep
