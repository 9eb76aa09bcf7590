#pragma once
// Tokens of a Sigma condition. Words are runs of anything but blanks,
// parentheses, `|`, `,` and comparison characters, so that identifiers and
// patterns such as `filter_main_*` or `sel-1` stay one token.

#include <cstdint>
#include <string_view>
#include <vector>

namespace ruledex::sigma {

enum class TokenKind { word, number, left_paren, right_paren, pipe, comma, comparison, end, invalid };

struct Token {
  TokenKind kind = TokenKind::end;
  uint32_t begin = 0;
  uint32_t end = 0;
};

std::vector<Token> tokenize_condition(std::string_view text);

// True when the token is the keyword `word`, compared case-insensitively.
bool is_keyword(std::string_view text, const Token& token, std::string_view word);

}  // namespace ruledex::sigma
