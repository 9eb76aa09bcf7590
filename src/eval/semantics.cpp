#include "eval/semantics.h"

#include "eval/semantics_common.h"

#include <cctype>

namespace ruledex::eval {
namespace {

class EqualityTest final : public ValueTest {
 public:
  EqualityTest(std::string_view needle, match::Case letter_case, NumberEquality numbers)
      : text_(text_test(Op::eq, needle, letter_case)), numbers_(numbers) {
    if (numbers != NumberEquality::text) number_ = match::Number::parse(needle);
  }
  Truth test(const events::Event::Field& value) const override {
    if (number_ && (numbers_ == NumberEquality::parsed || value.type == events::ValueType::number))
      if (std::optional<match::Number> number = match::Number::parse(value.value)) return from_bool(*number == *number_);
    return text_->test(value);
  }
  // A number may be written otherwise in the event (10 as 10.0).
  std::vector<RequiredLiteral> required_literals() const override {
    return number_ ? std::vector<RequiredLiteral>{} : text_->required_literals();
  }

 private:
  std::unique_ptr<ValueTest> text_;
  NumberEquality numbers_;
  std::optional<match::Number> number_;
};

match::Case case_of(const Predicate& predicate, match::Case insensitive) {
  return predicate.case_sensitive ? match::Case::sensitive : insensitive;
}

}  // namespace

Leaf unknown_leaf(std::string reason) {
  Leaf leaf;
  leaf.kind = Leaf::Kind::unknown;
  leaf.reason = std::move(reason);
  return leaf;
}

Leaf leaf_for(const Predicate& predicate, FieldNames& names) {
  Leaf leaf;
  leaf.negated = predicate.negated;
  leaf.any_field = predicate.field.empty();
  if (!leaf.any_field) leaf.field = names.intern(predicate.field);
  if (predicate.op == Op::exists) leaf.kind = Leaf::Kind::exists;
  return leaf;
}

bool add_number_tests(const Predicate& predicate, Leaf& leaf) {
  std::vector<match::Number> numbers;
  for (const std::string& value : predicate.values) {
    std::optional<match::Number> number = match::Number::parse(value);
    if (!number) {
      leaf = unknown_leaf("`" + value + "` is not a number");
      return false;
    }
    numbers.push_back(*number);
  }
  if (predicate.op == Op::between) {
    if (numbers.size() != 2) {
      leaf = unknown_leaf("between needs two bounds");
      return false;
    }
    leaf.tests.push_back(between_test(numbers[0], numbers[1]));
    return true;
  }
  for (const match::Number& number : numbers) leaf.tests.push_back(number_test(predicate.op, number));
  return true;
}

bool add_cidr_test(const Predicate& predicate, Leaf& leaf) {
  std::string error;
  std::unique_ptr<ValueTest> test = cidr_test(predicate.values, error);
  if (!test) {
    leaf = unknown_leaf("invalid CIDR: " + error);
    return false;
  }
  leaf.tests.push_back(std::move(test));
  return true;
}

bool add_regex_tests(const Predicate& predicate, RegexOptions options, Leaf& leaf) {
  for (const std::string& value : predicate.values) {
    std::string error;
    std::unique_ptr<ValueTest> test = regex_test(value, options, error);
    if (!test) {
      leaf = unknown_leaf("regex does not compile: " + error);
      return false;
    }
    leaf.tests.push_back(std::move(test));
  }
  return true;
}

std::unique_ptr<ValueTest> equality_test(std::string_view needle, match::Case letter_case, NumberEquality numbers) {
  return std::make_unique<EqualityTest>(needle, letter_case, numbers);
}

Leaf dialect_leaf(const Predicate& predicate, FieldNames& names, const Dialect& dialect) {
  Leaf leaf = leaf_for(predicate, names);
  if (leaf.kind == Leaf::Kind::exists) return leaf;
  leaf.absent = dialect.absent;
  switch (predicate.op) {
    case Op::eq:
    case Op::in:
      for (const std::string& value : predicate.values)
        leaf.tests.push_back(equality_test(value, case_of(predicate, dialect.equality_case), dialect.numbers));
      return leaf;
    case Op::contains:
    case Op::startswith:
    case Op::endswith:
      for (const std::string& value : predicate.values)
        leaf.tests.push_back(text_test(predicate.op, value, case_of(predicate, dialect.substring_case)));
      return leaf;
    case Op::has:
    case Op::has_any:
    case Op::has_all:
      leaf.every_test = predicate.op == Op::has_all;
      for (const std::string& value : predicate.values)
        leaf.tests.push_back(term_test(value, match::TermMatch::whole, case_of(predicate, dialect.term_case)));
      return leaf;
    case Op::wildcard:
      for (const std::string& value : predicate.values)
        leaf.tests.push_back(wildcard_test(value, case_of(predicate, dialect.equality_case), dialect.wildcards));
      return leaf;
    case Op::regex:
      add_regex_tests(predicate, {.ignore_case = !predicate.case_sensitive, .full_match = dialect.regex_full_match}, leaf);
      return leaf;
    case Op::cidr: add_cidr_test(predicate, leaf); return leaf;
    case Op::lt:
    case Op::le:
    case Op::gt:
    case Op::ge:
    case Op::between: add_number_tests(predicate, leaf); return leaf;
    case Op::exists: return leaf;
  }
  return leaf;
}

std::string operator_text(const Rule& rule, const Predicate& predicate) {
  const SourceRange& range = predicate.range;
  if (range.begin >= range.end || range.end > rule.query.size()) return {};
  std::string out;
  char quote = 0;
  for (size_t i = range.begin; i < range.end; ++i) {
    char c = rule.query[i];
    if (quote) {
      if (c == '\\') ++i;
      else if (c == quote) quote = 0;
      out += ' ';
    } else if (c == '"' || c == '\'') {
      quote = c;
      out += ' ';
    } else {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

bool spelled_with(const std::string& text, std::string_view word) {
  auto word_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  for (size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
    size_t end = at + word.size();
    if ((at == 0 || !word_char(text[at - 1])) && (end == text.size() || !word_char(text[end]))) return true;
  }
  return false;
}

std::string like_to_wildcard(std::string_view like) {
  std::string out;
  for (char c : like) {
    if (c == '%') {
      out += '*';
    } else if (c == '_') {
      out += '?';
    } else {
      if (c == '*' || c == '?' || c == '\\') out += '\\';
      out += c;
    }
  }
  return out;
}

Leaf compile_leaf(const Rule& rule, const Predicate& predicate, FieldNames& names) {
  using Semantics = Leaf (*)(const Rule&, const Predicate&, FieldNames&);
  static constexpr std::pair<std::string_view, Semantics> kLanguages[] = {
      {"sigma", &sigma_leaf}, {"kql", &kql_leaf},       {"spl", &spl_leaf},   {"eql", &eql_leaf},
      {"kuery", &kuery_leaf}, {"lucene", &lucene_leaf}, {"esql", &esql_leaf}, {"sql", &sql_leaf},
      {"yara-l", &yaral_leaf},
  };
  Semantics semantics = &generic_leaf;
  for (const auto& [language, own] : kLanguages)
    if (rule.language == language) semantics = own;
  Leaf leaf = semantics(rule, predicate, names);
  if (leaf.kind == Leaf::Kind::values && !leaf.every_test) fuse_substring_tests(leaf.tests);
  return leaf;
}

}  // namespace ruledex::eval
