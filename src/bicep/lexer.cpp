#include "bicep/lexer.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace ruledex::bicep {
namespace {

bool is_identifier_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_identifier_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

constexpr std::array<std::string_view, 11> kTwoCharSymbols = {"??", "==", "!=", "=~", "!~", "<=", ">=", "&&", "||", "?.", "::"};

}  // namespace

size_t string_end(std::string_view text, size_t quote) {
  // Iterative, so that deeply nested strings cannot exhaust the call stack:
  // a stack of states, kInString or the open braces of an interpolation.
  constexpr int kInString = -1;
  std::vector<int> states = {kInString};
  for (size_t i = quote + 1; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') return std::string_view::npos;  // single-quoted strings stay on one line
    int& state = states.back();
    if (state == kInString) {
      if (c == '\\') {
        ++i;
      } else if (c == '\'') {
        states.pop_back();
        if (states.empty()) return i + 1;
      } else if (c == '$' && i + 1 < text.size() && text[i + 1] == '{') {
        states.push_back(0);
        ++i;
      }
    } else if (c == '\'') {
      states.push_back(kInString);
    } else if (c == '{') {
      ++state;
    } else if (c == '}') {
      if (state == 0) states.pop_back();
      else --state;
    }
  }
  return std::string_view::npos;
}

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  size_t i = 0;
  auto add = [&](TokenKind kind, size_t begin, size_t end, std::string token_text = {}) {
    tokens.push_back({kind, {static_cast<uint32_t>(begin), static_cast<uint32_t>(end)}, std::move(token_text)});
  };
  while (i < text.size()) {
    char c = text[i];
    if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
    } else if (c == '\n') {
      add(TokenKind::newline, i, i + 1);
      ++i;
    } else if (text.substr(i).starts_with("//")) {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (text.substr(i).starts_with("/*")) {
      size_t close = text.find("*/", i + 2);
      if (close == std::string_view::npos) {
        add(TokenKind::error, i, text.size(), "unclosed /* comment");
        i = text.size();
      } else {
        i = close + 2;
      }
    } else if (text.substr(i).starts_with("'''")) {
      size_t close = text.find("'''", i + 3);
      if (close == std::string_view::npos) {
        add(TokenKind::error, i, text.size(), "unclosed ''' string");
        i = text.size();
      } else {
        // A run of quotes at the end belongs to the text: ''''x'''' holds 'x'.
        while (close + 3 < text.size() && text[close + 3] == '\'') ++close;
        add(TokenKind::multiline, i, close + 3);
        i = close + 3;
      }
    } else if (c == '\'') {
      size_t end = string_end(text, i);
      if (end == std::string_view::npos) {
        size_t eol = text.find('\n', i);
        end = eol == std::string_view::npos ? text.size() : eol;
        add(TokenKind::error, i, end, "unclosed string");
      } else {
        add(TokenKind::string, i, end);
      }
      i = end;
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      size_t begin = i;
      while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
      add(TokenKind::number, begin, i);
    } else if (is_identifier_start(c)) {
      size_t begin = i;
      while (i < text.size() && is_identifier_char(text[i])) ++i;
      add(TokenKind::identifier, begin, i);
    } else {
      std::string_view two = text.substr(i, 2);
      bool pair = two.size() == 2 && std::find(kTwoCharSymbols.begin(), kTwoCharSymbols.end(), two) != kTwoCharSymbols.end();
      if (pair) {
        add(TokenKind::symbol, i, i + 2, std::string(two));
        i += 2;
      } else if (std::string_view("{}[]():,.?=<>!+-*/%@|&").find(c) != std::string_view::npos) {
        add(TokenKind::symbol, i, i + 1, std::string(1, c));
        ++i;
      } else {
        // A stray byte (or a UTF-8 sequence) outside strings and comments.
        size_t begin = i++;
        while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
        add(TokenKind::error, begin, i, "unexpected character `" + std::string(text.substr(begin, i - begin)) + "`");
      }
    }
  }
  add(TokenKind::end, text.size(), text.size());
  return tokens;
}

}  // namespace ruledex::bicep
