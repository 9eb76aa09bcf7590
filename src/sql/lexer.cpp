#include "sql/lexer.h"

namespace ruledex::sql {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
// Identifier characters; bytes of UTF-8 sequences count as letters, as in SQLite.
bool is_word(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  std::vector<Token> run() {
    std::vector<Token> tokens;
    while (true) {
      skip_space_and_comments();
      Token token = next();
      bool stop = token.kind == TokenKind::end || token.kind == TokenKind::invalid;
      tokens.push_back(std::move(token));
      if (stop) break;
    }
    if (tokens.back().kind == TokenKind::invalid) tokens.push_back({TokenKind::end, "", {pos(), pos()}});
    return tokens;
  }

 private:
  Token next() {
    uint32_t begin = pos();
    if (at_end()) return {TokenKind::end, "", {begin, begin}};
    char c = text_[i_];
    if ((c == 'x' || c == 'X') && peek(1) == '\'') {
      ++i_;
      Token blob = quoted('\'', TokenKind::blob, begin);
      for (char h : blob.text)
        if (!is_hex(h)) return invalid("a blob literal holds hex digits only", begin);
      return blob;
    }
    if (is_digit(c) || (c == '.' && is_digit(peek(1)))) return number(begin);
    if (is_word(c) && c != '$') {
      while (!at_end() && is_word(text_[i_])) ++i_;
      return make(TokenKind::identifier, std::string(text_.substr(begin, i_ - begin)), begin);
    }
    switch (c) {
      case '\'': return quoted('\'', TokenKind::string, begin);
      case '"': return quoted('"', TokenKind::quoted_identifier, begin);
      case '`': return quoted('`', TokenKind::quoted_identifier, begin);
      case '[': return quoted(']', TokenKind::quoted_identifier, begin);
      case '?':
        ++i_;
        while (!at_end() && is_digit(text_[i_])) ++i_;
        return make(TokenKind::parameter, std::string(text_.substr(begin, i_ - begin)), begin);
      case ':':
      case '@':
      case '$':
        if (is_word(peek(1))) {
          ++i_;
          while (!at_end() && is_word(text_[i_])) ++i_;
          return make(TokenKind::parameter, std::string(text_.substr(begin, i_ - begin)), begin);
        }
        break;
      default:
        break;
    }
    for (std::string_view symbol : {"||", "<<", ">>", "<=", ">=", "==", "!=", "<>", "->>", "->"}) {
      if (text_.substr(i_, symbol.size()) == symbol) {
        i_ += symbol.size();
        return make(TokenKind::symbol, std::string(symbol), begin);
      }
    }
    if (std::string_view("(),;.*/%+-<>=&|~").find(c) != std::string_view::npos) {
      ++i_;
      return make(TokenKind::symbol, std::string(1, c), begin);
    }
    return invalid(std::string("unexpected character '") + c + "'", begin);
  }

  // A literal closed by `close`; a doubled closer stands for itself.
  Token quoted(char close, TokenKind kind, uint32_t begin) {
    ++i_;
    std::string value;
    while (true) {
      if (at_end()) return invalid(kind == TokenKind::string ? "unterminated string" : "unterminated quoted name", begin);
      char c = text_[i_++];
      if (c == close) {
        if (close != ']' && !at_end() && text_[i_] == close) {
          value += close;
          ++i_;
          continue;
        }
        break;
      }
      value += c;
    }
    return make(kind, std::move(value), begin);
  }

  // 12, 1.5, .5, 1e10, 1.5E-3, 0x1F.
  Token number(uint32_t begin) {
    if (text_[i_] == '0' && (peek(1) == 'x' || peek(1) == 'X') && is_hex(peek(2))) {
      i_ += 2;
      while (!at_end() && is_hex(text_[i_])) ++i_;
    } else {
      while (!at_end() && is_digit(text_[i_])) ++i_;
      if (!at_end() && text_[i_] == '.') {
        ++i_;
        while (!at_end() && is_digit(text_[i_])) ++i_;
      }
      if (!at_end() && (text_[i_] == 'e' || text_[i_] == 'E')) {
        size_t mark = i_ + 1;
        if (mark < text_.size() && (text_[mark] == '+' || text_[mark] == '-')) ++mark;
        if (mark < text_.size() && is_digit(text_[mark])) {
          i_ = mark;
          while (!at_end() && is_digit(text_[i_])) ++i_;
        }
      }
    }
    if (!at_end() && is_word(text_[i_])) return invalid("malformed number", begin);
    return make(TokenKind::number, std::string(text_.substr(begin, i_ - begin)), begin);
  }

  void skip_space_and_comments() {
    while (!at_end()) {
      if (is_space(text_[i_])) {
        ++i_;
      } else if (text_.substr(i_, 2) == "--") {
        while (!at_end() && text_[i_] != '\n') ++i_;
      } else if (text_.substr(i_, 2) == "/*") {
        size_t close = text_.find("*/", i_ + 2);
        // SQLite accepts a block comment left open at the end of the input.
        i_ = close == std::string_view::npos ? text_.size() : close + 2;
      } else {
        return;
      }
    }
  }

  Token make(TokenKind kind, std::string text, uint32_t begin) const { return {kind, std::move(text), {begin, pos()}}; }
  Token invalid(std::string message, uint32_t begin) const { return {TokenKind::invalid, std::move(message), {begin, pos()}}; }
  char peek(size_t ahead) const { return i_ + ahead < text_.size() ? text_[i_ + ahead] : '\0'; }
  bool at_end() const { return i_ >= text_.size(); }
  uint32_t pos() const { return static_cast<uint32_t>(i_); }

  std::string_view text_;
  size_t i_ = 0;
};

}  // namespace

std::vector<Token> tokenize(std::string_view query) { return Lexer(query).run(); }

}  // namespace ruledex::sql
