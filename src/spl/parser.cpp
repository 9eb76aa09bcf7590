#include "spl/parser.h"

#include <algorithm>

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

class Parser {
 public:
  explicit Parser(std::string_view text) : tokens_(tokenize(text)) {}

  Query run() {
    Query query;
    query.pipeline = pipeline(TokenKind::end, 0);
    if (peek().kind != TokenKind::end) error("unexpected `" + peek().text + "`", peek().begin);
    query.errors = std::move(errors_);
    return query;
  }

 private:
  const Token& peek(size_t ahead = 0) const { return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)]; }
  const Token& next() {
    const Token& token = peek();
    if (pos_ + 1 < tokens_.size()) ++pos_;
    return token;
  }
  bool at_word(std::string_view word) const { return peek().kind == TokenKind::word && lower(peek().text) == word; }
  bool at_command_end() const {
    TokenKind kind = peek().kind;
    return kind == TokenKind::pipe || kind == TokenKind::end || kind == TokenKind::rbracket;
  }
  void error(std::string message, uint32_t offset) { errors_.push_back({std::move(message), offset}); }
  uint32_t last_end() const { return pos_ == 0 ? 0 : tokens_[pos_ - 1].end; }

  // commands separated by `|`, up to `closer` (end of text, or `]` of a subsearch).
  Pipeline pipeline(TokenKind closer, int depth) {
    Pipeline result;
    result.span.begin = peek().begin;
    if (peek().kind == TokenKind::error) error(next().text, peek().begin);
    if (peek().kind != TokenKind::pipe && peek().kind != closer) {
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
        skip_to_command_end(depth);
        continue;
      }
      Command command;
      command.span.begin = peek().begin;
      command.name = lower(next().text);
      command_arguments(command, depth);
      result.commands.push_back(std::move(command));
    }
    result.span.end = last_end();
    return result;
  }

  void skip_to_command_end(int depth) {
    Command ignored;
    generic_arguments(ignored, depth);
  }

  void command_arguments(Command& command, int depth) {
    size_t start = pos_;
    subsearches_ = &command.subsearches;
    const std::string& name = command.name;
    if (name == "search") {
      if (!at_command_end()) command.conditions.push_back(or_expr(depth, false));
    } else if (name == "where") {
      if (!at_command_end()) command.conditions.push_back(or_expr(depth, true));
    } else if (is_stats_family(name)) {
      stats_arguments(command, depth);
    } else if (name == "rename") {
      rename_arguments(command, depth);
    }
    // Whatever a specific parse left, and every other command: generic words.
    generic_arguments(command, depth);
    for (size_t i = start; i < pos_; ++i)
      if (tokens_[i].kind == TokenKind::word || tokens_[i].kind == TokenKind::string)
        command.args.push_back(tokens_[i].text);
    derive_fields(command);
    command.span.end = last_end();
  }

  // Argument tokens up to the end of the command; `[ ... ]` are subsearches.
  void generic_arguments(Command& command, int depth) {
    while (!at_command_end()) {
      if (peek().kind == TokenKind::lbracket) {
        subsearch(command.subsearches, depth);
        continue;
      }
      if (peek().kind == TokenKind::error) error(peek().text, peek().begin);
      next();
    }
  }

  // `[ pipeline ]` at the `[`.
  void subsearch(std::vector<Pipeline>& into, int depth) {
    uint32_t open = next().begin;
    if (depth >= kMaxDepth) {
      error("subsearches nest too deeply", open);
      skip_balanced();
      return;
    }
    std::vector<Pipeline>* outer = subsearches_;
    Pipeline inner = pipeline(TokenKind::rbracket, depth + 1);
    subsearches_ = outer;
    into.push_back(std::move(inner));
    if (peek().kind == TokenKind::rbracket)
      next();
    else
      error("expected `]` to close the subsearch", peek().begin);
  }

  // Skips tokens to the `]` matching one already read.
  void skip_balanced() {
    int open = 1;
    while (peek().kind != TokenKind::end && open > 0) {
      if (peek().kind == TokenKind::lbracket) ++open;
      if (peek().kind == TokenKind::rbracket) --open;
      next();
    }
  }

  // --- search / where expressions --------------------------------------------

  bool at_expression_end() const { return at_command_end() || at_word("by") || peek().kind == TokenKind::rparen; }

  Expr or_expr(int depth, bool where) {
    if (depth >= kMaxDepth) {
      error("expression nests too deeply", peek().begin);
      Expr stop;
      stop.span = {peek().begin, peek().begin};
      while (!at_command_end()) next();
      return stop;
    }
    Expr left = and_expr(depth + 1, where);
    while (at_word("or")) {
      next();
      left = combine(ExprKind::or_, std::move(left), and_expr(depth + 1, where));
    }
    return left;
  }

  Expr and_expr(int depth, bool where) {
    Expr left = unary(depth, where);
    while (!at_expression_end() && !at_word("or") && peek().kind != TokenKind::comma) {
      if (at_word("and")) next();
      if (at_expression_end()) break;
      left = combine(ExprKind::and_, std::move(left), unary(depth, where));
    }
    return left;
  }

  static Expr combine(ExprKind kind, Expr left, Expr right) {
    if (left.kind == kind) {
      left.span.end = right.span.end;
      left.children.push_back(std::move(right));
      return left;
    }
    Expr node;
    node.kind = kind;
    node.span = {left.span.begin, right.span.end};
    node.children.push_back(std::move(left));
    node.children.push_back(std::move(right));
    return node;
  }

  Expr unary(int depth, bool where) {
    if (at_word("not") || (peek().kind == TokenKind::op && peek().text == "!")) {
      uint32_t begin = next().begin;
      Expr node;
      node.kind = ExprKind::not_;
      node.children.push_back(unary(depth + 1, where));
      node.span = {begin, node.children[0].span.end};
      return node;
    }
    if (peek().kind == TokenKind::lparen) {
      uint32_t begin = next().begin;
      Expr inner = or_expr(depth + 1, where);
      if (peek().kind == TokenKind::rparen)
        next();
      else
        error("expected `)`", peek().begin);
      inner.span.begin = begin;
      inner.span.end = last_end();
      return inner;
    }
    if (peek().kind == TokenKind::lbracket) {
      Expr node;
      node.span.begin = peek().begin;
      subsearch(*subsearches_, depth);
      node.span.end = last_end();
      return node;
    }
    return comparison(depth, where);
  }

  // An operand: word, string, or a function call (where/eval).
  Expr operand(int depth, bool where) {
    Expr node;
    node.kind = ExprKind::value;
    const Token& token = peek();
    node.span = {token.begin, token.end};
    // A call: name(...), or in where/eval also `LIKE (...)` with a blank.
    bool call = token.kind == TokenKind::word && peek(1).kind == TokenKind::lparen &&
                (peek(1).begin == token.end || (where && lower(token.text) != "in"));
    if (call) {
      node.kind = ExprKind::call;
      node.text = lower(next().text);
      next();
      while (peek().kind != TokenKind::rparen && !at_command_end()) {
        if (peek().kind == TokenKind::comma) {
          next();
          continue;
        }
        size_t before = pos_;
        node.children.push_back(depth >= kMaxDepth ? Expr{} : or_expr(depth + 1, where));
        if (pos_ == before) next();
      }
      if (peek().kind == TokenKind::rparen)
        next();
      else
        error("expected `)` after the arguments of " + node.text + "()", peek().begin);
      node.span.end = last_end();
      return node;
    }
    if (token.kind == TokenKind::word || token.kind == TokenKind::string) {
      node.text = token.text;
      node.quoted = token.kind == TokenKind::string;
      next();
      return node;
    }
    error("unexpected `" + token.text + "` in an expression", token.begin);
    next();
    return node;
  }

  static bool is_literal(const Expr& value, bool where) {
    if (value.kind != ExprKind::value) return false;
    if (!where || value.quoted) return true;
    // In where/eval a bare word is a field, except numbers and booleans.
    std::string_view text = value.text;
    if (text == "true" || text == "false") return true;
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
      return std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '-';
    });
  }

  Expr comparison(int depth, bool where) {
    Expr left = operand(depth, where);
    if (left.kind == ExprKind::value && at_word("in") && peek(1).kind == TokenKind::lparen) {
      next();
      next();
      Expr node;
      node.kind = ExprKind::compare;
      node.text = left.text;
      node.op = "in";
      while (peek().kind != TokenKind::rparen && !at_command_end()) {
        if (peek().kind == TokenKind::comma) {
          next();
          continue;
        }
        Expr value = operand(depth, where);
        node.literal = node.literal && is_literal(value, where);
        node.values.push_back(value.text);
      }
      if (peek().kind == TokenKind::rparen)
        next();
      else
        error("expected `)` to close IN (...)", peek().begin);
      node.span = {left.span.begin, last_end()};
      return node;
    }
    if (peek().kind != TokenKind::op || peek().text == "!") {
      if (left.kind == ExprKind::value) left.kind = where ? ExprKind::value : ExprKind::term;
      return left;
    }
    std::string op = next().text;
    if (op == "==") op = "=";
    Expr node;
    node.kind = ExprKind::compare;
    node.text = left.text;
    node.op = op;
    if (at_command_end()) {
      error("expected a value after `" + op + "`", peek().begin);
      node.span = left.span;
      return node;
    }
    Expr right = peek().kind == TokenKind::lparen ? unary(depth + 1, where) : operand(depth, where);
    node.literal = left.kind == ExprKind::value && is_literal(right, where) && !(where && left.quoted);
    node.values.push_back(right.text);
    node.span = {left.span.begin, right.span.end};
    return node;
  }

  // --- command-specific arguments ---------------------------------------------

  // [options] aggregations [from datamodel=X] [where expr] [by fields] [k=v ...]
  void stats_arguments(Command& command, int depth) {
    while (!at_command_end()) {
      if (at_word("by")) {
        next();
        while (!at_command_end() && peek().kind != TokenKind::lbracket) {
          if (peek().kind == TokenKind::word && peek(1).kind == TokenKind::op && peek(1).text == "=") {
            next(), next(), next();  // span=1h and other options
          } else if (peek().kind == TokenKind::word) {
            command.by.push_back(next().text);
          } else {
            next();
          }
        }
        return;
      }
      if (at_word("where")) {
        next();
        command.conditions.push_back(or_expr(depth, false));
        continue;
      }
      if (at_word("from")) {
        next();
        if (at_word("datamodel") && peek(1).kind == TokenKind::op) next(), next();
        if (peek().kind == TokenKind::word || peek().kind == TokenKind::string) command.datamodel = next().text;
        if (command.datamodel.starts_with("datamodel:")) command.datamodel = command.datamodel.substr(10);
        continue;
      }
      if (peek().kind == TokenKind::word && peek(1).kind == TokenKind::op) {
        next(), next();  // option=value
        if (!at_command_end()) next();
        continue;
      }
      if (peek().kind == TokenKind::word) {
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

  void rename_arguments(Command& command, int) {
    while (!at_command_end()) {
      if (peek().kind == TokenKind::comma) {
        next();
        continue;
      }
      if (peek().kind != TokenKind::word && peek().kind != TokenKind::string) return;
      std::string from = next().text;
      if (!at_word("as")) {
        error("expected `as` in rename", peek().begin);
        return;
      }
      next();
      if (peek().kind != TokenKind::word && peek().kind != TokenKind::string) {
        error("expected a new name after `as`", peek().begin);
        return;
      }
      command.renames.emplace_back(std::move(from), next().text);
    }
  }

  // Field lists of table/fields/dedup/sort/eval/rex/lookup from the kept arguments.
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
    } else if (name == "inputlookup" && !args.empty()) {
      command.datamodel = args.back();
    }
  }

  std::vector<Token> tokens_;
  size_t pos_ = 0;
  std::vector<ParseError> errors_;
  std::vector<Pipeline>* subsearches_ = nullptr;  // where subsearches in an expression go
};

// eval: `name = expression, ...`; the names are assigned at depth 0 after a
// comma or at the start. Read from tokens since the expression is not lowered.
void eval_fields(std::string_view text, Command& command) {
  std::vector<Token> tokens = tokenize(text.substr(command.span.begin, command.span.end - command.span.begin));
  int depth = 0;
  bool at_start = true;
  for (size_t i = 1; i < tokens.size(); ++i) {  // tokens[0] is `eval`
    const Token& token = tokens[i];
    if (token.kind == TokenKind::lparen) ++depth;
    if (token.kind == TokenKind::rparen) --depth;
    if (at_start && token.kind == TokenKind::word && i + 1 < tokens.size() && tokens[i + 1].kind == TokenKind::op &&
        tokens[i + 1].text == "=")
      command.fields.push_back(token.text);
    at_start = depth == 0 && token.kind == TokenKind::comma;
  }
}

void finish(std::string_view text, Pipeline& pipeline) {
  for (Command& command : pipeline.commands) {
    if (command.name == "eval") eval_fields(text, command);
    for (Pipeline& sub : command.subsearches) finish(text, sub);
  }
}

}  // namespace

Query parse(std::string_view text) {
  Query query = Parser(text).run();
  finish(text, query.pipeline);
  return query;
}

}  // namespace ruledex::spl
