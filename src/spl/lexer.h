#pragma once
// SPL tokens. Words are runs of anything but blanks, quotes and the few
// punctuation marks SPL gives meaning to, so wildcards, dotted data model
// fields, paths and times stay one word.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ruledex::spl {

enum class TokenKind { word, string, pipe, lparen, rparen, lbracket, rbracket, comma, op, end, error };

struct Token {
  TokenKind kind = TokenKind::end;
  std::string text;  // strings: the unescaped content; error: the message
  uint32_t begin = 0;
  uint32_t end = 0;
};

std::vector<Token> tokenize(std::string_view text);

}  // namespace ruledex::spl
