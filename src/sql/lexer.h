#pragma once
// Tokens of SQLite SQL. Comments (`-- ...` and `/* ... */`) and spaces are
// skipped; a lexical error (unterminated string or comment, a stray byte) is
// an `invalid` token carrying the message.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sql/ast.h"

namespace ruledex::sql {

enum class TokenKind {
  identifier,         // bare word (keywords included): text as written
  quoted_identifier,  // "x", [x] or `x`: text without the quotes
  string,             // 'x': text with '' resolved
  number,
  blob,               // X'ab': text is the hex digits
  parameter,          // ?, ?1, :name, @name, $name
  symbol,             // operators and punctuation: text as written (||, <=, ...)
  invalid,            // text: the error message
  end,
};

struct Token {
  TokenKind kind = TokenKind::end;
  std::string text;
  Range range;
};

// The whole query as tokens, ending with one `end` token (or stopping after an `invalid` one).
std::vector<Token> tokenize(std::string_view query);

}  // namespace ruledex::sql
