#pragma once
// SPL tokens. Words are runs of anything but blanks, quotes and the few
// punctuation marks SPL gives meaning to, so wildcards, dotted data model
// fields, paths and times stay one word.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ruledex::spl {

// quoted_field: a 'quoted field name' of the eval language (text without the quotes).
enum class TokenKind { word, string, quoted_field, pipe, lparen, rparen, lbracket, rbracket, comma, op, end, error };

struct Token {
  TokenKind kind = TokenKind::end;
  std::string text;  // strings: the unescaped content; error: the message
  uint32_t begin = 0;
  uint32_t end = 0;
};

std::vector<Token> tokenize(std::string_view text);

// In the eval language a word such as `count*2`, `_time-3600` or `x.` is
// several tokens: the word split at the arithmetic operators + - * / %, and
// at a `.` that starts or ends it (concatenation; a dot inside stays, as in
// data model fields and numbers). Operators come out as op tokens; a word
// with nothing to split comes back alone.
std::vector<Token> split_expression_word(const Token& word);

}  // namespace ruledex::spl
