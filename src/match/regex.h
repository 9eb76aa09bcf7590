#pragma once
// Regular expressions through real engines, never std::regex: RE2 first
// (linear time); a pattern RE2 cannot compile (lookaround, backreferences,
// possessive quantifiers, atomic groups...) goes to PCRE2 with JIT and match,
// depth and heap limits, so a hostile pattern cannot hang a run: a limit hit
// is `unknown`, never a miss.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ruledex::match {

enum class MatchResult { no_match, match, unknown };

struct RegexFlags {
  bool ignore_case = false;
  bool multiline = false;   // ^ and $ at line ends
  bool dot_all = false;     // . matches a newline
  bool full_match = false;  // the whole text (Lucene, EQL), else a search anywhere in it
};

enum class RegexEngine { re2, pcre2 };

class Regex {
 public:
  struct Compiled;
  // Fails only when neither engine takes the pattern (the error names both reasons).
  static Compiled compile(std::string_view pattern, RegexFlags flags = {});

  Regex(Regex&&) noexcept;
  Regex& operator=(Regex&&) noexcept;
  ~Regex();

  MatchResult match(std::string_view text) const;

  // Strings, lower-cased, one of which every match contains (ASCII case
  // folded): RE2's prefilter atoms of at least `min_length` bytes. Empty when
  // none is known (a PCRE2 pattern, an atom that is not ASCII, a pattern
  // that can match without any literal).
  std::vector<std::string> required_atoms(size_t min_length) const;

  RegexEngine engine() const;
  // Why RE2 refused the pattern (empty when RE2 compiled it).
  const std::string& re2_refusal() const { return re2_refusal_; }

 private:
  struct Engines;
  Regex();

  std::unique_ptr<Engines> engines_;
  std::string re2_refusal_;
};

struct Regex::Compiled {
  std::optional<Regex> regex;
  std::string error;
};

}  // namespace ruledex::match
