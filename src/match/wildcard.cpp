#include "match/wildcard.h"

#include "match/utf8.h"

namespace ruledex::match {
namespace {

bool is_wildcard(char c, const WildcardSyntax& syntax) { return c == '*' || (c == '?' && syntax.single_char); }

}  // namespace

Wildcard::Wildcard(std::string_view pattern, Case letter_case, WildcardSyntax syntax)
    : needle_(std::string_view{}, letter_case) {
  std::string literal;
  const auto flush = [&] {
    if (literal.empty()) return;
    pieces_.push_back(literal);
    tokens_.push_back({Token::literal, fold(literal, letter_case)});
    literal.clear();
  };
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (syntax.escape && c == *syntax.escape && i + 1 < pattern.size()) {
      const char next = pattern[i + 1];
      const bool special = is_wildcard(next, syntax) || next == *syntax.escape;
      if (special || !syntax.keep_unknown_escape) {
        literal += next;
        ++i;
        continue;
      }
      literal += c;  // Sigma: a lone backslash before an ordinary character is itself
    } else if (is_wildcard(c, syntax)) {
      flush();
      // Consecutive stars are one star.
      if (c == '*' && !tokens_.empty() && tokens_.back().kind == Token::any_run) continue;
      tokens_.push_back({c == '*' ? Token::any_run : Token::any_one, {}});
    } else {
      literal += c;
    }
  }
  flush();

  const auto is = [&](size_t i, Token::Kind kind) { return i < tokens_.size() && tokens_[i].kind == kind; };
  const size_t n = tokens_.size();
  if (n == 0) {
    shape_ = Shape::exact;
  } else if (n == 1 && is(0, Token::literal)) {
    shape_ = Shape::exact;
  } else if (n == 2 && is(0, Token::literal) && is(1, Token::any_run)) {
    shape_ = Shape::prefix;
  } else if (n == 2 && is(0, Token::any_run) && is(1, Token::literal)) {
    shape_ = Shape::suffix;
  } else if (n == 3 && is(0, Token::any_run) && is(1, Token::literal) && is(2, Token::any_run)) {
    shape_ = Shape::contains;
  }
  if (shape_ != Shape::general) {
    const std::string_view text = pieces_.empty() ? std::string_view{} : std::string_view(pieces_[0]);
    needle_ = Needle(text, letter_case);
  }
}

bool Wildcard::matches(std::string_view text) const {
  switch (shape_) {
    case Shape::exact: return needle_.equals(text);
    case Shape::prefix: return needle_.starts(text);
    case Shape::suffix: return needle_.ends(text);
    case Shape::contains: return needle_.contains(text);
    case Shape::general: break;
  }
  return match_general(text);
}

bool Wildcard::match_general(std::string_view text) const {
  std::string folded;
  if (needle_.letter_case() != Case::sensitive) folded = fold(text, needle_.letter_case());
  const std::string_view value = needle_.letter_case() == Case::sensitive ? text : std::string_view(folded);
  const auto literal_at = [&](const std::string& literal, size_t at) {
    return value.size() - at >= literal.size() && value.compare(at, literal.size(), literal) == 0;
  };
  // Greedy; on a mismatch, the last star takes one more character and the
  // tokens after it start again. Earlier stars never need to take more.
  size_t token = 0, at = 0;
  size_t star = std::string::npos, resume = 0;
  while (true) {
    if (token < tokens_.size() && tokens_[token].kind == Token::any_run) {
      star = token++;
      resume = at;
      continue;
    }
    if (token == tokens_.size() && (at == value.size() || star + 1 == tokens_.size())) return true;
    bool advanced = false;
    if (token < tokens_.size() && at < value.size() + 1) {
      const Token& t = tokens_[token];
      if (t.kind == Token::any_one && at < value.size()) {
        at += utf8::decode(value, at).length;
        ++token;
        advanced = true;
      } else if (t.kind == Token::literal && literal_at(t.text, at)) {
        at += t.text.size();
        ++token;
        advanced = true;
      }
    }
    if (advanced) continue;
    if (star == std::string::npos || resume >= value.size()) return false;
    resume += utf8::decode(value, resume).length;
    at = resume;
    token = star + 1;
  }
}

}  // namespace ruledex::match
