#include "bicep/lexer.h"

#include <gtest/gtest.h>

namespace ruledex::bicep {
namespace {

std::vector<TokenKind> kinds(std::string_view text) {
  std::vector<TokenKind> out;
  for (const Token& token : tokenize(text)) out.push_back(token.kind);
  return out;
}

TEST(BicepLexer, StringsWithInterpolationEndAtTheirOwnQuote) {
  std::string_view text = "'a ${b ? 'x' : '}'} c' d";
  EXPECT_EQ(string_end(text, 0), text.find(" d"));
  EXPECT_EQ(kinds("x = 'it''s'")[2], TokenKind::string);
}

TEST(BicepLexer, CommentsMultilineStringsAndErrors) {
  EXPECT_EQ(kinds("// c\nparam /* x */ a\n'''\nq\n'''"),
            (std::vector<TokenKind>{TokenKind::newline, TokenKind::identifier, TokenKind::identifier, TokenKind::newline,
                                    TokenKind::multiline, TokenKind::end}));
  EXPECT_EQ(kinds("'open")[0], TokenKind::error);
  EXPECT_EQ(kinds("'''open")[0], TokenKind::error);
  EXPECT_EQ(kinds("/* open")[0], TokenKind::error);
}

}  // namespace
}  // namespace ruledex::bicep
