#pragma once
// The YARA-L 2.0 parser: recursive descent over the lexer's tokens into the
// syntax tree (yaral/ast.h). It never throws on bad input: errors are collected
// in RuleAst::errors with their offsets, and parsing resumes at the next line
// or section, so that one typo does not hide the rest of the rule.

#include <cstdint>
#include <string>
#include <string_view>

#include "yaral/ast.h"

namespace ruledex::yaral {

struct ParseOptions {
  // Nesting deeper than this (parentheses, not/any/all, unary minus, call
  // arguments) is an error, not a stack overflow.
  uint32_t max_depth = 200;
  // Expression trees deeper than this (long `a + b + c ...` chains) are an
  // error too, so that every walk over the tree may recurse.
  uint32_t max_tree_depth = 1000;
};

// Parses one rule file: `rule NAME { sections }`, comments anywhere. `text`
// must outlive the result.
RuleAst parse(std::string_view text, const ParseOptions& options = {});
// The tree would point into a string about to die.
RuleAst parse(std::string&& text, const ParseOptions& options = {}) = delete;
inline RuleAst parse(const char* text, const ParseOptions& options = {}) {
  return parse(std::string_view(text), options);
}

// A compact S-expression of an expression, for tests and debugging:
// (= $e.metadata.event_type "USER_LOGIN"), (or a b), (call re.regex ...).
std::string dump(const RuleAst& ast, ExprId id);

}  // namespace ruledex::yaral
