#include "eql/parser.h"

#include <cctype>
#include <string>

namespace ruledex::eql {
namespace {

constexpr int kMaxDepth = 200;

enum class TokenKind { end, word, string, number, symbol };

struct Token {
  TokenKind kind = TokenKind::end;
  std::string text;  // words and symbols as written; strings with escapes resolved
  Range range;
};

struct ParseFailure {
  ParseError error;
};

[[noreturn]] void fail(std::string message, uint32_t offset) { throw ParseFailure{{std::move(message), offset}}; }

bool is_word_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '@' || c == '$'; }
bool is_word_char(char c) { return is_word_start(c) || std::isdigit(static_cast<unsigned char>(c)); }

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  Token next() {
    skip_space_and_comments();
    Token token;
    token.range.begin = pos_;
    if (pos_ >= text_.size()) {
      token.range.end = pos_;
      return token;
    }
    char c = text_[pos_];
    if (c == '"' || c == '\'' || (c == '?' && pos_ + 1 < text_.size() && (text_[pos_ + 1] == '"' || text_[pos_ + 1] == '\''))) {
      token.kind = TokenKind::string;
      token.text = string_literal();
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      token.kind = TokenKind::number;
      while (pos_ < text_.size() && (is_word_char(text_[pos_]) || text_[pos_] == '.')) token.text += text_[pos_++];
    } else if (is_word_start(c)) {
      token.kind = TokenKind::word;
      while (pos_ < text_.size() && is_word_char(text_[pos_])) token.text += text_[pos_++];
      if (pos_ < text_.size() && text_[pos_] == '~') token.text += text_[pos_++];  // like~, in~, startsWith~
    } else if (c == '`') {
      token.kind = TokenKind::word;
      size_t close = text_.find('`', pos_ + 1);
      if (close == std::string_view::npos) fail("unterminated `quoted` field", pos_);
      token.text = std::string(text_.substr(pos_ + 1, close - pos_ - 1));
      pos_ = static_cast<uint32_t>(close + 1);
    } else {
      token.kind = TokenKind::symbol;
      static constexpr std::string_view kTwoChar[] = {"==", "!=", "<=", ">="};
      token.text = std::string(1, c);
      for (std::string_view op : kTwoChar)
        if (text_.substr(pos_, 2) == op) token.text = std::string(op);
      pos_ += static_cast<uint32_t>(token.text.size());
    }
    token.range.end = pos_;
    return token;
  }

 private:
  void skip_space_and_comments() {
    while (pos_ < text_.size()) {
      if (std::isspace(static_cast<unsigned char>(text_[pos_]))) {
        ++pos_;
      } else if (text_.substr(pos_, 2) == "//") {
        while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
      } else if (text_.substr(pos_, 2) == "/*") {
        size_t close = text_.find("*/", pos_ + 2);
        if (close == std::string_view::npos) fail("unterminated comment", pos_);
        pos_ = static_cast<uint32_t>(close + 2);
      } else {
        return;
      }
    }
  }

  // "..." and '...' with escapes; """...""" and ?"..." raw.
  std::string string_literal() {
    uint32_t begin = pos_;
    bool raw = text_[pos_] == '?';
    if (raw) ++pos_;
    if (text_.substr(pos_, 3) == "\"\"\"") {
      size_t close = text_.find("\"\"\"", pos_ + 3);
      if (close == std::string_view::npos) fail("unterminated string", begin);
      std::string value(text_.substr(pos_ + 3, close - pos_ - 3));
      pos_ = static_cast<uint32_t>(close + 3);
      return value;
    }
    char quote = text_[pos_++];
    std::string value;
    while (pos_ < text_.size() && text_[pos_] != quote) {
      char c = text_[pos_++];
      if (c != '\\' || raw || pos_ >= text_.size()) {
        if (c == '\n') fail("unterminated string", begin);
        value += c;
        continue;
      }
      char escaped = text_[pos_++];
      switch (escaped) {
        case 'n': value += '\n'; break;
        case 't': value += '\t'; break;
        case 'r': value += '\r'; break;
        default: value += escaped;
      }
    }
    if (pos_ >= text_.size()) fail("unterminated string", begin);
    ++pos_;
    return value;
  }

  std::string_view text_;
  uint32_t pos_ = 0;
};

class Parser {
 public:
  explicit Parser(std::string_view text) : lexer_(text) { advance(); }

  QueryAst run() {
    QueryAst ast;
    try {
      parse_query(ast);
      while (accept_symbol("|")) ast.pipes.push_back(parse_pipe());
      if (token_.kind != TokenKind::end) fail("unexpected '" + token_.text + "'", token_.range.begin);
    } catch (const ParseFailure& failure) {
      ast.errors.push_back(failure.error);
    }
    return ast;
  }

 private:
  void parse_query(QueryAst& ast) {
    if (is_word("sequence") || is_word("sample")) {
      ast.kind = is_word("sequence") ? QueryKind::sequence : QueryKind::sample;
      ast.header.begin = token_.range.begin;
      advance();
      while (is_word("by") || is_word("with")) {
        if (accept_word("by")) {
          ast.by = parse_expr_list();
        } else {
          advance();
          expect_word("maxspan");
          expect_symbol("=");
          ast.maxspan = take_value();
        }
      }
      ast.header.end = last_end_;
      while (is_symbol("[") || is_symbol("!")) ast.steps.push_back(parse_step());
      if (ast.steps.empty()) fail("expected '[' and a subquery", token_.range.begin);
      if (accept_word("until")) {
        ast.has_until = true;
        ast.until = parse_step();
      }
      return;
    }
    ast.steps.push_back(parse_event_query());
  }

  EventQuery parse_step() {
    uint32_t begin = token_.range.begin;
    bool missing = accept_symbol("!");
    expect_symbol("[");
    EventQuery step = parse_event_query();
    expect_symbol("]");
    step.missing = missing;
    step.range = {begin, last_end_};
    if (accept_word("by")) step.by = parse_expr_list();
    if (accept_word("with")) {
      expect_word("runs");
      expect_symbol("=");
      step.runs = take_value();
    }
    return step;
  }

  EventQuery parse_event_query() {
    EventQuery query;
    query.range.begin = token_.range.begin;
    if (token_.kind != TokenKind::word && token_.kind != TokenKind::string) fail("expected an event category", token_.range.begin);
    query.category = token_.text;
    query.category_range = token_.range;
    advance();
    expect_word("where");
    query.condition = parse_expr(0);
    query.range.end = last_end_;
    return query;
  }

  Pipe parse_pipe() {
    Pipe pipe;
    pipe.range.begin = token_.range.begin;
    if (token_.kind != TokenKind::word) fail("expected a pipe name", token_.range.begin);
    pipe.name = token_.text;
    advance();
    if (pipe.name == "filter")
      pipe.args.push_back(parse_expr(0));
    else if (token_.kind != TokenKind::end && !is_symbol("|"))
      pipe.args = parse_expr_list();
    pipe.range.end = last_end_;
    return pipe;
  }

  std::vector<Expr> parse_expr_list() {
    std::vector<Expr> list;
    do list.push_back(parse_additive(0));
    while (accept_symbol(","));
    return list;
  }

  // or / and / not --------------------------------------------------------
  Expr parse_expr(int depth) { return parse_logical(deeper(depth), "or", ExprKind::or_); }

  Expr parse_logical(int depth, std::string_view keyword, ExprKind kind) {
    auto operand = [&] { return keyword == "or" ? parse_logical(depth, "and", ExprKind::and_) : parse_not(depth); };
    uint32_t begin = token_.range.begin;
    Expr first = operand();
    if (!is_word(keyword)) return first;
    Expr chain;
    chain.kind = kind;
    chain.children.push_back(std::move(first));
    while (accept_word(keyword)) chain.children.push_back(operand());
    chain.range = {begin, last_end_};
    return chain;
  }

  Expr parse_not(int depth) {
    uint32_t begin = token_.range.begin;
    if (accept_word("not")) {
      Expr negated;
      negated.kind = ExprKind::not_;
      negated.children.push_back(parse_not(deeper(depth)));
      negated.range = {begin, last_end_};
      return negated;
    }
    return parse_comparison(depth);
  }

  // comparisons -------------------------------------------------------------
  Expr parse_comparison(int depth) {
    uint32_t begin = token_.range.begin;
    Expr lhs = parse_additive(depth);
    Expr compare;
    compare.kind = ExprKind::compare;
    if (is_word("not") && (peek_is_in())) {
      advance();
      compare.negated = true;
    }
    static constexpr std::string_view kSymbols[] = {"==", "!=", "<", "<=", ">", ">=", ":"};
    static constexpr std::string_view kWords[] = {"like", "like~", "regex", "regex~", "in", "in~"};
    bool found = false;
    if (token_.kind == TokenKind::symbol && !compare.negated)
      for (std::string_view op : kSymbols) found = found || token_.text == op;
    if (token_.kind == TokenKind::word)
      for (std::string_view op : kWords) found = found || token_.text == op;
    if (!found) {
      if (compare.negated) fail("expected 'in' after 'not'", token_.range.begin);
      return lhs;
    }
    compare.text = token_.text;
    advance();
    compare.children.push_back(std::move(lhs));
    bool list_allowed = compare.text == ":" || compare.text.rfind("like", 0) == 0 || compare.text.rfind("regex", 0) == 0 ||
                        compare.text.rfind("in", 0) == 0;
    if (list_allowed && is_symbol("("))
      compare.children.push_back(parse_list(depth));
    else if (compare.text.rfind("in", 0) == 0)
      fail("expected '(' and a list after '" + compare.text + "'", token_.range.begin);
    else
      compare.children.push_back(parse_additive(depth));
    compare.range = {begin, last_end_};
    return compare;
  }

  bool peek_is_in() {
    Lexer copy = lexer_;
    Token after = copy.next();
    return after.kind == TokenKind::word && (after.text == "in" || after.text == "in~");
  }

  Expr parse_list(int depth) {
    Expr list;
    list.kind = ExprKind::list;
    list.range.begin = token_.range.begin;
    expect_symbol("(");
    if (!is_symbol(")")) {
      do list.children.push_back(parse_additive(deeper(depth)));
      while (accept_symbol(","));
    }
    expect_symbol(")");
    list.range.end = last_end_;
    return list;
  }

  // arithmetic ----------------------------------------------------------
  Expr parse_additive(int depth) { return parse_binary(depth, "+-", &Parser::parse_multiplicative); }
  Expr parse_multiplicative(int depth) { return parse_binary(depth, "*/%", &Parser::parse_unary); }

  Expr parse_binary(int depth, std::string_view ops, Expr (Parser::*operand)(int)) {
    uint32_t begin = token_.range.begin;
    Expr lhs = (this->*operand)(depth);
    while (token_.kind == TokenKind::symbol && token_.text.size() == 1 && ops.find(token_.text[0]) != std::string_view::npos) {
      Expr arith;
      arith.kind = ExprKind::arith;
      arith.text = token_.text;
      advance();
      arith.children.push_back(std::move(lhs));
      arith.children.push_back((this->*operand)(depth));
      arith.range = {begin, last_end_};
      lhs = std::move(arith);
    }
    return lhs;
  }

  Expr parse_unary(int depth) {
    uint32_t begin = token_.range.begin;
    if (accept_symbol("-")) {
      Expr minus;
      minus.kind = ExprKind::arith;
      minus.text = "-";
      minus.children.push_back(parse_unary(deeper(depth)));
      minus.range = {begin, last_end_};
      return minus;
    }
    return parse_primary(depth);
  }

  Expr parse_primary(int depth) {
    Expr expr;
    expr.range = token_.range;
    switch (token_.kind) {
      case TokenKind::end: fail("expected a value or a field", token_.range.begin);
      case TokenKind::string: expr.kind = ExprKind::string; expr.text = token_.text; advance(); return expr;
      case TokenKind::number: expr.kind = ExprKind::number; expr.text = token_.text; advance(); return expr;
      case TokenKind::symbol:
        if (accept_symbol("(")) {
          Expr inner = parse_expr(deeper(depth));
          expect_symbol(")");
          return inner;
        }
        if (accept_symbol("?")) {
          expr = parse_field();
          expr.optional = true;
          expr.range.begin -= 1;
          return expr;
        }
        fail("unexpected '" + token_.text + "'", token_.range.begin);
      case TokenKind::word: break;
    }
    if (token_.text == "true" || token_.text == "false") {
      expr.kind = ExprKind::boolean;
      expr.text = token_.text;
      advance();
      return expr;
    }
    if (token_.text == "null") {
      expr.kind = ExprKind::null;
      advance();
      return expr;
    }
    std::string name = token_.text;
    Lexer copy = lexer_;
    // A name followed by '(' is a call; rules write `stringContains (a, "b")` too.
    if (Token after = copy.next(); after.kind == TokenKind::symbol && after.text == "(") {
      advance();
      expr.kind = ExprKind::call;
      expr.text = name;
      expr.children = parse_list(depth).children;
      expr.range.end = last_end_;
      return expr;
    }
    return parse_field();
  }

  // A dotted path; segments may be keywords, `[0]` indexes are kept.
  Expr parse_field() {
    Expr field;
    field.kind = ExprKind::field;
    field.range.begin = token_.range.begin;
    if (token_.kind != TokenKind::word) fail("expected a field name", token_.range.begin);
    field.text = token_.text;
    advance();
    while (true) {
      if (is_symbol(".") ) {
        advance();
        if (token_.kind != TokenKind::word && token_.kind != TokenKind::number) fail("expected a field name after '.'", token_.range.begin);
        field.text += "." + token_.text;
        advance();
      } else if (is_symbol("[") && token_.range.begin == last_end_) {
        advance();
        if (token_.kind != TokenKind::number) fail("expected an index", token_.range.begin);
        field.text += "[" + token_.text + "]";
        advance();
        expect_symbol("]");
      } else {
        break;
      }
    }
    field.range.end = last_end_;
    return field;
  }

  // Tokens ----------------------------------------------------------------
  std::string take_value() {
    if (token_.kind != TokenKind::number && token_.kind != TokenKind::word) fail("expected a value", token_.range.begin);
    std::string value = token_.text;
    advance();
    return value;
  }
  void advance() {
    last_end_ = token_.range.end;
    token_ = lexer_.next();
  }
  bool is_word(std::string_view word) const { return token_.kind == TokenKind::word && token_.text == word; }
  bool is_symbol(std::string_view symbol) const { return token_.kind == TokenKind::symbol && token_.text == symbol; }
  bool accept_word(std::string_view word) {
    if (!is_word(word)) return false;
    advance();
    return true;
  }
  bool accept_symbol(std::string_view symbol) {
    if (!is_symbol(symbol)) return false;
    advance();
    return true;
  }
  void expect_word(std::string_view word) {
    if (!accept_word(word)) fail("expected '" + std::string(word) + "'", token_.range.begin);
  }
  void expect_symbol(std::string_view symbol) {
    if (!accept_symbol(symbol)) fail("expected '" + std::string(symbol) + "'", token_.range.begin);
  }
  int deeper(int depth) const {
    if (depth + 1 > kMaxDepth) fail("nesting too deep", token_.range.begin);
    return depth + 1;
  }

  Lexer lexer_;
  Token token_;
  uint32_t last_end_ = 0;
};

}  // namespace

QueryAst parse(std::string_view query) {
  try {
    return Parser(query).run();
  } catch (const ParseFailure& failure) {  // the first token already failed to lex
    QueryAst ast;
    ast.errors.push_back(failure.error);
    return ast;
  }
}

}  // namespace ruledex::eql
