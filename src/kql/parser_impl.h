#pragma once
// Private to the parser: the Parser class shared by parser.cpp (statements,
// pipelines), parse_expression.cpp (scalar expressions, literals) and
// parse_operators.cpp (tabular operators).
//
// Errors unwind with SyntaxError to the innermost pipeline operator (or
// statement), which records them and resumes at the next `|` or `;` at its
// own bracket depth. Nesting beyond ParseOptions::max_depth throws TooDeep,
// which ends the whole parse.

#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "kql/ast.h"
#include "kql/lexer.h"
#include "kql/parser.h"

namespace ruledex::kql {

struct SyntaxError {
  std::string message;
  uint32_t offset;
  uint32_t related_offset = ParseError::kNoOffset;
};
struct TooDeep {
  uint32_t offset;
};

// True for the keyword of a tabular operator that may follow `|`.
bool is_operator_keyword(std::string_view word);

class Parser {
 public:
  Parser(std::string_view text, const ParseOptions& options, Ast& ast);
  void parse_statements();

 private:
  friend class DepthGuard;

  // ---- tokens (parser.cpp)
  const Token& peek(size_t ahead = 0) const { return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)]; }
  TokenKind kind(size_t ahead = 0) const { return peek(ahead).kind; }
  std::string_view text_of(const Token& t) const { return token_text(text_, t); }
  bool at_word(std::string_view word, size_t ahead = 0) const { return is_word(text_, peek(ahead), word); }
  bool adjacent(size_t ahead) const { return peek(ahead).end == peek(ahead + 1).begin; }
  const Token& advance() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }
  bool accept(TokenKind k);
  bool accept_word(std::string_view word);
  const Token& expect(TokenKind k, std::string_view what);
  void expect_word(std::string_view word);
  const Token& expect_close(TokenKind close, const Token& open);
  [[noreturn]] void fail(std::string message) const;
  [[noreturn]] void fail_at(uint32_t offset, std::string message) const;
  std::string describe_current() const;
  uint32_t prev_end() const { return pos_ > 0 ? tokens_[pos_ - 1].end : 0; }
  bool at_pipeline_end() const;

  // ---- statements and pipelines (parser.cpp)
  const Statement* parse_statement();
  const Statement* parse_let();
  const Statement* parse_set();
  const Statement* parse_declare();
  const Statement* parse_alias();
  const Expr* parse_lambda_or_view();
  std::vector<Parameter> parse_parameters();
  std::string_view parse_type();
  const Expr* parse_tabular_or_scalar();
  const Expr* parse_pipeline_from(const Expr* source, uint32_t begin);
  Pipeline* parse_pipeline_tail(Pipeline* pipeline);
  const Pipeline* parse_operator_subquery();
  const Pipeline* parse_parenthesized_subquery();
  const Pipeline* parse_table_reference();
  const Pipeline* as_pipeline(const Expr* e);
  Operator* make_source(const Expr* e);
  void recover(size_t operator_start);
  void record(const SyntaxError& e);
  void compute_matches();

  // ---- expressions (parse_expression.cpp)
  const Expr* parse_expression();
  const Expr* parse_binary(int min_precedence);
  const Expr* parse_unary();
  const Expr* parse_postfix(const Expr* e);
  const Expr* parse_primary();
  const Expr* parse_name_or_call();
  const Expr* parse_call(const Expr* callee, std::string_view function);
  std::vector<Argument> parse_arguments();
  const Expr* parse_parenthesized();
  const Expr* parse_literal_token();
  const Expr* parse_typed_literal(const Token& type_word);
  const Expr* parse_dynamic_value();
  void parse_dynamic_container(LiteralExpr* literal);
  const Expr* parse_string_literal();
  void parse_in_items(InExpr* in);
  std::string_view parse_member_name();
  NameExpr* make_name(std::string name, Span span);
  std::string_view parse_name_pattern(Span& span, bool& wildcard);

  // ---- tabular operators (parse_operators.cpp)
  const Operator* parse_operator();
  bool at_start_operator() const;
  void parse_options(Operator& op, std::initializer_list<std::string_view> names);
  bool at_option(std::initializer_list<std::string_view> names) const;
  std::vector<NamedExpr> parse_named_list(bool allow_sort_order = false);
  NamedExpr parse_named_expr(bool allow_sort_order = false);
  static NamedExpr unnamed(const Expr* e);
  std::vector<NamedExpr> parse_name_list();
  std::vector<NamedExpr> parse_schema();
  void parse_sort_order(NamedExpr& item);
  void parse_with_properties(Operator& op);
  void parse_parse_pattern(Operator& op);
  void parse_join_like(Operator& op);
  void parse_union_legs(Operator& op);
  void parse_mv_items(Operator& op);
  void parse_make_series(Operator& op);
  void parse_top_nested(Operator& op);
  void parse_range_bounds(Operator& op);
  void parse_literal_rows(Operator& op);
  void skip_balanced_until_pipe();

  std::string_view text_;
  ParseOptions options_;
  Ast& ast_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  uint32_t depth_ = 0;
  // In a where/filter predicate a lone `=` compares, as the official parser
  // reads it (`where EventID = 4624`); elsewhere it only names a column.
  bool assign_compares_ = false;
  std::vector<uint32_t> match_;  // bracket token -> matching bracket token (built on the first error)
};

// Counts nesting for ParseOptions::max_depth.
class DepthGuard {
 public:
  explicit DepthGuard(Parser& p) : parser_(p) {
    if (++parser_.depth_ > parser_.options_.max_depth) throw TooDeep{parser_.peek().begin};
  }
  ~DepthGuard() { --parser_.depth_; }
  DepthGuard(const DepthGuard&) = delete;
  DepthGuard& operator=(const DepthGuard&) = delete;

 private:
  Parser& parser_;
};

}  // namespace ruledex::kql
