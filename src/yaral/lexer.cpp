#include "yaral/lexer.h"

#include <array>

namespace ruledex::yaral {
namespace {

bool is_ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ident_char(char c) { return is_ident_start(c) || is_digit(c); }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

class Tokenizer {
 public:
  explicit Tokenizer(std::string_view text) : text_(text), size_(static_cast<uint32_t>(text.size())) {}

  std::vector<Token> run() {
    std::vector<Token> tokens;
    bool line_start = true;
    Token previous;
    for (;;) {
      line_start = skip_space_and_comments(line_start, tokens);
      if (pos_ >= size_) break;
      Token token = lex(previous);
      token.line_start = line_start;
      line_start = false;
      tokens.push_back(token);
      previous = token;
    }
    tokens.push_back({TokenKind::End, size_, size_, true, nullptr});
    return tokens;
  }

 private:
  // Skips blanks and comments; returns whether a line break was crossed (or
  // the position was already at a line start). An unterminated block comment
  // becomes an Error token.
  bool skip_space_and_comments(bool line_start, std::vector<Token>& tokens) {
    while (pos_ < size_) {
      char c = text_[pos_];
      if (c == '\n') {
        line_start = true;
        ++pos_;
      } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
        ++pos_;
      } else if (c == '/' && pos_ + 1 < size_ && text_[pos_ + 1] == '/') {
        while (pos_ < size_ && text_[pos_] != '\n') ++pos_;
      } else if (c == '/' && pos_ + 1 < size_ && text_[pos_ + 1] == '*') {
        size_t close = text_.find("*/", pos_ + 2);
        if (close == std::string_view::npos) {
          tokens.push_back({TokenKind::Error, pos_, size_, line_start, "unterminated /* comment"});
          pos_ = size_;
          return line_start;
        }
        for (uint32_t i = pos_; i < close; ++i) line_start = line_start || text_[i] == '\n';
        pos_ = static_cast<uint32_t>(close + 2);
      } else {
        break;
      }
    }
    return line_start;
  }

  // After these a `/` divides; elsewhere it opens a regex.
  bool ends_operand(const Token& previous) const {
    switch (previous.kind) {
      case TokenKind::Variable:
      case TokenKind::Count:
      case TokenKind::ListRef:
      case TokenKind::String:
      case TokenKind::RawString:
      case TokenKind::Regex:
      case TokenKind::Number:
      case TokenKind::Duration:
      case TokenKind::RParen:
      case TokenKind::RBracket:
        return true;
      case TokenKind::Identifier: {
        static constexpr std::array<std::string_view, 8> kBeforeOperand = {"and", "or",  "not",   "in",
                                                                           "any", "all", "regex", "cidr"};
        std::string_view word = text_.substr(previous.begin, previous.end - previous.begin);
        for (std::string_view keyword : kBeforeOperand)
          if (iequals(word, keyword)) return false;
        return true;
      }
      default:
        return false;
    }
  }

  Token make(TokenKind kind, uint32_t begin) const { return {kind, begin, pos_, false, nullptr}; }
  Token error(uint32_t begin, const char* message) const { return {TokenKind::Error, begin, pos_, false, message}; }

  Token lex(const Token& previous) {
    uint32_t begin = pos_;
    char c = text_[pos_];
    if (is_ident_start(c)) {
      while (pos_ < size_ && is_ident_char(text_[pos_])) ++pos_;
      return make(TokenKind::Identifier, begin);
    }
    if (is_digit(c)) return lex_number(begin);
    switch (c) {
      case '$':
        return lex_sigil(begin, TokenKind::Variable, false);
      case '#':
        return lex_sigil(begin, TokenKind::Count, false);
      case '%':
        return lex_sigil(begin, TokenKind::ListRef, true);
      case '"':
        return lex_quoted(begin, '"', TokenKind::String, true);
      case '`':
        return lex_quoted(begin, '`', TokenKind::RawString, false);
      case '/':
        if (!ends_operand(previous)) return lex_quoted(begin, '/', TokenKind::Regex, true);
        ++pos_;
        return make(TokenKind::Slash, begin);
      default:
        break;
    }
    ++pos_;
    auto two = [&](char next, TokenKind pair, TokenKind single) {
      if (pos_ < size_ && text_[pos_] == next) {
        ++pos_;
        return make(pair, begin);
      }
      return make(single, begin);
    };
    switch (c) {
      case '(':
        return make(TokenKind::LParen, begin);
      case ')':
        return make(TokenKind::RParen, begin);
      case '[':
        return make(TokenKind::LBracket, begin);
      case ']':
        return make(TokenKind::RBracket, begin);
      case '{':
        return make(TokenKind::LBrace, begin);
      case '}':
        return make(TokenKind::RBrace, begin);
      case ',':
        return make(TokenKind::Comma, begin);
      case ':':
        return make(TokenKind::Colon, begin);
      case '.':
        return make(TokenKind::Dot, begin);
      case '+':
        return make(TokenKind::Plus, begin);
      case '-':
        return make(TokenKind::Minus, begin);
      case '*':
        return make(TokenKind::Star, begin);
      case '=':
        return two('=', TokenKind::Assign, TokenKind::Assign);  // `==` is read as `=`
      case '!':
        return two('=', TokenKind::NotEqual, TokenKind::Bang);
      case '<':
        return two('=', TokenKind::LessEqual, TokenKind::Less);
      case '>':
        return two('=', TokenKind::GreaterEqual, TokenKind::Greater);
      default:
        break;
    }
    // A stray byte: take the whole UTF-8 sequence so that the error points at one character.
    while (pos_ < size_ && (static_cast<unsigned char>(text_[pos_]) & 0xC0) == 0x80) ++pos_;
    return error(begin, "unexpected character");
  }

  // 42, 1.5; digits followed by letters are a duration (5m, 24h).
  Token lex_number(uint32_t begin) {
    while (pos_ < size_ && is_digit(text_[pos_])) ++pos_;
    if (pos_ + 1 < size_ && text_[pos_] == '.' && is_digit(text_[pos_ + 1])) {
      ++pos_;
      while (pos_ < size_ && is_digit(text_[pos_])) ++pos_;
      return make(TokenKind::Number, begin);
    }
    if (pos_ < size_ && is_ident_start(text_[pos_])) {
      while (pos_ < size_ && is_ident_char(text_[pos_])) ++pos_;
      return make(TokenKind::Duration, begin);
    }
    return make(TokenKind::Number, begin);
  }

  // $name, #name, %name (reference lists may name a data table column: %table.column).
  Token lex_sigil(uint32_t begin, TokenKind kind, bool allow_dots) {
    ++pos_;
    uint32_t name_begin = pos_;
    while (pos_ < size_ && (is_ident_char(text_[pos_]) ||
                            (allow_dots && text_[pos_] == '.' && pos_ + 1 < size_ && is_ident_char(text_[pos_ + 1]))))
      ++pos_;
    if (pos_ == name_begin) return error(begin, "a name must follow $, # or %");
    return make(kind, begin);
  }

  // "...", `...`, /.../: up to the closing delimiter; with escapes, a backslash
  // protects the next character. Strings and regexes end at the line's end.
  Token lex_quoted(uint32_t begin, char close, TokenKind kind, bool escapes) {
    ++pos_;
    while (pos_ < size_) {
      char c = text_[pos_];
      if (c == close) {
        ++pos_;
        return make(kind, begin);
      }
      if (c == '\n' && kind != TokenKind::RawString) break;
      pos_ += (escapes && c == '\\' && pos_ + 1 < size_ && text_[pos_ + 1] != '\n') ? 2 : 1;
    }
    switch (kind) {
      case TokenKind::Regex:
        return error(begin, "unterminated regular expression");
      case TokenKind::RawString:
        return error(begin, "unterminated `string`");
      default:
        return error(begin, "unterminated string");
    }
  }

  std::string_view text_;
  uint32_t size_;
  uint32_t pos_ = 0;
};

}  // namespace

std::vector<Token> tokenize(std::string_view text) { return Tokenizer(text).run(); }

std::string decode_string(std::string_view token_text) {
  std::string_view body = token_text;
  if (body.size() >= 2) body = body.substr(1, body.size() - 2);
  std::string out;
  out.reserve(body.size());
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] != '\\' || i + 1 == body.size()) {
      out += body[i];
      continue;
    }
    char next = body[++i];
    switch (next) {
      case '\\':
        out += '\\';
        break;
      case '"':
        out += '"';
        break;
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      default:
        out += '\\';
        out += next;
    }
  }
  return out;
}

std::string_view to_string(TokenKind kind) {
  switch (kind) {
    case TokenKind::End:
      return "end of rule";
    case TokenKind::Error:
      return "error";
    case TokenKind::Identifier:
      return "name";
    case TokenKind::Variable:
      return "$variable";
    case TokenKind::Count:
      return "#count";
    case TokenKind::ListRef:
      return "%list";
    case TokenKind::String:
      return "string";
    case TokenKind::RawString:
      return "`string`";
    case TokenKind::Regex:
      return "regex";
    case TokenKind::Number:
      return "number";
    case TokenKind::Duration:
      return "duration";
    case TokenKind::LParen:
      return "(";
    case TokenKind::RParen:
      return ")";
    case TokenKind::LBracket:
      return "[";
    case TokenKind::RBracket:
      return "]";
    case TokenKind::LBrace:
      return "{";
    case TokenKind::RBrace:
      return "}";
    case TokenKind::Comma:
      return ",";
    case TokenKind::Colon:
      return ":";
    case TokenKind::Dot:
      return ".";
    case TokenKind::Assign:
      return "=";
    case TokenKind::NotEqual:
      return "!=";
    case TokenKind::Bang:
      return "!";
    case TokenKind::Less:
      return "<";
    case TokenKind::LessEqual:
      return "<=";
    case TokenKind::Greater:
      return ">";
    case TokenKind::GreaterEqual:
      return ">=";
    case TokenKind::Plus:
      return "+";
    case TokenKind::Minus:
      return "-";
    case TokenKind::Star:
      return "*";
    case TokenKind::Slash:
      return "/";
  }
  return "token";
}

}  // namespace ruledex::yaral
