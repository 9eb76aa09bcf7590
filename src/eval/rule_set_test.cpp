// The evaluator over rules: three-valued trees, routing, the literal
// prefilter, and the stateful shapes over event streams.

#include <gtest/gtest.h>

#include "eval/eval_test_support.h"

namespace ruledex::eval {
namespace {

using testing::event_of;
using testing::predicate;
using testing::rule_of;
using testing::verdict;

TEST(Logic, AllAnyNotAreThreeValued) {
  auto e = event_of({{"A", "1"}, {"B", "2"}});
  auto build = [](auto make) { return rule_of("sigma", make); };
  Rule and_unknown = build([](Rule& r) {
    return add_all(r.logic, {add_predicate(r, predicate("A", Op::eq, {"1"})), add_opaque(r.logic, "f(x)", "function f", {})});
  });
  EXPECT_EQ(verdict(and_unknown, e), Truth::unknown);
  Rule and_no = build([](Rule& r) {
    return add_all(r.logic, {add_predicate(r, predicate("A", Op::eq, {"9"})), add_opaque(r.logic, "f(x)", "function f", {})});
  });
  EXPECT_EQ(verdict(and_no, e), Truth::no);  // false whatever the opaque leaf is
  Rule or_yes = build([](Rule& r) {
    return add_any(r.logic, {add_opaque(r.logic, "f(x)", "function f", {}), add_predicate(r, predicate("B", Op::eq, {"2"}))});
  });
  EXPECT_EQ(verdict(or_yes, e), Truth::yes);
  Rule not_unknown = build([](Rule& r) { return add_not(r.logic, add_opaque(r.logic, "f(x)", "function f", {})); });
  EXPECT_EQ(verdict(not_unknown, e), Truth::unknown);
  Rule nested = build([](Rule& r) {
    uint32_t a = add_predicate(r, predicate("A", Op::eq, {"1"}));
    uint32_t b = add_predicate(r, predicate("B", Op::eq, {"3"}));
    return add_all(r.logic, {a, add_not(r.logic, b)});
  });
  EXPECT_EQ(verdict(nested, e), Truth::yes);
}

TEST(Logic, WhyNotNamesTheFirstFailingLeaf) {
  Rule rule = rule_of("sigma", [](Rule& r) {
    uint32_t a = add_predicate(r, predicate("Image", Op::endswith, {"\\cmd.exe"}));
    uint32_t b = add_predicate(r, predicate("CommandLine", Op::contains, {"/c whoami"}));
    return add_all(r.logic, {a, b});
  });
  FieldNames names;
  CompiledRule compiled(rule, names);
  auto e = event_of({{"Image", "C:\\x\\cmd.exe"}, {"CommandLine", "cmd /c dir"}});
  EventView view;
  view.reset(e, names);
  EXPECT_EQ(compiled.filter(view), Truth::no);
  EXPECT_EQ(compiled.why_not(0, view), "CommandLine contains '/c whoami'; the event has 'cmd /c dir'");
}

std::vector<Detection> hunt(const std::vector<Rule>& rules, const std::vector<events::Event>& events,
                            RuleSetOptions options = {}) {
  RuleSet set(rules, options);
  std::vector<Detection> out;
  for (const events::Event& e : events) set.add(e, [&](const Detection& d) { out.push_back(d); });
  set.finish([&](const Detection& d) { out.push_back(d); });
  return out;
}

events::Event sysmon(std::string id, std::initializer_list<std::pair<std::string, std::string>> data) {
  events::Event e = event_of(data);
  e.add("Channel", "Microsoft-Windows-Sysmon/Operational");
  e.add("EventID", id);
  return e;
}

// A condition that is one opaque node decides no event: the rule is reported
// once as meeting none, not as unknown on every event.
TEST(Logic, AnOpaqueConditionMeetsNoEvent) {
  std::vector<Rule> rules = {rule_of("sigma", [](Rule& r) { return add_opaque(r.logic, "then if x -> alert", "the condition does not parse", {}); },
                                     "category: process_creation, product: windows")};
  RuleSet set(rules);
  size_t detections = 0;
  set.add(sysmon("1", {{"Image", "x"}}), [&](const Detection&) { ++detections; });
  EXPECT_EQ(detections, 0u);
  EXPECT_EQ(set.unreachable(0), "its logic cannot be evaluated: then if x -> alert (the condition does not parse)");
}

TEST(Routing, ARuleMeetsOnlyEventsOfItsLogSource) {
  Rule rule = rule_of("sigma", [](Rule& r) { return add_predicate(r, predicate("Image", Op::endswith, {"\\whoami.exe"})); },
                      "category: process_creation, product: windows");
  auto creation = sysmon("1", {{"Image", "C:\\Windows\\whoami.exe"}});
  auto file_event = sysmon("11", {{"Image", "C:\\Windows\\whoami.exe"}});
  std::vector<Detection> found = hunt({rule}, {creation, file_event});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].truth, Truth::yes);
}

TEST(Routing, SecurityProcessCreationMapsFieldNames) {
  Rule rule = rule_of("sigma", [](Rule& r) {
    return add_all(r.logic, {add_predicate(r, predicate("Image", Op::endswith, {"\\whoami.exe"})),
                             add_predicate(r, predicate("ParentProcessId", Op::eq, {"42"}))});
  }, "category: process_creation, product: windows");
  events::Event e = event_of({{"NewProcessName", "C:\\Windows\\whoami.exe"}, {"ProcessId", "42"}, {"NewProcessId", "7"}});
  e.add("Channel", "Security");
  e.add("EventID", "4688");
  EXPECT_EQ(hunt({rule}, {e}).size(), 1u);
}

TEST(Routing, UnknownLogSourcesMeetOnlyDeclaredEvents) {
  Rule rule = rule_of("sigma", [](Rule& r) { return add_predicate(r, predicate("eventName", Op::eq, {"ConsoleLogin"})); },
                      "product: aws, service: cloudtrail");
  auto e = event_of({{"eventName", "ConsoleLogin"}});
  EXPECT_TRUE(hunt({rule}, {e}).empty());
  RuleSet set({&rule, 1});
  EXPECT_NE(set.unreachable(0).find("no routing"), std::string::npos);
  RuleSetOptions declared;
  declared.declared_source = LogSource{"aws", "", "cloudtrail"};
  EXPECT_EQ(hunt({rule}, {e}, declared).size(), 1u);
}

TEST(Sources, OtherPlatformsMeetEventsOfTheirTablesAndIndices) {
  Rule kql = rule_of("kql", [](Rule& r) { return add_predicate(r, predicate("FileName", Op::eq, {"mimikatz.exe"})); });
  kql.platform = "defender";
  kql.data_sources = {"DeviceProcessEvents"};
  auto of_table = [](std::string table) {
    events::Event e = event_of({{"FileName", "mimikatz.exe"}});
    if (!table.empty()) e.add("$table", table);
    return e;
  };
  std::vector<Detection> found = hunt({kql}, {of_table("DeviceProcessEvents"), of_table("DeviceFileEvents"), of_table("")});
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].truth, Truth::yes);
  EXPECT_EQ(found[1].truth, Truth::unknown);  // the event does not say its table
  Rule elastic = rule_of("eql", [](Rule& r) { return add_predicate(r, predicate("process.name", Op::eq, {"x"})); });
  elastic.platform = "elastic";
  elastic.data_sources = {"logs-endpoint.events.process-*"};
  events::Event doc = event_of({{"process.name", "x"}, {"data_stream.dataset", "endpoint.events.process"}});
  events::Event other = event_of({{"process.name", "x"}, {"_index", "winlogbeat-2026"}});
  found = hunt({elastic}, {doc, other});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].truth, Truth::yes);
}

TEST(Prefilter, GivesTheSameDetectionsAsEvaluatingEverything) {
  std::vector<Rule> rules;
  const char* images[] = {"\\whoami.exe", "\\net.exe", "\\cmd.exe", "\\powershell.exe"};
  for (const char* image : images)
    rules.push_back(rule_of("sigma", [&](Rule& r) { return add_predicate(r, predicate("Image", Op::endswith, {image})); },
                            "category: process_creation, product: windows"));
  rules.push_back(rule_of("sigma", [](Rule& r) {
    return add_predicate(r, predicate("CommandLine", Op::regex, {"-e(nc)? [A-Za-z0-9+/=]{8,}"}, false, false, {"re"}));
  }, "category: process_creation, product: windows"));
  rules.push_back(rule_of("sigma", [](Rule& r) { return add_predicate(r, predicate("", Op::contains, {"mimikatz"})); },
                          "category: process_creation, product: windows"));
  std::vector<events::Event> events;
  for (const char* image : {"C:\\a\\whoami.exe", "C:\\a\\NET.EXE", "C:\\a\\calc.exe", "C:\\a\\powershell.exe"})
    events.push_back(sysmon("1", {{"Image", image}, {"CommandLine", "x -enc SQBFAFgAIAAoAA== mimikatz"}}));
  RuleSetOptions off;
  off.prefilter = false;
  // Per event, the rules that fired (the order within an event may differ).
  auto fired = [&](RuleSetOptions options) {
    RuleSet set(rules, options);
    std::vector<std::vector<uint32_t>> out;
    for (const events::Event& e : events) {
      out.emplace_back();
      set.add(e, [&](const Detection& d) { out.back().push_back(d.rule); });
      std::sort(out.back().begin(), out.back().end());
    }
    return out;
  };
  std::vector<std::vector<uint32_t>> with = fired({}), without = fired(off);
  EXPECT_EQ(with, without);
  EXPECT_EQ(with[0], (std::vector<uint32_t>{0, 4, 5}));
  EXPECT_EQ(with[2], (std::vector<uint32_t>{4, 5}));
}

// Each rule needs a literal the prefilter finds: a regex's atom, an end, a
// whole value, one of many contains (searched together): events without it
// never evaluate the rule, events with it match as without a prefilter.
TEST(Prefilter, RegexAtomsAnchorsAndManyContainsSkipRules) {
  const char* logsource = "category: process_creation, product: windows";
  std::vector<Rule> rules;
  rules.push_back(rule_of("sigma", [](Rule& r) {
    return add_predicate(r, predicate("CommandLine", Op::regex, {"werfaultsecure\\.exe\\s+\\d+"}, false, false, {"re"}));
  }, logsource));
  rules.push_back(rule_of("sigma", [](Rule& r) { return add_predicate(r, predicate("Image", Op::endswith, {"\\wsass.exe"})); },
                          logsource));
  rules.push_back(rule_of("sigma", [](Rule& r) { return add_predicate(r, predicate("IntegrityLevel", Op::eq, {"System"})); },
                          logsource));
  rules.push_back(rule_of("sigma", [](Rule& r) {
    return add_predicate(r, predicate("CommandLine", Op::contains, {"^|^", ",;,", ";;;;", " c^md", "%comspec:~"}));
  }, logsource));
  const std::vector<events::Event> events = {
      sysmon("1", {{"Image", "C:\\a\\WSASS.EXE.bak"}, {"CommandLine", "werfaultsecure.exe x"}, {"IntegrityLevel", "Systems"}}),
      sysmon("1", {{"Image", "C:\\a\\WSASS.EXE"}, {"CommandLine", "werfaultsecure.exe 123 %COMSPEC:~5"}, {"IntegrityLevel", "system"}}),
  };
  RuleSet set(rules);
  std::vector<uint32_t> fired;
  for (const events::Event& e : events) set.add(e, [&](const Detection& d) { fired.push_back(d.rule); });
  std::sort(fired.begin(), fired.end());
  EXPECT_EQ(fired, (std::vector<uint32_t>{0, 1, 2, 3}));
  EXPECT_EQ(set.stats(0).evaluated, 2u);  // the atom is in both; the regex holds in the second only
  for (uint32_t rule : {1u, 2u, 3u}) EXPECT_EQ(set.stats(rule).evaluated, 1u) << rule;
}

TEST(Prefilter, KeywordsAreFoundInAnyValueOnce) {
  const char* logsource = "category: process_creation, product: windows";
  std::vector<Rule> rules;
  rules.push_back(rule_of("sigma", [](Rule& r) { return add_predicate(r, predicate("", Op::startswith, {"mimi"})); }, logsource));
  rules.push_back(rule_of("sigma", [](Rule& r) { return add_predicate(r, predicate("", Op::contains, {"katz"})); }, logsource));
  const std::vector<events::Event> events = {
      // The start literal begins the second value: found though the joined text does not begin with it.
      sysmon("1", {{"Image", "C:\\a\\x.exe"}, {"CommandLine", "MIMIKATZ.exe"}}),
      // "kat" ends one value and "z" begins the next: values are kept apart; "mimi" is in a value, not at its start.
      sysmon("1", {{"Image", "C:\\a\\kat"}, {"CommandLine", "z mimi"}}),
  };
  RuleSet set(rules);
  std::vector<std::pair<uint64_t, uint32_t>> fired;
  uint64_t line = 0;
  for (const events::Event& e : events) {
    ++line;
    set.add(e, [&](const Detection& d) { fired.emplace_back(line, d.rule); });
  }
  std::sort(fired.begin(), fired.end());
  EXPECT_EQ(fired, (std::vector<std::pair<uint64_t, uint32_t>>{{1, 0}, {1, 1}}));
  EXPECT_EQ(set.stats(0).evaluated, 2u);  // found anywhere, then its own test rejects the second event
  EXPECT_EQ(set.stats(1).evaluated, 1u);
}

Rule sequence_rule(uint64_t maxspan, bool with_until, uint32_t runs = 1) {
  Rule rule;
  rule.language = "eql";
  rule.stages.push_back({"sequence", 1, {}, 1});
  RuleLogic& logic = rule.logic;
  logic.shape = LogicShape::sequence;
  logic.group_by = {"host"};
  logic.window_seconds = maxspan;
  uint32_t a = add_predicate(rule, predicate("action", Op::eq, {"logon"}));
  uint32_t b = add_predicate(rule, predicate("action", Op::eq, {"exec"}));
  add_selection(logic, {.name = "step 1", .root = a});
  add_selection(logic, {.name = "step 2", .root = b, .runs = runs});
  if (with_until) add_selection(logic, {.name = "until", .root = add_predicate(rule, predicate("action", Op::eq, {"logoff"})), .until = true});
  return rule;
}

events::Event act(std::string action, std::string host, std::string time) {
  return event_of({{"action", action}, {"host", host}}, "2026-01-01T00:" + time + "Z");
}

TEST(Sequence, StepsInOrderWithinMaxspanPerKey) {
  Rule rule = sequence_rule(60, false);
  EXPECT_EQ(hunt({rule}, {act("logon", "h1", "00:00"), act("exec", "h1", "00:30")}).size(), 1u);
  EXPECT_TRUE(hunt({rule}, {act("exec", "h1", "00:00"), act("logon", "h1", "00:30")}).empty());  // wrong order
  EXPECT_TRUE(hunt({rule}, {act("logon", "h1", "00:00"), act("exec", "h2", "00:30")}).empty());  // other key
  EXPECT_TRUE(hunt({rule}, {act("logon", "h1", "00:00"), act("exec", "h1", "02:00")}).empty());  // past maxspan
}

TEST(Sequence, UntilEndsAndRunsRepeat) {
  Rule until = sequence_rule(600, true);
  EXPECT_TRUE(hunt({until}, {act("logon", "h1", "00:00"), act("logoff", "h1", "00:10"), act("exec", "h1", "00:20")}).empty());
  Rule runs = sequence_rule(600, false, 2);
  EXPECT_TRUE(hunt({runs}, {act("logon", "h1", "00:00"), act("exec", "h1", "00:10")}).empty());
  std::vector<Detection> found = hunt({runs}, {act("logon", "h1", "00:00"), act("exec", "h1", "00:10"), act("exec", "h1", "00:20")});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].events.size(), 3u);
  EXPECT_EQ(found[0].group, "host=h1");
}

Rule base_rule(std::string id, std::string action) {
  Rule rule = rule_of("sigma", [&](Rule& r) { return add_predicate(r, predicate("action", Op::eq, {action})); },
                      "product: test");
  rule.id = std::move(id);
  return rule;
}

Rule correlation(std::string type, std::vector<std::string> refs, std::string measure, std::string comparison,
                 double threshold, uint64_t window) {
  Rule rule;
  rule.language = "sigma";
  rule.id = "correlation";
  rule.metadata.emplace_back("logsource", "product: test");
  rule.logic.shape = LogicShape::correlation;
  rule.logic.subtype = type;
  rule.logic.group_by = {"host"};
  rule.logic.window_seconds = window;
  std::vector<uint32_t> counts;
  for (const std::string& ref : refs) {
    uint32_t s = add_selection(rule.logic, {.name = ref, .rule_ref = ref});
    counts.push_back(add_count(rule.logic, measure, s, comparison, threshold));
  }
  rule.logic.condition = type == "temporal" ? add_all(rule.logic, counts) : add_count(rule.logic, measure, kNoNode, comparison, threshold);
  return rule;
}

RuleSetOptions test_source() {
  RuleSetOptions options;
  options.declared_source = LogSource{"test", "", ""};
  return options;
}

size_t correlations(const std::vector<Detection>& found, uint32_t rule) {
  return static_cast<size_t>(std::count_if(found.begin(), found.end(), [&](const Detection& d) { return d.rule == rule; }));
}

TEST(Correlation, EventCountPerGroupInWindow) {
  std::vector<Rule> rules = {base_rule("fail", "failed"), correlation("event_count", {"fail"}, "count", "gte", 3, 60)};
  std::vector<events::Event> burst = {act("failed", "h1", "00:00"), act("failed", "h1", "00:10"), act("failed", "h2", "00:15"),
                                      act("failed", "h1", "00:20")};
  EXPECT_EQ(correlations(hunt(rules, burst, test_source()), 1), 1u);
  std::vector<events::Event> slow = {act("failed", "h1", "00:00"), act("failed", "h1", "01:10"), act("failed", "h1", "02:20")};
  EXPECT_EQ(correlations(hunt(rules, slow, test_source()), 1), 0u);
}

TEST(Correlation, ValueCountCountsDistinctValues) {
  std::vector<Rule> rules = {base_rule("fail", "failed"), correlation("value_count", {"fail"}, "distinct user", "gte", 2, 60)};
  auto login = [](std::string user, std::string t) {
    events::Event e = act("failed", "h1", t);
    e.add("user", user);
    return e;
  };
  EXPECT_EQ(correlations(hunt(rules, {login("a", "00:00"), login("a", "00:05")}, test_source()), 1), 0u);
  EXPECT_EQ(correlations(hunt(rules, {login("a", "00:00"), login("b", "00:05")}, test_source()), 1), 1u);
}

TEST(Correlation, TemporalNeedsEveryRuleInTheWindow) {
  std::vector<Rule> rules = {base_rule("a", "recon"), base_rule("b", "exfil"),
                             correlation("temporal", {"a", "b"}, "count", "gte", 1, 60)};
  EXPECT_EQ(correlations(hunt(rules, {act("recon", "h1", "00:00"), act("exfil", "h1", "00:30")}, test_source()), 2), 1u);
  EXPECT_EQ(correlations(hunt(rules, {act("recon", "h1", "00:00"), act("exfil", "h2", "00:30")}, test_source()), 2), 0u);
}

TEST(MultiEvent, CountsPerMatchKeyInTheWindowAndWaitsForLessThan) {
  // YARA-L: events $e (action = "failed") match $host over 1m, condition #e >= 2.
  Rule rule;
  rule.language = "yara-l";
  rule.logic.shape = LogicShape::multi_event;
  rule.logic.group_by = {"$host"};
  rule.logic.window_seconds = 60;
  uint32_t e = add_selection(rule.logic, {.name = "$e", .root = add_predicate(rule, predicate("action", Op::eq, {"failed"})), .by = {"host"}});
  rule.logic.condition = add_count(rule.logic, "count", e, ">=", 2);
  std::vector<Detection> found = hunt({rule}, {act("failed", "h1", "00:00"), act("failed", "h1", "00:30")});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].group, "$host=h1");
  // A `<` condition is decided when the stream ends.
  rule.logic.condition = add_count(rule.logic, "count", e, "<", 2);
  EXPECT_EQ(hunt({rule}, {act("failed", "h1", "00:00"), act("failed", "h2", "00:30"), act("failed", "h2", "00:40")}).size(), 1u);
}

TEST(NewTerms, FirstSightOfEachValue) {
  Rule rule = rule_of("kuery", [](Rule& r) { return add_predicate(r, predicate("action", Op::eq, {"exec"})); });
  rule.logic.shape = LogicShape::new_terms;
  rule.logic.group_by = {"host"};
  EXPECT_EQ(hunt({rule}, {act("exec", "h1", "00:00"), act("exec", "h1", "00:01"), act("exec", "h2", "00:02")}).size(), 2u);
}

}  // namespace
}  // namespace ruledex::eval
