#pragma once
// Tokens of ES|QL. The lexer never fails: an unterminated string or comment
// and a stray character become `error` tokens that the parser reports.

#include <string>
#include <string_view>
#include <vector>

#include "esql/ast.h"

namespace ruledex::esql {

enum class TokenKind {
  end,
  word,        // identifier or keyword, as written
  quoted,      // `backquoted identifier`, doubled backquotes resolved
  string,      // "..." with escapes resolved, or """...""" as written
  integer,
  decimal,
  param,       // ?, ?name, ?1, ??name
  symbol,      // | , . ( ) [ ] { } = == != < <= > >= =~ + - * / % : ::
  error,       // text: the problem
};

struct Token {
  TokenKind kind = TokenKind::end;
  std::string text;
  Range range;
};

// The tokens of `query`, comments and blanks dropped, ending with one `end`.
std::vector<Token> tokenize(std::string_view query);

}  // namespace ruledex::esql
