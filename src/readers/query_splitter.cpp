#include "readers/query_splitter.h"

#include "base/source_text.h"
#include "kql/lexer.h"

namespace ruledex::readers {
namespace {

using kql::Token;
using kql::TokenKind;

bool is_any_word(std::string_view text, Token token, std::initializer_list<std::string_view> words) {
  for (std::string_view word : words)
    if (kql::is_word(text, token, word)) return true;
  return false;
}

// Tokens after which a query cannot end.
bool expects_more(std::string_view text, Token token) {
  switch (token.kind) {
    case TokenKind::Pipe: case TokenKind::Comma: case TokenKind::Assign: case TokenKind::Arrow:
    case TokenKind::Dot: case TokenKind::DotDot: case TokenKind::Colon: case TokenKind::Equal:
    case TokenKind::NotEqual: case TokenKind::EqualTilde: case TokenKind::BangTilde: case TokenKind::Bang:
    case TokenKind::Tilde: case TokenKind::Less: case TokenKind::LessEqual: case TokenKind::Greater:
    case TokenKind::GreaterEqual:
      return true;
    default:
      return is_any_word(text, token, {"and", "or"});
  }
}

// Tokens that cannot start a query, so they continue the one above: closing
// brackets, binary operators and the word operators of comparisons.
bool continues_previous(std::string_view text, Token token) {
  switch (token.kind) {
    case TokenKind::Pipe: case TokenKind::Comma: case TokenKind::DotDot: case TokenKind::Arrow:
    case TokenKind::Equal: case TokenKind::NotEqual: case TokenKind::EqualTilde: case TokenKind::BangTilde:
    case TokenKind::RParen: case TokenKind::RBracket: case TokenKind::RBrace: case TokenKind::Assign:
    case TokenKind::Dot: case TokenKind::Colon: case TokenKind::Bang: case TokenKind::Less:
    case TokenKind::LessEqual: case TokenKind::Greater: case TokenKind::GreaterEqual: case TokenKind::Plus:
    case TokenKind::Star: case TokenKind::Slash: case TokenKind::Percent:
      return true;
    default:
      return is_any_word(text, token,
                         {"and", "or", "has", "has_cs", "hasprefix", "hassuffix", "has_any", "has_all", "contains",
                          "contains_cs", "startswith", "startswith_cs", "endswith", "endswith_cs", "in", "between",
                          "matches", "like", "notlike", "by", "on"});
  }
}

// Statements that a query statement must follow: their `;` never ends a query.
bool starts_declaration(std::string_view text, Token token) {
  return is_any_word(text, token, {"let", "set", "declare", "alias", "pattern", "restrict"});
}

// Which lines of the text hold a token or a comment; the others are blank,
// whatever white space (ASCII or Unicode, as the lexer knows it) they hold.
class LineMap {
 public:
  LineMap(std::string_view text, const std::vector<Token>& tokens_and_comments)
      : lines_(text), occupied_(lines_.line_count() + 2, false) {
    for (Token token : tokens_and_comments) {
      if (token.kind == TokenKind::End) continue;
      uint32_t last = lines_.line(token.end > token.begin ? token.end - 1 : token.begin);
      for (uint32_t line = lines_.line(token.begin); line <= last; ++line) occupied_[line] = true;
    }
  }

  uint32_t first_line(Token token) const { return lines_.line(token.begin); }
  uint32_t last_line(Token token) const { return lines_.line(token.end > token.begin ? token.end - 1 : token.begin); }
  bool blank(uint32_t line) const { return !occupied_[line]; }
  bool blank_between(Token before, Token after) const {
    for (uint32_t line = last_line(before) + 1; line < first_line(after); ++line)
      if (blank(line)) return true;
    return false;
  }

  // The paragraph around [first, last]: lines with no blank line in between,
  // so comments heading a query (or trailing it) stay with it.
  QuerySpan paragraph(std::string_view text, Token first, Token last) const {
    uint32_t top = first_line(first);
    while (top > 1 && !blank(top - 1)) --top;
    uint32_t bottom = last_line(last);
    while (bottom < lines_.line_count() && !blank(bottom + 1)) ++bottom;
    uint32_t end = bottom < lines_.line_count() ? lines_.line_start(bottom + 1) - 1 : static_cast<uint32_t>(text.size());
    return {lines_.line_start(top), end};
  }

 private:
  LineIndex lines_;
  std::vector<bool> occupied_;  // by 1-based line
};

// Lines of punctuation only (`-----`, `====`) separate text; they are no query.
bool has_words(const std::vector<Token>& tokens, size_t first, size_t last) {
  for (size_t i = first; i <= last; ++i) {
    switch (tokens[i].kind) {
      case TokenKind::Identifier: case TokenKind::String: case TokenKind::Long: case TokenKind::Real:
      case TokenKind::TimeSpan: case TokenKind::TypedLiteral:
        return true;
      default:
        break;
    }
  }
  return false;
}

}  // namespace

std::vector<QuerySpan> split_queries(std::string_view text) {
  std::vector<Token> with_comments = kql::tokenize(text, {.keep_comments = true});
  LineMap lines(text, with_comments);
  std::vector<Token> tokens;
  for (Token token : with_comments)
    if (token.kind != TokenKind::Comment && token.kind != TokenKind::End) tokens.push_back(token);
  std::vector<QuerySpan> queries;
  if (tokens.empty()) return queries;

  size_t query_first = 0;
  bool in_declaration = starts_declaration(text, tokens[0]);
  int depth = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    Token token = tokens[i];
    switch (token.kind) {
      case TokenKind::LParen: case TokenKind::LBracket: case TokenKind::LBrace:
        ++depth;
        break;
      case TokenKind::RParen: case TokenKind::RBracket: case TokenKind::RBrace:
        if (depth > 0) --depth;
        break;
      default:
        break;
    }
    if (i + 1 == tokens.size()) break;
    Token next = tokens[i + 1];
    bool ends_statement = depth == 0 && token.kind == TokenKind::Semicolon;
    bool split = depth == 0 && lines.blank_between(token, next) && !expects_more(text, token) &&
                 !continues_previous(text, next) && !(ends_statement && in_declaration);
    if (split) {
      if (has_words(tokens, query_first, i)) queries.push_back(lines.paragraph(text, tokens[query_first], token));
      query_first = i + 1;
    }
    if (split || ends_statement) in_declaration = starts_declaration(text, next);
  }
  if (has_words(tokens, query_first, tokens.size() - 1))
    queries.push_back(lines.paragraph(text, tokens[query_first], tokens.back()));
  return queries;
}

}  // namespace ruledex::readers
