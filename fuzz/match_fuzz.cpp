// libFuzzer: the value matchers of src/match on random patterns and texts.
// Input: a kind byte, an options byte, then PATTERN '\n' TEXT. Beyond no
// crash, hang or leak, each kind checks a property against an independent
// answer:
//  - wildcard: the same as RE2 on the pattern translated to a regex (valid
//    UTF-8, case-sensitive and ASCII-insensitive);
//  - regex: compiled by RE2, or by PCRE2 (options bit 0 prefixes `(?=)`,
//    which RE2 refuses), any flags; PCRE2's limits keep each match bounded;
//  - CIDR: comma-separated prefixes; each compiled prefix contains its own address;
//  - KQL term: has/hasprefix/hassuffix imply contains, and a needle has itself;
//  - literal set: Hyperscan and the fallback report the same ids;
//  - Sigma transforms and numbers: base64offset's pieces occur in the
//    encoding of the value at each offset; a number compares equal to itself.

#include <re2/re2.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "match/case.h"
#include "match/cidr.h"
#include "match/kql_term.h"
#include "match/literal_set.h"
#include "match/number.h"
#include "match/regex.h"
#include "match/sigma_transform.h"
#include "match/utf8.h"
#include "match/wildcard.h"
#include "resource_guard.h"

namespace ruledex::match {
namespace {

void check(bool holds) {
  if (!holds) std::abort();
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  for (size_t start = 0;;) {
    const size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

bool valid_utf8(std::string_view text) {
  for (size_t at = 0; at < text.size();) {
    const utf8::Decoded d = utf8::decode(text, at);
    if (d.code_point >= 0x80 && d.length == 1) return false;
    at += d.length;
  }
  return true;
}

// The Sigma wildcard syntax as an RE2 pattern, written independently of wildcard.cpp.
std::string sigma_as_regex(std::string_view pattern) {
  std::string regex = "(?s)";
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size() &&
        (pattern[i + 1] == '*' || pattern[i + 1] == '?' || pattern[i + 1] == '\\')) {
      regex += re2::RE2::QuoteMeta(pattern.substr(++i, 1));
    } else if (c == '*') {
      regex += ".*";
    } else if (c == '?') {
      regex += ".";
    } else {
      regex += re2::RE2::QuoteMeta(pattern.substr(i, 1));
    }
  }
  return regex;
}

void fuzz_wildcard(std::string_view pattern, std::string_view text, uint8_t options) {
  const Case letter_case = static_cast<Case>(options % 3);
  const WildcardSyntax syntax{.escape = options & 4 ? std::optional<char>() : '\\',
                              .single_char = (options & 8) == 0,
                              .keep_unknown_escape = (options & 16) == 0};
  const Wildcard wildcard(pattern, letter_case, syntax);
  const bool matched = wildcard.matches(text);
  for (const std::string& piece : wildcard.literal_pieces())
    if (matched && letter_case == Case::sensitive) check(text.find(piece) != std::string_view::npos);
  const bool sigma_syntax = (options & (4 | 8 | 16)) == 0;
  if (!sigma_syntax || letter_case == Case::unicode_insensitive || !valid_utf8(pattern) || !valid_utf8(text)) return;
  // RE2 folds Unicode case; compare ASCII-insensitive matching on ASCII-lowered inputs instead.
  const std::string p = letter_case == Case::sensitive ? std::string(pattern) : fold(pattern, Case::ascii_insensitive);
  const std::string t = letter_case == Case::sensitive ? std::string(text) : fold(text, Case::ascii_insensitive);
  re2::RE2::Options re2_options;
  re2_options.set_log_errors(false);
  const re2::RE2 oracle(sigma_as_regex(p), re2_options);
  if (oracle.ok()) check(matched == re2::RE2::FullMatch(t, oracle));
}

void fuzz_regex(std::string_view pattern, std::string_view text, uint8_t options) {
  const RegexFlags flags{.ignore_case = (options & 2) != 0,
                         .multiline = (options & 4) != 0,
                         .dot_all = (options & 8) != 0,
                         .full_match = (options & 16) != 0};
  const std::string source = (options & 1 ? "(?=)" : "") + std::string(pattern);
  const Regex::Compiled compiled = Regex::compile(source, flags);
  if (!compiled.regex) {
    check(!compiled.error.empty());
    return;
  }
  if (options & 1) check(compiled.regex->engine() == RegexEngine::pcre2);
  const MatchResult result = compiled.regex->match(text);
  check(result == MatchResult::match || result == MatchResult::no_match || result == MatchResult::unknown);
  if (compiled.regex->engine() == RegexEngine::re2) check(result != MatchResult::unknown);
}

void fuzz_cidr(std::string_view pattern, std::string_view text) {
  const std::vector<std::string_view> prefixes = split(pattern, ',');
  const CidrSet::Compiled compiled = CidrSet::compile(std::span<const std::string_view>(prefixes));
  if (!compiled.set) {
    check(!compiled.error.empty());
    return;
  }
  compiled.set->contains(text);
  for (const std::string_view prefix : prefixes) check(compiled.set->contains(parse_prefix(prefix).prefix->address));
}

void fuzz_kql_term(std::string_view pattern, std::string_view text, uint8_t options) {
  const Case letter_case = options & 1 ? Case::sensitive : Case::unicode_insensitive;
  const TermMatch kind = static_cast<TermMatch>((options >> 1) % 3);
  const TermNeedle needle(pattern, kind, letter_case);
  if (needle.found_in(text)) check(Needle(pattern, letter_case).contains(fold(text, letter_case)));
  check(needle.found_in(pattern));
}

void fuzz_literal_set(std::string_view pattern, std::string_view text) {
  std::vector<LiteralSet::Entry> entries;
  uint32_t id = 0;
  for (const std::string_view literal : split(pattern, ',')) {
    entries.push_back({std::string(literal), id / 2, id % 3 != 0});
    ++id;
  }
  const LiteralSet hyperscan(entries), fallback(entries, LiteralSet::Backend::fallback);
  std::vector<uint32_t> a, b;
  hyperscan.scan(text, a);
  fallback.scan(text, b);
  check(a == b);
}

void fuzz_transforms(std::string_view pattern, std::string_view text, uint8_t options) {
  const std::vector<std::string> offsets = base64_offsets(pattern);
  for (size_t i = 0; i < 3; ++i)
    check(base64(std::string(i, ' ') + std::string(pattern) + std::string(text)).find(offsets[i]) != std::string::npos);
  const Transform step = static_cast<Transform>(options % 6);
  transform(pattern, std::span<const Transform>(&step, 1));
  if (const auto number = Number::parse(text)) check(*number == *number);
  compare_numbers(pattern, text);
}

}  // namespace
}  // namespace ruledex::match

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ruledex::fuzz::ResourceGuard guard(size);
  if (size < 2) return 0;
  const uint8_t kind = data[0], options = data[1];
  const std::string_view input(reinterpret_cast<const char*>(data) + 2, size - 2);
  const size_t newline = input.find('\n');
  const std::string_view pattern = input.substr(0, newline);
  const std::string_view text = newline == std::string_view::npos ? std::string_view{} : input.substr(newline + 1);
  using namespace ruledex::match;
  switch (kind % 6) {
    case 0: fuzz_wildcard(pattern, text, options); break;
    case 1: fuzz_regex(pattern, text, options); break;
    case 2: fuzz_cidr(pattern, text); break;
    case 3: fuzz_kql_term(pattern, text, options); break;
    case 4: fuzz_literal_set(pattern, text); break;
    case 5: fuzz_transforms(pattern, text, options); break;
  }
  return 0;
}
