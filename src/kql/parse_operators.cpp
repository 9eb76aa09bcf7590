// Tabular operators: the part after `|`, and the operators that start a
// query on their own (union, print, range, datatable, ...).
#include <algorithm>
#include <array>
#include <utility>

#include "kql/parser_impl.h"

namespace ruledex::kql {
namespace {

enum class Op : uint8_t {
  As, Consume, Count, Distinct, Evaluate, Extend, ExternalData, Facet, Find, Fork, GetSchema, Invoke, Join,
  Lookup, MakeSeries, MvApply, MvExpand, Parse, ParseKv, ParseWhere, Partition, Print, Project, ProjectAway,
  ProjectKeep, ProjectRename, ProjectReorder, Range, Raw, Reduce, Render, Sample, SampleDistinct, Search,
  Serialize, Sort, Summarize, Take, Top, TopHitters, TopNested, Union, Where, DataTable,
};

struct OperatorKeyword {
  std::string_view keyword;
  Op op;
};

// Sorted by keyword for binary search.
constexpr std::array<OperatorKeyword, 59> kOperators = {{
    {"as", Op::As},
    {"assert-schema", Op::Raw},
    {"consume", Op::Consume},
    {"count", Op::Count},
    {"datatable", Op::DataTable},
    {"distinct", Op::Distinct},
    {"evaluate", Op::Evaluate},
    {"execute-and-cache", Op::Raw},
    {"extend", Op::Extend},
    {"externaldata", Op::ExternalData},
    {"facet", Op::Facet},
    {"filter", Op::Where},
    {"find", Op::Find},
    {"fork", Op::Fork},
    {"getschema", Op::GetSchema},
    {"graph-mark-components", Op::Raw},
    {"graph-match", Op::Raw},
    {"graph-merge", Op::Raw},
    {"graph-shortest-paths", Op::Raw},
    {"graph-to-table", Op::Raw},
    {"invoke", Op::Invoke},
    {"join", Op::Join},
    {"limit", Op::Take},
    {"lookup", Op::Lookup},
    {"make-graph", Op::Raw},
    {"make-series", Op::MakeSeries},
    {"mv-apply", Op::MvApply},
    {"mv-expand", Op::MvExpand},
    {"mvapply", Op::MvApply},
    {"mvexpand", Op::MvExpand},
    {"order", Op::Sort},
    {"parse", Op::Parse},
    {"parse-kv", Op::ParseKv},
    {"parse-where", Op::ParseWhere},
    {"partition", Op::Partition},
    {"print", Op::Print},
    {"project", Op::Project},
    {"project-away", Op::ProjectAway},
    {"project-by-names", Op::Raw},
    {"project-keep", Op::ProjectKeep},
    {"project-rename", Op::ProjectRename},
    {"project-reorder", Op::ProjectReorder},
    {"project-smart", Op::Raw},
    {"range", Op::Range},
    {"reduce", Op::Reduce},
    {"render", Op::Render},
    {"sample", Op::Sample},
    {"sample-distinct", Op::SampleDistinct},
    {"scan", Op::Raw},
    {"search", Op::Search},
    {"serialize", Op::Serialize},
    {"sort", Op::Sort},
    {"summarize", Op::Summarize},
    {"take", Op::Take},
    {"top", Op::Top},
    {"top-hitters", Op::TopHitters},
    {"top-nested", Op::TopNested},
    {"union", Op::Union},
    {"where", Op::Where},
}};

const OperatorKeyword* find_operator(std::string_view word) {
  auto it = std::lower_bound(kOperators.begin(), kOperators.end(), word,
                             [](const OperatorKeyword& k, std::string_view w) { return k.keyword < w; });
  return it != kOperators.end() && it->keyword == word ? &*it : nullptr;
}

}  // namespace

bool is_operator_keyword(std::string_view word) { return find_operator(word) != nullptr; }

// Operators that begin a query with no input: `union T1, T2`, `print x=1`,
// `range x from 1 to 5 step 1`, `datatable(...) [...]`, `externaldata(...)`,
// `find ...`, `search ...`, `evaluate plugin(...)`.
bool Parser::at_start_operator() const {
  if (kind() != TokenKind::Identifier) return false;
  std::string_view w = text_of(peek());
  TokenKind next = kind(1);
  if (w == "union" || w == "print" || w == "find" || w == "search" || w == "evaluate") {
    // A column or table of that name is followed by an operator or the end.
    return next != TokenKind::Pipe && next != TokenKind::RParen && next != TokenKind::Comma && next != TokenKind::Dot &&
           !(w != "union" && w != "search" && next == TokenKind::LParen);
  }
  if (w == "range") return next == TokenKind::Identifier;
  if (w == "datatable" || w == "externaldata") return next == TokenKind::LParen || next == TokenKind::Identifier;
  return false;
}

bool Parser::at_option(std::initializer_list<std::string_view> names) const {
  if (kind() != TokenKind::Identifier) return false;
  std::string_view w = text_of(peek());
  if (w == "hint" && kind(1) == TokenKind::Dot) return true;
  if (kind(1) != TokenKind::Assign) return false;
  return std::find(names.begin(), names.end(), w) != names.end();
}

// `name=value` parameters before an operator's arguments: kind=inner,
// hint.strategy=shuffle, withsource=T, isfuzzy=true, ...
void Parser::parse_options(Operator& op, std::initializer_list<std::string_view> names) {
  while (at_option(names)) {
    OperatorOption o;
    const Token& first = advance();
    while (accept(TokenKind::Dot)) expect(TokenKind::Identifier, "an option name after '.'");
    o.name = text_.substr(first.begin, prev_end() - first.begin);
    expect(TokenKind::Assign, "'=' after the option name");
    // A bare word is the value (kind=inner), never a call: `kind=inner (T)`.
    if (kind() == TokenKind::Identifier && kind(1) != TokenKind::Dot) {
      if (at_word("true") || at_word("false")) {
        o.value = parse_name_or_call();
      } else {
        const Token& t = advance();
        o.value = make_name(std::string(text_of(t)), {t.begin, t.end});
      }
    } else {
      o.value = parse_unary();
    }
    o.span = {first.begin, prev_end()};
    op.options.push_back(o);
  }
}

void Parser::parse_sort_order(NamedExpr& item) {
  if (at_word("asc") || at_word("desc") || at_word("granny-asc") || at_word("granny-desc")) item.order = text_of(advance());
  if (accept_word("nulls")) {
    if (!at_word("first") && !at_word("last")) fail("expected 'first' or 'last' after 'nulls', found " + describe_current());
    item.nulls = text_of(advance());
  }
}

// `expr`, `Name = expr`, `(A, B) = expr`, `['Name'] = expr`, and for sort
// keys `expr asc nulls last`.
NamedExpr Parser::parse_named_expr(bool allow_sort_order) {
  NamedExpr item;
  item.span.begin = peek().begin;
  if (kind() == TokenKind::Identifier && kind(1) == TokenKind::Assign) {
    item.names.push_back(text_of(advance()));
    advance();
  } else if (kind() == TokenKind::LBracket && kind(1) == TokenKind::String && kind(2) == TokenKind::RBracket &&
             kind(3) == TokenKind::Assign) {
    std::string_view quoted = text_of(peek(1));
    item.names.push_back(quoted.substr(quoted[0] == '@' ? 2 : 1, quoted.size() - (quoted[0] == '@' ? 3 : 2)));
    pos_ += 4;
  } else if (kind() == TokenKind::LParen && kind(1) == TokenKind::Identifier &&
             (kind(2) == TokenKind::Comma || kind(2) == TokenKind::RParen)) {
    // A tuple of names, if `= expr` follows the closing parenthesis.
    size_t p = pos_ + 1;
    while (p + 1 < tokens_.size() && tokens_[p].kind == TokenKind::Identifier && tokens_[p + 1].kind == TokenKind::Comma) p += 2;
    if (p + 2 < tokens_.size() && tokens_[p].kind == TokenKind::Identifier && tokens_[p + 1].kind == TokenKind::RParen &&
        tokens_[p + 2].kind == TokenKind::Assign) {
      advance();
      do {
        item.names.push_back(text_of(advance()));
      } while (accept(TokenKind::Comma));
      advance();  // )
      advance();  // =
    }
  }
  item.expr = parse_expression();
  if (allow_sort_order) parse_sort_order(item);
  item.span.end = prev_end();
  return item;
}

NamedExpr Parser::unnamed(const Expr* e) {
  NamedExpr item;
  item.expr = e;
  item.span = e->span;
  return item;
}

std::vector<NamedExpr> Parser::parse_named_list(bool allow_sort_order) {
  std::vector<NamedExpr> items;
  do {
    items.push_back(parse_named_expr(allow_sort_order));
  } while (accept(TokenKind::Comma));
  return items;
}

// A column or table name that may hold wildcards: Col, Col*, *Suffix, ['x'],
// Sec*Event. Tokens of a pattern are adjacent.
std::string_view Parser::parse_name_pattern(Span& span, bool& wildcard) {
  span.begin = peek().begin;
  wildcard = false;
  if (kind() == TokenKind::LBracket) {
    parse_primary();
    span.end = prev_end();
    std::string_view quoted = text_.substr(span.begin + 1, span.end - span.begin - 2);
    return quoted.substr(quoted[0] == '@' ? 2 : 1, quoted.size() - (quoted[0] == '@' ? 3 : 2));
  }
  if (kind() != TokenKind::Identifier && kind() != TokenKind::Star) fail("expected a name, found " + describe_current());
  // After the first piece, digits continue a pattern too: `*1`, `Col*2`.
  do {
    wildcard |= kind() == TokenKind::Star;
    advance();
  } while ((kind() == TokenKind::Identifier || kind() == TokenKind::Star || kind() == TokenKind::Long) &&
           peek().begin == prev_end());
  span.end = prev_end();
  return text_.substr(span.begin, span.end - span.begin);
}

// project-away / project-keep / project-reorder: names with wildcards.
std::vector<NamedExpr> Parser::parse_name_list() {
  std::vector<NamedExpr> items;
  do {
    NamedExpr item;
    bool wildcard = false;
    std::string_view name = parse_name_pattern(item.span, wildcard);
    NameExpr* n = make_name(std::string(name), item.span);
    n->wildcard = wildcard;
    n->bracketed = text_[item.span.begin] == '[';
    item.expr = n;
    parse_sort_order(item);
    item.span.end = prev_end();
    items.push_back(item);
  } while (accept(TokenKind::Comma));
  return items;
}

// `(Col:type, ...)` of datatable, externaldata and parse-kv.
std::vector<NamedExpr> Parser::parse_schema() {
  std::vector<NamedExpr> columns;
  const Token& open = expect(TokenKind::LParen, "'(' and the column schema");
  while (kind() != TokenKind::RParen) {
    NamedExpr column;
    column.span.begin = peek().begin;
    if (kind() == TokenKind::LBracket) {
      Span s;
      bool wildcard;
      column.names.push_back(parse_name_pattern(s, wildcard));
    } else {
      column.names.push_back(text_of(expect(TokenKind::Identifier, "a column name")));
    }
    expect(TokenKind::Colon, "':' and a type after the column name");
    column.type = text_of(expect(TokenKind::Identifier, "a type name"));
    column.span.end = prev_end();
    columns.push_back(column);
    if (!accept(TokenKind::Comma)) break;
  }
  expect_close(TokenKind::RParen, open);
  return columns;
}

// `with (name=value, ...)` of render, externaldata, parse-kv.
void Parser::parse_with_properties(Operator& op) {
  if (!accept_word("with")) return;
  const Token& open = expect(TokenKind::LParen, "'(' after 'with'");
  while (kind() != TokenKind::RParen) {
    OperatorOption o;
    const Token& first = expect(TokenKind::Identifier, "a property name");
    while (accept(TokenKind::Dot)) expect(TokenKind::Identifier, "a property name after '.'");
    o.name = text_.substr(first.begin, prev_end() - first.begin);
    expect(TokenKind::Assign, "'=' after the property name");
    o.value = kind() == TokenKind::LParen ? parse_parenthesized() : parse_expression();
    o.span = {first.begin, prev_end()};
    op.options.push_back(o);
    if (!accept(TokenKind::Comma)) break;
  }
  expect_close(TokenKind::RParen, open);
}

// parse/parse-where patterns: `* "text" Col:type "more" Col2 *`.
void Parser::parse_parse_pattern(Operator& op) {
  while (!at_pipeline_end()) {
    NamedExpr part;
    part.span.begin = peek().begin;
    if (kind() == TokenKind::String) {
      part.expr = parse_string_literal();
    } else if (kind() == TokenKind::Star) {
      const Token& t = advance();
      NameExpr* n = make_name("*", {t.begin, t.end});
      n->wildcard = true;
      part.expr = n;
    } else {
      Span s;
      bool wildcard;
      part.names.push_back(parse_name_pattern(s, wildcard));
      if (accept(TokenKind::Colon)) part.type = text_of(expect(TokenKind::Identifier, "a type name after ':'"));
    }
    part.span.end = prev_end();
    op.pattern.push_back(part);
  }
  if (op.pattern.empty()) fail("expected a pattern after 'with', found " + describe_current());
}

// join / lookup: options, the right side, `on` conditions.
void Parser::parse_join_like(Operator& op) {
  parse_options(op, {"kind", "withsource"});
  op.subqueries.push_back(kind() == TokenKind::LParen ? parse_parenthesized_subquery() : parse_table_reference());
  if (accept_word("on") || accept_word("where")) {
    do {
      op.on.push_back(parse_expression());
    } while (accept(TokenKind::Comma));
  }
}

void Parser::parse_union_legs(Operator& op) {
  do {
    if (kind() == TokenKind::LParen) {
      op.subqueries.push_back(parse_parenthesized_subquery());
    } else if ((kind() == TokenKind::Identifier && kind(1) == TokenKind::Star && adjacent(0)) ||
               kind() == TokenKind::Star) {
      Span span;
      bool wildcard;
      std::string_view name = parse_name_pattern(span, wildcard);
      NameExpr* n = make_name(std::string(name), span);
      n->wildcard = wildcard;
      op.subqueries.push_back(as_pipeline(n));
    } else {
      op.subqueries.push_back(parse_table_reference());
    }
  } while (accept(TokenKind::Comma));
}

// mv-expand / mv-apply columns: `[Name =] expr [to typeof(type)]`, then `limit N`.
void Parser::parse_mv_items(Operator& op) {
  do {
    NamedExpr item = parse_named_expr();
    if (accept_word("to")) {
      expect_word("typeof");
      const Token& open = expect(TokenKind::LParen, "'(' after 'typeof'");
      item.type = text_of(expect(TokenKind::Identifier, "a type name"));
      expect_close(TokenKind::RParen, open);
      item.span.end = prev_end();
    }
    op.items.push_back(item);
  } while (accept(TokenKind::Comma));
  if (at_word("limit")) {
    OperatorOption o;
    o.name = text_of(advance());
    o.value = parse_expression();
    op.options.push_back(o);
  }
}

// `from X to Y step Z` (range, make-series).
void Parser::parse_range_bounds(Operator& op) {
  for (std::string_view word : {"from", "to", "step"}) {
    if (!at_word(word)) {
      if (word == "step" || op.keyword == "range") fail("expected '" + std::string(word) + "', found " + describe_current());
      continue;
    }
    OperatorOption o;
    o.span.begin = advance().begin;
    o.name = word;
    o.value = parse_expression();
    o.span.end = prev_end();
    op.options.push_back(o);
  }
}

void Parser::parse_make_series(Operator& op) {
  parse_options(op, {"kind"});
  do {
    op.items.push_back(parse_named_expr());
    if (at_word("default") && kind(1) == TokenKind::Assign) {
      OperatorOption o;
      o.name = text_of(advance());
      advance();
      o.value = parse_expression();
      op.options.push_back(o);
    }
  } while (accept(TokenKind::Comma));
  expect_word("on");
  op.on.push_back(parse_binary(4));  // stops before `in range(...)`
  if (at_word("in")) {
    OperatorOption o;
    o.name = text_of(advance());
    o.value = parse_expression();
    op.options.push_back(o);
  } else {
    parse_range_bounds(op);
  }
  if (accept_word("by")) op.by = parse_named_list();
}

// top-nested [N] of Col [with others = X] by Agg [asc|desc], ...
void Parser::parse_top_nested(Operator& op) {
  do {
    if (!at_word("of")) {
      OperatorOption count;
      count.name = "count";
      count.value = parse_expression();
      op.options.push_back(count);
    }
    expect_word("of");
    op.items.push_back(parse_named_expr());
    if (accept_word("with")) {
      expect_word("others");
      expect(TokenKind::Assign, "'=' after 'others'");
      OperatorOption others;
      others.name = "others";
      others.value = parse_expression();
      op.options.push_back(others);
    }
    expect_word("by");
    op.by.push_back(parse_named_expr(true));
  } while (accept(TokenKind::Comma) && accept_word("top-nested"));
}

// datatable/externaldata rows: `[ value, value, ... ]`.
void Parser::parse_literal_rows(Operator& op) {
  const Token& open = expect(TokenKind::LBracket, "'[' and the values");
  while (kind() != TokenKind::RBracket) {
    NamedExpr value;
    value.expr = parse_expression();
    value.span = value.expr->span;
    op.items.push_back(value);
    if (!accept(TokenKind::Comma)) break;
  }
  expect_close(TokenKind::RBracket, open);
}

// Operators kept as a span (scan, graph operators): skip to the next `|` of
// this pipeline.
void Parser::skip_balanced_until_pipe() {
  int depth = 0;
  while (kind() != TokenKind::End) {
    TokenKind k = kind();
    if (depth == 0 && (k == TokenKind::Pipe || k == TokenKind::Semicolon)) break;
    if (k == TokenKind::LParen || k == TokenKind::LBracket || k == TokenKind::LBrace) ++depth;
    if (k == TokenKind::RParen || k == TokenKind::RBracket || k == TokenKind::RBrace) {
      if (depth == 0) break;
      --depth;
    }
    advance();
  }
}

const Operator* Parser::parse_operator() {
  const Token& keyword = peek();
  if (keyword.kind != TokenKind::Identifier) fail("expected a tabular operator after '|', found " + describe_current());
  const OperatorKeyword* known = find_operator(text_of(keyword));
  if (!known) fail("unknown tabular operator '" + std::string(text_of(keyword)) + "'");
  advance();
  auto* op = ast_.make<Operator>();
  Operator& o = *op;
  // Only the where predicate itself reads `=` as a comparison, not an operator nested in it.
  const bool outer_assign_compares = std::exchange(assign_compares_, known->op == Op::Where);
  struct Restore {
    bool& flag;
    bool value;
    ~Restore() { flag = value; }
  } restore{assign_compares_, outer_assign_compares};
  o.keyword = known->keyword;  // as written: `filter` stays `filter`
  o.keyword_span = {keyword.begin, keyword.end};
  switch (known->op) {
    case Op::Where:
      o.predicate = parse_expression();
      break;
    case Op::Extend:
    case Op::Project:
    case Op::Print:
      o.items = parse_named_list();
      break;
    case Op::Serialize:
      if (!at_pipeline_end()) o.items = parse_named_list();
      break;
    case Op::ProjectAway:
    case Op::ProjectKeep:
    case Op::ProjectReorder:
      o.items = parse_name_list();
      break;
    case Op::ProjectRename:
      o.items = parse_named_list();
      break;
    case Op::Summarize:
      parse_options(o, {});
      if (!at_word("by") && !at_pipeline_end()) o.items = parse_named_list();
      if (accept_word("by")) o.by = parse_named_list();
      break;
    case Op::Distinct:
      parse_options(o, {});
      o.items = parse_named_list();
      break;
    case Op::Sort:
      parse_options(o, {});
      expect_word("by");
      o.by = parse_named_list(true);
      break;
    case Op::Top:
      o.items.push_back(unnamed(parse_expression()));
      expect_word("by");
      o.by = parse_named_list(true);
      break;
    case Op::Take:
    case Op::Sample:
      parse_options(o, {});
      o.items.push_back(unnamed(parse_expression()));
      break;
    case Op::SampleDistinct:
    case Op::TopHitters:
      o.items.push_back(unnamed(parse_expression()));
      expect_word("of");
      o.items.push_back(parse_named_expr());
      if (accept_word("by")) o.by = parse_named_list();
      break;
    case Op::TopNested:
      parse_top_nested(o);
      break;
    case Op::Count:
    case Op::GetSchema:
      break;
    case Op::Join:
    case Op::Lookup:
      parse_join_like(o);
      break;
    case Op::Union:
      parse_options(o, {"kind", "withsource", "isfuzzy"});
      parse_union_legs(o);
      break;
    case Op::MvExpand:
      parse_options(o, {"bagexpansion", "with_itemindex", "kind"});
      parse_mv_items(o);
      break;
    case Op::MvApply:
      parse_options(o, {"bagexpansion", "with_itemindex", "kind"});
      parse_mv_items(o);
      expect_word("on");
      o.subqueries.push_back(parse_operator_subquery());
      break;
    case Op::Parse:
    case Op::ParseWhere:
      parse_options(o, {"kind", "flags"});
      o.items.push_back(unnamed(parse_expression()));
      expect_word("with");
      parse_parse_pattern(o);
      break;
    case Op::ParseKv:
      o.items.push_back(unnamed(parse_expression()));
      expect_word("as");
      o.pattern = parse_schema();
      parse_with_properties(o);
      break;
    case Op::Evaluate:
      parse_options(o, {});
      o.items.push_back(unnamed(parse_expression()));
      if (accept(TokenKind::Colon)) o.pattern = parse_schema();
      break;
    case Op::Invoke:
      o.items.push_back(unnamed(parse_expression()));
      break;
    case Op::MakeSeries:
      parse_make_series(o);
      break;
    case Op::Render: {
      const Token& chart = expect(TokenKind::Identifier, "a visualization name after 'render'");
      o.items.push_back(unnamed(make_name(std::string(text_of(chart)), {chart.begin, chart.end})));
      if (at_word("with")) {
        parse_with_properties(o);
      } else {
        while (kind() == TokenKind::Identifier && kind(1) == TokenKind::Assign) {  // legacy: render timechart kind=stacked
          OperatorOption opt;
          opt.name = text_of(advance());
          advance();
          opt.value = parse_expression();
          o.options.push_back(opt);
        }
      }
      break;
    }
    case Op::As: {
      parse_options(o, {});
      Span span;
      bool wildcard;
      std::string_view name = parse_name_pattern(span, wildcard);
      o.items.push_back(unnamed(make_name(std::string(name), span)));
      break;
    }
    case Op::Search:
    case Op::Find:
      parse_options(o, {"kind", "withsource", "datascope"});
      if (accept_word("in")) {
        const Token& open = expect(TokenKind::LParen, "'(' and the tables after 'in'");
        parse_union_legs(o);
        expect_close(TokenKind::RParen, open);
      }
      if (known->op == Op::Find) {
        expect_word("where");
        o.predicate = parse_expression();
        if (accept_word("project")) o.items = parse_named_list();
        else if (accept_word("project-smart")) {}
      } else {
        o.predicate = parse_expression();
      }
      break;
    case Op::ExternalData:
    case Op::DataTable:
      if (known->op == Op::ExternalData) parse_options(o, {"kind"});
      o.pattern = parse_schema();
      parse_literal_rows(o);
      parse_with_properties(o);
      break;
    case Op::Range: {
      NamedExpr column;
      const Token& name = expect(TokenKind::Identifier, "a column name after 'range'");
      column.names.push_back(text_of(name));
      column.span = {name.begin, name.end};
      o.items.push_back(column);
      parse_range_bounds(o);
      break;
    }
    case Op::Partition:
      parse_options(o, {});
      expect_word("by");
      {
        // A column, not an expression: `by Col (subquery)` is no call.
        Span span;
        bool wildcard;
        std::string_view column = parse_name_pattern(span, wildcard);
        o.by.push_back(unnamed(make_name(std::string(column), span)));
      }
      parse_options(o, {});
      o.subqueries.push_back(parse_operator_subquery());
      break;
    case Op::Fork:
      while (kind() == TokenKind::LParen || (kind() == TokenKind::Identifier && kind(1) == TokenKind::Assign)) {
        std::string_view name;
        if (kind() == TokenKind::Identifier) {
          name = text_of(advance());
          advance();
        }
        o.subqueries.push_back(parse_operator_subquery());
        o.subquery_names.push_back(name);
      }
      break;
    case Op::Facet:
      expect_word("by");
      o.by = parse_named_list();
      if (accept_word("with")) {
        if (kind() == TokenKind::LParen) {
          o.subqueries.push_back(parse_operator_subquery());
        } else {
          auto* pipeline = ast_.make<Pipeline>();
          pipeline->operators.push_back(parse_operator());
          o.subqueries.push_back(pipeline);
        }
      }
      break;
    case Op::Reduce:
      parse_options(o, {"kind"});
      expect_word("by");
      o.by.push_back(parse_named_expr());
      skip_balanced_until_pipe();
      break;
    case Op::Consume:
    case Op::Raw:
      skip_balanced_until_pipe();
      break;
  }
  o.span = {keyword.begin, prev_end()};
  return op;
}

}  // namespace ruledex::kql
