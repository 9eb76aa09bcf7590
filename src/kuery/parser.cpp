#include "kuery/parser.h"

#include <cctype>
#include <optional>
#include <string>

#include "base/source_text.h"

namespace ruledex::kuery {
namespace {

constexpr int kMaxDepth = 200;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
// Characters that end an unquoted literal unless escaped.
bool is_special(char c) {
  return c == '\\' || c == '(' || c == ')' || c == ':' || c == '<' || c == '>' || c == '"' || c == '{' || c == '}';
}

struct ParseFailure {
  ParseError error;
};

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  QueryAst run() {
    QueryAst ast;
    try {
      skip_space();
      if (at_end()) return ast;
      ast.root = parse_or(0, nullptr);
      ast.has_root = true;
      skip_space();
      if (!at_end()) fail(std::string("unexpected '") + text_[pos_] + "'");
    } catch (const ParseFailure& failure) {
      ast.errors.push_back(failure.error);
    }
    return ast;
  }

 private:
  // `field` set: inside `field: ( ... )`, where operands are values of that field.
  using Operand = Node (Parser::*)(int depth, const std::string* field);

  Node parse_or(int depth, const std::string* field) { return parse_chain(depth, field, "or", NodeKind::or_, &Parser::parse_and); }
  Node parse_and(int depth, const std::string* field) { return parse_chain(depth, field, "and", NodeKind::and_, &Parser::parse_not); }

  Node parse_chain(int depth, const std::string* field, std::string_view keyword, NodeKind kind, Operand operand) {
    uint32_t begin = pos_;
    Node first = (this->*operand)(depth, field);
    if (!at_keyword(keyword)) return first;
    Node chain;
    chain.kind = kind;
    chain.children.push_back(std::move(first));
    while (at_keyword(keyword)) {
      pos_ += static_cast<uint32_t>(keyword.size());
      skip_space();
      chain.children.push_back((this->*operand)(depth, field));
    }
    chain.range = {begin, chain.children.back().range.end};
    return chain;
  }

  Node parse_not(int depth, const std::string* field) {
    skip_space();
    uint32_t begin = pos_;
    if (at_word("not")) {
      pos_ += 3;
      skip_space();
      Node negated;
      negated.kind = NodeKind::not_;
      negated.children.push_back(parse_not(deeper(depth), field));
      negated.range = {begin, negated.children.back().range.end};
      return negated;
    }
    return parse_primary(depth, field);
  }

  Node parse_primary(int depth, const std::string* field) {
    skip_space();
    if (at_end()) fail("expected a value or an expression");
    uint32_t begin = pos_;
    if (text_[pos_] == '(') {
      ++pos_;
      skip_space();
      Node inner = parse_or(deeper(depth), field);
      skip_space();
      expect(')');
      inner.range = {begin, pos_};
      return inner;
    }
    if (field) return value_match(*field, parse_value());
    Value first = parse_value();
    skip_space();
    if (!at_end() && (text_[pos_] == '<' || text_[pos_] == '>')) return parse_range(first);
    if (at_end() || text_[pos_] != ':') return value_match("", std::move(first));
    ++pos_;
    skip_space();
    return parse_field_body(first, depth);
  }

  // After `field:`: a nested query, a value list, `*` or one value.
  Node parse_field_body(const Value& field, int depth) {
    if (at_end()) fail("expected a value after ':'");
    uint32_t begin = field.range.begin;
    if (text_[pos_] == '{') {
      ++pos_;
      skip_space();
      Node nested;
      nested.kind = NodeKind::nested;
      nested.field = field.text;
      nested.children.push_back(parse_or(deeper(depth), nullptr));
      skip_space();
      expect('}');
      nested.range = {begin, pos_};
      return nested;
    }
    if (text_[pos_] == '(') {
      Node list = parse_primary(deeper(depth), &field.text);
      list.range.begin = begin;
      return list;
    }
    Node match = value_match(field.text, parse_value());
    match.range.begin = begin;
    return match;
  }

  Node parse_range(const Value& field) {
    std::string op(1, text_[pos_++]);
    if (!at_end() && text_[pos_] == '=') {
      op += '=';
      ++pos_;
    }
    skip_space();
    Node node = value_match(field.text, parse_value());
    node.kind = NodeKind::range;
    node.op = std::move(op);
    node.range.begin = field.range.begin;
    return node;
  }

  // `field: *`, alone or in a value list, means the field exists (Kibana's
  // `is` function turns a lone wildcard into an exists query).
  static Node value_match(std::string field, Value value) {
    Node node;
    node.kind = !field.empty() && value.wildcard && value.text == "*" ? NodeKind::exists : NodeKind::match;
    node.field = std::move(field);
    node.range = value.range;
    node.value = std::move(value);
    return node;
  }

  Value parse_value() {
    if (at_end()) fail("expected a value");
    return text_[pos_] == '"' ? parse_quoted() : parse_unquoted();
  }

  Value parse_quoted() {
    Value value;
    value.quoted = true;
    value.range.begin = pos_++;
    while (!at_end() && text_[pos_] != '"') {
      if (!take_phrase_escape(value.text)) value.text += text_[pos_++];
    }
    if (at_end()) fail("unterminated quoted value", value.range.begin);
    ++pos_;
    value.range.end = pos_;
    return value;
  }

  // Kibana's QuotedCharacter: in a phrase \\ and \" stand for themselves, \t
  // \r \n for whitespace and \uXXXX for a code point; any other backslash is a
  // character of the value ("C:\Program Files" keeps it).
  bool take_phrase_escape(std::string& out) {
    if (text_[pos_] != '\\' || pos_ + 1 >= text_.size()) return false;
    char next = text_[pos_ + 1];
    switch (next) {
      case '\\':
      case '"': out += next; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case 'n': out += '\n'; break;
      case 'u': {
        std::optional<char32_t> code_point = hex4(pos_ + 2);
        if (!code_point) return false;
        append_utf8(out, *code_point);
        pos_ += 4;
        break;
      }
      default: return false;
    }
    pos_ += 2;
    return true;
  }

  std::optional<char32_t> hex4(uint32_t at) const {
    if (at > text_.size() || text_.size() - at < 4) return std::nullopt;
    char32_t value = 0;
    for (uint32_t i = at; i < at + 4; ++i) {
      char c = static_cast<char>(std::tolower(static_cast<unsigned char>(text_[i])));
      if (!std::isxdigit(static_cast<unsigned char>(c))) return std::nullopt;
      value = value * 16 + static_cast<char32_t>(c <= '9' ? c - '0' : c - 'a' + 10);
    }
    return value;
  }

  // Unquoted literals may hold spaces; they end at a special character or
  // before a spaced `or` / `and`, and their trailing spaces are not part of them.
  Value parse_unquoted() {
    Value value;
    value.range.begin = pos_;
    size_t kept = 0;  // text length without trailing spaces
    uint32_t kept_end = pos_;
    for (std::string_view keyword : {"or", "and", "not"})
      if (at_word(keyword)) fail("expected a value, found '" + std::string(keyword) + "'");
    while (!at_end()) {
      char c = text_[pos_];
      if (is_space(c)) {
        if (at_keyword("or") || at_keyword("and")) break;
        value.text += c;
        ++pos_;
        continue;
      }
      if (c == '\\') {
        if (pos_ + 1 >= text_.size()) fail("a '\\' ends the query");
        value.text += text_[pos_ + 1];
        pos_ += 2;
      } else if (is_special(c)) {
        break;
      } else {
        if (c == '*') value.wildcard = true;
        value.text += c;
        ++pos_;
      }
      kept = value.text.size();
      kept_end = pos_;
    }
    value.text.resize(kept);
    pos_ = kept_end;
    value.range.end = pos_;
    if (value.text.empty()) fail(at_end() ? "expected a value" : std::string("unexpected '") + text_[pos_] + "'");
    return value;
  }

  // At spaces followed by `keyword` and a space, '(' or the end. Leaves pos_ at the keyword.
  bool at_keyword(std::string_view keyword) {
    uint32_t at = pos_;
    while (at < text_.size() && is_space(text_[at])) ++at;
    if (at == pos_ && pos_ != 0 && !is_space(text_[pos_ - 1]) && text_[pos_ - 1] != ')' && text_[pos_ - 1] != '"')
      return false;
    uint32_t saved = pos_;
    pos_ = at;
    if (at_word(keyword)) return true;
    pos_ = saved;
    return false;
  }

  bool at_word(std::string_view word) const {
    if (text_.size() - pos_ < word.size()) return false;
    for (size_t i = 0; i < word.size(); ++i)
      if (std::tolower(static_cast<unsigned char>(text_[pos_ + i])) != word[i]) return false;
    size_t after = pos_ + word.size();
    return after == text_.size() || is_space(text_[after]) || text_[after] == '(';
  }

  void expect(char c) {
    if (at_end() || text_[pos_] != c) fail(std::string("expected '") + c + "'");
    ++pos_;
  }
  int deeper(int depth) const {
    if (depth + 1 > kMaxDepth) fail("nesting too deep");
    return depth + 1;
  }
  void skip_space() {
    while (!at_end() && is_space(text_[pos_])) ++pos_;
  }
  bool at_end() const { return pos_ >= text_.size(); }
  [[noreturn]] void fail(std::string message) const { fail(std::move(message), pos_); }
  [[noreturn]] static void fail(std::string message, uint32_t offset) { throw ParseFailure{{std::move(message), offset}}; }

  std::string_view text_;
  uint32_t pos_ = 0;
};

}  // namespace

QueryAst parse(std::string_view query) { return Parser(query).run(); }

}  // namespace ruledex::kuery
