// Scalar expressions: precedence climbing over binary operators, then unary,
// postfix (member, index, call) and primary expressions (names, literals).
#include <array>

#include "kql/parser_impl.h"

namespace ruledex::kql {
namespace {

enum class OpForm : uint8_t { Binary, In, Between };

struct OpInfo {
  std::string_view spelling;   // as written
  std::string_view canonical;  // BinaryExpr::op / InExpr::op
  uint8_t precedence;
  OpForm form;
};

// Precedence, loosest first: or, and, equality and string operators (incl.
// in/between), relational, additive, multiplicative.
constexpr int kOr = 1, kAnd = 2, kEquality = 3, kRelational = 4, kAdditive = 5, kMultiplicative = 6;

constexpr std::array<OpInfo, 43> kWordOperators = {{
    {"or", "or", kOr, OpForm::Binary},
    {"and", "and", kAnd, OpForm::Binary},
    {"contains", "contains", kEquality, OpForm::Binary},
    {"contains_cs", "contains_cs", kEquality, OpForm::Binary},
    {"containscs", "contains_cs", kEquality, OpForm::Binary},
    {"!contains", "!contains", kEquality, OpForm::Binary},
    {"!contains_cs", "!contains_cs", kEquality, OpForm::Binary},
    {"notcontains", "!contains", kEquality, OpForm::Binary},
    {"notcontainscs", "!contains_cs", kEquality, OpForm::Binary},
    {"has", "has", kEquality, OpForm::Binary},
    {"has_cs", "has_cs", kEquality, OpForm::Binary},
    {"!has", "!has", kEquality, OpForm::Binary},
    {"!has_cs", "!has_cs", kEquality, OpForm::Binary},
    {"hasprefix", "hasprefix", kEquality, OpForm::Binary},
    {"hasprefix_cs", "hasprefix_cs", kEquality, OpForm::Binary},
    {"!hasprefix", "!hasprefix", kEquality, OpForm::Binary},
    {"!hasprefix_cs", "!hasprefix_cs", kEquality, OpForm::Binary},
    {"hassuffix", "hassuffix", kEquality, OpForm::Binary},
    {"hassuffix_cs", "hassuffix_cs", kEquality, OpForm::Binary},
    {"!hassuffix", "!hassuffix", kEquality, OpForm::Binary},
    {"!hassuffix_cs", "!hassuffix_cs", kEquality, OpForm::Binary},
    {"startswith", "startswith", kEquality, OpForm::Binary},
    {"startswith_cs", "startswith_cs", kEquality, OpForm::Binary},
    {"!startswith", "!startswith", kEquality, OpForm::Binary},
    {"!startswith_cs", "!startswith_cs", kEquality, OpForm::Binary},
    {"endswith", "endswith", kEquality, OpForm::Binary},
    {"endswith_cs", "endswith_cs", kEquality, OpForm::Binary},
    {"!endswith", "!endswith", kEquality, OpForm::Binary},
    {"!endswith_cs", "!endswith_cs", kEquality, OpForm::Binary},
    {"like", "like", kEquality, OpForm::Binary},
    {"notlike", "!like", kEquality, OpForm::Binary},
    {"likecs", "like_cs", kEquality, OpForm::Binary},
    {"notlikecs", "!like_cs", kEquality, OpForm::Binary},
    {"matches regex", "matches regex", kEquality, OpForm::Binary},
    {"in", "in", kEquality, OpForm::In},
    {"in~", "in~", kEquality, OpForm::In},
    {"!in", "!in", kEquality, OpForm::In},
    {"!in~", "!in~", kEquality, OpForm::In},
    {"has_any", "has_any", kEquality, OpForm::In},
    {"has_all", "has_all", kEquality, OpForm::In},
    {"between", "between", kEquality, OpForm::Between},
    {"!between", "!between", kEquality, OpForm::Between},
    {"notbetween", "!between", kEquality, OpForm::Between},
}};

const OpInfo* find_word_operator(std::string_view spelling) {
  for (const OpInfo& op : kWordOperators)
    if (op.spelling == spelling) return &op;
  return nullptr;
}

const OpInfo* punct_operator(TokenKind k) {
  static constexpr OpInfo kEq{"==", "==", kEquality, OpForm::Binary};
  static constexpr OpInfo kNe{"!=", "!=", kEquality, OpForm::Binary};
  static constexpr OpInfo kEqTilde{"=~", "=~", kEquality, OpForm::Binary};
  static constexpr OpInfo kNeTilde{"!~", "!~", kEquality, OpForm::Binary};
  static constexpr OpInfo kLt{"<", "<", kRelational, OpForm::Binary};
  static constexpr OpInfo kLe{"<=", "<=", kRelational, OpForm::Binary};
  static constexpr OpInfo kGt{">", ">", kRelational, OpForm::Binary};
  static constexpr OpInfo kGe{">=", ">=", kRelational, OpForm::Binary};
  static constexpr OpInfo kAdd{"+", "+", kAdditive, OpForm::Binary};
  static constexpr OpInfo kSub{"-", "-", kAdditive, OpForm::Binary};
  static constexpr OpInfo kMul{"*", "*", kMultiplicative, OpForm::Binary};
  static constexpr OpInfo kDiv{"/", "/", kMultiplicative, OpForm::Binary};
  static constexpr OpInfo kMod{"%", "%", kMultiplicative, OpForm::Binary};
  switch (k) {
    case TokenKind::Equal: return &kEq;
    case TokenKind::NotEqual: return &kNe;
    case TokenKind::EqualTilde: return &kEqTilde;
    case TokenKind::BangTilde: return &kNeTilde;
    case TokenKind::Less: return &kLt;
    case TokenKind::LessEqual: return &kLe;
    case TokenKind::Greater: return &kGt;
    case TokenKind::GreaterEqual: return &kGe;
    case TokenKind::Plus: return &kAdd;
    case TokenKind::Minus: return &kSub;
    case TokenKind::Star: return &kMul;
    case TokenKind::Slash: return &kDiv;
    case TokenKind::Percent: return &kMod;
    default: return nullptr;
  }
}

bool is_scalar_type_name(std::string_view w) {
  return w == "dynamic" || w == "long" || w == "int" || w == "real" || w == "double" || w == "bool" ||
         w == "boolean" || w == "decimal" || w == "int64" || w == "int32";
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

}  // namespace

// The binary operator at the current position and how many tokens spell it.
struct OperatorMatch {
  const OpInfo* info = nullptr;
  size_t tokens = 0;
};

static OperatorMatch match_operator(std::string_view text, const std::vector<Token>& tokens, size_t pos,
                                    bool assign_compares) {
  auto at = [&](size_t i) -> const Token& { return tokens[std::min(pos + i, tokens.size() - 1)]; };
  const Token& t = at(0);
  if (t.kind == TokenKind::Identifier) {
    std::string_view word = token_text(text, t);
    switch (word[0]) {
      case 'a': case 'b': case 'c': case 'e': case 'h': case 'i': case 'l': case 'm': case 'n': case 'o': case 's':
        break;
      default:
        return {};
    }
    if (word == "in" && at(1).kind == TokenKind::Tilde && at(1).begin == t.end) return {find_word_operator("in~"), 2};
    if (word == "matches") {
      if (at(1).kind == TokenKind::Identifier && token_text(text, at(1)) == "regex") return {find_word_operator("matches regex"), 2};
      return {};
    }
    return {find_word_operator(word), 1};
  }
  if (t.kind == TokenKind::Bang && at(1).kind == TokenKind::Identifier && at(1).begin == t.end) {
    size_t n = 2;
    if (at(2).kind == TokenKind::Tilde && at(2).begin == at(1).end) n = 3;
    const OpInfo* info = find_word_operator(text.substr(t.begin, at(n - 1).end - t.begin));
    return {info, info ? n : 0};
  }
  if (t.kind == TokenKind::Assign && assign_compares) return {punct_operator(TokenKind::Equal), 1};
  if (const OpInfo* info = punct_operator(t.kind)) return {info, 1};
  return {};
}

const Expr* Parser::parse_expression() { return parse_binary(kOr); }

const Expr* Parser::parse_binary(int min_precedence) {
  const Expr* lhs = parse_unary();
  for (;;) {
    OperatorMatch m = match_operator(text_, tokens_, pos_, assign_compares_);
    if (!m.info || m.info->precedence < min_precedence) return lhs;
    pos_ += m.tokens;
    Expr* node = nullptr;
    switch (m.info->form) {
      case OpForm::Binary: {
        auto* e = ast_.make<BinaryExpr>();
        e->op = m.info->canonical;
        e->lhs = lhs;
        e->rhs = parse_binary(m.info->precedence + 1);
        node = e;
        break;
      }
      case OpForm::In: {
        auto* e = ast_.make<InExpr>();
        e->op = m.info->canonical;
        e->lhs = lhs;
        parse_in_items(e);
        node = e;
        break;
      }
      case OpForm::Between: {
        auto* e = ast_.make<BetweenExpr>();
        e->negated = m.info->canonical[0] == '!';
        e->lhs = lhs;
        const Token& open = expect(TokenKind::LParen, "'(' after 'between'");
        e->low = parse_expression();
        expect(TokenKind::DotDot, "'..' between the bounds");
        e->high = parse_expression();
        expect_close(TokenKind::RParen, open);
        node = e;
        break;
      }
    }
    node->span = {lhs->span.begin, prev_end()};
    lhs = node;
  }
}

void Parser::parse_in_items(InExpr* e) {
  const Token& open = expect(TokenKind::LParen, "'(' and a list of values");
  do {
    e->items.push_back(parse_tabular_or_scalar());
  } while (accept(TokenKind::Comma));
  expect_close(TokenKind::RParen, open);
}

const Expr* Parser::parse_unary() {
  if (kind() == TokenKind::Minus || kind() == TokenKind::Plus) {
    DepthGuard guard(*this);
    const Token& op = advance();
    auto* e = ast_.make<UnaryExpr>();
    e->op = text_of(op);
    e->operand = parse_unary();
    e->span = {op.begin, prev_end()};
    return e;
  }
  return parse_postfix(parse_primary());
}

std::string_view Parser::parse_member_name() {
  if (kind() == TokenKind::Identifier) return text_of(advance());
  fail("expected a name after '.', found " + describe_current());
}

const Expr* Parser::parse_postfix(const Expr* e) {
  for (;;) {
    const uint32_t begin = e->span.begin;
    if (kind() == TokenKind::Dot && kind(1) != TokenKind::LBracket) {
      advance();
      auto* m = ast_.make<MemberExpr>();
      m->object = e;
      m->member = parse_member_name();
      m->span = {begin, prev_end()};
      e = m;
      if (kind() == TokenKind::LParen) e = parse_call(m, m->member);
    } else if (kind() == TokenKind::LBracket || (kind() == TokenKind::Dot && kind(1) == TokenKind::LBracket)) {
      accept(TokenKind::Dot);
      DepthGuard guard(*this);
      const Token& open = advance();
      auto* ix = ast_.make<IndexExpr>();
      ix->object = e;
      ix->index = parse_expression();
      if (accept(TokenKind::Colon)) ix->slice_end = parse_expression();
      expect_close(TokenKind::RBracket, open);
      ix->span = {begin, prev_end()};
      e = ix;
    } else {
      return e;
    }
  }
}

NameExpr* Parser::make_name(std::string name, Span span) {
  auto* n = ast_.make<NameExpr>();
  n->name = std::move(name);
  n->span = span;
  return n;
}

const Expr* Parser::parse_primary() {
  const Token& t = peek();
  switch (t.kind) {
    case TokenKind::String:
      return parse_string_literal();
    case TokenKind::Long:
    case TokenKind::Real:
    case TokenKind::TimeSpan:
    case TokenKind::TypedLiteral:
      return parse_literal_token();
    case TokenKind::Identifier:
      return parse_name_or_call();
    case TokenKind::LParen:
      return parse_parenthesized();
    case TokenKind::Star: {
      advance();
      NameExpr* n = make_name("*", {t.begin, t.end});
      n->wildcard = true;
      return n;
    }
    case TokenKind::LBracket: {  // ['name'] / ["name"]
      const Token& open = advance();
      const Token& s = expect(TokenKind::String, "a quoted name inside '[ ]'");
      expect_close(TokenKind::RBracket, open);
      NameExpr* n = make_name(decode_string(text_of(s)), {open.begin, prev_end()});
      n->bracketed = true;
      return n;
    }
    default:
      fail("expected an expression, found " + describe_current());
  }
}

const Expr* Parser::parse_string_literal() {
  const Token& first = peek();
  auto* lit = ast_.make<LiteralExpr>();
  lit->literal = LiteralKind::String;
  while (kind() == TokenKind::String) lit->value += decode_string(text_of(advance()));  // "a" "b" concatenate
  lit->span = {first.begin, prev_end()};
  lit->text = text_.substr(first.begin, prev_end() - first.begin);
  return lit;
}

const Expr* Parser::parse_literal_token() {
  const Token& t = advance();
  auto* lit = ast_.make<LiteralExpr>();
  lit->span = {t.begin, t.end};
  lit->text = text_of(t);
  switch (t.kind) {
    case TokenKind::Long: lit->literal = LiteralKind::Long; lit->value = lit->text; break;
    case TokenKind::Real: lit->literal = LiteralKind::Real; lit->value = lit->text; break;
    case TokenKind::TimeSpan: lit->literal = LiteralKind::TimeSpan; lit->value = lit->text; break;
    default: {  // datetime(...), guid(...), timespan(...)
      size_t paren = lit->text.find('(');
      lit->type = trim(lit->text.substr(0, paren));
      lit->value = trim(lit->text.substr(paren + 1, lit->text.size() - paren - 2));
      if (lit->value == "null") {
        lit->literal = LiteralKind::Null;
      } else if (lit->type == "guid") {
        lit->literal = LiteralKind::Guid;
      } else if (lit->type == "datetime" || lit->type == "date") {
        lit->literal = LiteralKind::DateTime;
      } else {
        lit->literal = LiteralKind::TimeSpan;
      }
    }
  }
  return lit;
}

const Expr* Parser::parse_name_or_call() {
  const Token& t = advance();
  std::string_view word = text_of(t);
  if (word == "true" || word == "false" || word == "True" || word == "False" || word == "TRUE" || word == "FALSE") {
    auto* lit = ast_.make<LiteralExpr>();
    lit->literal = LiteralKind::Bool;
    lit->text = word;
    lit->value = word;
    lit->span = {t.begin, t.end};
    return lit;
  }
  if (kind() == TokenKind::LParen) {
    if (is_scalar_type_name(word)) return parse_typed_literal(t);
    return parse_call(make_name(std::string(word), {t.begin, t.end}), word);
  }
  return make_name(std::string(word), {t.begin, t.end});
}

const Expr* Parser::parse_call(const Expr* callee, std::string_view function) {
  auto* call = ast_.make<CallExpr>();
  call->callee = callee;
  call->function = function;
  call->args = parse_arguments();
  call->span = {callee->span.begin, prev_end()};
  return call;
}

std::vector<Argument> Parser::parse_arguments() {
  std::vector<Argument> args;
  const Token& open = expect(TokenKind::LParen, "'('");
  if (kind() != TokenKind::RParen) {
    do {
      Argument a;
      if (kind() == TokenKind::Identifier && kind(1) == TokenKind::Assign) {
        a.name = text_of(advance());
        advance();
      }
      a.value = parse_tabular_or_scalar();
      args.push_back(a);
    } while (accept(TokenKind::Comma));
  }
  expect_close(TokenKind::RParen, open);
  return args;
}

const Expr* Parser::parse_parenthesized() {
  const Token& open = advance();
  const Expr* e = parse_tabular_or_scalar();
  expect_close(TokenKind::RParen, open);
  return e;
}

// long(null), int(5), real(nan), bool(true), decimal(1.5), dynamic([...]).
const Expr* Parser::parse_typed_literal(const Token& type_word) {
  const Token& open = advance();
  LiteralExpr* lit = nullptr;
  if (text_of(type_word) == "dynamic" && (kind() == TokenKind::LBracket || kind() == TokenKind::LBrace)) {
    lit = ast_.make<LiteralExpr>();
    parse_dynamic_container(lit);
  } else if (at_word("null")) {
    advance();
    lit = ast_.make<LiteralExpr>();
    lit->literal = LiteralKind::Null;
  } else if (text_of(type_word) == "dynamic") {
    lit = ast_.make<LiteralExpr>();
    lit->literal = LiteralKind::Dynamic;
    lit->elements.push_back(parse_unary());
  } else {
    lit = ast_.make<LiteralExpr>();
    std::string_view w = text_of(type_word);
    lit->literal = (w == "bool" || w == "boolean") ? LiteralKind::Bool : LiteralKind::Typed;
    if (kind() == TokenKind::Plus || kind() == TokenKind::Minus) advance();
    if (kind() != TokenKind::Long && kind() != TokenKind::Real && kind() != TokenKind::Identifier)
      fail("expected a " + std::string(w) + " value, found " + describe_current());
    advance();
  }
  uint32_t inner_end = peek().begin;
  expect_close(TokenKind::RParen, open);
  lit->type = text_of(type_word);
  lit->span = {type_word.begin, prev_end()};
  lit->text = text_.substr(type_word.begin, prev_end() - type_word.begin);
  lit->value = trim(text_.substr(open.end, inner_end - open.end));
  return lit;
}

void Parser::parse_dynamic_container(LiteralExpr* lit) {
  DepthGuard guard(*this);
  const Token& open = advance();
  lit->literal = LiteralKind::Dynamic;
  bool bag = open.kind == TokenKind::LBrace;
  lit->shape = bag ? LiteralExpr::Shape::Bag : LiteralExpr::Shape::Array;
  TokenKind close = bag ? TokenKind::RBrace : TokenKind::RBracket;
  bool first = true;
  while (first ? kind() != close : accept(TokenKind::Comma)) {
    first = false;
    if (bag) {
      if (kind() == TokenKind::String)
        lit->keys.push_back(decode_string(text_of(advance())));
      else
        lit->keys.emplace_back(text_of(expect(TokenKind::Identifier, "a property name")));
      expect(TokenKind::Colon, "':' after the property name");
    }
    lit->elements.push_back(parse_dynamic_value());
  }
  expect_close(close, open);
  lit->span = {open.begin, prev_end()};
  lit->text = text_.substr(open.begin, prev_end() - open.begin);
}

const Expr* Parser::parse_dynamic_value() {
  if (kind() == TokenKind::LBracket || kind() == TokenKind::LBrace) {
    auto* lit = ast_.make<LiteralExpr>();
    parse_dynamic_container(lit);
    return lit;
  }
  if (at_word("null")) {
    const Token& t = advance();
    auto* lit = ast_.make<LiteralExpr>();
    lit->literal = LiteralKind::Null;
    lit->text = text_of(t);
    lit->span = {t.begin, t.end};
    return lit;
  }
  return parse_unary();
}

}  // namespace ruledex::kql
