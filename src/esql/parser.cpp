#include "esql/parser.h"

#include <array>
#include <utility>

#include "base/ascii_case.h"
#include "esql/lexer.h"

namespace ruledex::esql {
namespace {

// Parenthesized and negated expressions nest at most this deep; each level
// takes about ten stack frames.
constexpr int kMaxDepth = 128;

// Units of a time span literal (`1 day`, `7d`), as ES|QL spells them.
constexpr std::array<std::string_view, 32> kTimeUnits = {
    "millisecond", "milliseconds", "ms",  "second",  "seconds",  "sec",  "s",     "minute",
    "minutes",     "min",          "m",   "hour",    "hours",    "h",    "day",   "days",
    "d",           "week",         "weeks", "w",     "month",    "months", "mo",  "quarter",
    "quarters",    "q",            "year", "years",  "yr",       "y",    "nanosecond", "nanoseconds",
};

struct ParseFailure {
  ParseError error;
};

[[noreturn]] void fail(std::string message, uint32_t offset, uint32_t related = ParseError::kNoOffset) {
  throw ParseFailure{{std::move(message), offset, related}};
}

bool is_source_command(std::string_view lower_keyword) {
  return lower_keyword == "from" || lower_keyword == "ts" || lower_keyword == "row" || lower_keyword == "show";
}

bool is_time_unit(std::string_view word) {
  std::string lower = ascii_lower(word);
  for (std::string_view unit : kTimeUnits)
    if (unit == lower) return true;
  return false;
}

Expr leaf(ExprKind kind, std::string text, Range range) {
  Expr expr;
  expr.kind = kind;
  expr.text = std::move(text);
  expr.range = range;
  return expr;
}

class Parser {
 public:
  explicit Parser(std::string_view query) : query_(query), tokens_(tokenize(query)) {}

  QueryAst run() {
    QueryAst ast;
    skip_fence_tag(ast);
    bool first = true;
    do {
      try {
        ast.commands.push_back(parse_command(first));
        if (!is_symbol("|") && tok().kind != TokenKind::end) fail_expected("'|' or the end of the query");
      } catch (const ParseFailure& failure) {
        ast.errors.push_back(failure.error);
        pipeline_depth_ = 0;
        while (!is_symbol("|") && tok().kind != TokenKind::end) ++i_;
      }
      first = false;
    } while (accept_symbol("|"));
    return ast;
  }

 private:
  // `sql` or `esql` alone on the first line, then a source command.
  void skip_fence_tag(QueryAst& ast) {
    if (!(is_word("sql") || is_word("esql")) || peek().kind != TokenKind::word) return;
    std::string_view between = query_.substr(tok().range.end, peek().range.begin - tok().range.end);
    if (between.find('\n') == std::string_view::npos || !is_source_command(ascii_lower(peek().text))) return;
    ast.warnings.push_back({"'" + tok().text + "' before the query (a code-fence tag?) is not ES|QL; read past it",
                            tok().range.begin});
    advance();
  }

  // Commands ------------------------------------------------------------------
  Command parse_command(bool first) {
    if (tok().kind != TokenKind::word) fail_expected(first ? "a source command (FROM, ROW, SHOW, TS)" : "a command");
    Command command;
    command.range.begin = tok().range.begin;
    command.keyword = tok().text;
    std::string keyword = ascii_lower(tok().text);
    advance();
    if (first != is_source_command(keyword))
      fail(first ? "a query starts with FROM, ROW, SHOW or TS, not '" + command.keyword + "'"
                 : "'" + command.keyword + "' can only start a query",
           command.range.begin);
    if (keyword == "inline" || keyword == "lookup") {
      std::string second = keyword == "inline" ? "stats" : "join";
      if (!is_word(second)) fail_expected("'" + second + "' after '" + command.keyword + "'");
      command.keyword += " " + tok().text;
      keyword += "_" + second;
      advance();
    }
    parse_command_body(keyword, command);
    command.range.end = last_end_;
    return command;
  }

  void parse_command_body(const std::string& keyword, Command& c) {
    if (keyword == "from" || keyword == "ts") {
      c.kind = keyword == "from" ? CommandKind::from : CommandKind::ts;
      do {
        if (c.kind == CommandKind::from && is_symbol("("))
          c.branches.push_back(parse_subquery());
        else
          c.sources.push_back(parse_source_name("an index pattern"));
      } while (accept_symbol(","));
      if (accept_word("metadata")) {
        do c.metadata.push_back(parse_name_pattern().text);
        while (accept_symbol(","));
      }
    } else if (keyword == "row") {
      c.kind = CommandKind::row;
      c.assignments = parse_assignments(false);
    } else if (keyword == "show") {
      c.kind = CommandKind::show;
      if (tok().kind != TokenKind::word) fail_expected("INFO");
      c.target = tok().text;
      advance();
    } else if (keyword == "where") {
      c.kind = CommandKind::where;
      c.condition = parse_expr(0);
    } else if (keyword == "eval") {
      c.kind = CommandKind::eval;
      c.assignments = parse_assignments(false);
    } else if (keyword == "stats" || keyword == "inlinestats" || keyword == "inline_stats") {
      c.kind = keyword == "stats" ? CommandKind::stats : CommandKind::inline_stats;
      if (!is_word("by")) c.assignments = parse_assignments(true);
      if (accept_word("by")) c.by = parse_assignments(false);
    } else if (keyword == "keep" || keyword == "drop") {
      c.kind = keyword == "keep" ? CommandKind::keep : CommandKind::drop;
      do c.names.push_back(parse_name_pattern());
      while (accept_symbol(","));
    } else if (keyword == "rename") {
      c.kind = CommandKind::rename;
      do c.renames.push_back(parse_rename());
      while (accept_symbol(","));
    } else if (keyword == "sort") {
      c.kind = CommandKind::sort;
      do c.sort_keys.push_back(parse_sort_key());
      while (accept_symbol(","));
    } else if (keyword == "limit" || keyword == "sample") {
      c.kind = keyword == "limit" ? CommandKind::limit : CommandKind::sample;
      c.value = parse_primary(0);
      if (c.value.kind != ExprKind::integer && c.value.kind != ExprKind::param &&
          (c.kind == CommandKind::limit || c.value.kind != ExprKind::decimal))
        fail("expected a number after " + c.keyword, c.value.range.begin);
    } else if (keyword == "dissect" || keyword == "grok") {
      c.kind = keyword == "dissect" ? CommandKind::dissect : CommandKind::grok;
      c.value = parse_primary(0);
      do {
        if (tok().kind != TokenKind::string) fail_expected("a " + ascii_lower(c.keyword) + " pattern string");
        c.patterns.push_back(tok().text);
        advance();
      } while (c.kind == CommandKind::grok && accept_symbol(","));
      while (tok().kind == TokenKind::word && peek_is_symbol("=")) {  // APPEND_SEPARATOR = "..."
        Assignment option;
        option.range.begin = tok().range.begin;
        option.name = tok().text;
        advance();
        advance();
        option.value = parse_primary(0);
        option.range.end = last_end_;
        c.options.push_back(std::move(option));
      }
    } else if (keyword == "enrich") {
      c.kind = CommandKind::enrich;
      c.sources.push_back(parse_source_name("an enrich policy"));
      if (accept_word("on")) c.on.push_back(parse_name_pattern());
      if (accept_word("with")) {
        do {
          Assignment field;
          field.range.begin = tok().range.begin;
          field.value = parse_name_pattern();
          if (accept_symbol("=")) {
            field.name = field.value.text;
            field.value = parse_name_pattern();
          }
          field.range.end = last_end_;
          c.assignments.push_back(std::move(field));
        } while (accept_symbol(","));
      }
    } else if (keyword == "mv_expand") {
      c.kind = CommandKind::mv_expand;
      c.value = parse_name_pattern();
    } else if (keyword == "lookup_join") {
      c.kind = CommandKind::lookup_join;
      c.sources.push_back(parse_source_name("a lookup index"));
      expect_word("on");
      do c.on.push_back(parse_expr(0));
      while (accept_symbol(","));
    } else if (keyword == "change_point") {
      c.kind = CommandKind::change_point;
      c.value = parse_qualified_name();
      if (accept_word("on")) c.on.push_back(parse_qualified_name());
      if (accept_word("as")) {
        c.names.push_back(parse_qualified_name());
        expect_symbol(",");
        c.names.push_back(parse_qualified_name());
      }
    } else if (keyword == "completion" || keyword == "rerank") {
      c.kind = keyword == "completion" ? CommandKind::completion : CommandKind::rerank;
      c.assignments.push_back(parse_assignment(false));
      if (c.kind == CommandKind::rerank) {
        expect_word("on");
        do c.on.push_back(parse_name_pattern());
        while (accept_symbol(","));
      }
      if (c.kind == CommandKind::completion && !is_word("with")) fail_expected("WITH");
      if (accept_word("with")) {
        Assignment endpoint;
        endpoint.name = "with";
        endpoint.range.begin = tok().range.begin;
        endpoint.value = parse_primary(0);
        endpoint.range.end = last_end_;
        c.options.push_back(std::move(endpoint));
      }
    } else if (keyword == "fork") {
      c.kind = CommandKind::fork;
      pipeline_depth_ = deeper(pipeline_depth_);
      if (!is_symbol("(")) fail_expected("'(' and a branch after FORK");
      while (is_symbol("(")) {
        uint32_t open = tok().range.begin;
        advance();
        std::vector<Command>& branch = c.branches.emplace_back();
        do branch.push_back(parse_command(false));
        while (accept_symbol("|"));
        expect_closing(")", open);
      }
      --pipeline_depth_;
    } else {
      fail("unknown command '" + c.keyword + "'", c.range.begin);
    }
  }

  // `(FROM ... | ...)` among FROM's sources: a whole query of its own.
  std::vector<Command> parse_subquery() {
    uint32_t open = tok().range.begin;
    advance();
    pipeline_depth_ = deeper(pipeline_depth_);
    std::vector<Command> pipeline;
    pipeline.push_back(parse_command(true));
    while (accept_symbol("|")) pipeline.push_back(parse_command(false));
    expect_closing(")", open);
    --pipeline_depth_;
    return pipeline;
  }

  // `[name =] value [WHERE filter]`, comma-separated; filters only for aggregates.
  std::vector<Assignment> parse_assignments(bool aggregates) {
    std::vector<Assignment> list;
    do list.push_back(parse_assignment(aggregates));
    while (accept_symbol(","));
    return list;
  }

  Assignment parse_assignment(bool aggregate) {
    Assignment assignment;
    assignment.range.begin = tok().range.begin;
    if (tok().kind == TokenKind::word || tok().kind == TokenKind::quoted) {
      Mark mark = save();
      Expr name = parse_qualified_name();
      if (accept_symbol("="))
        assignment.name = name.text;
      else
        restore(mark);
    }
    assignment.value = parse_expr(0);
    if (aggregate && accept_word("where")) {
      assignment.has_filter = true;
      assignment.filter = parse_expr(0);
    }
    assignment.range.end = last_end_;
    return assignment;
  }

  Rename parse_rename() {
    Rename rename;
    rename.range.begin = tok().range.begin;
    std::string first = parse_name_pattern().text;
    if (accept_symbol("=")) {
      rename.to = std::move(first);
      rename.from = parse_name_pattern().text;
    } else {
      expect_word("as");
      rename.from = std::move(first);
      rename.to = parse_name_pattern().text;
    }
    rename.range.end = last_end_;
    return rename;
  }

  SortKey parse_sort_key() {
    SortKey key;
    key.value = parse_expr(0);
    if (accept_word("desc"))
      key.descending = true;
    else
      accept_word("asc");
    if (accept_word("nulls")) {
      if (!is_word("first") && !is_word("last")) fail_expected("FIRST or LAST after NULLS");
      key.nulls = ascii_lower(tok().text);
      advance();
    }
    return key;
  }

  // An index pattern, policy or lookup index: a "quoted" name, or the run of
  // characters up to a blank, a comma or a pipe (logs-*, remote:logs-*, .ds-x).
  SourceName parse_source_name(const std::string& what) {
    SourceName source;
    source.range.begin = tok().range.begin;
    if (tok().kind == TokenKind::string) {
      source.name = tok().text;
      advance();
    } else {
      if (!can_be_in_source_name(tok())) fail_expected(what);
      do advance();
      while (can_be_in_source_name(tok()) && tok().range.begin == last_end_);
      source.name = std::string(query_.substr(source.range.begin, last_end_ - source.range.begin));
    }
    source.range.end = last_end_;
    return source;
  }

  static bool can_be_in_source_name(const Token& token) {
    if (token.kind == TokenKind::end || token.kind == TokenKind::error || token.kind == TokenKind::string) return false;
    return token.kind != TokenKind::symbol || (token.text != "," && token.text != "|" && token.text != "(" &&
                                                token.text != ")" && token.text != "[" && token.text != "]" &&
                                                token.text != "=" && token.text != "==");
  }

  // A field name that may hold `*` wildcards (KEEP, DROP, RENAME, ...): name
  // parts, dots and stars written without blanks between them.
  Expr parse_name_pattern() {
    Expr name = leaf(ExprKind::field, "", tok().range);
    auto is_part = [](const Token& t) {
      return t.kind == TokenKind::word || t.kind == TokenKind::quoted || t.kind == TokenKind::integer ||
             (t.kind == TokenKind::symbol && (t.text == "*" || t.text == "."));
    };
    if (!is_part(tok()) || is_symbol(".")) fail_expected("a field name");
    do {
      name.text += tok().text;
      advance();
    } while (is_part(tok()) && tok().range.begin == last_end_);
    if (name.text.back() == '.') fail("expected a name after '.'", last_end_);
    name.range.end = last_end_;
    return name;
  }

  // a.b.c, `quoted`.b, @timestamp.
  Expr parse_qualified_name() {
    if (tok().kind != TokenKind::word && tok().kind != TokenKind::quoted) fail_expected("a field name");
    Expr name = leaf(ExprKind::field, tok().text, tok().range);
    advance();
    while (is_symbol(".")) {
      advance();
      if (tok().kind != TokenKind::word && tok().kind != TokenKind::quoted && tok().kind != TokenKind::integer)
        fail_expected("a name after '.'");
      name.text += "." + tok().text;
      advance();
    }
    name.range.end = last_end_;
    return name;
  }

  // Boolean expressions -------------------------------------------------------
  Expr parse_expr(int depth) { return parse_chain(deeper(depth), "or", ExprKind::or_); }

  Expr parse_chain(int depth, std::string_view keyword, ExprKind kind) {
    auto operand = [&] { return kind == ExprKind::or_ ? parse_chain(depth, "and", ExprKind::and_) : parse_not(depth); };
    uint32_t begin = tok().range.begin;
    Expr first = operand();
    if (!is_word(keyword)) return first;
    Expr chain = leaf(kind, "", {});
    chain.children.push_back(std::move(first));
    while (accept_word(keyword)) chain.children.push_back(operand());
    chain.range = {begin, last_end_};
    return chain;
  }

  Expr parse_not(int depth) {
    uint32_t begin = tok().range.begin;
    if (!accept_word("not")) return parse_predicate(depth);
    Expr negated = leaf(ExprKind::not_, "", {});
    negated.children.push_back(parse_not(deeper(depth)));
    negated.range = {begin, last_end_};
    return negated;
  }

  // One comparison, match, LIKE / RLIKE, IN or IS NULL on top of a value.
  Expr parse_predicate(int depth) {
    uint32_t begin = tok().range.begin;
    Expr lhs = parse_additive(depth);
    Expr predicate;
    if (is_word("not") && (peek_is_word("like") || peek_is_word("rlike") || peek_is_word("in"))) {
      advance();
      predicate.negated = true;
    }
    if (is_word("like") || is_word("rlike")) {
      predicate.kind = ExprKind::like;
      predicate.text = ascii_lower(tok().text);
      advance();
      predicate.children.push_back(std::move(lhs));
      predicate.children.push_back(is_symbol("(") ? parse_list(depth, "(", ")") : parse_additive(depth));
    } else if (is_word("in")) {
      predicate.kind = ExprKind::in;
      advance();
      predicate.children.push_back(std::move(lhs));
      if (!is_symbol("(")) fail_expected("'(' and a list after IN");
      predicate.children.push_back(parse_list(depth, "(", ")"));
    } else if (is_word("is")) {
      predicate.kind = ExprKind::is_null;
      advance();
      predicate.negated = accept_word("not");
      expect_word("null");
      predicate.children.push_back(std::move(lhs));
    } else if (is_comparison()) {
      predicate.kind = tok().text == ":" ? ExprKind::match : ExprKind::compare;
      predicate.text = tok().text;
      advance();
      predicate.children.push_back(std::move(lhs));
      predicate.children.push_back(parse_additive(depth));
    } else {
      return lhs;
    }
    predicate.range = {begin, last_end_};
    return predicate;
  }

  bool is_comparison() const {
    static constexpr std::string_view kOperators[] = {"==", "!=", "<", "<=", ">", ">=", "=~", ":"};
    if (tok().kind != TokenKind::symbol) return false;
    for (std::string_view op : kOperators)
      if (tok().text == op) return true;
    return false;
  }

  // Arithmetic ----------------------------------------------------------------
  Expr parse_additive(int depth) { return parse_binary(depth, "+-", &Parser::parse_multiplicative); }
  Expr parse_multiplicative(int depth) { return parse_binary(depth, "*/%", &Parser::parse_unary); }

  Expr parse_binary(int depth, std::string_view ops, Expr (Parser::*operand)(int)) {
    uint32_t begin = tok().range.begin;
    Expr lhs = (this->*operand)(depth);
    while (tok().kind == TokenKind::symbol && tok().text.size() == 1 && ops.find(tok().text[0]) != std::string_view::npos) {
      Expr arith = leaf(ExprKind::arith, tok().text, {});
      advance();
      arith.children.push_back(std::move(lhs));
      arith.children.push_back((this->*operand)(depth));
      arith.range = {begin, last_end_};
      lhs = std::move(arith);
    }
    return lhs;
  }

  Expr parse_unary(int depth) {
    uint32_t begin = tok().range.begin;
    if (is_symbol("-") || is_symbol("+")) {
      bool minus = is_symbol("-");
      advance();
      Expr operand = parse_unary(deeper(depth));
      if (!minus) return operand;
      Expr negate = leaf(ExprKind::negate, "-", {begin, last_end_});
      negate.children.push_back(std::move(operand));
      return negate;
    }
    return parse_cast(depth);
  }

  Expr parse_cast(int depth) {
    uint32_t begin = tok().range.begin;
    Expr value = parse_primary(depth);
    while (accept_symbol("::")) {
      if (tok().kind != TokenKind::word) fail_expected("a type name after '::'");
      Expr cast = leaf(ExprKind::cast, tok().text, {});
      advance();
      cast.children.push_back(std::move(value));
      cast.range = {begin, last_end_};
      value = std::move(cast);
    }
    return value;
  }

  // Values ----------------------------------------------------------------------
  Expr parse_primary(int depth) {
    const Token& token = tok();
    switch (token.kind) {
      case TokenKind::integer:
      case TokenKind::decimal: {
        Expr number = leaf(token.kind == TokenKind::integer ? ExprKind::integer : ExprKind::decimal, token.text, token.range);
        advance();
        if (tok().kind == TokenKind::word && is_time_unit(tok().text)) {
          advance();
          number.kind = ExprKind::timespan;
          number.range.end = last_end_;
          number.text = std::string(query_.substr(number.range.begin, number.range.end - number.range.begin));
        }
        return number;
      }
      case TokenKind::string:
      case TokenKind::param: {
        Expr value = leaf(token.kind == TokenKind::string ? ExprKind::string : ExprKind::param, token.text, token.range);
        advance();
        return value;
      }
      case TokenKind::quoted: return parse_qualified_name();
      case TokenKind::word: break;
      case TokenKind::symbol:
        if (is_symbol("(")) {
          uint32_t open = token.range.begin;
          advance();
          Expr inner = parse_expr(deeper(depth));
          expect_closing(")", open);
          return inner;
        }
        if (is_symbol("[")) return parse_list(depth, "[", "]");
        if (is_symbol("{")) return parse_map(depth);
        fail_expected("a value");
      case TokenKind::end:
      case TokenKind::error: fail_expected("a value");
    }
    std::string word = ascii_lower(token.text);
    if (word == "true" || word == "false" || word == "null") {
      Expr value = leaf(word == "null" ? ExprKind::null : ExprKind::boolean, word == "null" ? "" : word, token.range);
      advance();
      return value;
    }
    if (peek_is_symbol("(")) return parse_call(depth);
    return parse_qualified_name();
  }

  Expr parse_call(int depth) {
    Expr call = leaf(ExprKind::call, tok().text, tok().range);
    advance();
    uint32_t open = tok().range.begin;
    expect_symbol("(");
    if (is_symbol("*") && peek_is_symbol(")")) {
      call.children.push_back(leaf(ExprKind::star, "*", tok().range));
      advance();
    } else if (!is_symbol(")")) {
      do call.children.push_back(parse_expr(deeper(depth)));
      while (accept_symbol(","));
    }
    expect_closing(")", open);
    call.range.end = last_end_;
    return call;
  }

  Expr parse_list(int depth, std::string_view open, std::string_view close) {
    Expr list = leaf(ExprKind::list, "", tok().range);
    expect_symbol(open);
    if (!is_symbol(close)) {
      do list.children.push_back(parse_expr(deeper(depth)));
      while (accept_symbol(","));
    }
    expect_closing(close, list.range.begin);
    list.range.end = last_end_;
    return list;
  }

  // { "key": value, ... }: the options of COMPLETION and of some functions.
  Expr parse_map(int depth) {
    Expr map = leaf(ExprKind::map, "", tok().range);
    expect_symbol("{");
    if (!is_symbol("}")) {
      do {
        if (tok().kind != TokenKind::string) fail_expected("a \"key\" in the map");
        map.children.push_back(leaf(ExprKind::string, tok().text, tok().range));
        advance();
        expect_symbol(":");
        map.children.push_back(parse_expr(deeper(depth)));
      } while (accept_symbol(","));
    }
    expect_closing("}", map.range.begin);
    map.range.end = last_end_;
    return map;
  }

  // Tokens ------------------------------------------------------------------------
  struct Mark {
    size_t index;
    uint32_t last_end;
  };
  Mark save() const { return {i_, last_end_}; }
  void restore(Mark mark) {
    i_ = mark.index;
    last_end_ = mark.last_end;
  }

  const Token& tok() const { return tokens_[i_]; }
  const Token& peek() const { return tokens_[i_ + 1 < tokens_.size() ? i_ + 1 : i_]; }
  void advance() {
    last_end_ = tok().range.end;
    if (i_ + 1 < tokens_.size()) ++i_;
  }
  bool is_word(std::string_view word) const { return tok().kind == TokenKind::word && iequals(tok().text, word); }
  bool is_symbol(std::string_view symbol) const { return tok().kind == TokenKind::symbol && tok().text == symbol; }
  bool peek_is_word(std::string_view word) const { return peek().kind == TokenKind::word && iequals(peek().text, word); }
  bool peek_is_symbol(std::string_view symbol) const {
    return peek().kind == TokenKind::symbol && peek().text == symbol;
  }
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
    if (!accept_word(word)) fail_expected(ascii_upper(word));
  }
  void expect_symbol(std::string_view symbol) {
    if (!accept_symbol(symbol)) fail_expected("'" + std::string(symbol) + "'");
  }

  // A closing bracket; the error points back at the opening one.
  void expect_closing(std::string_view symbol, uint32_t open) {
    if (!accept_symbol(symbol)) fail_expected("'" + std::string(symbol) + "'", open);
  }

  [[noreturn]] void fail_expected(const std::string& what, uint32_t related = ParseError::kNoOffset) const {
    const Token& token = tok();
    if (token.kind == TokenKind::error) fail(token.text, token.range.begin);
    if (token.kind == TokenKind::end) fail("expected " + what + " at the end of the query", token.range.begin, related);
    std::string found(query_.substr(token.range.begin, token.range.end - token.range.begin));
    if (found.size() > 40) found = found.substr(0, 40) + "...";
    fail("expected " + what + ", found '" + found + "'", token.range.begin, related);
  }

  int deeper(int depth) const {
    if (depth + 1 > kMaxDepth) fail("expression nested too deeply (over " + std::to_string(kMaxDepth) + " levels)", tok().range.begin);
    return depth + 1;
  }

  std::string_view query_;
  std::vector<Token> tokens_;
  int pipeline_depth_ = 0;  // FORK branches and FROM subqueries hold pipelines, themselves among them
  size_t i_ = 0;
  uint32_t last_end_ = 0;
};

}  // namespace

QueryAst parse(std::string_view query) { return Parser(query).run(); }

}  // namespace ruledex::esql
