#include "sigma/condition_parser.h"

#include <string>
#include <utility>

#include "sigma/condition_lexer.h"

namespace ruledex::sigma {
namespace {

class ConditionParser {
 public:
  ConditionParser(std::string_view text, const ConditionOptions& options)
      : text_(text), tokens_(tokenize_condition(text)), options_(options) {}

  Condition parse() {
    if (peek().kind == TokenKind::end) {
      error("the condition is empty", 0);
      return std::move(result_);
    }
    result_.root = parse_or(0);
    if (!failed_ && peek().kind == TokenKind::pipe) parse_aggregation();
    if (!failed_ && peek().kind != TokenKind::end)
      error("unexpected `" + std::string(spelling(peek())) + "`: expected `and`, `or`, `|` or the end of the condition",
            peek().begin);
    return std::move(result_);
  }

 private:
  using Index = std::optional<uint32_t>;

  const Token& peek(size_t ahead = 0) const { return tokens_[std::min(position_ + ahead, tokens_.size() - 1)]; }
  const Token& advance() {
    const Token& token = peek();
    if (position_ + 1 < tokens_.size()) ++position_;
    return token;
  }
  std::string_view spelling(const Token& token) const { return text_.substr(token.begin, token.end - token.begin); }
  bool at_keyword(std::string_view word) const { return is_keyword(text_, peek(), word); }

  void error(std::string message, uint32_t offset) {
    if (failed_) return;
    failed_ = true;
    result_.messages.push_back({true, std::move(message), offset});
  }

  uint32_t add(ConditionKind kind, std::string name, std::vector<uint32_t> children, uint32_t begin, uint32_t end) {
    result_.nodes.push_back({kind, std::move(name), std::move(children), begin, end});
    return static_cast<uint32_t>(result_.nodes.size() - 1);
  }

  bool enter(uint32_t depth, uint32_t offset) {
    if (depth < options_.max_depth) return true;
    error("the condition nests deeper than " + std::to_string(options_.max_depth) + " levels", offset);
    return false;
  }

  // `or` and `and` chains: one node with all operands.
  Index parse_binary(uint32_t depth, ConditionKind kind) {
    bool is_or = kind == ConditionKind::or_;
    Index first = is_or ? parse_binary(depth, ConditionKind::and_) : parse_not(depth);
    if (!first || !at_keyword(is_or ? "or" : "and")) return first;
    std::vector<uint32_t> operands{*first};
    while (!failed_ && at_keyword(is_or ? "or" : "and")) {
      advance();
      Index next = is_or ? parse_binary(depth, ConditionKind::and_) : parse_not(depth);
      if (!next) return std::nullopt;
      operands.push_back(*next);
    }
    uint32_t begin = result_.nodes[operands.front()].begin, end = result_.nodes[operands.back()].end;
    return add(kind, {}, std::move(operands), begin, end);
  }

  Index parse_or(uint32_t depth) { return parse_binary(depth, ConditionKind::or_); }

  Index parse_not(uint32_t depth) {
    if (!at_keyword("not")) return parse_primary(depth);
    uint32_t begin = advance().begin;
    if (!enter(depth + 1, begin)) return std::nullopt;
    Index operand = parse_not(depth + 1);
    if (!operand) return std::nullopt;
    return add(ConditionKind::not_, {}, {*operand}, begin, result_.nodes[*operand].end);
  }

  bool at_reserved() const {
    for (std::string_view word : {"and", "or", "not", "of"})
      if (at_keyword(word)) return true;
    return false;
  }

  Index parse_primary(uint32_t depth) {
    const Token& token = peek();
    if (token.kind == TokenKind::left_paren) {
      advance();
      if (!enter(depth + 1, token.begin)) return std::nullopt;
      Index inner = parse_or(depth + 1);
      if (!inner) return std::nullopt;
      if (peek().kind != TokenKind::right_paren) {
        error("expected `)` to close the `(` at offset " + std::to_string(token.begin), peek().begin);
        return std::nullopt;
      }
      advance();
      return inner;
    }
    if ((token.kind == TokenKind::number || token.kind == TokenKind::word) && is_keyword(text_, peek(1), "of"))
      return parse_selector();
    if (token.kind == TokenKind::word && !at_reserved()) {
      advance();
      return add(ConditionKind::identifier, std::string(spelling(token)), {}, token.begin, token.end);
    }
    if (token.kind == TokenKind::end)
      error("the condition ends where a search identifier, `(`, `not`, `1 of` or `all of` was expected", token.begin);
    else
      error("expected a search identifier, `(`, `not`, `1 of` or `all of`, found `" + std::string(spelling(token)) + "`",
            token.begin);
    return std::nullopt;
  }

  // `1 of pattern`, `any of pattern`, `all of them`.
  Index parse_selector() {
    const Token& quantifier = advance();
    advance();  // of
    ConditionKind kind = ConditionKind::one_of;
    if (is_keyword(text_, quantifier, "all")) {
      kind = ConditionKind::all_of;
    } else if (spelling(quantifier) != "1" && !is_keyword(text_, quantifier, "any")) {
      error("`" + std::string(spelling(quantifier)) + " of` is not Sigma: use `1 of` or `all of`", quantifier.begin);
      return std::nullopt;
    }
    const Token& target = peek();
    if ((target.kind != TokenKind::word && target.kind != TokenKind::number) || at_reserved()) {
      error("expected `them` or a search identifier pattern after `of`", target.begin);
      return std::nullopt;
    }
    advance();
    std::string name(spelling(target));
    if (is_keyword(text_, target, "them")) name = "them";
    return add(kind, std::move(name), {}, quantifier.begin, target.end);
  }

  // `| count(field) by group > 5`, `| near sel1 and not sel2`.
  void parse_aggregation() {
    const Token& pipe = advance();
    Aggregation aggregation;
    aggregation.begin = pipe.begin;
    const Token& function = peek();
    if (function.kind != TokenKind::word) {
      error("expected an aggregation such as `count()` or `near` after `|`", function.begin);
      return;
    }
    advance();
    aggregation.function = std::string(spelling(function));
    for (char& c : aggregation.function) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (aggregation.function == "near") {
      aggregation.near = parse_or(0);
      if (!aggregation.near) return;
      if (!parse_group_by(aggregation)) return;
    } else if (is_aggregate_function(aggregation.function)) {
      if (!parse_call(aggregation) || !parse_group_by(aggregation) || !parse_comparison(aggregation)) return;
    } else {
      error("unknown aggregation `" + std::string(spelling(function)) + "`: expected count, sum, min, max, avg or near",
            function.begin);
      return;
    }
    aggregation.end = tokens_[position_ - 1].end;
    result_.messages.push_back({false,
                                "the `| " + aggregation.function +
                                    "` aggregation is deprecated: Sigma correlation rules replace it",
                                pipe.begin});
    result_.aggregation = std::move(aggregation);
  }

  static bool is_aggregate_function(std::string_view name) {
    return name == "count" || name == "sum" || name == "min" || name == "max" || name == "avg";
  }

  bool parse_call(Aggregation& aggregation) {
    if (peek().kind != TokenKind::left_paren) {
      error("expected `(` after `" + aggregation.function + "`", peek().begin);
      return false;
    }
    advance();
    if (peek().kind == TokenKind::word || peek().kind == TokenKind::number)
      aggregation.field = std::string(spelling(advance()));
    if (peek().kind != TokenKind::right_paren) {
      error("expected `)` after the aggregated field", peek().begin);
      return false;
    }
    advance();
    return true;
  }

  bool parse_group_by(Aggregation& aggregation) {
    if (!at_keyword("by")) return true;
    advance();
    do {
      if (peek().kind != TokenKind::word) {
        error("expected a field after `by`", peek().begin);
        return false;
      }
      aggregation.group_by += (aggregation.group_by.empty() ? "" : ", ") + std::string(spelling(advance()));
    } while (peek().kind == TokenKind::comma && advance().kind == TokenKind::comma);
    return true;
  }

  bool parse_comparison(Aggregation& aggregation) {
    if (peek().kind != TokenKind::comparison) {
      error("expected a comparison such as `> 10` after the aggregation", peek().begin);
      return false;
    }
    aggregation.comparison = std::string(spelling(advance()));
    if (peek().kind != TokenKind::number && peek().kind != TokenKind::word) {
      error("expected a number after `" + aggregation.comparison + "`", peek().begin);
      return false;
    }
    aggregation.threshold = std::string(spelling(advance()));
    return true;
  }

  std::string_view text_;
  std::vector<Token> tokens_;
  ConditionOptions options_;
  size_t position_ = 0;
  bool failed_ = false;
  Condition result_;
};

}  // namespace

Condition parse_condition(std::string_view text, const ConditionOptions& options) {
  return ConditionParser(text, options).parse();
}

}  // namespace ruledex::sigma
