#include "sql/parser.h"

#include <algorithm>
#include <iterator>

#include "base/ascii_case.h"
#include "sql/lexer.h"

namespace ruledex::sql {
namespace {

constexpr int kMaxDepth = 150;

// Words that end an expression or a FROM item, so never read as a bare alias.
constexpr std::string_view kReserved[] = {
    "ALL",     "AND",    "AS",     "BETWEEN", "BY",       "CASE",   "CAST",      "COLLATE", "CROSS", "DISTINCT",
    "ELSE",    "END",    "ESCAPE", "EXCEPT",  "EXISTS",   "FROM",   "FULL",      "GLOB",    "GROUP", "HAVING",
    "IN",      "INNER",  "INTERSECT", "IS",   "ISNULL",   "JOIN",   "LEFT",      "LIKE",    "LIMIT", "MATCH",
    "NATURAL", "NOT",    "NOTNULL", "NULL",   "OFFSET",   "ON",     "OR",        "ORDER",   "OUTER", "REGEXP",
    "RIGHT",   "SELECT", "THEN",   "UNION",   "USING",    "VALUES", "WHEN",      "WHERE",   "WINDOW", "WITH",
};

bool reserved(std::string_view word) {
  return std::any_of(std::begin(kReserved), std::end(kReserved), [&](std::string_view k) { return iequals(word, k); });
}

struct ParseFailure {
  ParseError error;
};

class Parser {
 public:
  explicit Parser(std::string_view text) : tokens_(tokenize(text)) {}

  QueryAst run() {
    QueryAst ast;
    try {
      while (true) {
        while (accept_symbol(";")) {
        }
        if (peek().kind == TokenKind::end) break;
        ast.statements.push_back(parse_select(0));
        if (peek().kind != TokenKind::end && !at_symbol(";")) fail_here("expected ';' or the end of the query");
      }
    } catch (const ParseFailure& failure) {
      ast.errors.push_back(failure.error);
    }
    return ast;
  }

 private:
  // ---- statements ----

  Select parse_select(int depth) {
    depth = deeper(depth);
    Select select;
    select.range.begin = peek().range.begin;
    if (at_keyword("WITH")) parse_with(select, depth);
    select.cores.push_back(parse_core(depth));
    while (true) {
      std::string compound;
      if (accept_keyword("UNION")) {
        compound = accept_keyword("ALL") ? "UNION ALL" : "UNION";
      } else if (accept_keyword("INTERSECT")) {
        compound = "INTERSECT";
      } else if (accept_keyword("EXCEPT")) {
        compound = "EXCEPT";
      } else {
        break;
      }
      select.compounds.push_back(compound);
      select.cores.push_back(parse_core(depth));
    }
    if (at_keyword("ORDER")) {
      select.order_range.begin = next().range.begin;
      expect_keyword("BY");
      do {
        OrderTerm term{parse_expr(depth)};
        if (accept_keyword("DESC"))
          term.descending = true;
        else
          accept_keyword("ASC");
        if (accept_keyword("NULLS") && !accept_keyword("FIRST")) expect_keyword("LAST");
        select.order_by.push_back(std::move(term));
      } while (accept_symbol(","));
      select.order_range.end = last_end();
    }
    if (at_keyword("LIMIT")) {
      select.limit_range.begin = next().range.begin;
      select.limit = parse_expr(depth);
      if (accept_keyword("OFFSET") || accept_symbol(",")) select.offset = parse_expr(depth);
      select.limit_range.end = last_end();
    }
    select.range.end = last_end();
    return select;
  }

  void parse_with(Select& select, int depth) {
    select.with_range.begin = next().range.begin;
    select.recursive = accept_keyword("RECURSIVE");
    do {
      CommonTable table;
      table.range.begin = peek().range.begin;
      table.name = expect_name("a common table name");
      if (accept_symbol("(")) {
        do table.columns.push_back(expect_name("a column name"));
        while (accept_symbol(","));
        expect_symbol(")");
      }
      expect_keyword("AS");
      if (accept_keyword("NOT")) expect_keyword("MATERIALIZED");
      else accept_keyword("MATERIALIZED");
      table.select.push_back(parse_parenthesised_select(depth));
      table.range.end = last_end();
      select.with.push_back(std::move(table));
    } while (accept_symbol(","));
    select.with_range.end = last_end();
  }

  Select parse_parenthesised_select(int depth) {
    uint32_t open = peek().range.begin;
    expect_symbol("(");
    Select inner = parse_select(depth);
    expect_closing(open);
    return inner;
  }

  SelectCore parse_core(int depth) {
    SelectCore core;
    if (!at_keyword("SELECT")) fail_here("expected SELECT");
    core.select_range.begin = next().range.begin;
    if (accept_keyword("DISTINCT"))
      core.distinct = true;
    else
      accept_keyword("ALL");
    do core.columns.push_back(parse_result_column(depth));
    while (accept_symbol(","));
    core.select_range.end = last_end();
    if (at_keyword("FROM")) {
      core.from_range.begin = next().range.begin;
      parse_from(core.from, depth);
      core.from_range.end = last_end();
    }
    if (at_keyword("WHERE")) {
      core.where_range.begin = next().range.begin;
      core.where = parse_expr(depth);
      core.where_range.end = last_end();
    }
    if (at_keyword("GROUP")) {
      core.group_range.begin = next().range.begin;
      expect_keyword("BY");
      do core.group_by.push_back(parse_expr(depth));
      while (accept_symbol(","));
      core.group_range.end = last_end();
    }
    if (at_keyword("HAVING")) {
      core.having_range.begin = next().range.begin;
      core.having = parse_expr(depth);
      core.having_range.end = last_end();
    }
    return core;
  }

  ResultColumn parse_result_column(int depth) {
    ResultColumn column;
    column.range.begin = peek().range.begin;
    if (at_symbol("*")) {
      column.expr = leaf(ExprKind::star, "", next().range);
    } else if (is_name(peek()) && is_symbol(peek(1), ".") && is_symbol(peek(2), "*")) {
      Token table = next();
      next();
      column.expr = leaf(ExprKind::star, table.text, {table.range.begin, next().range.end});
    } else {
      column.expr = parse_expr(depth);
      column.alias = parse_alias();
    }
    column.range.end = last_end();
    return column;
  }

  // `AS name`, or a bare name that is not a keyword ending the clause.
  std::string parse_alias() {
    if (accept_keyword("AS")) {
      if (peek().kind == TokenKind::string) return next().text;
      return expect_name("an alias after AS");
    }
    const Token& token = peek();
    if (token.kind == TokenKind::quoted_identifier || token.kind == TokenKind::string ||
        (token.kind == TokenKind::identifier && !reserved(token.text)))
      return next().text;
    return {};
  }

  void parse_from(std::vector<TableRef>& from, int depth) {
    from.push_back(parse_table(depth, ""));
    while (true) {
      std::string join = parse_join_operator();
      if (join.empty()) return;
      TableRef table = parse_table(depth, join);
      if (accept_keyword("ON")) {
        table.on = parse_expr(depth);
      } else if (accept_keyword("USING")) {
        uint32_t open = peek().range.begin;
        expect_symbol("(");
        do table.using_columns.push_back(expect_name("a column name"));
        while (accept_symbol(","));
        expect_closing(open);
      }
      table.range.end = last_end();
      from.push_back(std::move(table));
    }
  }

  // ",", "JOIN", "LEFT OUTER JOIN", "NATURAL INNER JOIN", ... or "" when none follows.
  std::string parse_join_operator() {
    if (accept_symbol(",")) return ",";
    std::string join;
    auto add = [&](std::string_view word) {
      if (!join.empty()) join += ' ';
      join += word;
    };
    if (accept_keyword("NATURAL")) add("NATURAL");
    if (accept_keyword("LEFT")) add("LEFT");
    else if (accept_keyword("RIGHT")) add("RIGHT");
    else if (accept_keyword("FULL")) add("FULL");
    if (!join.empty() && join != "NATURAL" && accept_keyword("OUTER")) add("OUTER");
    if (accept_keyword("INNER")) add("INNER");
    else if (accept_keyword("CROSS")) add("CROSS");
    if (join.empty() && !at_keyword("JOIN")) return {};
    expect_keyword("JOIN");
    add("JOIN");
    return join;
  }

  TableRef parse_table(int depth, std::string join) {
    TableRef table;
    table.join = std::move(join);
    table.range.begin = peek().range.begin;
    if (at_symbol("(")) {
      uint32_t open = next().range.begin;
      if (!at_keyword("SELECT") && !at_keyword("WITH")) fail_here("expected a subquery");
      table.subquery.push_back(parse_select(depth));
      expect_closing(open);
    } else {
      table.name = expect_name("a table name");
      while (accept_symbol(".")) table.name += "." + expect_name("a table name");
      if (at_symbol("(")) {
        uint32_t open = next().range.begin;
        if (!at_symbol(")")) {
          do table.arguments.push_back(parse_expr(depth));
          while (accept_symbol(","));
        }
        expect_closing(open);
      }
    }
    table.alias = parse_alias();
    if (accept_keyword("INDEXED")) {
      expect_keyword("BY");
      expect_name("an index name");
    } else if (accept_keyword("NOT")) {
      expect_keyword("INDEXED");
    }
    table.range.end = last_end();
    return table;
  }

  // ---- expressions, loosest first ----

  Expr parse_expr(int depth) { return parse_or(deeper(depth)); }

  Expr parse_or(int depth) { return parse_keyword_chain(depth, "OR", &Parser::parse_and); }
  Expr parse_and(int depth) { return parse_keyword_chain(depth, "AND", &Parser::parse_not); }

  using Level = Expr (Parser::*)(int depth);

  Expr parse_keyword_chain(int depth, std::string_view keyword, Level operand) {
    Expr lhs = (this->*operand)(depth);
    while (accept_keyword(keyword)) lhs = binary(std::string(keyword), std::move(lhs), (this->*operand)(depth));
    return lhs;
  }

  Expr parse_not(int depth) {
    if (!at_keyword("NOT")) return parse_equality(depth);
    uint32_t begin = next().range.begin;
    Expr inner = parse_not(deeper(depth));
    Expr expr;
    expr.kind = ExprKind::unary;
    expr.text = "NOT";
    expr.range = {begin, inner.range.end};
    expr.children.push_back(std::move(inner));
    return expr;
  }

  // = == != <> IS [NOT] [DISTINCT FROM], [NOT] IN/LIKE/GLOB/REGEXP/MATCH/BETWEEN, ISNULL, NOTNULL, NOT NULL.
  Expr parse_equality(int depth) {
    Expr lhs = parse_comparison(depth);
    while (true) {
      if (at_symbol("=") || at_symbol("==") || at_symbol("!=") || at_symbol("<>")) {
        std::string op = next().text;
        lhs = binary(std::move(op), std::move(lhs), parse_comparison(depth));
        continue;
      }
      if (accept_keyword("IS")) {
        std::string op = accept_keyword("NOT") ? "IS NOT" : "IS";
        if (accept_keyword("DISTINCT")) {
          expect_keyword("FROM");
          op = op == "IS" ? "IS NOT" : "IS";  // IS DISTINCT FROM is IS NOT
        }
        if (at_keyword("NULL")) {
          uint32_t end = next().range.end;
          lhs = wrap(ExprKind::is_null, std::move(lhs), end);
          lhs.negated = op == "IS NOT";
        } else {
          lhs = binary(std::move(op), std::move(lhs), parse_comparison(depth));
        }
        continue;
      }
      if (at_keyword("ISNULL") || at_keyword("NOTNULL") || (at_keyword("NOT") && is_keyword(peek(1), "NULL"))) {
        bool negated = !at_keyword("ISNULL");
        if (accept_keyword("NOT")) negated = true;
        uint32_t end = next().range.end;
        lhs = wrap(ExprKind::is_null, std::move(lhs), end);
        lhs.negated = negated;
        continue;
      }
      bool negated = at_keyword("NOT") && (is_keyword(peek(1), "IN") || is_keyword(peek(1), "LIKE") ||
                                           is_keyword(peek(1), "GLOB") || is_keyword(peek(1), "REGEXP") ||
                                           is_keyword(peek(1), "MATCH") || is_keyword(peek(1), "BETWEEN"));
      if (negated) next();
      if (accept_keyword("IN")) {
        lhs = parse_in(std::move(lhs), depth);
      } else if (at_keyword("LIKE") || at_keyword("GLOB") || at_keyword("REGEXP") || at_keyword("MATCH")) {
        std::string op = ascii_upper(next().text);
        Expr like = wrap(ExprKind::like, std::move(lhs), 0);
        like.text = std::move(op);
        like.children.push_back(parse_comparison(depth));
        if (accept_keyword("ESCAPE")) like.children.push_back(parse_comparison(depth));
        like.range.end = like.children.back().range.end;
        lhs = std::move(like);
      } else if (accept_keyword("BETWEEN")) {
        Expr between = wrap(ExprKind::between, std::move(lhs), 0);
        between.children.push_back(parse_comparison(depth));
        expect_keyword("AND");
        between.children.push_back(parse_comparison(depth));
        between.range.end = between.children.back().range.end;
        lhs = std::move(between);
      } else {
        return lhs;
      }
      lhs.negated = negated;
    }
  }

  // After IN: (list), (SELECT ...), or a table name.
  Expr parse_in(Expr lhs, int depth) {
    Expr in = wrap(ExprKind::in_list, std::move(lhs), 0);
    if (at_symbol("(")) {
      uint32_t open = next().range.begin;
      if (at_keyword("SELECT") || at_keyword("WITH")) {
        in.kind = ExprKind::in_select;
        in.select.push_back(parse_select(depth));
      } else if (!at_symbol(")")) {
        do in.children.push_back(parse_expr(depth));
        while (accept_symbol(","));
      }
      expect_closing(open);
    } else {
      Token table = peek();
      in.kind = ExprKind::in_select;
      in.children.push_back(leaf(ExprKind::column, expect_name("a list, a subquery or a table after IN"), table.range));
    }
    in.range.end = last_end();
    return in;
  }

  Expr parse_comparison(int depth) { return parse_symbol_chain(depth, {"<", "<=", ">", ">="}, &Parser::parse_bitwise); }
  Expr parse_bitwise(int depth) { return parse_symbol_chain(depth, {"&", "|", "<<", ">>"}, &Parser::parse_additive); }
  Expr parse_additive(int depth) { return parse_symbol_chain(depth, {"+", "-"}, &Parser::parse_multiplicative); }
  Expr parse_multiplicative(int depth) { return parse_symbol_chain(depth, {"*", "/", "%"}, &Parser::parse_concat); }
  Expr parse_concat(int depth) { return parse_symbol_chain(depth, {"||", "->", "->>"}, &Parser::parse_unary); }

  Expr parse_symbol_chain(int depth, std::initializer_list<std::string_view> symbols, Level operand) {
    Expr lhs = (this->*operand)(depth);
    while (peek().kind == TokenKind::symbol &&
           std::find(symbols.begin(), symbols.end(), peek().text) != symbols.end()) {
      std::string op = next().text;
      lhs = binary(std::move(op), std::move(lhs), (this->*operand)(depth));
    }
    return lhs;
  }

  Expr parse_unary(int depth) {
    if (at_symbol("-") || at_symbol("+") || at_symbol("~")) {
      Token op = next();
      Expr inner = parse_unary(deeper(depth));
      Expr expr;
      expr.kind = ExprKind::unary;
      expr.text = op.text;
      expr.range = {op.range.begin, inner.range.end};
      expr.children.push_back(std::move(inner));
      return expr;
    }
    Expr expr = parse_primary(depth);
    while (accept_keyword("COLLATE")) {
      std::string collation = expect_name("a collation name");
      expr = wrap(ExprKind::collate, std::move(expr), last_end());
      expr.text = std::move(collation);
    }
    return expr;
  }

  Expr parse_primary(int depth) {
    const Token& token = peek();
    switch (token.kind) {
      case TokenKind::string: return leaf(ExprKind::string, token.text, next().range);
      case TokenKind::number: return leaf(ExprKind::number, token.text, next().range);
      case TokenKind::blob: return leaf(ExprKind::blob, token.text, next().range);
      case TokenKind::parameter: return leaf(ExprKind::parameter, token.text, next().range);
      case TokenKind::quoted_identifier: return parse_name_expr(depth);
      case TokenKind::invalid: fail_here(token.text);
      case TokenKind::end: fail_here("expected an expression");
      case TokenKind::symbol:
        if (token.text == "(") return parse_parenthesised(depth);
        fail_here("unexpected '" + token.text + "'");
      case TokenKind::identifier: break;
    }
    if (at_keyword("NULL")) return leaf(ExprKind::null, "NULL", next().range);
    for (std::string_view word : {"TRUE", "FALSE", "CURRENT_TIME", "CURRENT_DATE", "CURRENT_TIMESTAMP"})
      if (at_keyword(word)) return leaf(ExprKind::keyword_value, std::string(word), next().range);
    if (at_keyword("CASE")) return parse_case(depth);
    if (at_keyword("CAST")) return parse_cast(depth);
    if (at_keyword("EXISTS")) {
      uint32_t begin = next().range.begin;
      Expr exists = leaf(ExprKind::exists, "", {begin, 0});
      exists.select.push_back(parse_parenthesised_select(depth));
      exists.range.end = last_end();
      return exists;
    }
    if (reserved(token.text) && !is_symbol(peek(1), "(")) fail_here("expected an expression, found '" + token.text + "'");
    return parse_name_expr(depth);
  }

  // ( expr ), ( expr, expr ) as a row value, or ( SELECT ... ).
  Expr parse_parenthesised(int depth) {
    uint32_t open = next().range.begin;
    if (at_keyword("SELECT") || at_keyword("WITH")) {
      Expr subquery = leaf(ExprKind::subquery, "", {open, 0});
      subquery.select.push_back(parse_select(depth));
      expect_closing(open);
      subquery.range.end = last_end();
      return subquery;
    }
    Expr inner = parse_expr(depth);
    if (at_symbol(",")) {
      Expr row = leaf(ExprKind::call, "", {open, 0});  // a row value: a call without a name
      row.children.push_back(std::move(inner));
      while (accept_symbol(",")) row.children.push_back(parse_expr(depth));
      inner = std::move(row);
    }
    expect_closing(open);
    inner.range = {open, last_end()};
    return inner;
  }

  // A column (a, t.a, s.t.a) or a function call f(...).
  Expr parse_name_expr(int depth) {
    Token first = next();
    if (first.kind == TokenKind::identifier && at_symbol("(")) return parse_call(first, depth);
    Expr column = leaf(ExprKind::column, first.text, first.range);
    column.quoted = first.kind == TokenKind::quoted_identifier;
    while (at_symbol(".") && is_name(peek(1))) {
      next();
      Token part = next();
      column.text += "." + part.text;
      column.quoted = false;  // a qualified name is never read as a string
      column.range.end = part.range.end;
    }
    return column;
  }

  Expr parse_call(const Token& name, int depth) {
    uint32_t open = next().range.begin;
    Expr call = leaf(ExprKind::call, name.text, name.range);
    if (accept_symbol("*")) {
      call.children.push_back(leaf(ExprKind::star, "", {open + 1, open + 2}));
    } else if (!at_symbol(")")) {
      call.distinct = accept_keyword("DISTINCT");
      do call.children.push_back(parse_expr(depth));
      while (accept_symbol(","));
    }
    expect_closing(open);
    if (accept_keyword("FILTER")) {
      uint32_t filter_open = peek().range.begin;
      expect_symbol("(");
      expect_keyword("WHERE");
      parse_expr(depth);
      expect_closing(filter_open);
    }
    if (accept_keyword("OVER")) skip_balanced_or_name();
    call.range.end = last_end();
    return call;
  }

  // A window: OVER name or OVER ( ... ), kept out of the tree.
  void skip_balanced_or_name() {
    if (!at_symbol("(")) {
      expect_name("a window name");
      return;
    }
    uint32_t open = peek().range.begin;
    int nesting = 0;
    do {
      if (peek().kind == TokenKind::end) throw ParseFailure{{"expected ')'", peek().range.begin, open}};
      if (at_symbol("(")) ++nesting;
      if (at_symbol(")")) --nesting;
      next();
    } while (nesting > 0);
  }

  Expr parse_case(int depth) {
    uint32_t begin = next().range.begin;
    Expr expr = leaf(ExprKind::case_, "", {begin, 0});
    if (!at_keyword("WHEN")) {
      expr.has_operand = true;
      expr.children.push_back(parse_expr(depth));
    }
    if (!at_keyword("WHEN")) fail_here("expected WHEN");
    while (accept_keyword("WHEN")) {
      expr.children.push_back(parse_expr(depth));
      expect_keyword("THEN");
      expr.children.push_back(parse_expr(depth));
    }
    if (accept_keyword("ELSE")) {
      expr.has_else = true;
      expr.children.push_back(parse_expr(depth));
    }
    expect_keyword("END");
    expr.range.end = last_end();
    return expr;
  }

  Expr parse_cast(int depth) {
    uint32_t begin = next().range.begin;
    uint32_t open = peek().range.begin;
    expect_symbol("(");
    Expr inner = parse_expr(depth);
    expect_keyword("AS");
    std::string type = expect_name("a type name");
    while (peek().kind == TokenKind::identifier && !at_symbol(")")) type += " " + next().text;
    if (at_symbol("(")) {  // VARCHAR(10), DECIMAL(10, 2)
      uint32_t size_open = next().range.begin;
      type += "(";
      do {
        if (at_symbol("-") || at_symbol("+")) type += next().text;
        if (peek().kind != TokenKind::number) fail_here("expected a number in the type");
        type += next().text;
      } while (accept_symbol(",") && (type += ",", true));
      expect_closing(size_open);
      type += ")";
    }
    expect_closing(open);
    Expr cast = wrap(ExprKind::cast, std::move(inner), last_end());
    cast.text = std::move(type);
    cast.range.begin = begin;
    return cast;
  }

  // ---- helpers ----

  static Expr leaf(ExprKind kind, std::string text, Range range) {
    Expr expr;
    expr.kind = kind;
    expr.text = std::move(text);
    expr.range = range;
    return expr;
  }

  // A node of `kind` over `child`, from the child's start to `end` (0: the child's end).
  static Expr wrap(ExprKind kind, Expr child, uint32_t end) {
    Expr expr;
    expr.kind = kind;
    expr.range = {child.range.begin, end ? end : child.range.end};
    expr.children.push_back(std::move(child));
    return expr;
  }

  static Expr binary(std::string op, Expr lhs, Expr rhs) {
    Expr expr;
    expr.kind = ExprKind::binary;
    expr.text = std::move(op);
    expr.range = {lhs.range.begin, rhs.range.end};
    expr.children.push_back(std::move(lhs));
    expr.children.push_back(std::move(rhs));
    return expr;
  }

  const Token& peek(size_t ahead = 0) const { return tokens_[std::min(index_ + ahead, tokens_.size() - 1)]; }
  const Token& next() {
    const Token& token = peek();
    if (token.kind == TokenKind::invalid) fail_here(token.text);
    if (index_ + 1 < tokens_.size()) ++index_;
    last_end_ = token.range.end;
    return token;
  }
  uint32_t last_end() const { return last_end_; }

  static bool is_keyword(const Token& token, std::string_view keyword) {
    return token.kind == TokenKind::identifier && iequals(token.text, keyword);
  }
  static bool is_symbol(const Token& token, std::string_view symbol) {
    return token.kind == TokenKind::symbol && token.text == symbol;
  }
  static bool is_name(const Token& token) {
    return token.kind == TokenKind::quoted_identifier || token.kind == TokenKind::identifier;
  }
  bool at_keyword(std::string_view keyword) const { return is_keyword(peek(), keyword); }
  bool at_symbol(std::string_view symbol) const { return is_symbol(peek(), symbol); }
  bool accept_keyword(std::string_view keyword) {
    if (!at_keyword(keyword)) return false;
    next();
    return true;
  }
  bool accept_symbol(std::string_view symbol) {
    if (!at_symbol(symbol)) return false;
    next();
    return true;
  }
  void expect_keyword(std::string_view keyword) {
    if (!accept_keyword(keyword)) fail_here("expected " + std::string(keyword));
  }
  void expect_symbol(std::string_view symbol) {
    if (!accept_symbol(symbol)) fail_here("expected '" + std::string(symbol) + "'");
  }
  void expect_closing(uint32_t open) {
    if (!accept_symbol(")")) throw ParseFailure{{"expected ')'", peek().range.begin, open}};
  }
  std::string expect_name(std::string_view what) {
    const Token& token = peek();
    if (token.kind == TokenKind::quoted_identifier || (token.kind == TokenKind::identifier && !reserved(token.text)))
      return next().text;
    if (token.kind == TokenKind::identifier)
      fail_here("expected " + std::string(what) + ", found the keyword '" + token.text + "' (quote it to use it as a name)");
    fail_here("expected " + std::string(what));
  }

  int deeper(int depth) const {
    if (depth + 1 > kMaxDepth) fail_here("nesting too deep");
    return depth + 1;
  }
  [[noreturn]] void fail_here(std::string message) const {
    const Token& token = peek();
    if (token.kind == TokenKind::invalid) message = token.text;
    throw ParseFailure{{std::move(message), token.range.begin}};
  }

  std::vector<Token> tokens_;
  size_t index_ = 0;
  uint32_t last_end_ = 0;
};

}  // namespace

QueryAst parse(std::string_view query) { return Parser(query).run(); }

}  // namespace ruledex::sql
