#include "bicep/parser.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "base/source_text.h"
#include "bicep/lexer.h"

namespace ruledex::bicep {
namespace {

constexpr int kMaxNesting = 64;

struct Failure {
  std::string message;
  uint32_t offset;
};

constexpr std::array<std::string_view, 12> kStatementKeywords = {
    "param", "var", "resource", "output", "module", "targetScope", "using", "import", "type", "func", "metadata", "extension"};

bool is_statement_keyword(std::string_view word) {
  return std::find(kStatementKeywords.begin(), kStatementKeywords.end(), word) != kStatementKeywords.end();
}

// Binary operators by precedence, loosest first.
constexpr std::array<std::array<std::string_view, 6>, 6> kBinaryLevels = {{
    {"??"},
    {"||"},
    {"&&"},
    {"==", "!=", "=~", "!~"},
    {"<", "<=", ">", ">="},
    {"+", "-"},
}};
constexpr std::array<std::string_view, 3> kMultiplicative = {"*", "/", "%"};

class Parser {
 public:
  // `base` is where `text` starts in the file: interpolations are parsed on
  // their own slice and report file offsets.
  Parser(std::string_view file, uint32_t base, std::string_view text, File& out, int nesting = 0)
      : file_(file), tokens_(tokenize(text)), out_(out), base_nesting_(nesting) {
    for (Token& token : tokens_) {
      token.span.begin += base;
      token.span.end += base;
    }
  }

  void parse_file() {
    while (true) {
      skip_newlines();
      if (at_end()) return;
      size_t start = pos_;
      try {
        out_.statements.push_back(statement());
      } catch (const Failure& failure) {
        out_.errors.push_back({failure.message, failure.offset});
        if (pos_ == start) ++pos_;
        recover();
      }
    }
  }

  ExprPtr parse_interpolation() {
    skip_newlines();
    ExprPtr expr = expression(base_nesting_);
    skip_newlines();
    if (!at_end()) fail("unexpected " + describe(peek()) + " in ${...}");
    return expr;
  }

 private:
  // --------------------------------------------------------- statements
  Statement statement() {
    Statement s;
    while (is_symbol("@")) {
      next();
      s.decorators.push_back(expression(0));
      skip_newlines();
    }
    const Token& keyword = expect_identifier("a statement (param, var, resource, output, ...)");
    s.span.begin = keyword.span.begin;
    std::string_view word = word_of(keyword);
    if (word == "param") {
      s.kind = StatementKind::param;
      s.name = word_of(expect_identifier("a parameter name"));
      if (is_symbol("=")) {  // a .bicepparam value
        next();
        s.value = expression(0);
      } else {
        s.type = type_text();
        if (is_symbol("=")) {
          next();
          s.value = expression(0);
        }
      }
    } else if (word == "var") {
      s.kind = StatementKind::var;
      s.name = word_of(expect_identifier("a variable name"));
      expect_symbol("=");
      s.value = expression(0);
    } else if (word == "resource" || word == "module") {
      s.kind = word == "resource" ? StatementKind::resource : StatementKind::module;
      s.name = word_of(expect_identifier("a symbolic name"));
      s.type = string_value(expect_kind(TokenKind::string, "the resource type string"));
      if (peek().kind == TokenKind::identifier && word_of(peek()) == "existing") {
        next();
        s.existing = true;
      }
      expect_symbol("=");
      s.value = resource_body(0);
    } else if (word == "output") {
      s.kind = StatementKind::output;
      s.name = word_of(expect_identifier("an output name"));
      s.type = type_text();
      expect_symbol("=");
      s.value = expression(0);
    } else if (word == "using") {
      s.kind = StatementKind::using_file;
      s.value = expression(0);
    } else if (word == "targetScope") {
      s.kind = StatementKind::target_scope;
      expect_symbol("=");
      s.value = expression(0);
    } else if (is_statement_keyword(word)) {
      s.kind = StatementKind::other;  // import, type, func, metadata: not needed, skipped
      skip_to_statement_end();
    } else {
      fail("expected a statement (param, var, resource, output, ...), found `" + std::string(word) + "`", keyword);
    }
    s.span.end = tokens_[pos_ > 0 ? pos_ - 1 : 0].span.end;
    if (peek().kind != TokenKind::newline && !at_end()) fail("expected the end of the line, found " + describe(peek()));
    return s;
  }

  // A type: a name, `string[]`, a union of literals; kept as text.
  std::string type_text() {
    const Token& first = peek();
    uint32_t begin = first.span.begin;
    uint32_t end = begin;
    while (!at_end() && peek().kind != TokenKind::newline && !is_symbol("=")) end = next().span.end;
    if (end == begin) fail("expected a type", first);
    return std::string(file_.substr(begin, end - begin));
  }

  // `{...}`, `if (cond) {...}` or `[for x in xs: ...]`.
  ExprPtr resource_body(int nesting) {
    if (peek().kind == TokenKind::identifier && word_of(peek()) == "if") return condition(nesting);
    return expression(nesting);
  }

  ExprPtr condition(int nesting) {
    auto expr = node(ExprKind::condition, next());
    expect_symbol("(");
    expr->children.push_back(expression(nesting + 1));
    expect_symbol(")");
    expr->children.push_back(expression(nesting + 1));
    return finish(std::move(expr));
  }

  // ------------------------------------------------------- expressions
  ExprPtr expression(int nesting) {
    if (nesting > kMaxNesting) fail("expression nested too deeply", peek());
    ExprPtr condition = binary(0, nesting);
    if (!is_symbol("?")) return condition;
    auto expr = std::make_unique<Expr>();
    expr->kind = ExprKind::ternary;
    expr->span.begin = condition->span.begin;
    next();
    expr->children.push_back(std::move(condition));
    skip_newlines();
    expr->children.push_back(expression(nesting + 1));
    skip_newlines();
    expect_symbol(":");
    skip_newlines();
    expr->children.push_back(expression(nesting + 1));
    return finish(std::move(expr));
  }

  ExprPtr binary(size_t level, int nesting) {
    if (level == kBinaryLevels.size()) return multiplicative(nesting);
    ExprPtr left = binary(level + 1, nesting);
    while (peek().kind == TokenKind::symbol &&
           std::find(kBinaryLevels[level].begin(), kBinaryLevels[level].end(), peek().text) != kBinaryLevels[level].end()) {
      std::string op = next().text;  // before parsing the right side: argument order is unspecified
      left = combine(std::move(left), std::move(op), binary(level + 1, nesting));
    }
    return left;
  }

  ExprPtr multiplicative(int nesting) {
    ExprPtr left = unary(nesting);
    while (peek().kind == TokenKind::symbol &&
           std::find(kMultiplicative.begin(), kMultiplicative.end(), peek().text) != kMultiplicative.end()) {
      std::string op = next().text;
      left = combine(std::move(left), std::move(op), unary(nesting));
    }
    return left;
  }

  ExprPtr combine(ExprPtr left, std::string op, ExprPtr right) {
    auto expr = std::make_unique<Expr>();
    expr->kind = ExprKind::binary;
    expr->text = std::move(op);
    expr->span.begin = left->span.begin;
    expr->children.push_back(std::move(left));
    expr->children.push_back(std::move(right));
    return finish(std::move(expr));
  }

  ExprPtr unary(int nesting) {
    if (nesting > kMaxNesting) fail("expression nested too deeply", peek());
    if (is_symbol("!") || is_symbol("-")) {
      auto expr = node(ExprKind::unary, peek());
      expr->text = next().text;
      expr->children.push_back(unary(nesting + 1));
      return finish(std::move(expr));
    }
    return postfix(primary(nesting), nesting);
  }

  ExprPtr postfix(ExprPtr base, int nesting) {
    while (true) {
      if (is_symbol(".") || is_symbol("?.") || is_symbol("::")) {
        next();
        auto expr = std::make_unique<Expr>();
        expr->kind = ExprKind::member;
        expr->span.begin = base->span.begin;
        expr->text = word_of(expect_identifier("a property name"));
        if (is_symbol("(")) {  // a namespaced call: sys.concat(...), az.resourceGroup()
          expr->kind = ExprKind::call;
          expr->text = std::string(text_of(file_, *base)) + "." + expr->text;
          arguments(*expr, nesting);
        } else {
          expr->children.push_back(std::move(base));
        }
        base = finish(std::move(expr));
      } else if (is_symbol("[")) {
        next();
        auto expr = std::make_unique<Expr>();
        expr->kind = ExprKind::index;
        expr->span.begin = base->span.begin;
        expr->children.push_back(std::move(base));
        skip_newlines();
        expr->children.push_back(expression(nesting + 1));
        skip_newlines();
        expect_symbol("]");
        base = finish(std::move(expr));
      } else if (is_symbol("!")) {  // the non-null assertion `x!`
        next();
        base->span.end = tokens_[pos_ - 1].span.end;
      } else {
        return base;
      }
    }
  }

  ExprPtr primary(int nesting) {
    const Token& token = peek();
    switch (token.kind) {
      case TokenKind::string: return interpolated_string(next(), nesting);
      case TokenKind::multiline: return multiline_string(next());
      case TokenKind::number: {
        auto expr = node(ExprKind::number, next());
        expr->text = std::string(word_of(token));
        return expr;
      }
      case TokenKind::identifier: return identifier_or_call(nesting);
      case TokenKind::symbol:
        if (token.text == "{") return object(nesting);
        if (token.text == "[") return array(nesting);
        if (token.text == "(") {
          next();
          skip_newlines();
          ExprPtr inner = expression(nesting + 1);
          skip_newlines();
          expect_symbol(")");
          return inner;
        }
        break;
      case TokenKind::error: fail(token.text, token);
      default: break;
    }
    fail("expected a value, found " + describe(token), token);
  }

  ExprPtr identifier_or_call(int nesting) {
    const Token& token = next();
    std::string_view word = word_of(token);
    if (word == "true" || word == "false") {
      auto expr = node(ExprKind::boolean, token);
      expr->text = std::string(word);
      return expr;
    }
    if (word == "null") return node(ExprKind::null, token);
    auto expr = node(ExprKind::identifier, token);
    expr->text = std::string(word);
    if (is_symbol("(")) {
      expr->kind = ExprKind::call;
      arguments(*expr, nesting);
    }
    return finish(std::move(expr));
  }

  void arguments(Expr& call, int nesting) {
    expect_symbol("(");
    skip_newlines();
    while (!is_symbol(")")) {
      call.children.push_back(expression(nesting + 1));
      skip_newlines();
      if (!is_symbol(")")) {
        expect_symbol(",");
        skip_newlines();
      }
    }
    next();
  }

  ExprPtr object(int nesting) {
    auto expr = node(ExprKind::object, next());
    skip_separators();
    while (!is_symbol("}")) {
      if (at_end()) fail("unclosed `{` (opened at offset " + std::to_string(expr->span.begin) + ")", peek());
      while (is_symbol("@")) {  // decorators on properties: kept out of the value
        next();
        expression(nesting + 1);
        skip_newlines();
      }
      const Token& key = next();
      std::string name;
      if (key.kind == TokenKind::identifier) name = std::string(word_of(key));
      else if (key.kind == TokenKind::string) name = string_value(key);
      else fail("expected a property name, found " + describe(key), key);
      expect_symbol(":");
      expr->properties.emplace_back(std::move(name), resource_body(nesting + 1));
      if (!is_symbol("}") && peek().kind != TokenKind::newline && !is_symbol(","))
        fail("expected a new line or `}` after a property, found " + describe(peek()));
      skip_separators();
    }
    next();
    return finish(std::move(expr));
  }

  ExprPtr array(int nesting) {
    const Token& open = next();
    skip_newlines();
    if (peek().kind == TokenKind::identifier && word_of(peek()) == "for") return loop(open, nesting);
    auto expr = node(ExprKind::array, open);
    skip_separators();
    while (!is_symbol("]")) {
      if (at_end()) fail("unclosed `[`", peek());
      expr->children.push_back(expression(nesting + 1));
      if (!is_symbol("]") && peek().kind != TokenKind::newline && !is_symbol(","))
        fail("expected a new line or `]` after an item, found " + describe(peek()));
      skip_separators();
    }
    next();
    return finish(std::move(expr));
  }

  // [for item in list: body], [for (item, i) in list: if (cond) body]
  ExprPtr loop(const Token& open, int nesting) {
    auto expr = node(ExprKind::loop, open);
    next();  // for
    if (is_symbol("(")) {
      next();
      expr->text = word_of(expect_identifier("the loop variable"));
      if (is_symbol(",")) {
        next();
        expr->index_name = word_of(expect_identifier("the index variable"));
      }
      expect_symbol(")");
    } else {
      expr->text = word_of(expect_identifier("the loop variable"));
    }
    if (peek().kind != TokenKind::identifier || word_of(peek()) != "in") fail("expected `in`, found " + describe(peek()));
    next();
    expr->children.push_back(expression(nesting + 1));
    expect_symbol(":");
    skip_newlines();
    expr->children.push_back(resource_body(nesting + 1));
    skip_newlines();
    expect_symbol("]");
    return finish(std::move(expr));
  }

  // '...' -> literal parts around parsed ${} interpolations.
  ExprPtr interpolated_string(const Token& token, int nesting = 0) {
    auto expr = node(ExprKind::string, token);
    std::string_view body = file_.substr(token.span.begin + 1, token.span.end - token.span.begin - 2);
    uint32_t body_offset = token.span.begin + 1;
    std::string part;
    for (size_t i = 0; i < body.size(); ++i) {
      char c = body[i];
      if (c == '\\' && i + 1 < body.size()) {
        part += escape(body, i, body_offset);
      } else if (c == '$' && i + 1 < body.size() && body[i + 1] == '{') {
        size_t close = interpolation_end(body, i + 2);
        if (close == std::string_view::npos) fail("unclosed ${ in a string", token);
        expr->parts.push_back(std::move(part));
        part.clear();
        Parser inner(file_, body_offset + static_cast<uint32_t>(i + 2), body.substr(i + 2, close - i - 2), out_,
                     std::max(nesting, base_nesting_) + 1);
        expr->children.push_back(inner.parse_interpolation());
        i = close;
      } else {
        part += c;
      }
    }
    expr->parts.push_back(std::move(part));
    return expr;
  }

  // Decodes the escape at body[i] (a backslash) and moves i to its last character.
  std::string escape(std::string_view body, size_t& i, uint32_t body_offset) {
    char c = body[++i];
    switch (c) {
      case 'n': return "\n";
      case 'r': return "\r";
      case 't': return "\t";
      case '\\': return "\\";
      case '\'': return "'";
      case '$': return "$";
      case 'u': {
        size_t close = body.find('}', i);
        if (i + 1 < body.size() && body[i + 1] == '{' && close != std::string_view::npos) {
          std::string hex(body.substr(i + 2, close - i - 2));
          char32_t cp = 0;
          bool valid = !hex.empty() && hex.size() <= 6;
          for (char h : hex) {
            int digit = std::isdigit(static_cast<unsigned char>(h)) ? h - '0'
                        : std::isxdigit(static_cast<unsigned char>(h)) ? (std::tolower(h) - 'a' + 10) : -1;
            if (digit < 0) valid = false;
            else cp = cp * 16 + static_cast<char32_t>(digit);
          }
          if (valid && cp <= 0x10FFFF) {
            i = close;
            return utf8(cp);
          }
        }
        break;
      }
      default: break;
    }
    out_.errors.push_back({"unknown escape `\\" + std::string(1, c) + "`", body_offset + static_cast<uint32_t>(i - 1)});
    return std::string(1, c);
  }

  static std::string utf8(char32_t cp) {
    std::string out;
    append_utf8(out, cp);
    return out;
  }

  // The `}` closing an interpolation whose expression starts at `from`.
  static size_t interpolation_end(std::string_view body, size_t from) {
    int depth = 0;
    for (size_t i = from; i < body.size(); ++i) {
      if (body[i] == '\'') {
        size_t end = string_end(body, i);
        if (end == std::string_view::npos) return end;
        i = end - 1;
      } else if (body[i] == '{') {
        ++depth;
      } else if (body[i] == '}') {
        if (depth == 0) return i;
        --depth;
      }
    }
    return std::string_view::npos;
  }

  // '''...''': no escapes; a line break right after the opening quotes is not text.
  ExprPtr multiline_string(const Token& token) {
    auto expr = node(ExprKind::multiline, token);
    std::string_view body = file_.substr(token.span.begin + 3, token.span.end - token.span.begin - 6);
    if (body.starts_with("\r\n")) body.remove_prefix(2);
    else if (body.starts_with('\n')) body.remove_prefix(1);
    expr->parts.emplace_back(body);
    return expr;
  }

  // The value of a string without interpolation (a resource type, a key).
  std::string string_value(const Token& token) {
    ExprPtr expr = interpolated_string(token);
    if (!expr->children.empty()) fail("expected a string without ${}", token);
    return expr->parts.front();
  }

  // ------------------------------------------------------------ tokens
  const Token& peek() const { return tokens_[std::min(pos_, tokens_.size() - 1)]; }
  const Token& next() {
    const Token& token = peek();
    if (pos_ < tokens_.size() - 1) ++pos_;
    return token;
  }
  bool at_end() const { return peek().kind == TokenKind::end; }
  bool is_symbol(std::string_view symbol) const { return peek().kind == TokenKind::symbol && peek().text == symbol; }
  std::string_view word_of(const Token& token) const {
    return file_.substr(token.span.begin, token.span.end - token.span.begin);
  }
  void skip_newlines() {
    while (peek().kind == TokenKind::newline) next();
  }
  void skip_separators() {
    while (peek().kind == TokenKind::newline || is_symbol(",")) next();
  }
  void skip_to_statement_end() {
    int depth = 0;
    while (!at_end()) {
      if (peek().kind == TokenKind::newline && depth <= 0) return;
      if (is_symbol("{") || is_symbol("[") || is_symbol("(")) ++depth;
      if (is_symbol("}") || is_symbol("]") || is_symbol(")")) --depth;
      next();
    }
  }
  // After an error: on to the next line that starts a statement.
  void recover() {
    while (!at_end()) {
      if (peek().kind == TokenKind::newline) {
        next();
        const Token& token = peek();
        if (token.kind == TokenKind::symbol && token.text == "@") return;
        if (token.kind == TokenKind::identifier && is_statement_keyword(word_of(token))) return;
      } else {
        next();
      }
    }
  }

  std::string describe(const Token& token) const {
    switch (token.kind) {
      case TokenKind::newline: return "the end of the line";
      case TokenKind::end: return "the end of the file";
      case TokenKind::error: return token.text;
      default: return "`" + std::string(word_of(token)) + "`";
    }
  }

  const Token& expect_identifier(std::string_view what) { return expect_kind(TokenKind::identifier, what); }
  const Token& expect_kind(TokenKind kind, std::string_view what) {
    if (peek().kind != kind) fail("expected " + std::string(what) + ", found " + describe(peek()));
    return next();
  }
  void expect_symbol(std::string_view symbol) {
    if (!is_symbol(symbol)) fail("expected `" + std::string(symbol) + "`, found " + describe(peek()));
    next();
  }

  [[noreturn]] void fail(std::string message) { fail(std::move(message), peek()); }
  [[noreturn]] void fail(std::string message, const Token& at) { throw Failure{std::move(message), at.span.begin}; }

  ExprPtr node(ExprKind kind, const Token& token) {
    auto expr = std::make_unique<Expr>();
    expr->kind = kind;
    expr->span = token.span;
    return expr;
  }
  ExprPtr finish(ExprPtr expr) {
    if (pos_ > 0) expr->span.end = std::max(expr->span.end, tokens_[pos_ - 1].span.end);
    return expr;
  }

  std::string_view file_;
  std::vector<Token> tokens_;
  File& out_;
  int base_nesting_;
  size_t pos_ = 0;
};

}  // namespace

File parse(std::string_view text) {
  File file;
  Parser(text, 0, text, file).parse_file();
  return file;
}

}  // namespace ruledex::bicep
