#include "kql/lexer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace ruledex::kql {
namespace {

using K = TokenKind;

std::vector<TokenKind> kinds(std::string_view text, LexOptions options = {}) {
  std::vector<TokenKind> out;
  for (const Token& t : tokenize(text, options)) out.push_back(t.kind);
  return out;
}

std::vector<std::string> texts(std::string_view text) {
  std::vector<std::string> out;
  for (const Token& t : tokenize(text))
    if (t.kind != K::End) out.emplace_back(token_text(text, t));
  return out;
}

TEST(Lexer, EndsWithOneEndTokenAtTheTextSize) {
  auto tokens = tokenize("  T  ");
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[1].kind, K::End);
  EXPECT_EQ(tokens[1].begin, 5u);
  EXPECT_EQ(tokens[1].end, 5u);
  EXPECT_EQ(kinds(""), (std::vector<K>{K::End}));
}

TEST(Lexer, OffsetsAreByteRanges) {
  auto tokens = tokenize("T | where X");
  ASSERT_EQ(tokens.size(), 5u);
  EXPECT_EQ(tokens[2].begin, 4u);
  EXPECT_EQ(tokens[2].end, 9u);
  EXPECT_EQ(tokens[3].begin, 10u);
}

TEST(Lexer, PunctuationAndOperators) {
  EXPECT_EQ(kinds("( ) [ ] { } , ; | . .. : = => == != <> =~ !~ ! ~ < <= > >= + - * / % ?"),
            (std::vector<K>{K::LParen, K::RParen, K::LBracket, K::RBracket, K::LBrace, K::RBrace, K::Comma,
                            K::Semicolon, K::Pipe, K::Dot, K::DotDot, K::Colon, K::Assign, K::Arrow, K::Equal,
                            K::NotEqual, K::NotEqual, K::EqualTilde, K::BangTilde, K::Bang, K::Tilde, K::Less,
                            K::LessEqual, K::Greater, K::GreaterEqual, K::Plus, K::Minus, K::Star, K::Slash,
                            K::Percent, K::Question, K::End}));
}

TEST(Lexer, NegatedStringOperatorsAreAdjacentTokens) {
  auto tokens = tokenize("!contains_cs !in~");
  EXPECT_EQ(kinds("!contains_cs !in~"), (std::vector<K>{K::Bang, K::Identifier, K::Bang, K::Identifier, K::Tilde, K::End}));
  EXPECT_EQ(tokens[0].end, tokens[1].begin);
  EXPECT_EQ(tokens[3].end, tokens[4].begin);
}

TEST(Lexer, Identifiers) {
  EXPECT_EQ(texts("Name name_2 _x $left $right ['a b'] Größe"),
            (std::vector<std::string>{"Name", "name_2", "_x", "$left", "$right", "[", "'a b'", "]", "Größe"}));
  // Kusto names may start with digits when they are not numbers.
  EXPECT_EQ(kinds("5Minutebin"), (std::vector<K>{K::Identifier, K::End}));
}

TEST(Lexer, HyphenatedOperatorNamesAreOneToken) {
  EXPECT_EQ(texts("project-away mv-expand mv-apply parse-where parse-kv make-series top-nested graph-shortest-paths"),
            (std::vector<std::string>{"project-away", "mv-expand", "mv-apply", "parse-where", "parse-kv", "make-series",
                                      "top-nested", "graph-shortest-paths"}));
  // Not an operator name: subtraction.
  EXPECT_EQ(texts("a-b project-x"), (std::vector<std::string>{"a", "-", "b", "project", "-", "x"}));
}

TEST(Lexer, Numbers) {
  EXPECT_EQ(kinds("42 0x1F 1.5 1e3 1.5e-3"), (std::vector<K>{K::Long, K::Long, K::Real, K::Real, K::Real, K::End}));
  EXPECT_EQ(texts("1..5"), (std::vector<std::string>{"1", "..", "5"}));
}

TEST(Lexer, TimeSpans) {
  for (std::string_view t : {"2d", "1.5h", "30m", "10s", "100ms", "10microsecond", "1tick", "5min", "1days", "2hr"}) {
    EXPECT_EQ(kinds(t), (std::vector<K>{K::TimeSpan, K::End})) << t;
  }
}

TEST(Lexer, RawTypedLiterals) {
  EXPECT_EQ(texts("datetime(2020-01-01 10:00:00.5Z) guid(74be27de-1e4e-49d9-b579-fe0b331d3642) timespan(1.02:03:04) time(null)"),
            (std::vector<std::string>{"datetime(2020-01-01 10:00:00.5Z)", "guid(74be27de-1e4e-49d9-b579-fe0b331d3642)",
                                      "timespan(1.02:03:04)", "time(null)"}));
  EXPECT_EQ(kinds("datetime(2020-01-01)"), (std::vector<K>{K::TypedLiteral, K::End}));
  // As a type name (no parenthesis) it is a plain word.
  EXPECT_EQ(kinds("x:datetime"), (std::vector<K>{K::Identifier, K::Colon, K::Identifier, K::End}));
}

TEST(Lexer, StringForms) {
  std::string_view text = R"("a\"b" 'c\'d' @"e\f" @'g''h' h"secret" H'x' h@"y" ```multi
line``` ~~~z~~~)";
  auto tokens = tokenize(text);
  ASSERT_EQ(tokens.size(), 10u);
  for (size_t i = 0; i < 9; ++i) EXPECT_EQ(tokens[i].kind, K::String) << i;
}

TEST(Lexer, DecodesStringValues) {
  EXPECT_EQ(decode_string(R"("a\"b\\c\n\t")"), "a\"b\\c\n\t");
  EXPECT_EQ(decode_string(R"('it\'s "x"')"), "it's \"x\"");
  EXPECT_EQ(decode_string(R"(@"C:\Windows\")"), "C:\\Windows\\");
  EXPECT_EQ(decode_string(R"(@"say ""hi""")"), "say \"hi\"");
  EXPECT_EQ(decode_string(R"(@'it''s')"), "it's");
  EXPECT_EQ(decode_string(R"(h"secret")"), "secret");
  EXPECT_EQ(decode_string(R"(h@'C:\x')"), "C:\\x");
  EXPECT_EQ(decode_string("```a\nb```"), "a\nb");
  EXPECT_EQ(decode_string(R"("\u00e9")"), "\xC3\xA9");
  EXPECT_EQ(decode_string(R"("\d+")"), "\\d+");  // unknown escapes stay as written
}

TEST(Lexer, CommentsAreSkippedOrKept) {
  EXPECT_EQ(kinds("T // note\n| take 1"), (std::vector<K>{K::Identifier, K::Pipe, K::Identifier, K::Long, K::End}));
  LexOptions keep;
  keep.keep_comments = true;
  auto tokens = tokenize("T // note\n", keep);
  ASSERT_EQ(tokens[1].kind, K::Comment);
  EXPECT_EQ(token_text("T // note\n", tokens[1]), "// note");
  // A string holding // is no comment.
  EXPECT_EQ(kinds("\"http://x\""), (std::vector<K>{K::String, K::End}));
}

TEST(Lexer, LeadingDirectiveLinesAreComments) {
  EXPECT_EQ(kinds("#connect cluster\nT"), (std::vector<K>{K::Identifier, K::End}));
  EXPECT_EQ(kinds("T\n#x"), (std::vector<K>{K::Identifier, K::Error, K::Identifier, K::End}));
}

TEST(Lexer, UnicodeSpacesSeparateTokens) {
  std::string text = "where\xC2\xA0" "x\xE2\x80\x8B==\xEF\xBB\xBF" "1";
  EXPECT_EQ(texts(text), (std::vector<std::string>{"where", "x", "==", "1"}));
  EXPECT_EQ(texts("project-away\xC2\xA0X"), (std::vector<std::string>{"project-away", "X"}));
}

TEST(Lexer, ErrorsCarryOffsetsAndMessages) {
  std::string_view text = "T | where x == \"open\n| take 1";
  auto tokens = tokenize(text);
  auto error = std::find_if(tokens.begin(), tokens.end(), [](const Token& t) { return t.kind == K::Error; });
  ASSERT_NE(error, tokens.end());
  EXPECT_EQ(error->begin, 15u);
  EXPECT_EQ(lex_error_message(text, *error), "unterminated string literal (strings end on the same line)");
  // Lexing goes on after the error.
  EXPECT_EQ(tokens.back().kind, K::End);
  EXPECT_EQ(token_text(text, tokens[tokens.size() - 2]), "1");

  std::string_view bad = "T | where x == `y";
  auto bad_tokens = tokenize(bad);
  EXPECT_EQ(bad_tokens[5].kind, K::Error);
  EXPECT_EQ(lex_error_message(bad, bad_tokens[5]), "unexpected character '`'");
  EXPECT_EQ(lex_error_message("```abc", tokenize("```abc")[0]),
            "unterminated multi-line string literal (missing closing ```)");
}

// KQL's string escapes, as the official parser accepts them; any other is an error at its backslash.
TEST(Lexer, StringEscapesAreCheckedAndDecoded) {
  EXPECT_EQ(decode_string(R"("\\ \' \" \a\b\f\n\r\t\v")"), "\\ ' \" \a\b\f\n\r\t\v");
  EXPECT_EQ(decode_string(R"("\101\x41\u0041\U0001F600\0")"), std::string("AAA\xF0\x9F\x98\x80") + '\0');
  for (std::string_view good : {R"("\x41")", R"('\'')", R"("\7")", R"(h"\n")", R"(@"C:\W")"})
    EXPECT_EQ(tokenize(good)[0].kind, K::String) << good;

  for (std::string_view bad : {R"("\W")", R"("a\.b")", R"("\x4")", R"("\u00")", R"('\8')", R"(h'\d')"}) {
    const Token token = tokenize(bad)[0];
    EXPECT_EQ(token.kind, K::Error) << bad;
    EXPECT_EQ(bad[lex_error_offset(bad, token)], '\\') << bad;
    EXPECT_NE(lex_error_message(bad, token).find("invalid escape sequence '\\"), std::string::npos) << bad;
  }
  // An unterminated string that ends in an escaped quote is still unterminated.
  std::string_view open = R"("a\")";
  EXPECT_EQ(lex_error_message(open, tokenize(open)[0]), "unterminated string literal (strings end on the same line)");
}

TEST(Lexer, TypographicQuotesAreErrors) {
  std::string_view text = "T | where A == \xE2\x80\x9Cx\xE2\x80\x9D";
  auto tokens = tokenize(text);
  ASSERT_GE(tokens.size(), 7u);
  EXPECT_EQ(tokens[5].kind, K::Error);
  EXPECT_EQ(token_text(text, tokens[5]), "\xE2\x80\x9C");
  EXPECT_EQ(token_text(text, tokens[6]), "x");
  EXPECT_NE(lex_error_message(text, tokens[5]).find("typographic quote"), std::string::npos);
}

TEST(Lexer, PullLexerMatchesTokenize) {
  std::string_view text = "let x = 1;\nT | where A has 'x' // c\n| take 10";
  Lexer lexer(text);
  for (const Token& expected : tokenize(text)) {
    Token t = lexer.next();
    EXPECT_EQ(t.kind, expected.kind);
    EXPECT_EQ(t.begin, expected.begin);
    EXPECT_EQ(t.end, expected.end);
  }
  EXPECT_EQ(lexer.next().kind, K::End);
  EXPECT_TRUE(is_word(text, tokenize(text)[0], "let"));
}

}  // namespace
}  // namespace ruledex::kql
