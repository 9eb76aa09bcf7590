// Statements, pipelines and error recovery. Expressions are in
// parse_expression.cpp, tabular operators in parse_operators.cpp.
#include "kql/parser.h"

#include <algorithm>

#include "kql/parser_impl.h"

namespace ruledex::kql {

Parser::Parser(std::string_view text, const ParseOptions& options, Ast& ast)
    : text_(text), options_(options), ast_(ast), tokens_(tokenize(text)) {}

// ------------------------------------------------------------------ tokens

bool Parser::accept(TokenKind k) {
  if (kind() != k) return false;
  advance();
  return true;
}

bool Parser::accept_word(std::string_view word) {
  if (!at_word(word)) return false;
  advance();
  return true;
}

void Parser::fail_at(uint32_t offset, std::string message) const { throw SyntaxError{std::move(message), offset}; }

void Parser::fail(std::string message) const {
  const Token& t = peek();
  if (t.kind == TokenKind::Error) fail_at(lex_error_offset(text_, t), lex_error_message(text_, t));
  fail_at(t.begin, std::move(message));
}

std::string Parser::describe_current() const {
  const Token& t = peek();
  if (t.kind == TokenKind::End) return "the end of the query";
  std::string_view s = text_of(t);
  if (s.size() > 40) s = s.substr(0, 40);
  return "'" + std::string(s) + "'";
}

const Token& Parser::expect(TokenKind k, std::string_view what) {
  if (kind() != k) fail("expected " + std::string(what) + ", found " + describe_current());
  return advance();
}

void Parser::expect_word(std::string_view word) {
  if (!accept_word(word)) fail("expected '" + std::string(word) + "', found " + describe_current());
}

const Token& Parser::expect_close(TokenKind close, const Token& open) {
  if (kind() == close) return advance();
  if (kind() == TokenKind::Error) fail(lex_error_message(text_, peek()));
  // Name the opener by what precedes it when that is a word: 'toscalar('.
  const Token* before = &open > tokens_.data() ? &open - 1 : nullptr;
  std::string opener(text_of(open));
  if (before && before->kind == TokenKind::Identifier && before->end == open.begin) opener = std::string(text_of(*before)) + opener;
  char closer = close == TokenKind::RParen ? ')' : close == TokenKind::RBracket ? ']' : '}';
  throw SyntaxError{std::string("expected '") + closer + "' to close '" + opener + "', found " + describe_current(),
                    peek().begin, open.begin};
}

bool Parser::at_pipeline_end() const {
  switch (kind()) {
    case TokenKind::Pipe:
    case TokenKind::Semicolon:
    case TokenKind::RParen:
    case TokenKind::RBracket:
    case TokenKind::RBrace:
    case TokenKind::End:
      return true;
    default:
      return false;
  }
}

// --------------------------------------------------------------- recovery

void Parser::record(const SyntaxError& e) { ast_.errors.push_back({e.message, e.offset, e.related_offset}); }

void Parser::compute_matches() {
  match_.assign(tokens_.size(), static_cast<uint32_t>(tokens_.size() - 1));
  std::vector<uint32_t> open;
  for (uint32_t i = 0; i < tokens_.size(); ++i) {
    TokenKind k = tokens_[i].kind;
    if (k == TokenKind::LParen || k == TokenKind::LBracket || k == TokenKind::LBrace) {
      open.push_back(i);
    } else if (k == TokenKind::RParen || k == TokenKind::RBracket || k == TokenKind::RBrace) {
      TokenKind want = k == TokenKind::RParen ? TokenKind::LParen : k == TokenKind::RBracket ? TokenKind::LBracket : TokenKind::LBrace;
      if (!open.empty() && tokens_[open.back()].kind == want) {
        match_[open.back()] = i;
        open.pop_back();
      }
    }
  }
}

// Resumes after an error in the construct that starts at token `start`: skips
// whole bracket groups up to the next `|` or `;` at that level, or to a closer
// that belongs to an enclosing group. Statement-level recovery (at_pipe false)
// skips pipes too.
static bool is_closer(TokenKind k) { return k == TokenKind::RParen || k == TokenKind::RBracket || k == TokenKind::RBrace; }

void Parser::recover(size_t start) {
  if (match_.empty()) compute_matches();
  pos_ = start;
  while (true) {
    TokenKind k = kind();
    if (k == TokenKind::End || k == TokenKind::Semicolon || is_closer(k)) break;
    if (k == TokenKind::Pipe && pos_ > start) break;
    if (k == TokenKind::LParen || k == TokenKind::LBracket || k == TokenKind::LBrace) {
      pos_ = match_[pos_];
      if (kind() == TokenKind::End) break;
    }
    advance();
  }
  if (pos_ == start && kind() != TokenKind::End && kind() != TokenKind::Semicolon) advance();
}

// -------------------------------------------------------------- statements

void Parser::parse_statements() {
  try {
    while (kind() != TokenKind::End) {
      size_t start = pos_;
      try {
        if (kind() == TokenKind::Semicolon) fail("empty statement: a ';' follows no statement");
        ast_.statements.push_back(parse_statement());
        if (kind() != TokenKind::End && kind() != TokenKind::Semicolon)
          fail("expected ';' or the end of the query, found " + describe_current());
        accept(TokenKind::Semicolon);
      } catch (const SyntaxError& e) {
        record(e);
        // Skip to the next statement: `;` at the top level.
        if (match_.empty()) compute_matches();
        if (pos_ == start) advance();
        while (kind() != TokenKind::End && kind() != TokenKind::Semicolon) {
          TokenKind k = kind();
          if (k == TokenKind::LParen || k == TokenKind::LBracket || k == TokenKind::LBrace) pos_ = match_[pos_];
          advance();
        }
        accept(TokenKind::Semicolon);
      }
    }
  } catch (const TooDeep& e) {
    ast_.errors.push_back({"nesting is deeper than " + std::to_string(options_.max_depth) + " levels", e.offset});
  }
}

const Statement* Parser::parse_statement() {
  if (at_word("let") && kind(1) != TokenKind::End && kind(1) != TokenKind::Pipe && kind(1) != TokenKind::Semicolon)
    return parse_let();
  if (kind(1) == TokenKind::Identifier || kind(1) == TokenKind::LBracket) {
    if (at_word("set")) return parse_set();
    if (at_word("declare")) return parse_declare();
    if (at_word("alias")) return parse_alias();
  }
  Statement* s = ast_.make<Statement>();
  s->kind = StatementKind::Query;
  uint32_t begin = peek().begin;
  const Expr* e = parse_tabular_or_scalar();
  if (e->kind != ExprKind::Tabular) {
    auto* t = ast_.make<TabularExpr>();
    t->pipeline = as_pipeline(e);
    t->span = e->span;
    e = t;
  }
  s->value = e;
  s->span = {begin, prev_end()};
  return s;
}

const Statement* Parser::parse_let() {
  Statement* s = ast_.make<Statement>();
  s->kind = StatementKind::Let;
  s->span.begin = advance().begin;
  if (kind() == TokenKind::LBracket) {  // let ['name'] = ...
    const Token& open = advance();
    s->name = text_of(expect(TokenKind::String, "a quoted name"));
    s->name = s->name.substr(1, s->name.size() - 2);
    expect_close(TokenKind::RBracket, open);
  } else {
    s->name = text_of(expect(TokenKind::Identifier, "a name after 'let'"));
  }
  expect(TokenKind::Assign, "'=' after the let name");
  bool lambda = (kind() == TokenKind::LParen &&
                 ((kind(1) == TokenKind::RParen && kind(2) == TokenKind::LBrace) ||
                  (kind(1) == TokenKind::Identifier && kind(2) == TokenKind::Colon))) ||
                (at_word("view") && kind(1) == TokenKind::LParen);
  s->value = lambda ? parse_lambda_or_view() : parse_tabular_or_scalar();
  s->span.end = prev_end();
  return s;
}

const Statement* Parser::parse_set() {
  Statement* s = ast_.make<Statement>();
  s->kind = StatementKind::Set;
  s->span.begin = advance().begin;
  s->name = text_of(expect(TokenKind::Identifier, "an option name after 'set'"));
  if (accept(TokenKind::Assign)) s->value = parse_expression();
  s->span.end = prev_end();
  return s;
}

const Statement* Parser::parse_declare() {
  Statement* s = ast_.make<Statement>();
  s->span.begin = advance().begin;
  if (accept_word("query_parameters")) {
    s->kind = StatementKind::Declare;
    s->name = "query_parameters";
    s->params = parse_parameters();
  } else {
    // declare pattern name = ... : kept as a span.
    s->kind = StatementKind::Pattern;
    s->name = text_of(peek(1));
    skip_balanced_until_pipe();
  }
  s->span.end = prev_end();
  return s;
}

const Statement* Parser::parse_alias() {
  Statement* s = ast_.make<Statement>();
  s->kind = StatementKind::Alias;
  s->span.begin = advance().begin;
  expect_word("database");
  if (kind() == TokenKind::LBracket) {
    const Token& open = advance();
    s->name = text_of(expect(TokenKind::String, "a quoted name"));
    expect_close(TokenKind::RBracket, open);
  } else {
    s->name = text_of(expect(TokenKind::Identifier, "a database alias name"));
  }
  expect(TokenKind::Assign, "'='");
  s->value = parse_expression();
  s->span.end = prev_end();
  return s;
}

// `(a:string, T:(*), n:long = 5) { body }` or `view (...) { body }`.
const Expr* Parser::parse_lambda_or_view() {
  DepthGuard guard(*this);
  auto* lambda = ast_.make<LambdaExpr>();
  lambda->span.begin = peek().begin;
  lambda->view = accept_word("view");
  lambda->params = parse_parameters();
  const Token& open = expect(TokenKind::LBrace, "'{' to start the function body");
  while (kind() != TokenKind::RBrace && kind() != TokenKind::End) {
    if (accept(TokenKind::Semicolon)) continue;
    lambda->body.push_back(parse_statement());
    if (kind() != TokenKind::RBrace && kind() != TokenKind::Semicolon)
      fail("expected ';' or '}' in the function body, found " + describe_current());
  }
  expect_close(TokenKind::RBrace, open);
  lambda->span.end = prev_end();
  return lambda;
}

std::vector<Parameter> Parser::parse_parameters() {
  std::vector<Parameter> params;
  const Token& open = expect(TokenKind::LParen, "'(' to start the parameter list");
  while (kind() != TokenKind::RParen) {
    Parameter p;
    p.name = text_of(expect(TokenKind::Identifier, "a parameter name"));
    expect(TokenKind::Colon, "':' and a type after the parameter name");
    p.type = parse_type();
    if (accept(TokenKind::Assign)) p.default_value = parse_expression();
    params.push_back(p);
    if (!accept(TokenKind::Comma)) break;
  }
  expect_close(TokenKind::RParen, open);
  return params;
}

// A scalar type name, or a tabular schema `(*)` / `(Col:type, ...)` kept as text.
std::string_view Parser::parse_type() {
  if (kind() == TokenKind::LParen) {
    uint32_t begin = peek().begin;
    int depth = 0;
    do {
      if (kind() == TokenKind::LParen) ++depth;
      if (kind() == TokenKind::RParen) --depth;
      if (kind() == TokenKind::End) fail("unterminated tabular type");
      advance();
    } while (depth > 0);
    return text_.substr(begin, prev_end() - begin);
  }
  return text_of(expect(TokenKind::Identifier, "a type name"));
}

// ---------------------------------------------------------------- pipelines

// An expression, and when `|` follows it a pipeline with the expression as
// its source; operators that start a query on their own (union, print, ...)
// give a pipeline too.
const Expr* Parser::parse_tabular_or_scalar() {
  DepthGuard guard(*this);
  uint32_t begin = peek().begin;
  if (at_start_operator()) {
    auto* pipeline = ast_.make<Pipeline>();
    pipeline->operators.push_back(parse_operator());
    parse_pipeline_tail(pipeline);
    pipeline->span = {begin, prev_end()};
    auto* t = ast_.make<TabularExpr>();
    t->pipeline = pipeline;
    t->span = pipeline->span;
    return t;
  }
  const Expr* e = parse_expression();
  if (kind() != TokenKind::Pipe) return e;
  return parse_pipeline_from(e, begin);
}

const Expr* Parser::parse_pipeline_from(const Expr* source, uint32_t begin) {
  auto* pipeline = ast_.make<Pipeline>();
  pipeline->operators.push_back(make_source(source));
  parse_pipeline_tail(pipeline);
  pipeline->span = {begin, prev_end()};
  auto* t = ast_.make<TabularExpr>();
  t->pipeline = pipeline;
  t->span = pipeline->span;
  return t;
}

Pipeline* Parser::parse_pipeline_tail(Pipeline* pipeline) {
  while (accept(TokenKind::Pipe)) {
    size_t start = pos_;
    try {
      pipeline->operators.push_back(parse_operator());
    } catch (const SyntaxError& e) {
      record(e);
      recover(start);
    }
  }
  return pipeline;
}

Operator* Parser::make_source(const Expr* e) {
  auto* op = ast_.make<Operator>();
  op->keyword = "source";
  op->span = op->keyword_span = e->span;
  NamedExpr item;
  item.expr = e;
  item.span = e->span;
  op->items.push_back(item);
  return op;
}

const Pipeline* Parser::as_pipeline(const Expr* e) {
  if (auto* t = e->as<TabularExpr>()) return t->pipeline;
  auto* pipeline = ast_.make<Pipeline>();
  pipeline->operators.push_back(make_source(e));
  pipeline->span = e->span;
  return pipeline;
}

// `( T | ... )` where a tabular expression is expected (join, union legs).
const Pipeline* Parser::parse_parenthesized_subquery() {
  const Token& open = expect(TokenKind::LParen, "'('");
  const Expr* e = parse_tabular_or_scalar();
  expect_close(TokenKind::RParen, open);
  return as_pipeline(e);
}

// `( op | op ... )` whose input is implicit (mv-apply, partition, fork,
// facet); a full tabular expression is accepted too.
const Pipeline* Parser::parse_operator_subquery() {
  DepthGuard guard(*this);
  bool braces = kind() == TokenKind::LBrace;
  const Token& open = braces ? advance() : expect(TokenKind::LParen, "'(' to start the subquery");
  const Pipeline* result;
  if (kind() == TokenKind::Identifier && !at_start_operator() && is_operator_keyword(text_of(peek()))) {
    auto* pipeline = ast_.make<Pipeline>();
    uint32_t begin = peek().begin;
    size_t start = pos_;
    try {
      pipeline->operators.push_back(parse_operator());
    } catch (const SyntaxError& e) {
      record(e);
      recover(start);
    }
    parse_pipeline_tail(pipeline);
    pipeline->span = {begin, prev_end()};
    result = pipeline;
  } else {
    result = as_pipeline(parse_tabular_or_scalar());
  }
  expect_close(braces ? TokenKind::RBrace : TokenKind::RParen, open);
  return result;
}

// A tabular source written without parentheses: T, database("x").T, f(1).
const Pipeline* Parser::parse_table_reference() { return as_pipeline(parse_postfix(parse_primary())); }

Ast parse(std::string_view text, const ParseOptions& options) {
  Ast ast;
  Parser(text, options, ast).parse_statements();
  return ast;
}

}  // namespace ruledex::kql
