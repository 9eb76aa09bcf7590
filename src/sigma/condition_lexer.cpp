#include "sigma/condition_lexer.h"

#include <algorithm>

namespace ruledex::sigma {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_comparison_char(char c) { return c == '<' || c == '>' || c == '=' || c == '!'; }
bool ends_word(char c) {
  return is_blank(c) || c == '(' || c == ')' || c == '|' || c == ',' || is_comparison_char(c);
}

}  // namespace

std::vector<Token> tokenize_condition(std::string_view text) {
  std::vector<Token> tokens;
  const auto size = static_cast<uint32_t>(text.size());
  uint32_t i = 0;
  while (i < size) {
    char c = text[i];
    if (is_blank(c)) {
      ++i;
      continue;
    }
    uint32_t begin = i;
    TokenKind kind = TokenKind::word;
    if (c == '(') {
      kind = TokenKind::left_paren, ++i;
    } else if (c == ')') {
      kind = TokenKind::right_paren, ++i;
    } else if (c == '|') {
      kind = TokenKind::pipe, ++i;
    } else if (c == ',') {
      kind = TokenKind::comma, ++i;
    } else if (is_comparison_char(c)) {
      while (i < size && is_comparison_char(text[i])) ++i;
      std::string_view op = text.substr(begin, i - begin);
      kind = (op == "<" || op == "<=" || op == ">" || op == ">=" || op == "=" || op == "==" || op == "!=")
                 ? TokenKind::comparison
                 : TokenKind::invalid;
    } else {
      while (i < size && !ends_word(text[i])) ++i;
      std::string_view word = text.substr(begin, i - begin);
      if (std::all_of(word.begin(), word.end(), [](char d) { return d >= '0' && d <= '9'; })) kind = TokenKind::number;
    }
    tokens.push_back({kind, begin, i});
  }
  tokens.push_back({TokenKind::end, size, size});
  return tokens;
}

bool is_keyword(std::string_view text, const Token& token, std::string_view word) {
  if (token.kind != TokenKind::word || token.end - token.begin != word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    char c = text[token.begin + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != word[i]) return false;
  }
  return true;
}

}  // namespace ruledex::sigma
