#include "spl/lexer.h"

#include <algorithm>

namespace ruledex::spl {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

bool ends_word(char c) {
  return is_blank(c) || c == '"' || c == '|' || c == '(' || c == ')' || c == '[' || c == ']' || c == ',' ||
         c == '=' || c == '!' || c == '<' || c == '>';
}

// Backslash escapes (`*\"privileged\"*`) and foreach templates (`<<FIELD>>`)
// stay inside a word.
size_t word_end(std::string_view text, size_t i) {
  while (i < text.size()) {
    if (text[i] == '\\' && i + 1 < text.size()) {
      i += 2;
    } else if (text.substr(i, 2) == "<<" && text.find(">>", i + 2) != std::string_view::npos) {
      i = text.find(">>", i + 2) + 2;
    } else if (ends_word(text[i])) {
      break;
    } else if (text[i] == '\'' && i > 0 && std::string_view("+-/%.").find(text[i - 1]) != std::string_view::npos) {
      // `x.'quoted field'`: an operator, then a quoted field name (not after
      // `*`, which in a search value such as `*'*` is a wildcard).
      break;
    } else {
      ++i;
    }
  }
  return i;
}

}  // namespace

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  size_t i = 0;
  auto push = [&](TokenKind kind, size_t begin, size_t end, std::string value) {
    tokens.push_back({kind, std::move(value), static_cast<uint32_t>(begin), static_cast<uint32_t>(end)});
  };
  while (i < text.size()) {
    char c = text[i];
    size_t begin = i;
    if (is_blank(c)) {
      ++i;
    } else if (c == '"') {
      std::string value;
      ++i;
      while (i < text.size() && text[i] != '"') {
        if (text[i] == '\\' && i + 1 < text.size() && (text[i + 1] == '"' || text[i + 1] == '\\')) ++i;
        value += text[i++];
      }
      if (i >= text.size()) {
        push(TokenKind::error, begin, i, "unterminated string");
        break;
      }
      push(TokenKind::string, begin, ++i, std::move(value));
    } else if (c == '|' || c == '(' || c == ')' || c == '[' || c == ']' || c == ',') {
      static constexpr TokenKind kinds[] = {TokenKind::pipe, TokenKind::lparen, TokenKind::rparen,
                                            TokenKind::lbracket, TokenKind::rbracket, TokenKind::comma};
      push(kinds[std::string_view("|()[],").find(c)], begin, i + 1, std::string(1, c));
      ++i;
    } else if ((c == '=' || c == '!' || c == '<' || c == '>') && text.substr(i, 2) != "<<") {
      i += (i + 1 < text.size() && text[i + 1] == '=') ? 2 : 1;
      push(TokenKind::op, begin, i, std::string(text.substr(begin, i - begin)));
    } else if (c == '`') {
      // A macro call the expansion left in place (unknown): one opaque word.
      size_t close = text.find('`', i + 1);
      i = close == std::string_view::npos ? text.size() : close + 1;
      push(TokenKind::word, begin, i, std::string(text.substr(begin, i - begin)));
    } else if (c == '\'') {
      // A quoted field name of eval/where: 'Processes.process name'.
      size_t close = text.find('\'', i + 1);
      i = close == std::string_view::npos ? text.size() : close + 1;
      if (close == std::string_view::npos) {
        push(TokenKind::error, begin, i, "unterminated 'quoted field name'");
        break;
      }
      push(TokenKind::quoted_field, begin, i, std::string(text.substr(begin + 1, close - begin - 1)));
    } else {
      i = std::max(word_end(text, i), i + 1);  // a `<<` with no `>>` is one character on
      push(TokenKind::word, begin, i, std::string(text.substr(begin, i - begin)));
    }
  }
  push(TokenKind::end, text.size(), text.size(), {});
  return tokens;
}

std::vector<Token> split_expression_word(const Token& word) {
  std::vector<Token> pieces;
  std::string_view text = word.text;
  auto is_operator = [&](size_t i) {
    char c = text[i];
    bool digit_next = i + 1 < text.size() && text[i + 1] >= '0' && text[i + 1] <= '9';
    if (c == '.') return (i == 0 && !digit_next) || i + 1 == text.size();
    return c == '+' || c == '-' || c == '*' || c == '/' || c == '%';
  };
  size_t start = 0;
  auto piece = [&](TokenKind kind, size_t begin, size_t end) {
    if (begin < end)
      pieces.push_back({kind, std::string(text.substr(begin, end - begin)), word.begin + static_cast<uint32_t>(begin),
                        word.begin + static_cast<uint32_t>(end)});
  };
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
      continue;
    }
    if (!is_operator(i)) continue;
    piece(TokenKind::word, start, i);
    piece(TokenKind::op, i, i + 1);
    start = i + 1;
  }
  if (start == 0) return {word};
  piece(TokenKind::word, start, text.size());
  return pieces;
}

}  // namespace ruledex::spl
