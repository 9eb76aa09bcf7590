#include "eval/value_tests.h"

#include "match/cidr.h"
#include "match/literal_set.h"
#include "match/regex.h"
#include "match/utf8.h"

namespace ruledex::eval {
namespace {

// What a prefilter may look for: the literal scanner folds ASCII case only,
// so a needle folded by Unicode rules gives none unless it is ASCII.
std::optional<RequiredLiteral> literal_of(std::string_view text, match::Case letter_case,
                                          RequiredLiteral::Anchor anchor = RequiredLiteral::Anchor::anywhere) {
  if (letter_case == match::Case::unicode_insensitive && !match::utf8::is_ascii(text)) return std::nullopt;
  return RequiredLiteral{std::string(text), letter_case != match::Case::sensitive, anchor};
}

RequiredLiteral::Anchor anchor_of(Op op) {
  switch (op) {
    case Op::contains: return RequiredLiteral::Anchor::anywhere;
    case Op::startswith: return RequiredLiteral::Anchor::start;
    case Op::endswith: return RequiredLiteral::Anchor::end;
    default: return RequiredLiteral::Anchor::whole;
  }
}

std::vector<RequiredLiteral> as_list(std::optional<RequiredLiteral> literal) {
  if (!literal) return {};
  return {std::move(*literal)};
}

class TextTest final : public ValueTest {
 public:
  TextTest(Op op, std::string_view needle, match::Case letter_case)
      : op_(op), needle_(needle, letter_case), written_(needle) {}
  Truth test(const events::Event::Field& value) const override {
    switch (op_) {
      case Op::contains: return from_bool(needle_.contains(value.value));
      case Op::startswith: return from_bool(needle_.starts(value.value));
      case Op::endswith: return from_bool(needle_.ends(value.value));
      default: return from_bool(needle_.equals(value.value));
    }
  }
  std::vector<RequiredLiteral> required_literals() const override {
    return as_list(literal_of(written_, needle_.letter_case(), anchor_of(op_)));
  }
  std::optional<RequiredLiteral> exact_substring() const override {
    if (op_ != Op::contains || needle_.letter_case() == match::Case::unicode_insensitive) return std::nullopt;
    return literal_of(written_, needle_.letter_case());
  }

 private:
  Op op_;
  match::Needle needle_;
  std::string written_;
};

class WildcardTest final : public ValueTest {
 public:
  WildcardTest(std::string_view pattern, match::Case letter_case, match::WildcardSyntax syntax)
      : wildcard_(pattern, letter_case, syntax), case_(letter_case) {}
  Truth test(const events::Event::Field& value) const override { return from_bool(wildcard_.matches(value.value)); }
  // The longest piece; tied to the start or end when it is the first or last and no wildcard precedes or follows it.
  std::vector<RequiredLiteral> required_literals() const override {
    const std::vector<std::string>& pieces = wildcard_.literal_pieces();
    size_t longest = 0;
    for (size_t i = 1; i < pieces.size(); ++i)
      if (pieces[i].size() > pieces[longest].size()) longest = i;
    if (pieces.empty() || pieces[longest].empty()) return {};
    RequiredLiteral::Anchor anchor = RequiredLiteral::Anchor::anywhere;
    if (longest == 0 && wildcard_.literal_start()) anchor = RequiredLiteral::Anchor::start;
    else if (longest + 1 == pieces.size() && wildcard_.literal_end()) anchor = RequiredLiteral::Anchor::end;
    return as_list(literal_of(pieces[longest], case_, anchor));
  }

 private:
  match::Wildcard wildcard_;
  match::Case case_;
};

class TermTest final : public ValueTest {
 public:
  TermTest(std::string_view needle, match::TermMatch kind, match::Case letter_case)
      : needle_(needle, kind, letter_case), written_(needle), case_(letter_case) {}
  Truth test(const events::Event::Field& value) const override { return from_bool(needle_.found_in(value.value)); }
  std::vector<RequiredLiteral> required_literals() const override { return as_list(literal_of(written_, case_)); }

 private:
  match::TermNeedle needle_;
  std::string written_;
  match::Case case_;
};

class NumberTest final : public ValueTest {
 public:
  NumberTest(Op op, match::Number bound) : op_(op), bound_(bound) {}
  Truth test(const events::Event::Field& value) const override {
    std::optional<match::Number> number = match::Number::parse(value.value);
    if (!number) return Truth::no;
    switch (op_) {
      case Op::lt: return from_bool(*number < bound_);
      case Op::le: return from_bool(*number <= bound_);
      case Op::gt: return from_bool(*number > bound_);
      case Op::ge: return from_bool(*number >= bound_);
      default: return from_bool(*number == bound_);
    }
  }

 private:
  Op op_;
  match::Number bound_;
};

class BetweenTest final : public ValueTest {
 public:
  BetweenTest(match::Number low, match::Number high) : low_(low), high_(high) {}
  Truth test(const events::Event::Field& value) const override {
    std::optional<match::Number> number = match::Number::parse(value.value);
    return from_bool(number && *number >= low_ && *number <= high_);
  }

 private:
  match::Number low_, high_;
};

class CidrTest final : public ValueTest {
 public:
  explicit CidrTest(match::CidrSet set) : set_(std::move(set)) {}
  Truth test(const events::Event::Field& value) const override { return from_bool(set_.contains(value.value)); }

 private:
  match::CidrSet set_;
};

class UnknownTest final : public ValueTest {
 public:
  Truth test(const events::Event::Field&) const override { return Truth::unknown; }
};

class RegexTest final : public ValueTest {
 public:
  explicit RegexTest(match::Regex regex) : regex_(std::move(regex)) {
    for (std::string& atom : regex_.required_atoms(1)) atoms_.push_back({std::move(atom), true});
  }
  std::vector<RequiredLiteral> required_literals() const override { return atoms_; }
  Truth test(const events::Event::Field& value) const override {
    switch (regex_.match(value.value)) {
      case match::MatchResult::match: return Truth::yes;
      case match::MatchResult::no_match: return Truth::no;
      default: return Truth::unknown;
    }
  }

 private:
  match::Regex regex_;
  std::vector<RequiredLiteral> atoms_;
};

// Many plain `contains` of one leaf: one scan for all of them.
class AnySubstringTest final : public ValueTest {
 public:
  explicit AnySubstringTest(std::vector<RequiredLiteral> literals) : literals_(std::move(literals)), set_(entries(literals_)) {}
  Truth test(const events::Event::Field& value) const override { return from_bool(set_.any_in(value.value)); }
  std::vector<RequiredLiteral> required_literals() const override { return literals_; }

 private:
  static std::vector<match::LiteralSet::Entry> entries(const std::vector<RequiredLiteral>& literals) {
    std::vector<match::LiteralSet::Entry> out;
    for (const RequiredLiteral& literal : literals) out.push_back({literal.text, 0, literal.caseless});
    return out;
  }

  std::vector<RequiredLiteral> literals_;
  match::LiteralSet set_;
};

}  // namespace

std::unique_ptr<ValueTest> text_test(Op op, std::string_view needle, match::Case letter_case) {
  return std::make_unique<TextTest>(op, needle, letter_case);
}

std::unique_ptr<ValueTest> wildcard_test(std::string_view pattern, match::Case letter_case, match::WildcardSyntax syntax) {
  return std::make_unique<WildcardTest>(pattern, letter_case, syntax);
}

std::unique_ptr<ValueTest> term_test(std::string_view needle, match::TermMatch kind, match::Case letter_case) {
  return std::make_unique<TermTest>(needle, kind, letter_case);
}

std::unique_ptr<ValueTest> number_test(Op op, match::Number bound) { return std::make_unique<NumberTest>(op, bound); }

std::unique_ptr<ValueTest> between_test(match::Number low, match::Number high) {
  return std::make_unique<BetweenTest>(low, high);
}

std::unique_ptr<ValueTest> cidr_test(const std::vector<std::string>& prefixes, std::string& error) {
  match::CidrSet::Compiled compiled = match::CidrSet::compile(prefixes);
  if (!compiled.set) {
    error = compiled.error;
    return nullptr;
  }
  return std::make_unique<CidrTest>(std::move(*compiled.set));
}

void fuse_substring_tests(ValueTests& tests) {
  std::vector<RequiredLiteral> literals;
  for (const auto& test : tests)
    if (std::optional<RequiredLiteral> literal = test->exact_substring()) literals.push_back(std::move(*literal));
  if (literals.size() < kFusedSubstrings) return;
  std::erase_if(tests, [](const auto& test) { return test->exact_substring().has_value(); });
  tests.push_back(std::make_unique<AnySubstringTest>(std::move(literals)));
}

std::unique_ptr<ValueTest> always_unknown_test() { return std::make_unique<UnknownTest>(); }

std::unique_ptr<ValueTest> regex_test(std::string_view pattern, RegexOptions options, std::string& error) {
  match::Regex::Compiled compiled = match::Regex::compile(
      pattern, {.ignore_case = options.ignore_case, .multiline = options.multiline, .dot_all = options.dot_all,
                .full_match = options.full_match});
  if (!compiled.regex) {
    error = compiled.error;
    return nullptr;
  }
  return std::make_unique<RegexTest>(std::move(*compiled.regex));
}

}  // namespace ruledex::eval
