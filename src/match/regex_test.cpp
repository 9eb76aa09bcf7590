#include "match/regex.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace ruledex::match {
namespace {

Regex compiled(std::string_view pattern, RegexFlags flags = {}) {
  Regex::Compiled c = Regex::compile(pattern, flags);
  EXPECT_TRUE(c.error.empty()) << c.error;
  return std::move(*c.regex);
}

TEST(Regex, Re2SearchesByDefault) {
  const Regex r = compiled("b.*k");
  EXPECT_EQ(r.engine(), RegexEngine::re2);
  EXPECT_TRUE(r.re2_refusal().empty());
  EXPECT_EQ(r.match("Fabrikam"), MatchResult::match);  // the docs' matches regex example
  EXPECT_EQ(r.match("Fabri"), MatchResult::no_match);
  EXPECT_EQ(r.match(""), MatchResult::no_match);
}

TEST(Regex, Flags) {
  EXPECT_EQ(compiled("powershell").match("PowerShell"), MatchResult::no_match);
  EXPECT_EQ(compiled("powershell", {.ignore_case = true}).match("PowerShell"), MatchResult::match);
  EXPECT_EQ(compiled("^b$").match("a\nb\nc"), MatchResult::no_match);
  EXPECT_EQ(compiled("^b$", {.multiline = true}).match("a\nb\nc"), MatchResult::match);
  EXPECT_EQ(compiled("a.c").match("a\nc"), MatchResult::no_match);
  EXPECT_EQ(compiled("a.c", {.dot_all = true}).match("a\nc"), MatchResult::match);
  EXPECT_EQ(compiled("b.", {.full_match = true}).match("abc"), MatchResult::no_match);
  EXPECT_EQ(compiled("a.c", {.full_match = true}).match("abc"), MatchResult::match);
  EXPECT_EQ(compiled("a|ab", {.full_match = true}).match("ab"), MatchResult::match);
}

using Atoms = std::vector<std::string>;

TEST(Regex, RequiredAtoms) {
  EXPECT_EQ(compiled("werfaultsecure\\.exe\\s+\\d+").required_atoms(3), Atoms{"werfaultsecure.exe"});
  EXPECT_EQ(compiled("\\$PSHome\\[\\s*\\d").required_atoms(3), Atoms{"$pshome["});  // lower-cased
  EXPECT_EQ(compiled("sks", {.ignore_case = true}).required_atoms(3), Atoms{"sks"});
  // Both are needed: the longer one suffices; of alternatives, any.
  EXPECT_EQ(compiled("ipconfig\\s+/all").required_atoms(3), Atoms{"ipconfig"});
  Atoms either = compiled("(?:mimikatz|sekurlsa)::").required_atoms(3);
  std::sort(either.begin(), either.end());
  EXPECT_EQ(either, (Atoms{"mimikatz::", "sekurlsa::"}));
  EXPECT_TRUE(compiled("[a-z]+").required_atoms(3).empty());
  EXPECT_TRUE(compiled("abc|de").required_atoms(3).empty());  // `de` is shorter than asked
  EXPECT_TRUE(compiled("\u0416\u0416\u0416").required_atoms(3).empty());  // not ASCII
  EXPECT_TRUE(compiled("(a)\\1bcd").required_atoms(3).empty());   // PCRE2's
}

TEST(Regex, Pcre2TakesWhatRe2Refuses) {
  const Regex lookahead = compiled("cmd(?=\\.exe)");
  EXPECT_EQ(lookahead.engine(), RegexEngine::pcre2);
  EXPECT_NE(lookahead.re2_refusal().find("(?="), std::string::npos) << lookahead.re2_refusal();
  EXPECT_EQ(lookahead.match("cmd.exe"), MatchResult::match);
  EXPECT_EQ(lookahead.match("cmd.com"), MatchResult::no_match);

  const Regex backreference = compiled("(\\w)\\1");
  EXPECT_EQ(backreference.engine(), RegexEngine::pcre2);
  EXPECT_EQ(backreference.match("hello"), MatchResult::match);
  EXPECT_EQ(backreference.match("helo"), MatchResult::no_match);

  const Regex lookbehind = compiled("(?<!\\\\)cmd", {.ignore_case = true});
  EXPECT_EQ(lookbehind.engine(), RegexEngine::pcre2);
  EXPECT_EQ(lookbehind.match("run CMD"), MatchResult::match);
  EXPECT_EQ(lookbehind.match("\\cmd"), MatchResult::no_match);

  const Regex possessive = compiled("a++b", {.full_match = true});
  EXPECT_EQ(possessive.engine(), RegexEngine::pcre2);
  EXPECT_EQ(possessive.match("aaab"), MatchResult::match);
  EXPECT_EQ(possessive.match("aaabc"), MatchResult::no_match);  // anchored at both ends

  const Regex multiline = compiled("^(?=b)b$", {.multiline = true, .dot_all = true});
  EXPECT_EQ(multiline.match("a\nb"), MatchResult::match);
}

TEST(Regex, BothEnginesRefusingIsAnError) {
  const Regex::Compiled c = Regex::compile("a(b");
  EXPECT_FALSE(c.regex.has_value());
  EXPECT_NE(c.error.find("RE2: missing )"), std::string::npos) << c.error;
  EXPECT_NE(c.error.find("PCRE2: "), std::string::npos) << c.error;
}

TEST(Regex, HostileBacktrackingIsUnknownNotAMiss) {
  // A backreference sends it to PCRE2; nested quantifiers then backtrack exponentially.
  const Regex r = compiled("^(\\w)\\1?(a|aa|a?a)+$");
  EXPECT_EQ(r.engine(), RegexEngine::pcre2);
  EXPECT_EQ(r.match(std::string(40, 'a') + "b"), MatchResult::unknown);
  EXPECT_EQ(r.match("aaaa"), MatchResult::match);
  // The same shape in RE2 is linear and decides.
  EXPECT_EQ(compiled("^(a|aa|a?a)+$").match(std::string(5000, 'a') + "b"), MatchResult::no_match);
}

TEST(Regex, InvalidUtf8TextIsMatchedNotRefused) {
  const Regex pcre = compiled("x(?=y)");
  EXPECT_EQ(pcre.match("\xFF\xFExy"), MatchResult::match);
  EXPECT_EQ(compiled("xy").match("\xFF\xFExy"), MatchResult::match);
}

TEST(Regex, MovedRegexStillMatches) {
  Regex a = compiled("(?=a)a");
  Regex b = std::move(a);
  EXPECT_EQ(b.match("a"), MatchResult::match);
}

}  // namespace
}  // namespace ruledex::match
