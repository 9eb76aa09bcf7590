#pragma once
// The YARA-L 2.0 lexer: rule text -> tokens with byte offsets. Keywords (rule,
// and, or, not, in, nocase, over, ...) are Identifier tokens: the parser
// compares their text where it expects one, case-insensitively, as the rule
// engine accepts `IN` and `in` alike.
//
// `/` starts a regex literal where an operand is expected (after `=`, `(`,
// `,`, `and`, ...) and is a division elsewhere, as in JavaScript.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ruledex::yaral {

enum class TokenKind : uint8_t {
  End,           // end of text
  Error,         // bad character, unterminated string, regex or comment; see Token::error
  Identifier,    // rule, meta, and, re, to_lower, true, ...
  Variable,      // $e, $risk_score
  Count,         // #e
  ListRef,       // %name, %table.column
  String,        // "..." with backslash escapes
  RawString,     // `...` without escapes
  Regex,         // /.../
  Number,        // 42, 1.5
  Duration,      // 5m, 1h, 30s, 1d
  LParen,        // (
  RParen,        // )
  LBracket,      // [
  RBracket,      // ]
  LBrace,        // {
  RBrace,        // }
  Comma,         // ,
  Colon,         // :
  Dot,           // .
  Assign,        // =
  NotEqual,      // !=
  Bang,          // !
  Less,          // <
  LessEqual,     // <=
  Greater,       // >
  GreaterEqual,  // >=
  Plus,          // +
  Minus,         // -
  Star,          // *
  Slash,         // /
};

struct Token {
  TokenKind kind = TokenKind::End;
  uint32_t begin = 0;  // byte offsets [begin, end) into the text
  uint32_t end = 0;
  bool line_start = false;      // the first token on its line: where error recovery resumes
  const char* error = nullptr;  // for Error tokens: what is wrong
};

// Every token of `text`, ending with one End token. Comments are skipped.
std::vector<Token> tokenize(std::string_view text);

// The value of a String token's text ("a\"b" -> a"b): \\, \", \n, \t, \r are
// decoded; any other escape is kept as written, which is what a regex wants.
std::string decode_string(std::string_view token_text);

std::string_view to_string(TokenKind kind);

}  // namespace ruledex::yaral
