#pragma once
// The KQL lexer: query text -> tokens with byte offsets. Tokens are plain
// offsets into the text (no copies); keywords are not classified here because
// KQL keywords are contextual (`count`, `type`, `kind` are also column names):
// compare token_text() where a keyword is expected.
//
// A few multi-character forms are single tokens because they cannot be split
// into ordinary tokens: hyphenated operator names (`project-away`, `mv-expand`,
// ...), `$left`/`$right`, and literals whose body is not KQL (`datetime(...)`,
// `guid(...)`, `timespan(...)`, `time(...)`, `date(...)`).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ruledex::kql {

enum class TokenKind : uint8_t {
  End,           // end of text; begin == end == text.size()
  Error,         // bad character or unterminated string; see lex_error_message()
  Comment,       // `// ...` to end of line, or a leading `#directive` line (only with LexOptions::keep_comments)
  Identifier,    // Name, name_2, $left, project-away, mv-expand, 5Minutebin (not a number: a name), ...
  String,        // "..", '..', @"..", @'..', h"..", h@'..', ```..```, ~~~..~~~
  Long,          // 42, 0x1F
  Real,          // 1.5, 1e3, 1.5e-3
  TimeSpan,      // 1d, 1.5h, 30m, 10s, 100ms, 1tick, 10microsecond
  TypedLiteral,  // datetime(2020-01-01 10:00), guid(...), timespan(1.02:03:04), time(...), date(...)
  LParen,        // (
  RParen,        // )
  LBracket,      // [
  RBracket,      // ]
  LBrace,        // {
  RBrace,        // }
  Comma,         // ,
  Semicolon,     // ;
  Pipe,          // |
  Dot,           // .
  DotDot,        // ..
  Colon,         // :
  Assign,        // =
  Arrow,         // =>
  Equal,         // ==
  NotEqual,      // != or <>
  EqualTilde,    // =~
  BangTilde,     // !~
  Bang,          // !   (`!contains`, `!in~`: the parser joins adjacent tokens)
  Tilde,         // ~   (`in~`)
  Less,          // <
  LessEqual,     // <=
  Greater,       // >
  GreaterEqual,  // >=
  Plus,          // +
  Minus,         // -
  Star,          // *
  Slash,         // /
  Percent,       // %
  Question,      // ?
};

struct Token {
  TokenKind kind = TokenKind::End;
  uint32_t begin = 0;  // byte offsets [begin, end) into the text
  uint32_t end = 0;
};

struct LexOptions {
  bool keep_comments = false;  // emit Comment tokens instead of skipping them
};

// A pull lexer: next() returns the following token, End forever at the end.
class Lexer {
 public:
  explicit Lexer(std::string_view text, LexOptions options = {}) : text_(text), options_(options) {}
  Token next();
  std::string_view text() const { return text_; }

 private:
  Token lex_identifier(uint32_t begin);
  Token lex_number(uint32_t begin);
  Token lex_string(uint32_t begin, uint32_t quote_at, bool verbatim);
  Token lex_fenced_string(uint32_t begin, char fence);
  Token lex_typed_literal(Token word);

  std::string_view text_;
  LexOptions options_;
  uint32_t pos_ = 0;
  bool seen_token_ = false;  // `#connect ...` directive lines may only come first
};

// All tokens of `text`, ending with one End token.
std::vector<Token> tokenize(std::string_view text, LexOptions options = {});

inline std::string_view token_text(std::string_view text, Token token) {
  return text.substr(token.begin, token.end - token.begin);
}

// True for an Identifier token spelled exactly `word` (KQL keywords are case-sensitive).
inline bool is_word(std::string_view text, Token token, std::string_view word) {
  return token.kind == TokenKind::Identifier && token_text(text, token) == word;
}

// For an Error token: "unterminated string literal", "unexpected character '#'",
// "invalid escape sequence", ...; and where in the text the problem is.
std::string lex_error_message(std::string_view text, Token token);
uint32_t lex_error_offset(std::string_view text, Token token);

// The value of a String token: quotes removed, escapes decoded (not in verbatim
// or fenced strings), the `h` obfuscation marker dropped.
std::string decode_string(std::string_view token_text);

// For Identifier tokens that may be written in brackets elsewhere: true for
// letters, digits and '_' (bytes >= 0x80 count as letters: UTF-8 names).
inline bool is_identifier_char(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_' || u >= 0x80;
}

}  // namespace ruledex::kql
