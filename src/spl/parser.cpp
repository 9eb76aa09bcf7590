#include "spl/parser.h"

#include <algorithm>

#include "spl/commands.h"
#include "spl/lexer.h"

namespace ruledex::spl {
namespace {

constexpr int kMaxDepth = 64;

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_stats_family(std::string_view name) {
  return name == "stats" || name == "eventstats" || name == "streamstats" || name == "chart" ||
         name == "timechart" || name == "tstats" || name == "mstats";
}

// Commands that make events rather than filter them: they start a search with `|`.
bool is_generating(std::string_view name) {
  return name == "tstats" || name == "mstats" || name == "inputlookup" || name == "makeresults" ||
         name == "datamodel" || name == "rest" || name == "metadata" || name == "mcatalog";
}

bool is_comparison(std::string_view op) {
  return op == "=" || op == "==" || op == "!=" || op == "<" || op == "<=" || op == ">" || op == ">=";
}

bool is_number(std::string_view text) {
  if (text.empty()) return false;
  bool digit = false;
  for (char c : text) {
    if (c >= '0' && c <= '9')
      digit = true;
    else if (c != '.' && c != 'e' && c != 'E')
      return false;
  }
  return digit && (text[0] != 'e' && text[0] != 'E');
}

// The names a regex's named groups `(?<name>` / `(?P<name>` give, read by
// scanning the pattern text.
std::vector<std::string> named_groups(std::string_view pattern) {
  std::vector<std::string> names;
  for (size_t i = 0; (i = pattern.find("(?", i)) != std::string_view::npos;) {
    i += 2;
    if (i < pattern.size() && pattern[i] == 'P') ++i;
    if (i >= pattern.size() || pattern[i] != '<') continue;
    size_t close = pattern.find('>', i);
    if (close == std::string_view::npos) break;
    std::string_view name = pattern.substr(i + 1, close - i - 1);
    if (!name.empty() && name[0] != '=' && name[0] != '!') names.emplace_back(name);
    i = close;
  }
  return names;
}

Expr node(ExprKind kind, std::string text, Span span) {
  Expr out;
  out.kind = kind;
  out.text = std::move(text);
  out.span = span;
  return out;
}

// Appends `right` to `left` when it already is a `kind` node: `a AND b AND c`
// is one node with three children.
Expr combine(ExprKind kind, Expr left, Expr right, std::string op = {}) {
  if (left.kind == kind && op.empty() && kind != ExprKind::compare && kind != ExprKind::arithmetic) {
    left.span.end = right.span.end;
    left.children.push_back(std::move(right));
    return left;
  }
  Expr out = node(kind, {}, {left.span.begin, right.span.end});
  out.op = std::move(op);
  out.children.push_back(std::move(left));
  out.children.push_back(std::move(right));
  return out;
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text), tokens_(tokenize(text)) {}

  Query run() {
    Query query;
    query.pipeline = pipeline(TokenKind::end, 0);
    if (peek().kind != TokenKind::end) error("unexpected `" + peek().text + "`", peek().begin);
    query.errors = std::move(errors_);
    query.warnings = std::move(warnings_);
    return query;
  }

 private:
  // --- tokens -------------------------------------------------------------------

  const Token& peek(size_t ahead = 0) const { return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)]; }
  const Token& next() {
    const Token& token = peek();
    if (pos_ + 1 < tokens_.size()) ++pos_;
    return token;
  }
  bool at_word(std::string_view word) const { return peek().kind == TokenKind::word && lower(peek().text) == word; }
  // The search language's operators are written in capitals; lower-case `or` is a term.
  bool at_keyword(std::string_view upper) const { return peek().kind == TokenKind::word && peek().text == upper; }
  bool at_name() const { return peek().kind == TokenKind::word || peek().kind == TokenKind::quoted_field; }
  bool is_equals(size_t i) const {
    return i < tokens_.size() && tokens_[i].kind == TokenKind::op && tokens_[i].text == "=";
  }
  bool at_command_end() const {
    TokenKind kind = peek().kind;
    return kind == TokenKind::pipe || kind == TokenKind::end || kind == TokenKind::rbracket;
  }
  void error(std::string message, uint32_t offset) {
    if (!stopped_) errors_.push_back({std::move(message), offset});
  }
  uint32_t last_end() const { return pos_ == 0 ? 0 : tokens_[pos_ - 1].end; }
  Span here() const { return {peek().begin, peek().begin}; }

  // In the eval language the current word may hold several tokens (`count*2`).
  const Token& look() {
    const Token& token = tokens_[pos_];
    if (token.kind == TokenKind::word && token.text.find_first_of("+-*/%.") != std::string::npos) {
      std::vector<Token> pieces = split_expression_word(token);
      if (pieces.size() > 1 || pieces[0].kind != TokenKind::word) {
        tokens_.erase(tokens_.begin() + static_cast<std::ptrdiff_t>(pos_));
        tokens_.insert(tokens_.begin() + static_cast<std::ptrdiff_t>(pos_), pieces.begin(), pieces.end());
      }
    }
    return tokens_[pos_];
  }
  bool at_op(std::string_view op) {
    const Token& token = look();
    return token.kind == TokenKind::op && token.text == op;
  }
  bool at_eval_keyword(std::string_view word) {
    const Token& token = look();
    return token.kind == TokenKind::word && lower(token.text) == word;
  }

  // Past the depth limit: one error, and nothing more is parsed (every
  // enclosing level would report its missing `)`).
  Expr too_deep(std::string message) {
    Span at = here();
    error(std::move(message), at.begin);
    stopped_ = true;
    pos_ = tokens_.size() - 1;
    return node(ExprKind::literal, {}, at);
  }

  // Skips to the end of the command after a problem.
  Expr give_up(std::string message) {
    Span at = here();
    error(std::move(message), at.begin);
    while (!at_command_end()) next();
    return node(ExprKind::literal, {}, at);
  }

  // --- pipeline -------------------------------------------------------------------

  // commands separated by `|`, up to `closer` (end of text, or `]` of a
  // subsearch). `command_first`: the templates of foreach and appendpipe
  // start with a command, not with a search.
  Pipeline pipeline(TokenKind closer, int depth, bool command_first = false) {
    Pipeline result;
    result.span.begin = peek().begin;
    if (peek().kind == TokenKind::error) error(next().text, peek().begin);
    // A subsearch may start with a generating command without its `|`: `[inputlookup x]`.
    bool generating = peek().kind == TokenKind::word && is_generating(lower(peek().text));
    if (generating && closer != TokenKind::rbracket)
      error("`" + lower(peek().text) + "` generates events: it must follow a `|`", peek().begin);
    if ((command_first || generating) && peek().kind == TokenKind::word) {
      result.commands.push_back(named_command(depth));
    } else if (peek().kind != TokenKind::pipe && peek().kind != closer && peek().kind != TokenKind::end) {
      Command base;
      base.name = "search";
      base.span.begin = peek().begin;
      if (at_word("search")) next();
      command_arguments(base, depth);
      result.commands.push_back(std::move(base));
    }
    while (peek().kind == TokenKind::pipe) {
      next();
      if (peek().kind != TokenKind::word) {
        error("expected a command name after `|`", peek().begin);
        Command ignored;
        generic_arguments(ignored, depth);
        continue;
      }
      result.commands.push_back(named_command(depth));
    }
    result.span.end = last_end();
    return result;
  }

  // A command at its name.
  Command named_command(int depth) {
    Command command;
    command.span.begin = peek().begin;
    command.name = lower(next().text);
    // An unknown macro left in place has had its warning.
    if (!command.name.starts_with('`') && !is_known_command(command.name))
      warnings_.push_back({"unknown SPL command '" + command.name + "'", command.span.begin});
    command_arguments(command, depth);
    return command;
  }

  void command_arguments(Command& command, int depth) {
    size_t start = pos_;
    std::vector<Pipeline>* outer = subsearches_;
    subsearches_ = &command.subsearches;
    const std::string& name = command.name;
    if (name == "search") {
      if (!at_command_end()) command.conditions.push_back(search_expression(depth, false));
    } else if (name == "where") {
      if (!at_command_end()) command.conditions.push_back(eval_expression(depth));
      if (!at_command_end()) error("unexpected `" + peek().text + "` after the where expression", peek().begin);
    } else if (name == "eval" || name == "fieldformat") {
      assignments(command, depth);
    } else if (is_stats_family(name)) {
      stats_arguments(command, depth);
    } else if (name == "rename") {
      rename_arguments(command);
    }
    // Whatever a specific parse left, and every other command: generic words.
    generic_arguments(command, depth);
    subsearches_ = outer;
    const bool names_lookup = name == "lookup" || name == "inputlookup" || name == "outputlookup";
    for (size_t i = start; i < pos_; ++i) {
      if (TokenKind kind = tokens_[i].kind;
          kind == TokenKind::word || kind == TokenKind::string || kind == TokenKind::quoted_field) {
        command.args.push_back(tokens_[i].text);
        // The table is the first argument that is no `option=value` side.
        if (names_lookup && command.lookup.empty() && !is_equals(i - 1) && !is_equals(i + 1))
          command.lookup = tokens_[i].text;
      }
    }
    command.span.end = std::max(command.span.begin, last_end());
    derive_fields(command);
  }

  // Argument tokens up to the end of the command; `[ ... ]` are subsearches.
  void generic_arguments(Command& command, int depth) {
    while (!at_command_end()) {
      if (peek().kind == TokenKind::lbracket) {
        subsearch(command.subsearches, depth, command.name == "foreach" || command.name == "appendpipe");
        continue;
      }
      if (peek().kind == TokenKind::error) error(peek().text, peek().begin);
      next();
    }
  }

  // `[ pipeline ]` at the `[`.
  void subsearch(std::vector<Pipeline>& into, int depth, bool command_first = false) {
    if (depth >= kMaxDepth) {
      too_deep("subsearches nest too deeply");
      return;
    }
    next();
    std::vector<Pipeline>* outer = subsearches_;
    Pipeline inner = pipeline(TokenKind::rbracket, depth + 1, command_first);
    subsearches_ = outer;
    into.push_back(std::move(inner));
    if (peek().kind == TokenKind::rbracket)
      next();
    else
      error("expected `]` to close the subsearch", peek().begin);
  }

  // Skips tokens to the `]` (or `closer`) matching one already read.
  void skip_balanced(TokenKind opener = TokenKind::lbracket, TokenKind closer = TokenKind::rbracket) {
    int open = 1;
    while (peek().kind != TokenKind::end && open > 0) {
      if (peek().kind == opener) ++open;
      if (peek().kind == closer) --open;
      next();
    }
  }

  Expr subsearch_node(int depth) {
    Expr out = node(ExprKind::subsearch, {}, here());
    subsearch(*subsearches_, depth);
    out.span.end = last_end();
    return out;
  }

  // --- the search language ------------------------------------------------------------
  // Terms joined by implicit or explicit AND; OR binds tighter than AND, NOT
  // tighter still. `stop_at_by`: tstats' `where` ends at `by`.

  bool at_search_end(bool stop_at_by) const {
    return at_command_end() || peek().kind == TokenKind::rparen || (stop_at_by && at_word("by"));
  }

  // Commas between terms separate them as blanks do (`a=1, b=2`): a comma
  // is a minor breaker of the search language, never an operator.
  void skip_commas() {
    while (peek().kind == TokenKind::comma) next();
  }

  Expr search_expression(int depth, bool stop_at_by) {
    if (depth >= kMaxDepth) return too_deep("expression nests too deeply");
    skip_commas();
    if (at_search_end(stop_at_by)) return node(ExprKind::and_, {}, here());
    Expr left = search_or(depth, stop_at_by);
    while ((skip_commas(), !at_search_end(stop_at_by))) {
      if (at_keyword("AND")) {
        uint32_t at = next().begin;
        if (at_search_end(stop_at_by)) {
          error("expected a term after AND", at);
          break;
        }
      }
      left = combine(ExprKind::and_, std::move(left), search_or(depth, stop_at_by));
    }
    return left;
  }

  Expr search_or(int depth, bool stop_at_by) {
    Expr left = search_unary(depth, stop_at_by);
    while (at_keyword("OR")) {
      uint32_t at = next().begin;
      if (at_search_end(stop_at_by)) {
        error("expected a term after OR", at);
        break;
      }
      left = combine(ExprKind::or_, std::move(left), search_unary(depth, stop_at_by));
    }
    return left;
  }

  Expr search_unary(int depth, bool stop_at_by) {
    if (at_keyword("NOT")) {
      uint32_t begin = next().begin;
      if (at_search_end(stop_at_by)) return give_up("expected a term after NOT");
      if (depth >= kMaxDepth) return too_deep("expression nests too deeply");
      Expr out = node(ExprKind::not_, {}, {begin, 0});
      out.children.push_back(search_unary(depth + 1, stop_at_by));
      out.span.end = out.children[0].span.end;
      return out;
    }
    if (peek().kind == TokenKind::lparen) {
      uint32_t begin = next().begin;
      Expr inner = search_expression(depth + 1, false);
      expect_rparen("expected `)`");
      inner.span = {begin, last_end()};
      return inner;
    }
    if (peek().kind == TokenKind::lbracket) return subsearch_node(depth);
    return search_term(depth);
  }

  bool expect_rparen(std::string_view message) {
    if (peek().kind == TokenKind::rparen) {
      next();
      return true;
    }
    error(std::string(message), peek().begin);
    return false;
  }

  // field=value, field IN (values), a function such as TERM(x), or a term.
  Expr search_term(int depth) {
    const Token& token = peek();
    Span span{token.begin, token.end};
    bool comparing = (peek(1).kind == TokenKind::op && is_comparison(peek(1).text)) ||
                     (peek(1).kind == TokenKind::word && lower(peek(1).text) == "in" && peek(2).kind == TokenKind::lparen);
    if (token.kind == TokenKind::string && !comparing) {  // "a phrase"; "field.name"=value compares
      Expr out = node(ExprKind::term, next().text, span);
      out.quoted = true;
      return out;
    }
    if (!at_name() && token.kind != TokenKind::string) {
      error("unexpected `" + token.text + "` in the search", token.begin);
      next();
      return node(ExprKind::term, {}, span);
    }
    std::string name = next().text;
    if (peek().kind == TokenKind::op && is_comparison(peek().text)) {
      std::string op = next().text;
      if (peek().kind != TokenKind::word && peek().kind != TokenKind::string && peek().kind != TokenKind::quoted_field) {
        error("expected a value after `" + op + "`", peek().begin);
        return node(ExprKind::term, name, span);
      }
      Expr out = node(ExprKind::compare, {}, span);
      out.op = op == "==" ? "=" : op;
      out.children.push_back(node(ExprKind::field, std::move(name), span));
      out.children.push_back(search_value());
      out.span.end = last_end();
      return out;
    }
    if (at_word("in") && peek(1).kind == TokenKind::lparen) {
      next(), next();
      Expr out = node(ExprKind::compare, {}, span);
      out.op = "in";
      out.children.push_back(node(ExprKind::field, std::move(name), span));
      while (peek().kind == TokenKind::word || peek().kind == TokenKind::string || peek().kind == TokenKind::comma) {
        if (peek().kind == TokenKind::comma)
          next();
        else
          out.children.push_back(search_value());
      }
      expect_rparen("expected `)` to close IN (...)");
      out.span.end = last_end();
      return out;
    }
    if (peek().kind == TokenKind::lparen && peek().begin == span.end) {  // TERM(x), CASE(x)
      next();
      Expr out = node(ExprKind::call, lower(name), span);
      if (peek().kind != TokenKind::rparen) out.children.push_back(search_expression(depth + 1, false));
      expect_rparen("expected `)` after the argument of " + out.text + "()");
      out.span.end = last_end();
      return out;
    }
    return node(ExprKind::term, std::move(name), span);
  }

  // A value; unquoted, it runs on through parentheses written inside it
  // without blanks, as in `*GetCurrent()*`.
  Expr search_value() {
    Expr out = node(ExprKind::literal, peek().text, {peek().begin, peek().end});
    out.quoted = next().kind != TokenKind::word;
    if (out.quoted) return out;
    size_t last = 0;  // tokens the value runs on through, when balanced
    int open = 0;
    for (size_t i = 0; open >= 0; ++i) {
      const Token& token = peek(i);
      bool joined = token.begin == (i == 0 ? out.span.end : peek(i - 1).end) &&
                    (token.kind == TokenKind::word || token.kind == TokenKind::lparen || token.kind == TokenKind::rparen);
      if (!joined) break;
      open += token.kind == TokenKind::lparen ? 1 : token.kind == TokenKind::rparen ? -1 : 0;
      if (open == 0) last = i + 1;
    }
    for (size_t i = 0; i < last; ++i) out.text += next().text;
    out.span.end = last_end();
    if (peek().kind == TokenKind::lparen && peek().begin == out.span.end) {
      error("a function call is not a value in the search language (where takes expressions)", out.span.begin);
      next();
      skip_balanced(TokenKind::lparen, TokenKind::rparen);
    }
    return out;
  }

  // --- the eval language ----------------------------------------------------------------
  // Lowest to highest: XOR, OR, AND, NOT, comparisons (= == != < <= > >=
  // LIKE IN), + - . (concatenation), * / %, unary minus, then literals,
  // fields, calls and parentheses.

  Expr eval_expression(int depth) {
    if (depth >= kMaxDepth) return too_deep("expression nests too deeply");
    return eval_binary(depth, 0);
  }

  // The three boolean levels: XOR, OR, AND.
  Expr eval_binary(int depth, int level) {
    static constexpr std::string_view kWords[] = {"xor", "or", "and"};
    static constexpr ExprKind kKinds[] = {ExprKind::xor_, ExprKind::or_, ExprKind::and_};
    if (level == 3) return eval_not(depth);
    Expr left = eval_binary(depth, level + 1);
    while (at_eval_keyword(kWords[level])) {
      next();
      left = combine(kKinds[level], std::move(left), eval_binary(depth, level + 1));
    }
    return left;
  }

  Expr eval_not(int depth) {
    if (at_eval_keyword("not") || at_op("!")) {
      uint32_t begin = next().begin;
      if (depth >= kMaxDepth) return too_deep("expression nests too deeply");
      Expr out = node(ExprKind::not_, {}, {begin, 0});
      out.children.push_back(eval_not(depth + 1));
      out.span.end = out.children[0].span.end;
      return out;
    }
    return eval_comparison(depth);
  }

  Expr eval_comparison(int depth) {
    Expr left = eval_additive(depth);
    const Token& token = look();
    if (token.kind == TokenKind::op && is_comparison(token.text)) {
      std::string op = next().text;
      return combine(ExprKind::compare, std::move(left), eval_additive(depth), op == "==" ? "=" : op);
    }
    bool negated = at_eval_keyword("not") && (lower(peek(1).text) == "like" || lower(peek(1).text) == "in");
    if (negated) next();
    Expr out;
    if (at_eval_keyword("like")) {
      next();
      out = combine(ExprKind::compare, std::move(left), eval_additive(depth), "like");
    } else if (at_eval_keyword("in") && peek(1).kind == TokenKind::lparen) {
      next();
      out = node(ExprKind::compare, {}, left.span);
      out.op = "in";
      out.children.push_back(std::move(left));
      arguments(out, depth, "IN (...)");
      out.span.end = last_end();
    } else {
      if (negated) error("expected LIKE or IN after NOT", peek().begin);
      return left;
    }
    if (!negated) return out;
    Expr inverted = node(ExprKind::not_, {}, out.span);
    inverted.children.push_back(std::move(out));
    return inverted;
  }

  Expr eval_additive(int depth) {
    Expr left = eval_multiplicative(depth);
    while (at_op("+") || at_op("-") || at_op(".")) {
      std::string op = next().text;
      left = combine(ExprKind::arithmetic, std::move(left), eval_multiplicative(depth), op);
    }
    return left;
  }

  Expr eval_multiplicative(int depth) {
    Expr left = eval_unary(depth);
    while (at_op("*") || at_op("/") || at_op("%")) {
      std::string op = next().text;
      left = combine(ExprKind::arithmetic, std::move(left), eval_unary(depth), op);
    }
    return left;
  }

  Expr eval_unary(int depth) {
    if (at_op("-") || at_op("+")) {
      bool minus = peek().text == "-";
      uint32_t begin = next().begin;
      if (depth >= kMaxDepth) return too_deep("expression nests too deeply");
      Expr operand = eval_unary(depth + 1);
      if (!minus) return operand;
      Expr out = node(ExprKind::negate, {}, {begin, operand.span.end});
      out.children.push_back(std::move(operand));
      return out;
    }
    return eval_primary(depth);
  }

  Expr eval_primary(int depth) {
    const Token& token = look();
    Span span{token.begin, token.end};
    switch (token.kind) {
      case TokenKind::lparen: {
        next();
        Expr inner = eval_expression(depth + 1);
        expect_rparen("expected `)`");
        inner.span = {span.begin, last_end()};
        return inner;
      }
      case TokenKind::string: {
        Expr out = node(ExprKind::literal, next().text, span);
        out.quoted = true;
        return out;
      }
      case TokenKind::quoted_field:
        return node(ExprKind::field, next().text, span);
      case TokenKind::lbracket:
        return subsearch_node(depth);
      case TokenKind::word: {
        std::string text = next().text;
        if (peek().kind == TokenKind::lparen) return call(lower(text), span, depth);
        std::string name = lower(text);
        bool literal = is_number(text) || name == "true" || name == "false" || name == "null";
        return node(literal ? ExprKind::literal : ExprKind::field, std::move(text), span);
      }
      default:
        if (at_command_end()) {
          error("expected an expression", token.begin);
        } else {
          error("unexpected `" + token.text + "` in an expression", token.begin);
          next();
        }
        return node(ExprKind::literal, {}, span);
    }
  }

  // name(argument, ...) at the `(`; any function name parses the same way.
  Expr call(std::string name, Span span, int depth) {
    Expr out = node(ExprKind::call, std::move(name), span);
    arguments(out, depth, out.text + "()");
    out.span.end = last_end();
    return out;
  }

  // `( expr, ... )` into out.children, at the `(`.
  void arguments(Expr& out, int depth, const std::string& what) {
    next();
    if (peek().kind == TokenKind::rparen) {
      next();
      return;
    }
    while (true) {
      out.children.push_back(eval_expression(depth + 1));
      if (peek().kind == TokenKind::comma) {
        next();
        continue;
      }
      expect_rparen("expected `,` or `)` in the arguments of " + what);
      return;
    }
  }

  // eval: name = expression, ...
  void assignments(Command& command, int depth) {
    while (!at_command_end()) {
      Span span = here();
      if (!(at_name() || peek().kind == TokenKind::string) || peek(1).kind != TokenKind::op || peek(1).text != "=") {
        error("expected `field = expression` in " + command.name, peek().begin);
        return;
      }
      std::string field = next().text;
      next();
      Expr value = eval_expression(depth);
      span.end = last_end();
      command.fields.push_back(field);
      command.assignments.push_back({std::move(field), std::move(value), span});
      if (peek().kind == TokenKind::comma) {
        next();
      } else if (!at_command_end()) {
        error("expected `,` between the assignments of " + command.name, peek().begin);
        return;
      }
    }
  }

  // --- command-specific arguments ---------------------------------------------

  // [options] aggregations [from datamodel=X] [where expr] [by fields] [k=v ...]
  void stats_arguments(Command& command, int depth) {
    while (!at_command_end()) {
      if (at_word("by")) {
        next();
        while (!at_command_end() && peek().kind != TokenKind::lbracket) {
          if (at_name() && peek(1).kind == TokenKind::op && peek(1).text == "=") {
            next(), next(), next();  // span=1h and other options
          } else if (at_name() || peek().kind == TokenKind::string) {
            command.by.push_back(next().text);
          } else {
            next();
          }
        }
        return;
      }
      if (at_word("where")) {
        next();
        if (!at_command_end()) command.conditions.push_back(search_expression(depth, true));
        continue;
      }
      if (at_word("from")) {
        command.datamodel_span.begin = next().begin;
        if (at_word("datamodel") && peek(1).kind == TokenKind::op) next(), next();
        if (peek().kind == TokenKind::word || peek().kind == TokenKind::string) command.datamodel = next().text;
        if (command.datamodel.starts_with("datamodel:")) command.datamodel = command.datamodel.substr(10);
        command.datamodel_span.end = last_end();
        continue;
      }
      if (at_name() && peek(1).kind == TokenKind::op) {
        next(), next();  // option=value
        if (!at_command_end()) next();
        continue;
      }
      if (at_name()) {
        aggregation(command);
        continue;
      }
      if (peek().kind == TokenKind::lbracket) return;
      next();
    }
  }

  void aggregation(Command& command) {
    Aggregation agg;
    const Token& name = next();
    agg.function = name.text;
    if (peek().kind == TokenKind::lparen && peek().begin == name.end) {
      uint32_t begin = next().end;
      int open = 1;
      uint32_t end = begin;
      while (!at_command_end() && open > 0) {
        if (peek().kind == TokenKind::lparen) ++open;
        if (peek().kind == TokenKind::rparen && --open == 0) end = peek().begin;
        next();
      }
      agg.argument = text_between(begin, end);
    }
    if (at_word("as") && peek(1).kind != TokenKind::end) {
      next();
      agg.alias = next().text;
    }
    command.aggregations.push_back(std::move(agg));
  }

  std::string text_between(uint32_t begin, uint32_t end) const {
    std::string out;
    for (const Token& token : tokens_)
      if (token.begin >= begin && token.end <= end) out += (out.empty() ? "" : " ") + token.text;
    return out;
  }

  void rename_arguments(Command& command) {
    auto at_rename_name = [&] { return at_name() || peek().kind == TokenKind::string; };
    while (!at_command_end()) {
      if (peek().kind == TokenKind::comma) {
        next();
        continue;
      }
      if (!at_rename_name()) return;
      std::string from = rename_name();
      if (!at_word("as")) {
        error("expected `as` in rename", peek().begin);
        return;
      }
      next();
      if (!at_rename_name()) {
        error("expected a new name after `as`", peek().begin);
        return;
      }
      command.renames.emplace_back(std::move(from), next().text);
    }
  }

  // A field name to rename; a name that a function call gave (`values(x)`,
  // MLTK's `IsOutlier(x)`) is written as the call, parentheses and all.
  std::string rename_name() {
    const Token& name = next();
    if (peek().kind != TokenKind::lparen || peek().begin != name.end) return name.text;
    uint32_t begin = name.begin;
    int open = 0;
    do {
      open += peek().kind == TokenKind::lparen ? 1 : peek().kind == TokenKind::rparen ? -1 : 0;
      next();
    } while (open > 0 && !at_command_end());
    if (open > 0) error("expected `)` to close the field name", peek().begin);
    return std::string(text_.substr(begin, last_end() - begin));
  }

  // Field lists and data models of the other commands, from the kept
  // arguments: the fields addtotals and iplocation add are Splunk's defaults
  // (or addtotals' fieldname=).
  static void derive_fields(Command& command) {
    const std::string& name = command.name;
    std::vector<std::string>& args = command.args;
    if (name == "table" || name == "fields") {
      bool removing = !args.empty() && args[0] == "-";
      for (const std::string& arg : args)
        if (arg != "-" && arg != "+" && !removing) command.fields.push_back(arg);
    } else if (name == "rex") {
      for (const std::string& arg : args)
        for (std::string& group : named_groups(arg)) command.fields.push_back(std::move(group));
    } else if (name == "lookup") {
      auto output = std::find_if(args.begin(), args.end(), [](const std::string& a) {
        std::string l = lower(a);
        return l == "output" || l == "outputnew";
      });
      for (auto it = output == args.end() ? output : output + 1; it != args.end(); ++it)
        if (lower(*it) != "as") command.fields.push_back(*it);
        else if (!command.fields.empty()) command.fields.pop_back();
    } else if (name == "addtotals") {
      auto named = std::find(args.begin(), args.end(), "fieldname");
      command.fields.push_back(named != args.end() && named + 1 != args.end() ? *(named + 1) : "Total");
    } else if (name == "iplocation") {
      for (const char* field : {"City", "Country", "Region", "lat", "lon"}) command.fields.emplace_back(field);
    } else if (name == "inputlookup" && !args.empty()) {
      command.datamodel = args.back();
    } else if (name == "from" && !args.empty()) {
      // from datamodel:DM.Dataset, from datamodel DM.Dataset
      std::string_view first = args[0];
      if (lower(first) == "datamodel" && args.size() > 1)
        command.datamodel = args[1];
      else if (lower(first).starts_with("datamodel:"))
        command.datamodel = first.substr(10);
      command.datamodel_span = command.span;
    } else if (name == "datamodel" && !args.empty()) {
      // datamodel DM [Dataset] [search|flat|...]
      command.datamodel = args[0];
      if (args.size() > 1 && args[1] != "search" && args[1] != "flat" && !args[1].ends_with("_search"))
        command.datamodel += "." + args[1];
      command.datamodel_span = command.span;
    }
  }

  std::string_view text_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  std::vector<ParseError> errors_;
  bool stopped_ = false;  // past the depth limit: the rest is not parsed
  std::vector<ParseError> warnings_;
  std::vector<Pipeline>* subsearches_ = nullptr;  // where subsearches in an expression go
};

}  // namespace

Query parse(std::string_view text) { return Parser(text).run(); }

}  // namespace ruledex::spl
