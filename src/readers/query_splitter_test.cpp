#include "readers/query_splitter.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ruledex::readers {
namespace {

std::vector<std::string> split(std::string_view text) {
  std::vector<std::string> out;
  for (QuerySpan span : split_queries(text)) out.emplace_back(text.substr(span.begin, span.end - span.begin));
  return out;
}

TEST(QuerySplitter, BlankLinesSeparateQueries) {
  EXPECT_EQ(split("T | take 1\n\nU\n| count\n\n\nV"), (std::vector<std::string>{"T | take 1", "U\n| count", "V"}));
}

TEST(QuerySplitter, LineOfSpacesIsBlank) {
  EXPECT_EQ(split("T\n   \t\nU").size(), 2u);
  EXPECT_EQ(split("T\n\xE2\x80\xAF \nU"), (std::vector<std::string>{"T", "U"}));  // narrow no-break space
}

TEST(QuerySplitter, BlankLineBeforePipeContinues) {
  EXPECT_EQ(split("T\n| where a == 1\n\n| project a\n"), (std::vector<std::string>{"T\n| where a == 1\n\n| project a"}));
}

TEST(QuerySplitter, LetChainContinuesAfterBlankLine) {
  std::string text = "let a = 1;\n\nlet b = dynamic([1]);\n\n// the query\nT | where x in (b)\n\nU";
  EXPECT_EQ(split(text), (std::vector<std::string>{"let a = 1;\n\nlet b = dynamic([1]);\n\n// the query\nT | where x in (b)", "U"}));
}

TEST(QuerySplitter, SemicolonAfterQueryStatementEndsIt) {
  EXPECT_EQ(split("T | take 1;\n\nU").size(), 2u);
}

TEST(QuerySplitter, BlankLineInsideBracketsContinues) {
  EXPECT_EQ(split("T\n| join (\n\n  U | where a > 1\n\n) on a\n| extend b = pack_array(\n\n1, 2)").size(), 1u);
  EXPECT_EQ(split("print x = dynamic([\n\n1])").size(), 1u);
}

TEST(QuerySplitter, BlankLineInsideMultiLineStringContinues) {
  EXPECT_EQ(split("print x = ```a\n\nb```\n| extend y = 1").size(), 1u);
}

TEST(QuerySplitter, TrailingOperatorOrCommaContinues) {
  EXPECT_EQ(split("T\n| where a == 1 and\n\nb == 2").size(), 1u);
  EXPECT_EQ(split("T\n| project a,\n\nb").size(), 1u);
  EXPECT_EQ(split("T\n| where a == 1\n\nand b == 2").size(), 1u);
}

TEST(QuerySplitter, LineStartingWithAnOperatorOrClosingBracketContinues) {
  for (std::string_view continuation : {"has 'x'", "!contains 'x'", "in ('a', 'b')", "> 5", ") on a", "] | count",
                                        "startswith 'x'", "by Account", "* 2"})
    EXPECT_EQ(split("T\n| where A\n\n" + std::string(continuation)).size(), 1u) << continuation;
  EXPECT_EQ(split("T | count\n\nU | count").size(), 2u);
}

TEST(QuerySplitter, CommentsAboveQueryBelongToIt) {
  auto queries = split("// first\nT\n\n// heading\n// more\nU | count // trailing\n// after\n");
  EXPECT_EQ(queries, (std::vector<std::string>{"// first\nT", "// heading\n// more\nU | count // trailing\n// after"}));
}

TEST(QuerySplitter, CommentOnlyParagraphsAreNoQueries) {
  EXPECT_EQ(split("// only\n// comments\n\n// here\n").size(), 0u);
  EXPECT_EQ(split("T\n\n// just a note\n\nU"), (std::vector<std::string>{"T", "U"}));
  EXPECT_EQ(split("").size(), 0u);
}

TEST(QuerySplitter, PunctuationLinesAreNoQueries) {
  EXPECT_EQ(split("T\n\n----------\n\nU"), (std::vector<std::string>{"T", "U"}));
}

TEST(QuerySplitter, PipeInStringOrCommentDoesNotContinue) {
  EXPECT_EQ(split("print '|'\n\n// | where\nU").size(), 2u);
}

}  // namespace
}  // namespace ruledex::readers
