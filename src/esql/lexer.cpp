#include "esql/lexer.h"

#include <cctype>

namespace ruledex::esql {
namespace {

bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool is_word_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '@'; }
bool is_word_char(char c) { return is_word_start(c) || is_digit(c); }

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  std::vector<Token> run() {
    std::vector<Token> tokens;
    while (true) {
      tokens.push_back(next());
      if (tokens.back().kind == TokenKind::end) return tokens;
    }
  }

 private:
  Token next() {
    Token token;
    if (!skip_blanks_and_comments(token)) return token;
    token.range.begin = pos();
    if (at_end()) {
      token.kind = TokenKind::end;
    } else if (text_.substr(i_, 3) == "\"\"\"") {
      triple_quoted(token);
    } else if (peek() == '"') {
      quoted_string(token);
    } else if (peek() == '`') {
      backquoted(token);
    } else if (is_digit(peek()) || (peek() == '.' && is_digit(peek(1)) && !after_word())) {
      number(token);
    } else if (is_word_start(peek())) {
      token.kind = TokenKind::word;
      while (!at_end() && is_word_char(peek())) ++i_;
      token.text = std::string(text_.substr(token.range.begin, i_ - token.range.begin));
    } else if (peek() == '?') {
      token.kind = TokenKind::param;
      ++i_;
      if (peek() == '?') ++i_;
      while (!at_end() && is_word_char(peek())) ++i_;
      token.text = std::string(text_.substr(token.range.begin, i_ - token.range.begin));
    } else {
      symbol(token);
    }
    token.range.end = pos();
    return token;
  }

  // False (with `token` an error) for a comment that never closes.
  bool skip_blanks_and_comments(Token& token) {
    while (!at_end()) {
      if (std::isspace(static_cast<unsigned char>(peek()))) {
        ++i_;
      } else if (text_.substr(i_, 2) == "//") {
        while (!at_end() && peek() != '\n') ++i_;
      } else if (text_.substr(i_, 2) == "/*") {
        size_t close = text_.find("*/", i_ + 2);
        if (close == std::string_view::npos) {
          token = {TokenKind::error, "unterminated /* comment", {pos(), static_cast<uint32_t>(text_.size())}};
          i_ = text_.size();
          return false;
        }
        i_ = close + 2;
      } else {
        return true;
      }
    }
    return true;
  }

  void triple_quoted(Token& token) {
    size_t close = text_.find("\"\"\"", i_ + 3);
    if (close == std::string_view::npos) return unterminated(token);
    // A closing run of more than three quotes ends with the last three.
    while (close + 3 < text_.size() && text_[close + 3] == '"') ++close;
    token.kind = TokenKind::string;
    token.text = std::string(text_.substr(i_ + 3, close - i_ - 3));
    i_ = close + 3;
  }

  void quoted_string(Token& token) {
    ++i_;
    std::string value;
    while (!at_end() && peek() != '"') {
      char c = text_[i_++];
      if (c == '\n' || c == '\r') return unterminated(token);
      if (c != '\\') {
        value += c;
        continue;
      }
      if (at_end()) break;
      char escaped = text_[i_++];
      switch (escaped) {
        case 'n': value += '\n'; break;
        case 't': value += '\t'; break;
        case 'r': value += '\r'; break;
        case '"':
        case '\\': value += escaped; break;
        default:  // kept as written: `\d` in an RLIKE pattern stays `\d`
          value += '\\';
          value += escaped;
      }
    }
    if (at_end()) return unterminated(token);
    ++i_;
    token.kind = TokenKind::string;
    token.text = std::move(value);
  }

  void unterminated(Token& token) {
    token.kind = TokenKind::error;
    token.text = "unterminated string";
    i_ = text_.size();
  }

  void backquoted(Token& token) {
    ++i_;
    std::string name;
    while (true) {
      if (at_end()) {
        token.kind = TokenKind::error;
        token.text = "unterminated `quoted` name";
        return;
      }
      if (peek() == '`') {
        if (peek(1) != '`') break;
        ++i_;  // `` is one backquote
      }
      name += text_[i_++];
    }
    ++i_;
    token.kind = TokenKind::quoted;
    token.text = std::move(name);
  }

  // 12, 1.5, .5, 1e10, 2.5E-3. Letters right after digits (7d) start a word.
  void number(Token& token) {
    token.kind = TokenKind::integer;
    while (is_digit(peek())) ++i_;
    if (peek() == '.' && (is_digit(peek(1)) || !is_word_start(peek(1)))) {
      token.kind = TokenKind::decimal;
      ++i_;
      while (is_digit(peek())) ++i_;
    }
    if ((peek() == 'e' || peek() == 'E') &&
        (is_digit(peek(1)) || ((peek(1) == '+' || peek(1) == '-') && is_digit(peek(2))))) {
      token.kind = TokenKind::decimal;
      i_ += 2;
      while (is_digit(peek())) ++i_;
    }
    token.text = std::string(text_.substr(token.range.begin, i_ - token.range.begin));
  }

  void symbol(Token& token) {
    static constexpr std::string_view kTwoChar[] = {"==", "!=", "<=", ">=", "=~", "::"};
    token.kind = TokenKind::symbol;
    token.text = std::string(1, peek());
    for (std::string_view op : kTwoChar)
      if (text_.substr(i_, 2) == op) token.text = std::string(op);
    static constexpr std::string_view kSingle = "|,.()[]{}=<>+-*/%:";
    if (token.text.size() == 1 && kSingle.find(token.text[0]) == std::string_view::npos) {
      token.kind = TokenKind::error;
      token.text = "unexpected character '" + token.text + "'";
      ++i_;
      return;
    }
    i_ += token.text.size();
  }

  bool after_word() const { return i_ > 0 && (is_word_char(text_[i_ - 1]) || text_[i_ - 1] == '`'); }
  bool at_end() const { return i_ >= text_.size(); }
  char peek(size_t ahead = 0) const { return i_ + ahead < text_.size() ? text_[i_ + ahead] : '\0'; }
  uint32_t pos() const { return static_cast<uint32_t>(i_); }

  std::string_view text_;
  size_t i_ = 0;
};

}  // namespace

std::vector<Token> tokenize(std::string_view query) { return Lexer(query).run(); }

}  // namespace ruledex::esql
