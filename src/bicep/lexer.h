#pragma once
// Bicep tokens. Newlines are tokens: they separate statements, object
// properties and array items.

#include <string>
#include <string_view>
#include <vector>

#include "bicep/ast.h"

namespace ruledex::bicep {

enum class TokenKind {
  identifier,
  number,
  string,     // '...' with escapes and ${} as written; the parser splits it
  multiline,  // '''...'''
  symbol,     // punctuation and operators: { } [ ] ( ) : , . ? ?? = == != =~ !~ < <= > >= && || ! + - * / % @
  newline,
  error,      // an unclosed string or comment, a stray character: text says which
  end,
};

struct Token {
  TokenKind kind = TokenKind::end;
  Span span;
  std::string text = {};  // the symbol, or the error message
};

// Never throws; an input ends with one `end` token.
std::vector<Token> tokenize(std::string_view text);

// The end of the single-quoted string starting at `quote` (past its closing
// quote), skipping escapes and nested ${...} with their own strings; npos
// when unclosed.
size_t string_end(std::string_view text, size_t quote);

}  // namespace ruledex::bicep
