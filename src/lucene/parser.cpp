#include "lucene/parser.h"

#include <optional>
#include <string>

#include "base/ascii_case.h"

namespace ruledex::lucene {
namespace {

constexpr int kMaxDepth = 200;
constexpr size_t kMaxErrors = 50;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// Characters that end a term unless escaped. `+`, `-`, `/`, `&` and `|` may
// appear inside a term (g+s, a-b, C:/x is not: `:` separates a field).
bool ends_term(char c) {
  switch (c) {
    case '(': case ')': case ':': case '^': case '[': case ']': case '"': case '{': case '}': case '~': case '!':
      return true;
    default:
      return is_space(c);
  }
}

// Characters that cannot start a term: syntax and the prefix operators.
bool cannot_start_term(char c) { return ends_term(c) || c == '+' || c == '-' || c == '/' || c == '<' || c == '>'; }

bool is_digit_or_dot(char c) { return (c >= '0' && c <= '9') || c == '.'; }

struct ParseFailure {
  ParseError error;
  bool fatal = false;  // too deep or too many errors: the parse stops
};

// A term as read: `text` with escapes resolved, `pattern` keeping the escapes
// of literal wildcard characters.
struct Word {
  std::string text;
  std::string pattern;
  bool wildcard = false;
};

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  QueryAst run() {
    QueryAst ast;
    try {
      if (std::optional<Node> root = parse_or(0, "", false)) {
        ast.root = std::move(*root);
        ast.has_root = true;
      }
    } catch (const ParseFailure& failure) {  // only fatal failures reach here
      errors_.push_back(failure.error);
    }
    ast.errors = std::move(errors_);
    ast.warnings = std::move(warnings_);
    return ast;
  }

 private:
  // Clauses joined by OR, `||` or juxtaposition, up to the end or, in a group,
  // its `)`. A clause that fails is reported and skipped.
  std::optional<Node> parse_or(int depth, const std::string& field, bool in_group) {
    std::vector<Node> operands;
    while (true) {
      skip_space();
      if (at_end()) break;
      if (text_[pos_] == ')') {
        if (in_group) break;
        record("unexpected ')'", pos_);
        ++pos_;
        continue;
      }
      if (size_t length = operator_length("OR", "||")) {
        if (operands.empty()) record("expected a clause before '" + std::string(text_.substr(pos_, length)) + "'", pos_);
        pos_ += static_cast<uint32_t>(length);
        skip_space();
        if (at_end() || text_[pos_] == ')') {
          record("expected a clause after OR", pos_);
          continue;
        }
      }
      try {
        operands.push_back(parse_and(depth, field));
      } catch (const ParseFailure& failure) {
        if (failure.fatal) throw;
        record(failure.error);
        skip_clause();
      }
    }
    if (operands.empty()) return std::nullopt;
    if (operands.size() == 1) return std::move(operands.front());
    return chain(NodeKind::or_, std::move(operands));
  }

  Node parse_and(int depth, const std::string& field) {
    std::vector<Node> operands;
    operands.push_back(parse_unary(depth, field));
    while (true) {
      skip_space();
      size_t length = operator_length("AND", "&&");
      if (!length) break;
      pos_ += static_cast<uint32_t>(length);
      try {
        operands.push_back(parse_unary(depth, field));
      } catch (const ParseFailure& failure) {  // keep the operands read so far
        if (failure.fatal) throw;
        record(failure.error);
        skip_clause();
        break;
      }
    }
    if (operands.size() == 1) return std::move(operands.front());
    return chain(NodeKind::and_, std::move(operands));
  }

  static Node chain(NodeKind kind, std::vector<Node> operands) {
    Node node;
    node.kind = kind;
    node.range = {operands.front().range.begin, operands.back().range.end};
    node.children = std::move(operands);
    return node;
  }

  // NOT x, !x, +x, -x, or a clause.
  Node parse_unary(int depth, const std::string& field) {
    skip_space();
    uint32_t begin = pos_;
    NodeKind kind = NodeKind::not_;
    uint32_t length = 1;
    if (at_word("NOT")) {
      length = 3;
    } else if (at('+')) {
      kind = NodeKind::required;
    } else if (at('-')) {
      kind = NodeKind::prohibited;
    } else if (!at('!')) {
      return parse_clause(depth, field);
    }
    pos_ += length;
    Node node;
    node.kind = kind;
    node.children.push_back(parse_unary(deeper(depth), field));
    node.range = {begin, node.children.back().range.end};
    return node;
  }

  // A group, `field:value`, or a value of the enclosing field.
  Node parse_clause(int depth, const std::string& field) {
    skip_space();
    if (at_end()) fail("expected a clause");
    uint32_t begin = pos_;
    if (at('(')) return parse_group(depth, field, begin);
    for (std::string_view keyword : {"AND", "OR"})
      if (at_word(keyword)) fail("expected a clause, found '" + std::string(keyword) + "'");
    if (operator_length("AND", "&&") || operator_length("OR", "||"))
      fail("expected a clause, found '" + std::string(text_.substr(pos_, 2)) + "'");
    if (!starts_term(false)) return parse_value(field, begin);
    Word word = read_word();
    if (!at(':')) {
      warn_if_operator_word(word, begin);
      return word_node(field, std::move(word), begin);
    }
    ++pos_;
    skip_space();
    return parse_field_value(word.text, begin, depth);
  }

  Node parse_group(int depth, const std::string& field, uint32_t begin) {
    uint32_t open = pos_++;
    std::optional<Node> inner = parse_or(deeper(depth), field, true);
    if (at(')'))
      ++pos_;
    else
      record({"expected ')'", pos_, open});
    Node group;
    if (inner) {
      group = std::move(*inner);
    } else {
      record("expected a clause in the parentheses", open);
      group.kind = NodeKind::or_;
    }
    group.range = {begin, pos_};
    group.group = true;
    if (at('^')) group.boost = read_number("^", true);
    group.range.end = pos_;
    return group;
  }

  // After `field:`: a group of its values, `_exists_:name`, or one value.
  Node parse_field_value(const std::string& field, uint32_t begin, int depth) {
    if (at_end()) fail("expected a value after ':'");
    if (at('(')) return parse_group(depth, field, begin);
    if (field == "_exists_") {
      if (!starts_term(false)) fail("expected a field name after '_exists_:'");
      Node node;
      node.kind = NodeKind::exists;
      node.field = read_word().text;
      node.range = {begin, pos_};
      return node;
    }
    Node node = parse_value(field, begin);
    if (node.kind == NodeKind::wildcard && node.text == "*") {
      node.kind = field == "*" ? NodeKind::match_all : NodeKind::exists;
      node.text.clear();
    }
    return node;
  }

  // A phrase, regex, range, comparison or term of `field` (empty: the default field).
  Node parse_value(const std::string& field, uint32_t begin) {
    if (at_end()) fail("expected a value");
    Node node;
    node.field = field;
    char c = text_[pos_];
    if (c == '"') {
      node.kind = NodeKind::phrase;
      node.text = read_quoted();
    } else if (c == '/') {
      node.kind = NodeKind::regex;
      node.text = read_regex();
    } else if (c == '[' || c == '{') {
      read_range(node);
    } else if (c == '<' || c == '>') {
      read_comparison(node);
    } else if (starts_term(true)) {
      return word_node(field, read_word(), begin);
    } else {
      fail(std::string("unexpected '") + c + "'");
    }
    if (node.kind == NodeKind::phrase && at('~')) node.proximity = read_number("~", false);
    if (at('^')) node.boost = read_number("^", true);
    node.range = {begin, pos_};
    return node;
  }

  // `a or b` searches for the word "or": Lucene's operators are upper case.
  void warn_if_operator_word(const Word& word, uint32_t begin) {
    for (std::string_view keyword : {"AND", "OR", "NOT"})
      if (word.text != keyword && word.pattern == word.text && iequals(word.text, keyword))
        warnings_.push_back({"'" + word.text + "' is searched for as a word: Lucene operators are upper case (" +
                                 std::string(keyword) + ")",
                             begin});
  }

  // A term or wildcard with its fuzziness and boost.
  Node word_node(const std::string& field, Word word, uint32_t begin) {
    Node node;
    node.field = field;
    if (word.wildcard && word.pattern == "*" && field.empty()) {
      node.kind = NodeKind::match_all;
    } else if (word.wildcard) {
      node.kind = NodeKind::wildcard;
      node.text = std::move(word.pattern);
    } else {
      node.kind = NodeKind::term;
      node.text = std::move(word.text);
    }
    if (at('~')) {
      node.fuzzy = true;
      node.proximity = read_number("~", false);
    }
    if (at('^')) node.boost = read_number("^", true);
    node.range = {begin, pos_};
    return node;
  }

  // [lower TO upper], {lower TO upper} or mixed; `*` is an open bound.
  void read_range(Node& node) {
    node.kind = NodeKind::range;
    uint32_t open = pos_;
    node.lower.inclusive = text_[pos_++] == '[';
    skip_space();
    read_bound(node.lower);
    skip_space();
    if (!at_word("TO")) fail("expected 'TO' in the range");
    pos_ += 2;
    skip_space();
    read_bound(node.upper);
    skip_space();
    if (!at(']') && !at('}')) throw ParseFailure{{"expected ']' or '}' to close the range", pos_, open}};
    node.upper.inclusive = text_[pos_++] == ']';
  }

  void read_bound(Bound& bound) {
    if (at('"')) {
      bound.text = read_quoted();
      bound.unbounded = false;
      return;
    }
    while (!at_end() && !is_space(text_[pos_]) && text_[pos_] != ']' && text_[pos_] != '}') {
      if (text_[pos_] == '\\') ++pos_;
      if (at_end()) fail("a '\\' ends the query");
      bound.text += text_[pos_++];
    }
    if (bound.text.empty()) fail("expected a range bound");
    bound.unbounded = bound.text == "*";
    if (bound.unbounded) bound.text.clear();
  }

  // field:>v, >=v, <v, <=v: a range open on one side.
  void read_comparison(Node& node) {
    node.kind = NodeKind::range;
    bool greater = text_[pos_++] == '>';
    bool inclusive = at('=');
    if (inclusive) ++pos_;
    Bound& bound = greater ? node.lower : node.upper;
    bound.inclusive = inclusive;
    bound.unbounded = false;
    if (at('"')) {
      bound.text = read_quoted();
    } else {
      if (!starts_term(true)) fail("expected a value after the comparison");
      bound.text = read_word().text;
    }
  }

  Word read_word() {
    Word word;
    while (!at_end()) {
      char c = text_[pos_];
      if (c == '\\') {
        if (pos_ + 1 >= text_.size()) fail("a '\\' ends the query");
        char escaped = text_[pos_ + 1];
        word.text += escaped;
        if (escaped == '*' || escaped == '?' || escaped == '\\') word.pattern += '\\';
        word.pattern += escaped;
        pos_ += 2;
        continue;
      }
      if (ends_term(c)) break;
      if (c == '*' || c == '?') word.wildcard = true;
      word.text += c;
      word.pattern += c;
      ++pos_;
    }
    return word;
  }

  std::string read_quoted() {
    uint32_t open = pos_++;
    std::string text;
    while (!at_end() && text_[pos_] != '"') {
      if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) ++pos_;
      text += text_[pos_++];
    }
    if (at_end()) fail("unterminated phrase", open);
    ++pos_;
    return text;
  }

  // The pattern between slashes; `\/` is a slash, other escapes stay for the regex engine.
  std::string read_regex() {
    uint32_t open = pos_++;
    std::string pattern;
    while (!at_end() && text_[pos_] != '/') {
      if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) {
        if (text_[pos_ + 1] != '/') pattern += '\\';
        ++pos_;
      }
      pattern += text_[pos_++];
    }
    if (at_end()) fail("unterminated regular expression", open);
    ++pos_;
    return pattern;
  }

  // The number after `~` (optional: term~ is fuzziness 2) or `^` (required).
  std::string read_number(std::string_view sign, bool required) {
    ++pos_;
    uint32_t begin = pos_;
    while (!at_end() && is_digit_or_dot(text_[pos_])) ++pos_;
    if (required && pos_ == begin) fail("expected a number after '" + std::string(sign) + "'");
    return std::string(text_.substr(begin, pos_ - begin));
  }

  // After an error: skip the rest of the clause, up to a space or a `)`.
  void skip_clause() {
    while (!at_end() && !is_space(text_[pos_]) && text_[pos_] != ')') ++pos_;
  }

  bool starts_term(bool value_position) const {
    if (at_end()) return false;
    char c = text_[pos_];
    if (c == '\\') return true;
    // A value may start with a sign: field:-1, field:+1.
    if (value_position && (c == '-' || c == '+')) return true;
    return !cannot_start_term(c);
  }

  // The length of `word` or `symbol` at pos_ as an operator, or 0.
  size_t operator_length(std::string_view word, std::string_view symbol) const {
    if (text_.substr(pos_, symbol.size()) == symbol) return symbol.size();
    return at_word(word) ? word.size() : 0;
  }

  // An upper-case keyword standing alone (followed by a space, a bracket or a prefix).
  bool at_word(std::string_view word) const {
    if (text_.substr(pos_, word.size()) != word) return false;
    size_t after = pos_ + word.size();
    if (after == text_.size()) return true;
    char c = text_[after];
    return is_space(c) || c == '(' || c == '"' || c == '!' || c == '+' || c == '-';
  }

  bool at(char c) const { return pos_ < text_.size() && text_[pos_] == c; }
  bool at_end() const { return pos_ >= text_.size(); }
  void skip_space() {
    while (!at_end() && is_space(text_[pos_])) ++pos_;
  }

  int deeper(int depth) const {
    if (depth + 1 > kMaxDepth) throw ParseFailure{{"nesting too deep", pos_}, true};
    return depth + 1;
  }
  void record(std::string message, uint32_t offset) { record({std::move(message), offset}); }
  void record(ParseError error) {
    if (errors_.size() >= kMaxErrors) throw ParseFailure{{"too many errors", error.offset}, true};
    errors_.push_back(std::move(error));
  }
  [[noreturn]] void fail(std::string message) const { fail(std::move(message), pos_); }
  [[noreturn]] static void fail(std::string message, uint32_t offset) { throw ParseFailure{{std::move(message), offset}}; }

  std::string_view text_;
  uint32_t pos_ = 0;
  std::vector<ParseError> errors_;
  std::vector<ParseError> warnings_;
};

}  // namespace

QueryAst parse(std::string_view query) { return Parser(query).run(); }

}  // namespace ruledex::lucene
