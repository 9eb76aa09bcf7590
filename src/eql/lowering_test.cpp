#include "eql/lowering.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "eql/parser.h"
#include "model/predicate_text.h"

namespace ruledex::eql {
namespace {

struct Lowered {
  Rule rule;
  std::vector<std::string> predicates;
  std::vector<std::string> stages;
};

Lowered lower_text(const std::string& query, std::vector<std::string> indexes = {}) {
  Lowered out;
  out.rule.query = query;
  out.rule.query_line = 20;
  out.rule.data_sources = std::move(indexes);
  QueryAst ast = parse(query);
  EXPECT_TRUE(ast.errors.empty()) << (ast.errors.empty() ? "" : ast.errors[0].message);
  lower(ast, out.rule);
  for (const Predicate& p : out.rule.predicates) out.predicates.push_back(predicate_text(p));
  for (const Stage& s : out.rule.stages) out.stages.push_back(s.kind + ":" + std::to_string(s.line));
  return out;
}

TEST(EqlLowering, SharedVocabulary) {
  Lowered got = lower_text(
      "process where process.name : \"cmd.exe\" and process.args : (\"/c\", \"*-enc*\") and a == \"X\" and b != \"y\"\n"
      "  and c in~ (\"p\", \"q\") and d not in (1, 2) and e like \"x*\" and f regex~ \"a.*\" and g >= 3\n"
      "  and h != null and not startsWith~(i, \"pre\") and stringContains(j, \"mid\") and cidrMatch(k, \"10.0.0.0/8\")\n"
      "  and l == m",
      {"logs-endpoint.events.process-*"});
  std::vector<std::string> want = {
      "event.category eq 'process' indicator @1",
      "process.name eq nocase 'cmd.exe' indicator @1",
      "process.args wildcard nocase '/c' '*-enc*' indicator @1",
      "a eq 'X' indicator @1",
      "b eq not 'y' indicator @1",
      "c in nocase 'p' 'q' indicator @1",
      "d in not '1' '2' indicator @1",
      "e wildcard 'x*' indicator @1",
      "f regex nocase 'a.*' indicator @1",
      "g ge '3' indicator @1",
      "h exists indicator @1",
      "i startswith not nocase 'pre' indicator @1",
      "j contains 'mid' indicator @1",
      "k cidr nocase '10.0.0.0/8' indicator @1",
      "l eq 'm' @1",
  };
  EXPECT_EQ(got.predicates, want);
  EXPECT_EQ(got.stages, (std::vector<std::string>{"source:20", "where:20"}));
}

// Join keys show in the stages' text (the sequence header, each step through
// its own `by`); they are not output fields, which are what the rule emits.
TEST(EqlLowering, SequenceStepsJoinKeysAndPipes) {
  Lowered got = lower_text(
      "sequence by host.id with maxspan=1m\n"
      "  [process where event.action == \"exec\"] by process.entity_id\n"
      "  [network where destination.port == 4444]\n"
      "until [process where event.type : \"end\"]\n"
      "| head 1");
  EXPECT_EQ(got.stages, (std::vector<std::string>{"sequence:20", "where:21", "where:22", "until:23", "head:24"}));
  EXPECT_EQ(got.predicates, (std::vector<std::string>{"event.category eq 'process' indicator @1",
                                                      "event.action eq 'exec' indicator @1",
                                                      "event.category eq 'network' indicator @2",
                                                      "destination.port eq '4444' indicator @2",
                                                      "event.category eq 'process' indicator @3",
                                                      "event.type eq nocase 'end' indicator @3"}));
  auto text_of = [&](const Stage& stage) {
    return got.rule.query.substr(stage.range.begin, stage.range.end - stage.range.begin);
  };
  EXPECT_EQ(text_of(got.rule.stages[0]), "sequence by host.id with maxspan=1m");
  EXPECT_EQ(text_of(got.rule.stages[1]), "[process where event.action == \"exec\"] by process.entity_id");
  EXPECT_TRUE(got.rule.output_fields.empty());
}

TEST(EqlLowering, EventCategories) {
  Lowered any = lower_text("any where a == 1");
  EXPECT_EQ(any.predicates, (std::vector<std::string>{"a eq '1' indicator @0"}));
  Lowered quoted = lower_text("\"network\" where true");
  EXPECT_EQ(quoted.predicates, (std::vector<std::string>{"event.category eq 'network' indicator @0"}));
  EXPECT_EQ(quoted.rule.predicates[0].range.begin, 0u);
  EXPECT_EQ(quoted.rule.predicates[0].range.end, 9u);
  // A missing step: that event must not occur.
  Lowered missing = lower_text("sequence [process where a == 1] ![file where b == 2]");
  EXPECT_EQ(missing.predicates, (std::vector<std::string>{
                                    "event.category eq 'process' indicator @1", "a eq '1' indicator @1",
                                    "event.category eq not 'file' indicator @2", "b eq not '2' indicator @2"}));
}

}  // namespace
}  // namespace ruledex::eql
