#pragma once
// Wildcard patterns as the rule languages write them: `*` any run, `?` one
// character (a UTF-8 code point), an optional escape character. Matching is
// linear for the usual shapes (exact, prefix, suffix, contains, which use a
// Needle) and at worst pattern length times text length otherwise
// (greedy, backing up to the last star only; never exponential).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "match/case.h"

namespace ruledex::match {

struct WildcardSyntax {
  std::optional<char> escape = '\\';  // none: every character is itself or a wildcard
  bool single_char = true;            // whether `?` is a wildcard
  // Sigma: the escape makes `*`, `?` and itself literal and is kept as a
  // literal before anything else (`\Windows` is `\Windows`). Otherwise the
  // escape always makes the next character literal and is dropped.
  bool keep_unknown_escape = true;
};

inline constexpr WildcardSyntax kSigmaWildcards{};

class Wildcard {
 public:
  Wildcard(std::string_view pattern, Case letter_case, WildcardSyntax syntax = kSigmaWildcards);

  bool matches(std::string_view text) const;

  // The literal runs between wildcards, unescaped and as written (not folded):
  // every match contains each of them, in this order.
  const std::vector<std::string>& literal_pieces() const { return pieces_; }
  // Whether the first (last) literal piece begins (ends) the pattern: no wildcard before (after) it.
  bool literal_start() const { return !tokens_.empty() && tokens_.front().kind == Token::literal; }
  bool literal_end() const { return !tokens_.empty() && tokens_.back().kind == Token::literal; }
  // Whether the pattern has a wildcard at all (else it is an exact value).
  bool has_wildcards() const { return !tokens_.empty() && (tokens_.size() > 1 || tokens_[0].kind != Token::literal); }

 private:
  struct Token {
    enum Kind { literal, any_run, any_one } kind;
    std::string text;  // folded, for literals
  };
  enum class Shape { exact, prefix, suffix, contains, general };

  bool match_general(std::string_view text) const;

  std::vector<Token> tokens_;
  std::vector<std::string> pieces_;
  Shape shape_ = Shape::general;
  Needle needle_;  // the one literal of the exact/prefix/suffix/contains shapes
};

}  // namespace ruledex::match
