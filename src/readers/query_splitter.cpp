#include "readers/query_splitter.h"

#include "kql/lexer.h"

namespace ruledex::readers {
namespace {

using kql::Token;
using kql::TokenKind;

// The text between two tokens holds only white space and comments; a blank
// line there is a newline, optional spaces, and another newline.
bool has_blank_line(std::string_view text, uint32_t from, uint32_t to) {
  bool line_empty_so_far = false;
  for (uint32_t i = from; i < to; ++i) {
    char c = text[i];
    if (c == '\n') {
      if (line_empty_so_far) return true;
      line_empty_so_far = true;
    } else if (c != ' ' && c != '\t' && c != '\r') {
      line_empty_so_far = false;
    }
  }
  return false;
}

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

// Tokens that cannot start a query, so they continue the one above.
bool continues_previous(std::string_view text, Token token) {
  switch (token.kind) {
    case TokenKind::Pipe: case TokenKind::Comma: case TokenKind::DotDot: case TokenKind::Arrow:
    case TokenKind::Equal: case TokenKind::NotEqual: case TokenKind::EqualTilde: case TokenKind::BangTilde:
      return true;
    default:
      return is_any_word(text, token, {"and", "or"});
  }
}

// Statements that a query statement must follow: their `;` never ends a query.
bool starts_declaration(std::string_view text, Token token) {
  return is_any_word(text, token, {"let", "set", "declare", "alias", "pattern", "restrict"});
}

uint32_t line_begin(std::string_view text, uint32_t offset) {
  size_t newline = offset == 0 ? std::string_view::npos : text.rfind('\n', offset - 1);
  return newline == std::string_view::npos ? 0 : static_cast<uint32_t>(newline + 1);
}

uint32_t line_end(std::string_view text, uint32_t offset) {
  size_t newline = text.find('\n', offset);
  return newline == std::string_view::npos ? static_cast<uint32_t>(text.size()) : static_cast<uint32_t>(newline);
}

bool blank_line_at(std::string_view text, uint32_t begin) {
  std::string_view line = text.substr(begin, line_end(text, begin) - begin);
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

// Widens [first token, last token] to the paragraph around them: the lines
// with no blank line in between, so comments heading a query stay with it.
QuerySpan paragraph_span(std::string_view text, Token first, Token last) {
  uint32_t begin = line_begin(text, first.begin);
  while (begin > 0) {
    uint32_t previous = line_begin(text, begin - 1);
    if (blank_line_at(text, previous)) break;
    begin = previous;
  }
  uint32_t end = line_end(text, last.end);
  while (end < text.size()) {
    uint32_t next = end + 1;
    if (next >= text.size() || blank_line_at(text, next)) break;
    end = line_end(text, next);
  }
  return {begin, end};
}

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
  std::vector<Token> tokens = kql::tokenize(text);
  if (!tokens.empty() && tokens.back().kind == TokenKind::End) tokens.pop_back();
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
    bool split = depth == 0 && has_blank_line(text, token.end, next.begin) && !expects_more(text, token) &&
                 !continues_previous(text, next) && !(ends_statement && in_declaration);
    if (split) {
      if (has_words(tokens, query_first, i)) queries.push_back(paragraph_span(text, tokens[query_first], token));
      query_first = i + 1;
    }
    if (split || ends_statement) in_declaration = starts_declaration(text, next);
  }
  if (has_words(tokens, query_first, tokens.size() - 1))
    queries.push_back(paragraph_span(text, tokens[query_first], tokens.back()));
  return queries;
}

}  // namespace ruledex::readers
