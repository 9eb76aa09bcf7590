#include "eql/lowering.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "eql/parser.h"
#include "model/predicate_text.h"
#include "render/logic_outline.h"

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

std::string outline(const std::string& query) { return render::logic_outline(lower_text(query).rule); }

TEST(EqlLogic, EventQueryIsOneSelectionNamedAfterItsCategory) {
  EXPECT_EQ(outline("process where a == \"x\" or not (b : \"y\" and c > 3)"),
            "filter\n"
            "  selection 1 \"process\" (stage 1: where)\n"
            "    all\n"
            "      event.category eq (case-sensitive) \"process\"\n"
            "      any\n"
            "        a eq (case-sensitive) \"x\"\n"
            "        b not eq \"y\"\n"
            "        c not gt (case-sensitive) \"3\"\n");
  EXPECT_EQ(outline("any where true"), "filter\n  selection 1 \"any\" (stage 1: where)\n    true\n");
}

TEST(EqlLogic, FunctionsArePredicatesOrOpaque) {
  EXPECT_EQ(outline("any where startsWith~(a, \"p\") and not length(b) > 3 and c == d"),
            "filter\n"
            "  selection 1 \"any\" (stage 1: where)\n"
            "    all\n"
            "      a startswith \"p\"\n"
            "      not\n"
            "        opaque \"length(b) > 3\" (function length())\n"
            "      opaque \"c == d\" (field compared with a field)\n");
}

TEST(EqlLogic, SequenceStepsByMaxspanRunsAndUntil) {
  Lowered got = lower_text(
      "sequence by host.id with maxspan=5m\n"
      "  [process where a == 1] by process.pid with runs=3\n"
      "  [network where b == 2] by process.parent.pid\n"
      "until [process where c == 3]");
  EXPECT_EQ(render::logic_outline(got.rule),
            "sequence by host.id within 5m\n"
            "  selection 1 \"step 1\" (stage 2: where) by host.id, process.pid with runs=3\n"
            "    all\n"
            "      event.category eq (case-sensitive) \"process\"\n"
            "      a eq (case-sensitive) \"1\"\n"
            "  selection 2 \"step 2\" (stage 3: where) by host.id, process.parent.pid\n"
            "    all\n"
            "      event.category eq (case-sensitive) \"network\"\n"
            "      b eq (case-sensitive) \"2\"\n"
            "  selection 3 \"until\" (stage 4: until) by host.id (until)\n"
            "    all\n"
            "      event.category eq (case-sensitive) \"process\"\n"
            "      c eq (case-sensitive) \"3\"\n");
  EXPECT_EQ(got.rule.logic.window_seconds, 300u);
  EXPECT_EQ(got.rule.logic.condition, kNoNode);
}

TEST(EqlLogic, MissingStepAndSample) {
  Lowered got = lower_text("sequence with maxspan=1h [process where a == 1] ![file where b == 2]");
  EXPECT_EQ(render::logic_outline(got.rule),
            "sequence within 1h\n"
            "  selection 1 \"step 1\" (stage 2: where)\n"
            "    all\n"
            "      event.category eq (case-sensitive) \"process\"\n"
            "      a eq (case-sensitive) \"1\"\n"
            "  selection 2 \"missing step 2\" (stage 3: where)\n"
            "    not\n"
            "      any\n"
            "        event.category not eq (case-sensitive) \"file\"\n"
            "        b not eq (case-sensitive) \"2\"\n"
            "  condition\n"
            "    opaque \"![file where b == 2]\" (missing event or filter over a sequence)\n");
  EXPECT_EQ(outline("sample by host.id [any where a == 1] [any where b == 2]").substr(0, 30),
            "sequence sample by host.id\n  s");
}

}  // namespace
}  // namespace ruledex::eql
