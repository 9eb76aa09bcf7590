#include "lucene/lowering.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "lucene/parser.h"
#include "model/predicate_text.h"
#include "render/logic_outline.h"

namespace ruledex::lucene {
namespace {

struct Lowered {
  Rule rule;
  std::vector<std::string> predicates;
  std::vector<std::string> stages;
};

Lowered lower_text(const std::string& query, std::vector<std::string> indexes = {}) {
  Lowered out;
  out.rule.query = query;
  out.rule.query_line = 10;
  out.rule.data_sources = std::move(indexes);
  QueryAst ast = parse(query);
  EXPECT_TRUE(ast.errors.empty()) << (ast.errors.empty() ? "" : ast.errors[0].message);
  lower(ast, out.rule);
  for (const Predicate& p : out.rule.predicates) out.predicates.push_back(predicate_text(p));
  for (const Stage& s : out.rule.stages)
    out.stages.push_back(s.kind + ":" + std::to_string(s.line) + ":" + std::to_string(s.range.begin) + "-" +
                         std::to_string(s.range.end));
  return out;
}

TEST(LuceneLowering, CorpusRuleShape) {
  Lowered got = lower_text(
      "\nevent.category:process AND process.args:(g+s OR /2[0-9]{3}/) AND NOT user.name:root\n",
      {"auditbeat-*", "logs-endpoint.events.*"});
  EXPECT_EQ(got.stages, (std::vector<std::string>{"source:10:0-0", "query:11:1-84"}));
  EXPECT_EQ(got.predicates, (std::vector<std::string>{"event.category eq 'process' indicator @1",
                                                      "process.args eq 'g+s' indicator @1",
                                                      "process.args regex '2[0-9]{3}' indicator @1",
                                                      "user.name eq not 'root' indicator @1"}));
}

TEST(LuceneLowering, EveryValueForm) {
  Lowered got = lower_text(
      "a:x* -b:\"c d\" +_exists_:e !f:* g:[1 TO 5] h:{1 TO 5] i:>=3 j:[* TO *] k:fuzy~ l:\"p q\"~2 free *.name:z *:*");
  EXPECT_EQ(got.stages, (std::vector<std::string>{"query:10:0-105"}));
  EXPECT_EQ(got.predicates, (std::vector<std::string>{
                                "a wildcard 'x*' indicator @0",
                                "b eq not 'c d' indicator @0",
                                "e exists indicator @0",
                                "f exists not indicator @0",
                                "g between '1' '5' indicator @0",
                                "h gt '1' indicator @0",
                                "h le '5' indicator @0",
                                "i ge '3' indicator @0",
                                "j exists indicator @0",
                                "k eq 'fuzy' @0",
                                "l eq 'p q' @0",
                                " eq 'free' @0",
                                "*.name eq 'z' @0",
                            }));
}

TEST(LuceneLowering, NegationsCompose) {
  Lowered got = lower_text("NOT (a:1 OR -b:2) AND !(-c:3)");
  EXPECT_EQ(got.predicates, (std::vector<std::string>{"a eq not '1' indicator @0", "b eq '2' indicator @0",
                                                      "c eq '3' indicator @0"}));
}

TEST(LuceneLowering, EmptyQueryHasNoQueryStage) {
  Lowered got = lower_text("  ", {"logs-*"});
  EXPECT_EQ(got.stages, (std::vector<std::string>{"source:10:0-0"}));
  EXPECT_TRUE(got.predicates.empty());
}

// The tree of the one selection, without the shape and selection lines.
std::string tree(const std::string& query) {
  std::string text = render::logic_outline(lower_text(query).rule);
  for (int line = 0; line < 2 && !text.empty(); ++line) text.erase(0, text.find('\n') + 1);
  return text;
}

TEST(LuceneLogic, OneSelectionOnTheQueryStage) {
  EXPECT_EQ(render::logic_outline(lower_text("a:1", {"logs-*"}).rule),
            "filter\n  selection 1 \"query\" (stage 2: query)\n    a eq (case-sensitive) \"1\"\n");
}

TEST(LuceneLogic, BareClausesAreJoinedByTheDefaultOperatorOr) {
  EXPECT_EQ(tree("a:1 b:2 OR c:3"),
            "    any\n      a eq (case-sensitive) \"1\"\n      b eq (case-sensitive) \"2\"\n"
            "      c eq (case-sensitive) \"3\"\n");
}

TEST(LuceneLogic, AndMakesBothNeighboursRequiredWithoutPrecedence) {
  // The classic parser reads `a AND b OR c` as `+a +b c`: c only scores.
  EXPECT_EQ(tree("a:1 AND b:2 OR c:3"), "    all\n      a eq (case-sensitive) \"1\"\n      b eq (case-sensitive) \"2\"\n");
  // `a OR b AND c` is `a +b +c`.
  EXPECT_EQ(tree("a:1 OR b:2 AND c:3"), "    all\n      b eq (case-sensitive) \"2\"\n      c eq (case-sensitive) \"3\"\n");
}

TEST(LuceneLogic, ParenthesesMakeTheirOwnQuery) {
  EXPECT_EQ(tree("(a:1 AND b:2) OR c:3"),
            "    any\n      all\n        a eq (case-sensitive) \"1\"\n        b eq (case-sensitive) \"2\"\n"
            "      c eq (case-sensitive) \"3\"\n");
  EXPECT_EQ(tree("a:1 AND f:(x OR y)"),
            "    all\n      a eq (case-sensitive) \"1\"\n      any\n        f eq (case-sensitive) \"x\"\n"
            "        f eq (case-sensitive) \"y\"\n");
}

TEST(LuceneLogic, RequiredProhibitedAndShould) {
  // +a -b c: a and not b (c only scores); -b c: c and not b; -b alone: not b.
  EXPECT_EQ(tree("+a:1 -b:2 c:3"), "    all\n      a eq (case-sensitive) \"1\"\n      b not eq (case-sensitive) \"2\"\n");
  EXPECT_EQ(tree("-b:2 c:3"), "    all\n      b not eq (case-sensitive) \"2\"\n      c eq (case-sensitive) \"3\"\n");
  EXPECT_EQ(tree("NOT b:2"), "    b not eq (case-sensitive) \"2\"\n");
}

TEST(LuceneLogic, NotOfAGroupByDeMorgan) {
  // NOT (a OR (b AND c)) = not a and (not b or not c)
  EXPECT_EQ(tree("x:0 AND NOT (a:1 OR (b:2 AND c:3))"),
            "    all\n      x eq (case-sensitive) \"0\"\n      a not eq (case-sensitive) \"1\"\n      any\n"
            "        b not eq (case-sensitive) \"2\"\n        c not eq (case-sensitive) \"3\"\n");
}

TEST(LuceneLogic, RangesAndMatchAll) {
  EXPECT_EQ(tree("h:{1 TO 5]"), "    all\n      h gt (case-sensitive) \"1\"\n      h le (case-sensitive) \"5\"\n");
  EXPECT_EQ(tree("*:*"), "    true\n");
  EXPECT_EQ(tree("NOT h:{1 TO 5]"),
            "    any\n      h not gt (case-sensitive) \"1\"\n      h not le (case-sensitive) \"5\"\n");
}

}  // namespace
}  // namespace ruledex::lucene
