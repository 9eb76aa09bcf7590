#include "yaral/parser.h"

#include <algorithm>
#include <array>
#include <utility>

#include "yaral/lexer.h"

namespace ruledex::yaral {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
           return lower(x) == lower(y);
         });
}

struct SectionName {
  std::string_view word;
  SectionKind kind;
};
// In the order the language requires them.
constexpr std::array<SectionName, 6> kSections = {{
    {"meta", SectionKind::Meta},
    {"events", SectionKind::Events},
    {"match", SectionKind::Match},
    {"outcome", SectionKind::Outcome},
    {"condition", SectionKind::Condition},
    {"options", SectionKind::Options},
}};

class Parser {
 public:
  Parser(std::string_view text, const ParseOptions& options)
      : text_(text), options_(options), tokens_(tokenize(text)) {}

  RuleAst run() {
    parse_rule();
    return std::move(ast_);
  }

 private:
  // ------------------------------------------------------------ tokens

  const Token& peek(size_t ahead = 0) const { return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)]; }
  std::string_view text_of(const Token& token) const { return text_.substr(token.begin, token.end - token.begin); }
  bool at(TokenKind kind) const { return peek().kind == kind; }
  bool at_word(std::string_view word, size_t ahead = 0) const {
    return peek(ahead).kind == TokenKind::Identifier && iequals(text_of(peek(ahead)), word);
  }
  const Token& advance() {
    const Token& token = peek();
    if (pos_ + 1 < tokens_.size()) ++pos_;
    return token;
  }
  bool accept(TokenKind kind) {
    if (!at(kind)) return false;
    advance();
    return true;
  }
  bool accept_word(std::string_view word) {
    if (!at_word(word)) return false;
    advance();
    return true;
  }
  // The end of the last consumed token.
  uint32_t last_end() const { return pos_ == 0 ? 0 : tokens_[pos_ - 1].end; }

  // ------------------------------------------------------------ errors

  // One error per statement: after the first, the rest of the statement is
  // skipped (see synchronize) and its follow-on errors are noise. At a bad
  // token the lexer's message says more than the parser's.
  void error_at(const Token& token, std::string message) {
    if (panic_) return;
    panic_ = true;
    ast_.errors.push_back({token.begin, token.kind == TokenKind::Error ? token.error : std::move(message)});
  }
  void error(std::string message) { error_at(peek(), std::move(message)); }

  void expect(TokenKind kind, std::string_view what) {
    if (accept(kind)) return;
    error("expected " + std::string(what) + ", found " + describe(peek()));
  }

  std::string describe(const Token& token) const {
    switch (token.kind) {
      case TokenKind::End:
        return "the end of the file";
      case TokenKind::Identifier:
        return "'" + std::string(text_of(token)) + "'";
      case TokenKind::Error:
        return "an error";
      default:
        return std::string(to_string(token.kind));
    }
  }

  bool at_section_start() const { return at(TokenKind::Identifier) && peek(1).kind == TokenKind::Colon; }
  bool at_section_end() const { return at_section_start() || at(TokenKind::RBrace) || at(TokenKind::End); }

  // After an error: skip to the next line (or section, or the rule's end),
  // moving at least one token so that the caller's loop advances.
  void synchronize(size_t started_at) {
    if (pos_ == started_at && !at_section_end()) advance();
    while (!at_section_end() && !peek().line_start) advance();
    panic_ = false;
  }

  // ------------------------------------------------------------ nodes

  ExprId add(Expr expr) {
    for (ExprId child : expr.children)
      expr.depth = static_cast<uint16_t>(std::max<uint32_t>(expr.depth, ast_.exprs[child].depth + 1u));
    if (expr.depth > options_.max_tree_depth) {
      ast_.errors.push_back({expr.span.begin, "expression nested too deeply (more than " +
                                                  std::to_string(options_.max_tree_depth) + " levels)"});
      panic_ = true;
      expr.kind = ExprKind::Error;
      expr.children.clear();
      expr.depth = 1;
    }
    ast_.exprs.push_back(std::move(expr));
    return static_cast<ExprId>(ast_.exprs.size() - 1);
  }

  ExprId leaf(ExprKind kind, const Token& token, std::string value = {}) {
    Expr expr;
    expr.kind = kind;
    expr.span = {token.begin, token.end};
    expr.value = std::move(value);
    return add(std::move(expr));
  }

  ExprId node(ExprKind kind, std::string_view name, std::vector<ExprId> children, Span span) {
    Expr expr;
    expr.kind = kind;
    expr.name = name;
    expr.span = span;
    expr.children = std::move(children);
    return add(std::move(expr));
  }

  ExprId error_node(uint32_t at) {
    Expr expr;
    expr.kind = ExprKind::Error;
    expr.span = {at, at};
    return add(std::move(expr));
  }

  Span span_of(ExprId first, ExprId last) const { return {ast_.at(first).span.begin, ast_.at(last).span.end}; }

  // Guards recursion: nesting beyond max_depth is an error node.
  struct DepthGuard {
    explicit DepthGuard(Parser& parser) : parser_(parser) { ++parser_.depth_; }
    ~DepthGuard() { --parser_.depth_; }
    bool too_deep() const { return parser_.depth_ > parser_.options_.max_depth; }
    Parser& parser_;
  };

  ExprId too_deep() {
    error("expression nested too deeply (more than " + std::to_string(options_.max_depth) + " levels)");
    return error_node(peek().begin);
  }

  // ------------------------------------------------------------ rule

  void parse_rule() {
    if (!accept_word("rule")) {
      error("expected 'rule', found " + describe(peek()));
      return;
    }
    ast_.span.begin = tokens_[pos_ - 1].begin;
    if (at(TokenKind::Identifier)) {
      const Token& name = advance();
      ast_.name = text_of(name);
      ast_.name_span = {name.begin, name.end};
    } else {
      error("expected the rule's name, found " + describe(peek()));
    }
    expect(TokenKind::LBrace, "'{'");
    panic_ = false;
    while (!at(TokenKind::RBrace) && !at(TokenKind::End)) parse_section();
    ast_.span.end = peek().end;
    if (!accept(TokenKind::RBrace)) error("expected '}' to close the rule, found " + describe(peek()));
    if (!at(TokenKind::End)) error("unexpected text after the rule: " + describe(peek()));
    check_sections();
  }

  void check_sections() {
    if (ast_.name.empty() && ast_.sections.empty()) return;  // already an error at the start
    for (SectionKind required : {SectionKind::Events, SectionKind::Condition})
      if (!ast_.section(required))
        ast_.errors.push_back({ast_.span.end, "the rule has no " + std::string(to_string(required)) + " section"});
  }

  void parse_section() {
    size_t started_at = pos_;
    if (!at_section_start()) {
      error("expected a section (meta:, events:, match:, outcome:, condition:, options:), found " + describe(peek()));
      synchronize(started_at);
      return;
    }
    const Token& keyword = advance();
    advance();  // the colon
    Section section;
    section.span.begin = keyword.begin;
    section.body.begin = last_end();
    const SectionName* known = nullptr;
    for (const SectionName& name : kSections)
      if (text_of(keyword) == name.word) known = &name;
    if (!known) {
      error_at(keyword, "unknown section '" + std::string(text_of(keyword)) + "'");
      while (!at_section_end()) advance();
      panic_ = false;
      return;
    }
    section.kind = known->kind;
    check_order(keyword, section.kind);
    switch (section.kind) {
      case SectionKind::Meta:
      case SectionKind::Options:
        parse_entries(section);
        break;
      case SectionKind::Events:
      case SectionKind::Condition:
        parse_statements(section);
        break;
      case SectionKind::Outcome:
        parse_assignments(section);
        break;
      case SectionKind::Match:
        parse_match(section);
        break;
    }
    section.body.end = std::max(section.body.begin, last_end());
    section.span.end = section.body.end;
    ast_.sections.push_back(std::move(section));
  }

  // Sections come at most once each, in the order of kSections.
  void check_order(const Token& keyword, SectionKind kind) {
    for (const Section& earlier : ast_.sections) {
      if (earlier.kind == kind) {
        ast_.errors.push_back({keyword.begin, "section " + std::string(to_string(kind)) + " appears twice"});
        return;
      }
      if (static_cast<int>(earlier.kind) > static_cast<int>(kind)) {
        ast_.errors.push_back({keyword.begin, "section " + std::string(to_string(kind)) + " must come before " +
                                                  std::string(to_string(earlier.kind))});
        return;
      }
    }
  }

  // meta and options: `key = value` per line.
  void parse_entries(Section& section) {
    while (!at_section_end()) {
      size_t started_at = pos_;
      KeyValue entry;
      if (at(TokenKind::Identifier)) {
        const Token& key = advance();
        entry.key = text_of(key);
        entry.key_span = {key.begin, key.end};
        expect(TokenKind::Assign, "'='");
        if (!panic_) entry.value = parse_constant();
      } else {
        error("expected 'key = value', found " + describe(peek()));
      }
      if (panic_) {
        synchronize(started_at);
        continue;
      }
      section.entries.push_back(entry);
    }
  }

  // A meta or options value: a string, a number (maybe negative) or a boolean.
  ExprId parse_constant() {
    const Token& token = peek();
    switch (token.kind) {
      case TokenKind::String:
      case TokenKind::RawString:
      case TokenKind::Number:
      case TokenKind::Minus:
        return parse_unary();
      case TokenKind::Identifier:
        if (at_word("true") || at_word("false")) return parse_unary();
        break;
      default:
        break;
    }
    error("expected a string, a number or true/false, found " + describe(token));
    return error_node(token.begin);
  }

  // events and condition: boolean expressions, each ANDed with the others.
  void parse_statements(Section& section) {
    while (!at_section_end()) {
      size_t started_at = pos_;
      ExprId statement = parse_or();
      if (panic_) {
        synchronize(started_at);
        continue;
      }
      section.statements.push_back(statement);
    }
  }

  // outcome: `$name = expression` per assignment.
  void parse_assignments(Section& section) {
    while (!at_section_end()) {
      size_t started_at = pos_;
      Assignment assignment;
      if (at(TokenKind::Variable)) {
        const Token& variable = advance();
        assignment.variable = text_of(variable).substr(1);
        assignment.variable_span = {variable.begin, variable.end};
        expect(TokenKind::Assign, "'='");
        if (!panic_) assignment.value = parse_or();
      } else {
        error("expected '$variable = expression', found " + describe(peek()));
      }
      if (panic_) {
        synchronize(started_at);
        continue;
      }
      section.assignments.push_back(assignment);
    }
  }

  // match: `$a, $b [over 5m [after|before $e]]`.
  void parse_match(Section& section) {
    MatchClause& match = section.match;
    size_t started_at = pos_;
    if (!at(TokenKind::Variable)) {
      error("expected the match variables, found " + describe(peek()));
    }
    while (!panic_ && at(TokenKind::Variable)) {
      match.variables.push_back(parse_primary());
      if (!accept(TokenKind::Comma)) break;
    }
    if (!panic_ && accept_word("over")) {
      if (at(TokenKind::Duration)) {
        const Token& window = advance();
        match.window = text_of(window);
        match.window_span = {window.begin, window.end};
      } else {
        error("expected a window such as 5m or 1h after 'over', found " + describe(peek()));
      }
      if (!panic_ && (at_word("after") || at_word("before"))) {
        match.anchor_kind = text_of(advance());
        if (at(TokenKind::Variable)) {
          match.anchor = parse_primary();
        } else {
          error("expected an event variable after '" + std::string(match.anchor_kind) + "'");
        }
      }
    }
    if (!panic_ && !at_section_end()) error("unexpected " + describe(peek()) + " in the match section");
    if (panic_) synchronize(started_at);
    while (!at_section_end()) advance();
  }

  // ------------------------------------------------------------ expressions

  ExprId parse_or() {
    DepthGuard guard(*this);
    if (guard.too_deep()) return too_deep();
    return parse_chain(ExprKind::Or, "or", [this] { return parse_and(); });
  }

  ExprId parse_and() {
    return parse_chain(ExprKind::And, "and", [this] { return parse_not(); });
  }

  // `a or b or c` is one node with three children: long chains stay shallow.
  template <class Operand>
  ExprId parse_chain(ExprKind kind, std::string_view word, Operand operand) {
    ExprId first = operand();
    if (!at_word(word)) return first;
    std::vector<ExprId> children{first};
    while (!panic_ && accept_word(word)) children.push_back(operand());
    Span span = span_of(first, children.back());
    return node(kind, word, std::move(children), span);
  }

  ExprId parse_not() {
    const Token& token = peek();
    bool is_not = at_word("not") || at(TokenKind::Bang);
    bool is_quantifier = at_word("any") || at_word("all");
    if (!is_not && !is_quantifier) return parse_comparison();
    DepthGuard guard(*this);
    if (guard.too_deep()) return too_deep();
    advance();
    ExprId operand = parse_not();
    Span span{token.begin, ast_.at(operand).span.end};
    if (is_not) return node(ExprKind::Not, text_of(token), {operand}, span);
    return node(ExprKind::Quantified, text_of(token), {operand}, span);
  }

  std::string_view comparison_operator() const {
    switch (peek().kind) {
      case TokenKind::Assign:
        return "=";
      case TokenKind::NotEqual:
        return "!=";
      case TokenKind::Less:
        return "<";
      case TokenKind::LessEqual:
        return "<=";
      case TokenKind::Greater:
        return ">";
      case TokenKind::GreaterEqual:
        return ">=";
      default:
        return {};
    }
  }

  // a = b, a in [regex|cidr] %list; then an optional `nocase`.
  ExprId parse_comparison() {
    ExprId lhs = parse_additive();
    ExprId result = lhs;
    if (std::string_view op = comparison_operator(); !op.empty()) {
      advance();
      ExprId rhs = parse_additive();
      result = node(ExprKind::Compare, op, {lhs, rhs}, span_of(lhs, rhs));
    } else if (at_word("in")) {
      advance();
      std::string_view match_kind;
      if (at_word("regex") || at_word("cidr")) match_kind = text_of(advance());
      ExprId list = parse_additive();
      result = node(ExprKind::In, match_kind, {lhs, list}, span_of(lhs, list));
    }
    if (at_word("nocase")) {
      ast_.exprs[result].nocase = true;
      ast_.exprs[result].span.end = advance().end;
    }
    return result;
  }

  template <class Operand>
  ExprId parse_binary(std::initializer_list<std::pair<TokenKind, std::string_view>> ops, Operand operand) {
    ExprId lhs = operand();
    for (;;) {
      std::string_view name;
      for (const auto& [kind, text] : ops)
        if (at(kind)) name = text;
      if (name.empty() || panic_) return lhs;
      advance();
      ExprId rhs = operand();
      lhs = node(ExprKind::Arithmetic, name, {lhs, rhs}, span_of(lhs, rhs));
    }
  }

  ExprId parse_additive() {
    return parse_binary({{TokenKind::Plus, "+"}, {TokenKind::Minus, "-"}}, [this] { return parse_multiplicative(); });
  }

  ExprId parse_multiplicative() {
    return parse_binary({{TokenKind::Star, "*"}, {TokenKind::Slash, "/"}}, [this] { return parse_unary(); });
  }

  ExprId parse_unary() {
    if (!at(TokenKind::Minus)) return parse_primary();
    DepthGuard guard(*this);
    if (guard.too_deep()) return too_deep();
    const Token& minus = advance();
    ExprId operand = parse_unary();
    return node(ExprKind::Negate, "-", {operand}, {minus.begin, ast_.at(operand).span.end});
  }

  ExprId parse_primary() {
    const Token& token = peek();
    switch (token.kind) {
      case TokenKind::String:
        advance();
        return leaf(ExprKind::String, token, decode_string(text_of(token)));
      case TokenKind::RawString: {
        advance();
        std::string_view body = text_of(token);
        return leaf(ExprKind::String, token, std::string(body.substr(1, body.size() - 2)));
      }
      case TokenKind::Regex: {
        advance();
        std::string_view body = text_of(token);
        return leaf(ExprKind::Regex, token, std::string(body.substr(1, body.size() - 2)));
      }
      case TokenKind::Number:
        advance();
        return leaf(ExprKind::Number, token, std::string(text_of(token)));
      case TokenKind::Variable:
        return parse_variable();
      case TokenKind::Count: {
        advance();
        ExprId id = leaf(ExprKind::Count, token);
        ast_.exprs[id].name = text_of(token).substr(1);
        return id;
      }
      case TokenKind::ListRef: {
        advance();
        ExprId id = leaf(ExprKind::ReferenceList, token);
        ast_.exprs[id].name = text_of(token).substr(1);
        return id;
      }
      case TokenKind::LParen:
        return parse_parenthesized();
      case TokenKind::Identifier:
        if (at_section_start()) break;  // an expression left unfinished before the next section
        if (at_word("true") || at_word("false")) {
          advance();
          return leaf(ExprKind::Bool, token, lowered_text(token));
        }
        return parse_call();
      default:
        break;
    }
    error("expected an expression, found " + describe(token));
    return error_node(token.begin);
  }

  std::string lowered_text(const Token& token) const {
    std::string text(text_of(token));
    for (char& c : text) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return text;
  }

  ExprId parse_parenthesized() {
    DepthGuard guard(*this);
    if (guard.too_deep()) return too_deep();
    const Token& open = advance();
    ExprId inner = parse_or();
    uint32_t end = peek().end;
    expect(TokenKind::RParen, "')'");
    // The parentheses belong to the expression's text.
    ast_.exprs[inner].span = {open.begin, panic_ ? ast_.at(inner).span.end : end};
    return inner;
  }

  // $e, or $e.path.to["key"].field: a UDM field of event variable e.
  ExprId parse_variable() {
    const Token& variable = advance();
    Expr expr;
    expr.kind = ExprKind::Variable;
    expr.name = text_of(variable).substr(1);
    expr.span = {variable.begin, variable.end};
    for (;;) {
      if (at(TokenKind::Dot) && peek(1).kind == TokenKind::Identifier) {
        advance();
        if (!expr.value.empty()) expr.value += '.';
        expr.value += text_of(advance());
      } else if (at(TokenKind::LBracket)) {
        advance();
        const Token& key = peek();
        if (key.kind != TokenKind::String && key.kind != TokenKind::RawString && key.kind != TokenKind::Number) {
          error("expected a string or a number inside [ ], found " + describe(key));
          break;
        }
        advance();
        expr.value += '[';
        expr.value += text_of(key);
        expr.value += ']';
        expect(TokenKind::RBracket, "']'");
        if (panic_) break;
      } else {
        break;
      }
      expr.kind = ExprKind::Field;
      expr.span.end = last_end();
    }
    if (at(TokenKind::Dot)) error("expected a field name after '.', found " + describe(peek(1)));
    return add(std::move(expr));
  }

  // name(args) or namespace.name(args): re.regex, strings.to_lower, max, if, ...
  ExprId parse_call() {
    const Token& first = advance();
    uint32_t name_end = first.end;
    while (at(TokenKind::Dot) && peek(1).kind == TokenKind::Identifier) {
      advance();
      name_end = advance().end;
    }
    std::string_view name = text_.substr(first.begin, name_end - first.begin);
    if (!at(TokenKind::LParen)) {
      error_at(first, "unexpected '" + std::string(name) + "'");
      return error_node(first.begin);
    }
    DepthGuard guard(*this);
    if (guard.too_deep()) return too_deep();
    advance();
    std::vector<ExprId> args;
    if (!at(TokenKind::RParen)) {
      do {
        args.push_back(parse_or());
      } while (!panic_ && accept(TokenKind::Comma));
    }
    uint32_t end = peek().end;
    expect(TokenKind::RParen, "')' after the arguments of " + std::string(name));
    return node(ExprKind::Call, name, std::move(args), {first.begin, end});
  }

  std::string_view text_;
  const ParseOptions& options_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  uint32_t depth_ = 0;
  bool panic_ = false;
  RuleAst ast_;
};

void dump_into(const RuleAst& ast, ExprId id, std::string& out) {
  if (id == kNoExpr || id >= ast.exprs.size()) {
    out += "<none>";
    return;
  }
  const Expr& e = ast.at(id);
  auto children = [&](std::string_view head) {
    out += '(';
    out += head;
    for (ExprId child : e.children) {
      out += ' ';
      dump_into(ast, child, out);
    }
    if (e.nocase) out += " nocase";
    out += ')';
  };
  switch (e.kind) {
    case ExprKind::String:
      out += '"' + e.value + '"';
      break;
    case ExprKind::Regex:
      out += '/' + e.value + '/';
      break;
    case ExprKind::Number:
    case ExprKind::Bool:
      out += e.value;
      break;
    case ExprKind::Field:
      out += "$" + std::string(e.name) + "." + e.value;
      break;
    case ExprKind::Variable:
      out += "$" + std::string(e.name);
      break;
    case ExprKind::Count:
      out += "#" + std::string(e.name);
      break;
    case ExprKind::ReferenceList:
      out += "%" + std::string(e.name);
      break;
    case ExprKind::Call:
      children("call " + std::string(e.name));
      break;
    case ExprKind::Not:
      children("not");
      break;
    case ExprKind::Negate:
      children("-");
      break;
    case ExprKind::Quantified:
    case ExprKind::And:
    case ExprKind::Or:
    case ExprKind::Compare:
    case ExprKind::Arithmetic:
      children(e.name);
      break;
    case ExprKind::In:
      children(e.name.empty() ? std::string("in") : "in " + std::string(e.name));
      break;
    case ExprKind::Error:
      out += "<error>";
      break;
  }
}

}  // namespace

RuleAst parse(std::string_view text, const ParseOptions& options) { return Parser(text, options).run(); }

std::string dump(const RuleAst& ast, ExprId id) {
  std::string out;
  dump_into(ast, id, out);
  return out;
}

std::string_view to_string(SectionKind kind) {
  for (const SectionName& name : kSections)
    if (name.kind == kind) return name.word;
  return "section";
}

}  // namespace ruledex::yaral
