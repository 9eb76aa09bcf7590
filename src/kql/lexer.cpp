#include "kql/lexer.h"

#include "base/source_text.h"

#include <algorithm>
#include <array>
#include <cstdio>

namespace ruledex::kql {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_identifier_start(char c) { return is_alpha(c) || c == '_' || static_cast<unsigned char>(c) >= 0x80; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Operator names written with a hyphen; the lexer makes each one token so the
// parser never has to tell `project-away` from `project - away`.
constexpr std::array<std::string_view, 22> kHyphenatedWords = {
    "project-away",   "project-keep",    "project-rename",      "project-reorder",
    "project-smart",  "mv-expand",       "mv-apply",            "parse-where",
    "parse-kv",       "make-series",     "make-graph",          "top-nested",
    "top-hitters",    "sample-distinct", "graph-match",         "graph-merge",
    "graph-to-table", "graph-shortest-paths", "graph-mark-components", "execute-and-cache",
    "assert-schema",  "project-by-names",
};

// Unit suffixes of timespan literals (2d, 1.5h, 100ms, 10microsecond, 1tick).
constexpr std::array<std::string_view, 27> kTimeSpanSuffixes = {
    "d",           "day",          "days",        "h",           "hr",      "hrs",
    "hour",        "hours",        "m",           "min",         "minute",  "minutes",
    "s",           "sec",          "second",      "seconds",     "ms",      "milli",
    "millis",      "millisecond",  "milliseconds", "microsecond", "microseconds", "tick",
    "ticks",       "nanosecond",   "nanoseconds",
};

// Typed literals whose body is not made of KQL tokens: datetime(2020-01-01 10:00).
bool is_raw_literal_word(std::string_view word) {
  if (word.size() < 4 || word.size() > 8 || (word[0] != 'd' && word[0] != 't' && word[0] != 'g')) return false;
  return word == "datetime" || word == "date" || word == "time" || word == "timespan" || word == "guid";
}

template <size_t N>
bool contains(const std::array<std::string_view, N>& words, std::string_view word) {
  for (std::string_view w : words)
    if (w == word) return true;
  return false;
}

// Length of a whitespace character at `p` (0 if none): ASCII blanks plus the
// Unicode spaces rule authors paste in (NBSP, zero-width space, BOM, ...).
inline uint32_t whitespace_length(std::string_view text, uint32_t p) {
  unsigned char c = static_cast<unsigned char>(text[p]);
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return 1;
  if (c < 0x80) return 0;
  auto at = [&](uint32_t i) { return p + i < text.size() ? static_cast<unsigned char>(text[p + i]) : 0u; };
  if (c == 0xC2 && at(1) == 0xA0) return 2;                                        // U+00A0
  if (c == 0xE2 && at(1) == 0x80 && (at(2) <= 0x8B || at(2) == 0xAF)) return 3;    // U+2000..200B, 202F
  if (c == 0xE2 && at(1) == 0x81 && at(2) == 0x9F) return 3;                       // U+205F
  if (c == 0xE3 && at(1) == 0x80 && at(2) == 0x80) return 3;                       // U+3000
  if (c == 0xEF && at(1) == 0xBB && at(2) == 0xBF) return 3;                       // BOM
  return 0;
}

// True at a typographic quote (U+2018, U+2019, U+201C, U+201D), which word
// processors put where a rule author typed a quote: never part of a name.
inline bool typographic_quote_at(std::string_view text, uint32_t p) {
  auto at = [&](uint32_t i) { return p + i < text.size() ? static_cast<unsigned char>(text[p + i]) : 0u; };
  return at(0) == 0xE2 && at(1) == 0x80 && (at(2) == 0x98 || at(2) == 0x99 || at(2) == 0x9C || at(2) == 0x9D);
}

// An identifier byte that does not start a Unicode space or a typographic quote (names end there).
inline bool continues_identifier(std::string_view text, uint32_t p) {
  if (p >= text.size()) return false;
  unsigned char c = static_cast<unsigned char>(text[p]);
  if (c < 0x80) return is_identifier_char(static_cast<char>(c));
  return whitespace_length(text, p) == 0 && !typographic_quote_at(text, p);
}

bool is_octal(char c) { return c >= '0' && c <= '7'; }

// Length of the escape sequence at s[i] == '\\' in a non-verbatim string, 0
// when KQL rejects it: \\ \' \" \a \b \f \n \r \t \v, octal \ooo (1-3 digits),
// \xHH, \uHHHH, \UHHHHHHHH.
size_t escape_length(std::string_view s, size_t i) {
  if (i + 1 >= s.size()) return 0;
  const char e = s[i + 1];
  if (std::string_view("\\'\"abfnrtv").find(e) != std::string_view::npos) return 2;
  if (is_octal(e)) {
    size_t n = 2;
    while (n < 4 && i + n < s.size() && is_octal(s[i + n])) ++n;
    return n;
  }
  const size_t digits = e == 'x' ? 2 : e == 'u' ? 4 : e == 'U' ? 8 : 0;
  if (digits == 0 || i + 2 + digits > s.size()) return 0;
  for (size_t k = 0; k < digits; ++k)
    if (!is_hex(s[i + 2 + k])) return 0;
  return 2 + digits;
}

// The first invalid escape of a non-verbatim string token, or npos.
size_t invalid_escape(std::string_view token) {
  for (size_t i = 1; i + 1 < token.size(); ++i) {
    if (token[i] != '\\') continue;
    const size_t n = escape_length(token, i);
    if (n == 0) return i;
    i += n - 1;
  }
  return std::string_view::npos;
}

}  // namespace

Token Lexer::next() {
  const uint32_t size = static_cast<uint32_t>(text_.size());
  for (;;) {
    while (pos_ < size) {
      uint32_t n = whitespace_length(text_, pos_);
      if (n == 0) break;
      pos_ += n;
    }
    if (pos_ >= size) return {TokenKind::End, size, size};
    const bool directive = text_[pos_] == '#' && !seen_token_ && (pos_ == 0 || text_[pos_ - 1] == '\n');
    if (directive || (text_[pos_] == '/' && pos_ + 1 < size && text_[pos_ + 1] == '/')) {
      uint32_t begin = pos_;
      size_t newline = text_.find('\n', pos_);
      pos_ = newline == std::string_view::npos ? size : static_cast<uint32_t>(newline);
      if (options_.keep_comments) return {TokenKind::Comment, begin, pos_};
      continue;
    }
    break;
  }

  seen_token_ = true;
  const uint32_t begin = pos_;
  const char c = text_[pos_];
  auto peek = [&](uint32_t ahead) { return pos_ + ahead < size ? text_[pos_ + ahead] : '\0'; };
  auto punct = [&](TokenKind kind, uint32_t length) {
    pos_ += length;
    return Token{kind, begin, pos_};
  };

  switch (c) {
    case '"':
    case '\'':
      return lex_string(begin, begin, false);
    case '@':
      if (peek(1) == '"' || peek(1) == '\'') return lex_string(begin, begin + 1, true);
      return punct(TokenKind::Error, 1);
    case '`':
    case '~':
      if (peek(1) == c && peek(2) == c) return lex_fenced_string(begin, c);
      if (c == '~') return punct(TokenKind::Tilde, 1);
      return punct(TokenKind::Error, 1);
    case 'h':
    case 'H':
      if (peek(1) == '"' || peek(1) == '\'') return lex_string(begin, begin + 1, false);
      if (peek(1) == '@' && (peek(2) == '"' || peek(2) == '\'')) return lex_string(begin, begin + 2, true);
      return lex_identifier(begin);
    case '$':
      if (is_identifier_start(peek(1))) return lex_identifier(begin);
      return punct(TokenKind::Error, 1);
    case '(': return punct(TokenKind::LParen, 1);
    case ')': return punct(TokenKind::RParen, 1);
    case '[': return punct(TokenKind::LBracket, 1);
    case ']': return punct(TokenKind::RBracket, 1);
    case '{': return punct(TokenKind::LBrace, 1);
    case '}': return punct(TokenKind::RBrace, 1);
    case ',': return punct(TokenKind::Comma, 1);
    case ';': return punct(TokenKind::Semicolon, 1);
    case '|': return punct(TokenKind::Pipe, 1);
    case ':': return punct(TokenKind::Colon, 1);
    case '+': return punct(TokenKind::Plus, 1);
    case '-': return punct(TokenKind::Minus, 1);
    case '*': return punct(TokenKind::Star, 1);
    case '/': return punct(TokenKind::Slash, 1);
    case '%': return punct(TokenKind::Percent, 1);
    case '?': return punct(TokenKind::Question, 1);
    case '.':
      if (peek(1) == '.') return punct(TokenKind::DotDot, 2);
      return punct(TokenKind::Dot, 1);
    case '=':
      if (peek(1) == '=') return punct(TokenKind::Equal, 2);
      if (peek(1) == '~') return punct(TokenKind::EqualTilde, 2);
      if (peek(1) == '>') return punct(TokenKind::Arrow, 2);
      return punct(TokenKind::Assign, 1);
    case '!':
      if (peek(1) == '=') return punct(TokenKind::NotEqual, 2);
      if (peek(1) == '~') return punct(TokenKind::BangTilde, 2);
      return punct(TokenKind::Bang, 1);
    case '<':
      if (peek(1) == '=') return punct(TokenKind::LessEqual, 2);
      if (peek(1) == '>') return punct(TokenKind::NotEqual, 2);
      return punct(TokenKind::Less, 1);
    case '>':
      if (peek(1) == '=') return punct(TokenKind::GreaterEqual, 2);
      return punct(TokenKind::Greater, 1);
    default:
      break;
  }
  if (is_digit(c)) return lex_number(begin);
  if (typographic_quote_at(text_, begin)) return punct(TokenKind::Error, 3);
  if (is_identifier_start(c)) return lex_identifier(begin);
  // One bad character; a UTF-8 sequence counts as one.
  ++pos_;
  while (pos_ < size && (static_cast<unsigned char>(text_[pos_]) & 0xC0) == 0x80) ++pos_;
  return {TokenKind::Error, begin, pos_};
}

Token Lexer::lex_identifier(uint32_t begin) {
  const uint32_t size = static_cast<uint32_t>(text_.size());
  pos_ = begin + 1;
  while (continues_identifier(text_, pos_)) ++pos_;
  // project-away, mv-expand, graph-shortest-paths: join hyphenated operator names.
  uint32_t end = pos_;
  while (end + 1 < size && text_[end] == '-' && is_alpha(text_[end + 1])) {
    uint32_t word_end = end + 1;
    while (continues_identifier(text_, word_end)) ++word_end;
    std::string_view joined = text_.substr(begin, word_end - begin);
    bool is_prefix = false;
    for (std::string_view w : kHyphenatedWords) {
      if (w == joined) {
        pos_ = word_end;
        is_prefix = false;
        break;
      }
      if (w.size() > joined.size() && w.substr(0, joined.size()) == joined && w[joined.size()] == '-') is_prefix = true;
    }
    if (!is_prefix) break;
    end = word_end;
  }
  Token word{TokenKind::Identifier, begin, pos_};
  if (is_raw_literal_word(token_text(text_, word))) return lex_typed_literal(word);
  return word;
}

Token Lexer::lex_typed_literal(Token word) {
  const uint32_t size = static_cast<uint32_t>(text_.size());
  uint32_t p = word.end;
  while (p < size && (text_[p] == ' ' || text_[p] == '\t')) ++p;
  if (p >= size || text_[p] != '(') return word;
  for (++p; p < size; ++p) {
    char c = text_[p];
    if (c == ')') {
      pos_ = p + 1;
      return {TokenKind::TypedLiteral, word.begin, pos_};
    }
    if (c == '\n' || c == '"' || c == '\'' || c == '(' || c == '|' || c == ';') break;
  }
  // Not a raw literal body (e.g. `datetime(strcat(...))` is invalid anyway):
  // hand back the word; the parser reports what follows.
  return word;
}

Token Lexer::lex_number(uint32_t begin) {
  const uint32_t size = static_cast<uint32_t>(text_.size());
  auto at = [&](uint32_t p) { return p < size ? text_[p] : '\0'; };
  uint32_t p = begin;
  TokenKind kind = TokenKind::Long;
  if (at(p) == '0' && (at(p + 1) == 'x' || at(p + 1) == 'X') && is_hex(at(p + 2))) {
    p += 2;
    while (is_hex(at(p))) ++p;
  } else {
    while (is_digit(at(p))) ++p;
    if (at(p) == '.' && is_digit(at(p + 1))) {
      kind = TokenKind::Real;
      ++p;
      while (is_digit(at(p))) ++p;
    }
    if ((at(p) == 'e' || at(p) == 'E') &&
        (is_digit(at(p + 1)) || ((at(p + 1) == '+' || at(p + 1) == '-') && is_digit(at(p + 2))))) {
      kind = TokenKind::Real;
      p += 2;
      while (is_digit(at(p))) ++p;
    }
  }
  if (continues_identifier(text_, p)) {
    uint32_t suffix_begin = p;
    while (is_alpha(at(p))) ++p;
    bool suffix_ok = !continues_identifier(text_, p) &&
                     contains(kTimeSpanSuffixes, text_.substr(suffix_begin, p - suffix_begin));
    if (!suffix_ok) {  // Kusto names may start with digits: 5Minutebin
      while (continues_identifier(text_, p)) ++p;
      pos_ = p;
      return {TokenKind::Identifier, begin, p};
    }
    kind = TokenKind::TimeSpan;
  }
  pos_ = p;
  return {kind, begin, p};
}

Token Lexer::lex_string(uint32_t begin, uint32_t quote_at, bool verbatim) {
  const uint32_t size = static_cast<uint32_t>(text_.size());
  const char quote = text_[quote_at];
  uint32_t p = quote_at + 1;
  while (p < size) {
    char c = text_[p];
    if (c == '\n') break;  // single-line forms only; ``` strings span lines
    if (!verbatim && c == '\\' && p + 1 < size && text_[p + 1] != '\n') {
      p += 2;
      continue;
    }
    if (c == quote) {
      if (verbatim && p + 1 < size && text_[p + 1] == quote) {  // "" inside @"..."
        p += 2;
        continue;
      }
      pos_ = p + 1;
      // A closed string with an escape KQL rejects is an error (lex_error_message says which).
      const bool valid = verbatim || invalid_escape(text_.substr(quote_at, pos_ - quote_at)) == std::string_view::npos;
      return {valid ? TokenKind::String : TokenKind::Error, begin, pos_};
    }
    ++p;
  }
  pos_ = p;
  return {TokenKind::Error, begin, p};
}

Token Lexer::lex_fenced_string(uint32_t begin, char fence) {
  const char marker[3] = {fence, fence, fence};
  size_t close = text_.find(std::string_view(marker, 3), begin + 3);
  if (close == std::string_view::npos) {
    pos_ = static_cast<uint32_t>(text_.size());
    return {TokenKind::Error, begin, pos_};
  }
  pos_ = static_cast<uint32_t>(close + 3);
  return {TokenKind::String, begin, pos_};
}

std::vector<Token> tokenize(std::string_view text, LexOptions options) {
  std::vector<Token> tokens;
  tokens.reserve(text.size() / 5 + 4);
  Lexer lexer(text, options);
  for (;;) {
    Token t = lexer.next();
    tokens.push_back(t);
    if (t.kind == TokenKind::End) return tokens;
  }
}

// The string of an Error token that is a closed string with a bad escape:
// from its opening quote on; empty for any other Error token.
std::string_view badly_escaped_string(std::string_view s) {
  const size_t quote = s.find_first_of("\"'");
  if (quote > 1 || s.size() < quote + 2 || s.back() != s[quote]) return {};
  s.remove_prefix(quote);
  return invalid_escape(s) == std::string_view::npos ? std::string_view() : s;
}

uint32_t lex_error_offset(std::string_view text, Token token) {
  std::string_view string = badly_escaped_string(token_text(text, token));
  if (string.empty()) return token.begin;
  return token.end - static_cast<uint32_t>(string.size()) + static_cast<uint32_t>(invalid_escape(string));
}

std::string lex_error_message(std::string_view text, Token token) {
  std::string_view s = token_text(text, token);
  if (s.empty()) return "unexpected end of text";
  if (std::string_view string = badly_escaped_string(s); !string.empty()) {
    const size_t at = invalid_escape(string);
    return "invalid escape sequence '" + std::string(string.substr(at, 2)) +
           "' in a string literal (write \\\\ for a backslash, or use a verbatim @\"...\" string)";
  }
  if (typographic_quote_at(s, 0))
    return "typographic quote '" + std::string(s) + "' where KQL expects a quote (\" or ')";
  char c = s[0];
  if (c == '"' || c == '\'' || ((c == '@' || c == 'h' || c == 'H') && s.size() > 1))
    return "unterminated string literal (strings end on the same line)";
  if ((c == '`' || c == '~') && s.size() >= 3) return "unterminated multi-line string literal (missing closing " + std::string(3, c) + ")";
  if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7F) {
    std::string hex;
    for (char b : s) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", static_cast<unsigned char>(b));
      hex += buf;
    }
    return "unexpected character '" + hex + "'";
  }
  return "unexpected character '" + std::string(s) + "'";
}

std::string decode_string(std::string_view s) {
  if (!s.empty() && (s[0] == 'h' || s[0] == 'H')) s.remove_prefix(1);
  if (s.size() >= 6 && (s.substr(0, 3) == "```" || s.substr(0, 3) == "~~~")) return std::string(s.substr(3, s.size() - 6));
  bool verbatim = !s.empty() && s[0] == '@';
  if (verbatim) s.remove_prefix(1);
  if (s.size() < 2) return {};
  const char quote = s[0];
  s = s.substr(1, s.size() - 2);
  if (s.find(verbatim ? quote : '\\') == std::string_view::npos) return std::string(s);
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (verbatim) {
      out += c;
      if (c == quote && i + 1 < s.size() && s[i + 1] == quote) ++i;
      continue;
    }
    const size_t n = c == '\\' ? escape_length(s, i) : 0;
    if (n == 0) {  // not an escape (or one the lexer already reported)
      out += c;
      continue;
    }
    const char e = s[i + 1];
    const std::string_view digits = s.substr(i + 2, n - 2);
    switch (e) {
      case 'a': out += '\a'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'v': out += '\v'; break;
      case 'x':
      case 'u':
      case 'U': {
        const unsigned long cp = std::stoul(std::string(digits), nullptr, 16);
        append_utf8(out, cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) ? 0xFFFD : static_cast<char32_t>(cp));
        break;
      }
      default:
        if (is_octal(e)) {
          out += static_cast<char>(std::stoul(std::string(s.substr(i + 1, n - 1)), nullptr, 8) & 0xFF);
        } else {
          out += e;  // \\ \' \"
        }
    }
    i += n - 1;
  }
  return out;
}

}  // namespace ruledex::kql
