#include "lucene/lowering.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "lucene/parser.h"
#include "model/predicate_text.h"

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

}  // namespace
}  // namespace ruledex::lucene
