#include "yaral/lexer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ruledex::yaral {
namespace {

std::vector<TokenKind> kinds(std::string_view text) {
  std::vector<TokenKind> out;
  for (const Token& token : tokenize(text)) out.push_back(token.kind);
  return out;
}

std::vector<std::string> texts(std::string_view text) {
  std::vector<std::string> out;
  for (const Token& token : tokenize(text))
    if (token.kind != TokenKind::End) out.emplace_back(text.substr(token.begin, token.end - token.begin));
  return out;
}

using K = TokenKind;

TEST(YaralLexer, SigilsAndPaths) {
  EXPECT_EQ(kinds("$e.principal.ip #e %list %table.column"),
            (std::vector<K>{K::Variable, K::Dot, K::Identifier, K::Dot, K::Identifier, K::Count, K::ListRef, K::ListRef,
                            K::End}));
  EXPECT_EQ(texts("$e.additional.fields[\"key\"]"),
            (std::vector<std::string>{"$e", ".", "additional", ".", "fields", "[", "\"key\"", "]"}));
}

TEST(YaralLexer, LiteralForms) {
  EXPECT_EQ(
      kinds(R"("a\"b" `raw\d` 42 1.5 5m 24h true)"),
      (std::vector<K>{K::String, K::RawString, K::Number, K::Number, K::Duration, K::Duration, K::Identifier, K::End}));
  EXPECT_EQ(decode_string(R"("C:\\Windows \"x\" \d")"), "C:\\Windows \"x\" \\d");
}

TEST(YaralLexer, SlashIsRegexWhereAnOperandIsExpected) {
  EXPECT_EQ(kinds("$e.f = /a\\/b/ nocase"),
            (std::vector<K>{K::Variable, K::Dot, K::Identifier, K::Assign, K::Regex, K::Identifier, K::End}));
  EXPECT_EQ(kinds("re.regex($e.f, /x/)"),
            (std::vector<K>{K::Identifier, K::Dot, K::Identifier, K::LParen, K::Variable, K::Dot, K::Identifier,
                            K::Comma, K::Regex, K::RParen, K::End}));
  EXPECT_EQ(kinds("$a / 2"), (std::vector<K>{K::Variable, K::Slash, K::Number, K::End}));
  EXPECT_EQ(kinds("(1) / 2"), (std::vector<K>{K::LParen, K::Number, K::RParen, K::Slash, K::Number, K::End}));
  EXPECT_EQ(kinds("not /x/"), (std::vector<K>{K::Identifier, K::Regex, K::End}));
}

TEST(YaralLexer, Operators) {
  EXPECT_EQ(kinds("= != < <= > >= ! + - * { } : ,"),
            (std::vector<K>{K::Assign, K::NotEqual, K::Less, K::LessEqual, K::Greater, K::GreaterEqual, K::Bang,
                            K::Plus, K::Minus, K::Star, K::LBrace, K::RBrace, K::Colon, K::Comma, K::End}));
}

TEST(YaralLexer, CommentsAreSkippedAndLineStartsKept) {
  std::vector<Token> tokens = tokenize("/* a\n b */ rule // c\n x /* d */ y\nz");
  ASSERT_EQ(tokens.size(), 5u);
  EXPECT_TRUE(tokens[0].line_start);   // rule (the comment spans a line break)
  EXPECT_TRUE(tokens[1].line_start);   // x
  EXPECT_FALSE(tokens[2].line_start);  // y
  EXPECT_TRUE(tokens[3].line_start);   // z
}

TEST(YaralLexer, ErrorsPointAtTheProblem) {
  std::vector<Token> tokens = tokenize("$e.f = \"open\n@ /* never closed");
  std::vector<std::string> errors;
  for (const Token& token : tokens)
    if (token.kind == K::Error) errors.emplace_back(token.error);
  EXPECT_EQ(errors,
            (std::vector<std::string>{"unterminated string", "unexpected character", "unterminated /* comment"}));
  EXPECT_EQ(kinds("$ # %"), (std::vector<K>{K::Error, K::Error, K::Error, K::End}));
  EXPECT_EQ(kinds("/unterminated"), (std::vector<K>{K::Error, K::End}));
}

}  // namespace
}  // namespace ruledex::yaral
