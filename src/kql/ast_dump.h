#pragma once
// A compact S-expression rendering of the syntax tree, for tests and tools:
//   T | where A == "x"   ->   (query (pipe (source T) (where (== A "x"))))

#include <string>

#include "kql/ast.h"

namespace ruledex::kql {

std::string dump(const Expr& expr);
std::string dump(const Pipeline& pipeline);
std::string dump(const Statement& statement);
// Every statement, one per line.
std::string dump(const Ast& ast);

}  // namespace ruledex::kql
