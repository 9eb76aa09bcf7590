#include "spl/lexer.h"

#include <gtest/gtest.h>

namespace ruledex::spl {
namespace {

TEST(SplLexer, WordsKeepWildcardsAndDottedFields) {
  std::vector<Token> tokens = tokenize(R"(Processes.process_name=*cmd.exe | where x!="a \"b\"" [)");
  ASSERT_EQ(tokens.size(), 10u);
  EXPECT_EQ(tokens[0].text, "Processes.process_name");
  EXPECT_EQ(tokens[1].text, "=");
  EXPECT_EQ(tokens[2].text, "*cmd.exe");
  EXPECT_EQ(tokens[3].kind, TokenKind::pipe);
  EXPECT_EQ(tokens[5].text, "x");
  EXPECT_EQ(tokens[6].text, "!=");
  EXPECT_EQ(tokens[7].kind, TokenKind::string);
  EXPECT_EQ(tokens[7].text, "a \"b\"");
  EXPECT_EQ(tokens[8].kind, TokenKind::lbracket);
  EXPECT_EQ(tokens[9].kind, TokenKind::end);
  EXPECT_EQ(tokens[2].begin, 23u);
}

TEST(SplLexer, OpenTemplateWithoutCloseEnds) {
  std::vector<Token> tokens = tokenize("a <<b c");  // once an endless loop
  ASSERT_EQ(tokens.size(), 6u);
  EXPECT_EQ(tokens[1].text, "<");
  EXPECT_EQ(tokens[4].text, "c");
}

TEST(SplLexer, QuotesAfterOperatorsAndInWildcards) {
  std::vector<Token> eval = tokenize("x/'a b'");
  ASSERT_EQ(eval.size(), 3u);
  EXPECT_EQ(eval[1].kind, TokenKind::quoted_field);
  EXPECT_EQ(eval[1].text, "a b");
  std::vector<Token> search = tokenize("CommandLine=*'* x");
  ASSERT_EQ(search.size(), 5u);
  EXPECT_EQ(search[2].text, "*'*");
}

TEST(SplLexer, UnterminatedStringIsAnError) {
  std::vector<Token> tokens = tokenize("x=\"abc");
  ASSERT_GE(tokens.size(), 3u);
  EXPECT_EQ(tokens[2].kind, TokenKind::error);
}

}  // namespace
}  // namespace ruledex::spl
