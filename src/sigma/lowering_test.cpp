#include "sigma/lowering.h"

#include <gtest/gtest.h>

#include <string>

#include "render/logic_outline.h"
#include "sigma/sigma_document.h"

namespace ruledex::sigma {
namespace {

Rule analyze(std::string_view text, uint32_t query_line = 1) {
  Rule rule;
  rule.file = "rule.yml";
  rule.query = std::string(text);
  rule.query_line = query_line;
  lower(read_sigma_document(rule.query), rule);
  return rule;
}

// The predicates as "field op [values] flags", one per line.
std::string predicates(const Rule& rule) {
  std::string out;
  for (const Predicate& p : rule.predicates) {
    out += p.field + " " + std::string(to_string(p.op)) + " [";
    for (size_t i = 0; i < p.values.size(); ++i) out += (i ? "|" : "") + p.values[i];
    out += "]";
    if (p.negated) out += " not";
    if (p.case_sensitive) out += " cs";
    if (p.indicator) out += " ind";
    for (const std::string& m : p.modifiers) out += " +" + m;
    out += "\n";
  }
  return out;
}

std::string errors(const Rule& rule, Severity severity = Severity::error) {
  std::string out;
  for (const Diagnostic& d : rule.diagnostics)
    if (d.severity == severity) out += std::to_string(d.line) + ":" + std::to_string(d.column) + ": " + d.message + "\n";
  return out;
}

std::string stages(const Rule& rule) {
  std::string out;
  for (const Stage& s : rule.stages) out += s.kind + "@" + std::to_string(s.line) + " ";
  return out;
}

std::string stage_text(const Rule& rule, size_t index) {
  const Stage& s = rule.stages.at(index);
  return rule.query.substr(s.range.begin, s.range.end - s.range.begin);
}

constexpr std::string_view kRule = R"(title: Test
logsource:
    product: aws
    service: cloudtrail
detection:
    selection:
        eventSource: 'sts.amazonaws.com'
        eventName: GetCallerIdentity
        userAgent|contains: 'TruffleHog'
    filter:
        userIdentity.type: AssumedRole
    condition: selection and not filter
fields:
    - userIdentity.arn
    - sourceIPAddress
level: medium
)";

TEST(SigmaLowering, StagesPredicatesAndFields) {
  Rule rule = analyze(kRule, 10);
  EXPECT_EQ(errors(rule), "");
  EXPECT_EQ(stages(rule), "logsource@11 detection@14 condition@21 fields@22 ");
  EXPECT_EQ(stage_text(rule, 0), "logsource:\n    product: aws\n    service: cloudtrail");
  EXPECT_EQ(stage_text(rule, 2), "condition: selection and not filter");
  EXPECT_EQ(stage_text(rule, 1).substr(0, 10), "detection:");
  EXPECT_TRUE(stage_text(rule, 1).ends_with("\n        userIdentity.type: AssumedRole")) << stage_text(rule, 1);
  EXPECT_EQ(predicates(rule),
            "eventSource eq [sts.amazonaws.com] ind\n"
            "eventName eq [GetCallerIdentity] ind\n"
            "userAgent contains [TruffleHog] ind +contains\n"
            "userIdentity.type eq [AssumedRole] not ind\n");
  for (const Predicate& p : rule.predicates) EXPECT_EQ(p.stage, 1u);
  ASSERT_EQ(rule.output_fields.size(), 2u);
  EXPECT_EQ(rule.output_fields[0].name, "userIdentity.arn");
  EXPECT_EQ(rule.output_fields[0].stage, "fields");
  EXPECT_EQ(rule.output_fields[0].stage_index, 3u);
}

TEST(SigmaLowering, PredicateRangesPointAtTheText) {
  Rule rule = analyze(kRule);
  const Predicate& agent = rule.predicates.at(2);
  EXPECT_EQ(rule.query.substr(agent.range.begin, agent.range.end - agent.range.begin), "userAgent|contains: 'TruffleHog'");
}

std::string detect(std::string_view detection, std::string_view condition = "selection") {
  return predicates(analyze("logsource:\n  product: windows\ndetection:\n" + std::string(detection) +
                            "  condition: " + std::string(condition) + "\n"));
}

TEST(SigmaLowering, StringModifiers) {
  EXPECT_EQ(detect("  selection:\n    Image|endswith:\n      - '\\a.exe'\n      - '\\b.exe'\n"),
            "Image endswith [\\a.exe|\\b.exe] ind +endswith\n");
  EXPECT_EQ(detect("  selection:\n    Image|startswith: 'C:\\Temp\\'\n"), "Image startswith [C:\\Temp\\] ind +startswith\n");
  EXPECT_EQ(detect("  selection:\n    CommandLine|contains|all:\n      - ' -enc '\n      - 'bypass'\n"),
            "CommandLine contains [ -enc ] ind +contains +all\nCommandLine contains [bypass] ind +contains +all\n");
  EXPECT_EQ(detect("  selection:\n    CommandLine|all|contains: [a, b]\n"),
            "CommandLine contains [a] ind +all +contains\nCommandLine contains [b] ind +all +contains\n");
  EXPECT_EQ(detect("  selection:\n    User|cased: Admin\n"), "User eq [Admin] cs ind +cased\n");
  EXPECT_EQ(detect("  selection:\n    User|neq: Admin\n"), "User eq [Admin] not ind +neq\n");
}

TEST(SigmaLowering, EncodingModifiersKeepTheValueAsWritten) {
  EXPECT_EQ(detect("  selection:\n    CommandLine|base64offset|contains: 'IEX ('\n"),
            "CommandLine contains [IEX (] ind +base64offset +contains\n");
  EXPECT_EQ(detect("  selection:\n    CommandLine|base64: 'http://'\n"), "CommandLine eq [http://] ind +base64\n");
  EXPECT_EQ(detect("  selection:\n    CommandLine|windash|contains: ' -s '\n"),
            "CommandLine contains [ -s ] ind +windash +contains\n");
  EXPECT_EQ(detect("  selection:\n    Payload|wide|base64offset|contains: 'cmd'\n"),
            "Payload contains [cmd] ind +wide +base64offset +contains\n");
  for (std::string_view m : {"utf16le", "utf16be", "utf16"})
    EXPECT_EQ(detect("  selection:\n    P|" + std::string(m) + "|base64: x\n"),
              "P eq [x] ind +" + std::string(m) + " +base64\n");
}

TEST(SigmaLowering, RegexAndFlags) {
  EXPECT_EQ(detect("  selection:\n    CommandLine|re: '\\s-e(nc)?\\s'\n"), "CommandLine regex [\\s-e(nc)?\\s] cs ind +re\n");
  EXPECT_EQ(detect("  selection:\n    CommandLine|re|i: 'abc'\n"), "CommandLine regex [abc] ind +re +i\n");
  EXPECT_EQ(detect("  selection:\n    CommandLine|re|m|s: 'a.b'\n"), "CommandLine regex [a.b] cs ind +re +m +s\n");
}

TEST(SigmaLowering, OtherComparisons) {
  EXPECT_EQ(detect("  selection:\n    DestinationIp|cidr:\n      - '10.0.0.0/8'\n      - '192.168.0.0/16'\n"),
            "DestinationIp cidr [10.0.0.0/8|192.168.0.0/16] ind +cidr\n");
  EXPECT_EQ(detect("  selection:\n    Port|lt: 1024\n    Size|lte: 5\n    Count|gt: 10\n    Age|gte: 0x10\n"),
            "Port lt [1024] ind +lt\nSize le [5] ind +lte\nCount gt [10] ind +gt\nAge ge [0x10] ind +gte\n");
  EXPECT_EQ(detect("  selection:\n    Hash|exists: true\n    Parent|exists: false\n"),
            "Hash exists [] +exists\nParent exists [] not +exists\n");
  EXPECT_EQ(detect("  selection:\n    Path|expand: '%AppData%\\x.exe'\n"), "Path eq [%AppData%\\x.exe] +expand\n");
  EXPECT_EQ(detect("  selection:\n    Target|fieldref: Source\n"), "Target eq [Source] +fieldref\n");
}

TEST(SigmaLowering, PlainValuesWildcardsNullsAndNumbers) {
  EXPECT_EQ(detect("  selection:\n    Image:\n      - 'C:\\a.exe'\n      - '*\\b.exe'\n      - 'c?.exe'\n"),
            "Image eq [C:\\a.exe] ind\nImage wildcard [*\\b.exe|c?.exe] ind\n");
  EXPECT_EQ(detect("  selection:\n    Name: 'literal\\*star'\n"), "Name eq [literal*star] ind\n");
  EXPECT_EQ(detect("  selection:\n    Name|contains: 'a*b'\n"), "Name contains [a*b] ind +contains\n");
  EXPECT_EQ(detect("  selection:\n    ParentImage: null\n    Other:\n"), "ParentImage exists [] not\nOther exists [] not\n");
  EXPECT_EQ(detect("  selection:\n    EventID: 4624\n    Flag: true\n    Text: '007'\n"),
            "EventID eq [4624] ind\nFlag eq [true] ind\nText eq [007] ind\n");
}

TEST(SigmaLowering, NullUnderNotMeansTheFieldExists) {
  EXPECT_EQ(detect("  selection:\n    A: x\n  filter:\n    B: null\n", "selection and not filter"),
            "A eq [x] ind\nB exists []\n");
}

TEST(SigmaLowering, ListOfMapsAndKeywords) {
  EXPECT_EQ(detect("  selection:\n    - Image|endswith: '\\a.exe'\n    - OriginalFileName: 'a.exe'\n"),
            "Image endswith [\\a.exe] ind +endswith\nOriginalFileName eq [a.exe] ind\n");
  EXPECT_EQ(detect("  keywords:\n    - 'mimikatz'\n    - 'sekurlsa::*'\n", "keywords"),
            " contains [mimikatz] ind\n wildcard [sekurlsa::*] ind\n");  // indicators with no field
  EXPECT_EQ(detect("  keywords:\n    '|all':\n      - 'a'\n      - 'b'\n", "keywords"),
            " contains [a] ind +all\n contains [b] ind +all\n");
}

TEST(SigmaLowering, OneOfOverSeveralSelections) {
  std::string detection =
      "  selection_img:\n    Image|endswith: '\\x.exe'\n"
      "  selection_cli:\n    CommandLine|contains: ' -y '\n"
      "  filter_main_a:\n    User: SYSTEM\n"
      "  filter_main_b:\n    ParentImage: 'C:\\p.exe'\n"
      "  other:\n    Z: z\n";
  EXPECT_EQ(detect(detection, "all of selection_* and not 1 of filter_main_*"),
            "Image endswith [\\x.exe] ind +endswith\nCommandLine contains [ -y ] ind +contains\n"
            "User eq [SYSTEM] not ind\nParentImage eq [C:\\p.exe] not ind\n");
  EXPECT_EQ(detect(detection, "1 of them"),
            "Image endswith [\\x.exe] ind +endswith\nCommandLine contains [ -y ] ind +contains\n"
            "User eq [SYSTEM] ind\nParentImage eq [C:\\p.exe] ind\nZ eq [z] ind\n");
}

TEST(SigmaLowering, NestedNotFlipsTwice) {
  std::string detection = "  a:\n    A: 1\n  b:\n    B: 2\n  c:\n    C: 3\n";
  EXPECT_EQ(detect(detection, "a and not (b and not c)"), "A eq [1] ind\nB eq [2] not ind\nC eq [3] ind\n");
  EXPECT_EQ(detect(detection, "(a or b) and not a and c"),
            "A eq [1] ind\nA eq [1] not ind\nB eq [2] ind\nC eq [3] ind\n");
}

TEST(SigmaLowering, ConditionErrorsPointIntoTheFile) {
  Rule rule = analyze("logsource:\n  product: x\ndetection:\n  sel:\n    A: 1\n  condition: sel and not filtr\n", 5);
  EXPECT_EQ(errors(rule), "10:26: the condition uses `filtr`, which is not a search identifier\n");
  rule = analyze("detection:\n  sel:\n    A: 1\n  condition: 'sel and (sel'\n");
  EXPECT_EQ(errors(rule), "4:27: expected `)` to close the `(` at offset 8\n");
  rule = analyze("detection:\n  sel:\n    A: 1\n  condition: 1 of x*\n");
  EXPECT_EQ(errors(rule), "4:14: `x*` matches no search identifier\n");
  rule = analyze("detection:\n  sel:\n    A: 1\n");
  EXPECT_EQ(errors(rule), "1:1: the detection has no condition\n");
}

TEST(SigmaLowering, UnknownModifierIsAnError) {
  Rule rule = analyze("detection:\n  sel:\n    CommandLine|contains|frob: x\n    'B|i': y\n  condition: sel\n");
  EXPECT_EQ(errors(rule),
            "3:26: unknown modifier `frob` on field `CommandLine`\n"
            "4:8: the regular expression flag `i` needs `re` before it\n");
}

TEST(SigmaLowering, UnusedSearchIdentifierIsANote) {
  Rule rule = analyze("detection:\n  sel:\n    A: 1\n  spare:\n    B: 2\n  condition: sel\n");
  EXPECT_EQ(errors(rule, Severity::note), "4:3: search identifier `spare` is not used by the condition\n");
  EXPECT_EQ(predicates(rule), "A eq [1] ind\n");
}

TEST(SigmaLowering, LegacyAggregationWarnsAndKeepsTheThreshold) {
  Rule rule = analyze("detection:\n  selection:\n    EventID: 4625\n  condition: selection | count(TargetUserName) by IpAddress > 10\n");
  EXPECT_EQ(errors(rule), "");
  EXPECT_EQ(errors(rule, Severity::warning),
            "4:24: the `| count` aggregation is deprecated: Sigma correlation rules replace it\n");
  EXPECT_EQ(predicates(rule), "count(TargetUserName) gt [10]\nEventID eq [4625] ind\n");
  EXPECT_EQ(rule.predicates[0].stage, 1u);
}

TEST(SigmaLowering, ConditionLists) {
  Rule rule = analyze("detection:\n  a:\n    A: 1\n  b:\n    B: 2\n  condition:\n    - a\n    - not b\n");
  EXPECT_EQ(errors(rule), "");
  EXPECT_EQ(predicates(rule), "A eq [1] ind\nB eq [2] not ind\n");
}

TEST(SigmaLowering, BadShapesAreErrorsNotCrashes) {
  EXPECT_NE(errors(analyze("detection: 5\n")), "");
  EXPECT_NE(errors(analyze("detection:\n  sel:\n    A:\n      nested: map\n  condition: sel\n")), "");
  EXPECT_NE(errors(analyze("detection:\n  sel:\n  condition: sel\n")), "");
  EXPECT_NE(errors(analyze("detection:\n  sel: [[a]]\n  condition: sel\n")), "");
  EXPECT_NE(errors(analyze("title: [unclosed\n")), "");
  EXPECT_NE(errors(analyze("")), "");
  EXPECT_NE(errors(analyze("- a\n- b\n")), "");
}

constexpr std::string_view kCorrelation = R"(title: Many failed logins
name: many_failed_logins
correlation:
    type: value_count
    rules:
        - failed_login
        - 5638f7c0-ac70-491d-8465-2a65075e0d86
    group-by:
        - ComputerName
        - SourceIp
    timespan: 15m
    condition:
        gte: 10
        field: User
level: high
)";

TEST(SigmaLowering, Correlation) {
  Rule rule = analyze(kCorrelation);
  EXPECT_EQ(errors(rule), "");
  EXPECT_EQ(stages(rule), "correlation@3 ");
  EXPECT_EQ(predicates(rule), "value_count(User) ge [10]\n");
  ASSERT_EQ(rule.output_fields.size(), 2u);
  EXPECT_EQ(rule.output_fields[1].name, "SourceIp");
  EXPECT_EQ(rule.output_fields[1].stage, "correlation");
  auto meta = [&](std::string_view key) {
    for (const auto& [k, v] : rule.metadata)
      if (k == key) return v;
    return std::string("<none>");
  };
  EXPECT_EQ(meta("correlation.type"), "value_count");
  EXPECT_EQ(meta("correlation.rules"), "failed_login, 5638f7c0-ac70-491d-8465-2a65075e0d86");
  EXPECT_EQ(meta("correlation.group-by"), "ComputerName, SourceIp");
  EXPECT_EQ(meta("correlation.timespan"), "15m");
}

TEST(SigmaLowering, TemporalCorrelationWithAliases) {
  Rule rule = analyze(R"(title: Recon then exfil
correlation:
    type: temporal_ordered
    rules: [recon, exfil]
    group-by: [host]
    timespan: 1h
    aliases:
        host:
            recon: ComputerName
            exfil: hostname
)");
  EXPECT_EQ(errors(rule), "");
  EXPECT_EQ(predicates(rule), "");
  bool found = false;
  for (const auto& [k, v] : rule.metadata) found |= k == "correlation.alias host" && v == "recon: ComputerName, exfil: hostname";
  EXPECT_TRUE(found);
}

TEST(SigmaLowering, CorrelationMistakes) {
  Rule rule = analyze("title: x\ncorrelation:\n  type: event_cnt\n  condition:\n    above: 3\n");
  EXPECT_EQ(errors(rule),
            "5:5: unknown correlation comparison `above`\n"
            "2:1: unknown correlation type `event_cnt`\n"
            "2:1: the correlation names no `rules`\n"
            "2:1: the correlation has no `timespan`\n");
  rule = analyze("title: x\ncorrelation:\n  type: event_count\n  rules: a\n  timespan: 1h\n");
  EXPECT_EQ(errors(rule), "2:1: a event_count correlation needs a `condition`\n");
}

TEST(SigmaLowering, Filter) {
  Rule rule = analyze(R"(title: Filter out admins
logsource:
    product: windows
    category: process_creation
filter:
    rules:
        - 6f3e2987-db24-4c78-a860-b4f4095a7095
    selection:
        User|startswith: 'adm_'
    condition: not selection
)");
  EXPECT_EQ(errors(rule), "");
  EXPECT_EQ(stages(rule), "logsource@2 filter@5 condition@10 ");
  EXPECT_EQ(predicates(rule), "User startswith [adm_] not ind +startswith\n");
  EXPECT_EQ(rule.metadata.at(0).first, "filter.rules");
  EXPECT_EQ(rule.metadata.at(0).second, "6f3e2987-db24-4c78-a860-b4f4095a7095");
}

TEST(SigmaLowering, LegacyCollectionMergesTheGlobalDocument) {
  std::string text =
      "action: global\ntitle: Remote service\ndetection:\n  selection1:\n    EventID: 4624\n"
      "  condition: selection1 or selection2\n---\nlogsource:\n  service: security\n"
      "detection:\n  selection2:\n    EventID: 4697\n";
  Rule rule = analyze(text, 3);
  EXPECT_EQ(errors(rule), "");
  EXPECT_EQ(predicates(rule), "EventID eq [4624] ind\nEventID eq [4697] ind\n");
  const Predicate& second = rule.predicates[1];
  EXPECT_EQ(rule.query.substr(second.range.begin, second.range.end - second.range.begin), "EventID: 4697");
  EXPECT_EQ(stages(rule), "logsource@10 detection@5 condition@8 ");
}

// --- logic ------------------------------------------------------------------

std::string outline(std::string_view detection, std::string_view condition = "selection") {
  return render::logic_outline(analyze("logsource:\n  product: windows\ndetection:\n" + std::string(detection) +
                                       "  condition: " + std::string(condition) + "\n"));
}

constexpr std::string_view kAbc = "  a:\n    A: 1\n  b:\n    B: 2\n  c:\n    C: 3\n";

TEST(SigmaLogic, PrecedenceAndBindsTighterThanOr) {
  EXPECT_EQ(outline(kAbc, "a and b or not c"),
            "filter\n"
            "  selection 1 \"detection\" (stage 2: detection)\n"
            "    any\n"
            "      all\n"
            "        A eq \"1\"\n"
            "        B eq \"2\"\n"
            "      C not eq \"3\"\n");
  EXPECT_EQ(outline(kAbc, "a and (b or not c)"),
            "filter\n"
            "  selection 1 \"detection\" (stage 2: detection)\n"
            "    all\n"
            "      A eq \"1\"\n"
            "      any\n"
            "        B eq \"2\"\n"
            "        C not eq \"3\"\n");
}

// NOT(b and not c) is (not b) or c: the negation is pushed down to the
// identifiers' negated predicates.
TEST(SigmaLogic, NegationIsExact) {
  EXPECT_EQ(outline(kAbc, "a and not (b and not c)"),
            "filter\n"
            "  selection 1 \"detection\" (stage 2: detection)\n"
            "    all\n"
            "      A eq \"1\"\n"
            "      any\n"
            "        B not eq \"2\"\n"
            "        C eq \"3\"\n");
  // An identifier used both ways: its positive and its negated tree.
  EXPECT_EQ(outline(kAbc, "(a or b) and not a"),
            "filter\n"
            "  selection 1 \"detection\" (stage 2: detection)\n"
            "    all\n"
            "      any\n"
            "        A eq \"1\"\n"
            "        B eq \"2\"\n"
            "      A not eq \"1\"\n");
}

// NOT(map) is any of the negated field matches; NOT(a field match with
// several values) is all of its negated predicates (each "none of its values").
TEST(SigmaLogic, NegatedIdentifierIsTheDeMorganDual) {
  std::string detection =
      "  selection:\n    A: x\n"
      "  filter:\n    User: SYSTEM\n    Image:\n      - 'C:\\a.exe'\n      - '*\\b.exe'\n      - 'C:\\c.exe'\n";
  EXPECT_EQ(outline(detection, "selection and not filter"),
            "filter\n"
            "  selection 1 \"detection\" (stage 2: detection)\n"
            "    all\n"
            "      A eq \"x\"\n"
            "      any\n"
            "        User not eq \"SYSTEM\"\n"
            "        all\n"
            "          Image not eq \"C:\\\\a.exe\", \"C:\\\\c.exe\"\n"
            "          Image not wildcard \"*\\\\b.exe\"\n");
  // Positive: the values' predicates are alternatives.
  EXPECT_EQ(outline(detection, "filter"),
            "filter\n"
            "  selection 1 \"detection\" (stage 2: detection)\n"
            "    all\n"
            "      User eq \"SYSTEM\"\n"
            "      any\n"
            "        Image eq \"C:\\\\a.exe\", \"C:\\\\c.exe\"\n"
            "        Image wildcard \"*\\\\b.exe\"\n");
  // A list of maps negated: all of the negated maps.
  EXPECT_EQ(outline("  filter:\n    - A: 1\n      B: 2\n    - C: 3\n", "not filter"),
            "filter\n"
            "  selection 1 \"detection\" (stage 2: detection)\n"
            "    all\n"
            "      any\n"
            "        A not eq \"1\"\n"
            "        B not eq \"2\"\n"
            "      C not eq \"3\"\n");
}

TEST(SigmaLogic, OneOfAndAllOf) {
  std::string detection =
      "  selection_img:\n    Image|endswith: '\\x.exe'\n"
      "  selection_cli:\n    CommandLine|contains: ' -y '\n"
      "  filter_main_a:\n    User: SYSTEM\n"
      "  filter_main_b:\n    ParentImage: 'C:\\p.exe'\n"
      "  _private:\n    Z: z\n";
  EXPECT_EQ(outline(detection, "all of selection_* and not 1 of filter_main_*"),
            "filter\n"
            "  selection 1 \"detection\" (stage 2: detection)\n"
            "    all\n"
            "      Image endswith |endswith \"\\\\x.exe\"\n"
            "      CommandLine contains |contains \" -y \"\n"
            "      User not eq \"SYSTEM\"\n"
            "      ParentImage not eq \"C:\\\\p.exe\"\n");
  // `them` leaves out identifiers starting with `_`.
  EXPECT_EQ(outline(detection, "all of them"),
            "filter\n"
            "  selection 1 \"detection\" (stage 2: detection)\n"
            "    all\n"
            "      Image endswith |endswith \"\\\\x.exe\"\n"
            "      CommandLine contains |contains \" -y \"\n"
            "      User eq \"SYSTEM\"\n"
            "      ParentImage eq \"C:\\\\p.exe\"\n");
  EXPECT_EQ(outline(detection, "1 of selection_* or _private"),
            "filter\n"
            "  selection 1 \"detection\" (stage 2: detection)\n"
            "    any\n"
            "      Image endswith |endswith \"\\\\x.exe\"\n"
            "      CommandLine contains |contains \" -y \"\n"
            "      Z eq \"z\"\n");
  // not all of: any of the negated.
  EXPECT_EQ(outline(detection, "not all of selection_*"),
            "filter\n"
            "  selection 1 \"detection\" (stage 2: detection)\n"
            "    any\n"
            "      Image not endswith |endswith \"\\\\x.exe\"\n"
            "      CommandLine not contains |contains \" -y \"\n");
}

TEST(SigmaLogic, PatternMatchingNothingIsAnEmptyJunction) {
  EXPECT_EQ(outline(kAbc, "a and 1 of x*"),
            "filter\n"
            "  selection 1 \"detection\" (stage 2: detection)\n"
            "    all\n"
            "      A eq \"1\"\n"
            "      false\n");
  EXPECT_EQ(outline(kAbc, "a or all of x*"),
            "filter\n"
            "  selection 1 \"detection\" (stage 2: detection)\n"
            "    any\n"
            "      A eq \"1\"\n"
            "      true\n");
}

TEST(SigmaLogic, ListsOfMapsAllNullAndKeywords) {
  EXPECT_EQ(outline("  selection:\n    - Image|endswith: '\\a.exe'\n      User: x\n    - OriginalFileName: 'a.exe'\n"),
            "filter\n"
            "  selection 1 \"detection\" (stage 2: detection)\n"
            "    any\n"
            "      all\n"
            "        Image endswith |endswith \"\\\\a.exe\"\n"
            "        User eq \"x\"\n"
            "      OriginalFileName eq \"a.exe\"\n");
  EXPECT_EQ(outline("  selection:\n    CommandLine|contains|all: [a, b]\n"),
            "filter\n"
            "  selection 1 \"detection\" (stage 2: detection)\n"
            "    all\n"
            "      CommandLine contains |contains |all \"a\"\n"
            "      CommandLine contains |contains |all \"b\"\n");
  EXPECT_EQ(outline("  selection:\n    CommandLine|contains|all: [a, b]\n", "not selection"),
            "filter\n"
            "  selection 1 \"detection\" (stage 2: detection)\n"
            "    any\n"
            "      CommandLine not contains |contains |all \"a\"\n"
            "      CommandLine not contains |contains |all \"b\"\n");
  EXPECT_EQ(outline("  selection:\n    ParentImage: null\n    Other: [null, x]\n"),
            "filter\n"
            "  selection 1 \"detection\" (stage 2: detection)\n"
            "    all\n"
            "      ParentImage not exists\n"
            "      any\n"
            "        Other not exists\n"
            "        Other eq \"x\"\n");
  EXPECT_EQ(outline("  keywords:\n    - 'mimikatz'\n    - 'sekurlsa::*'\n    - 'lsadump'\n", "keywords"),
            "filter\n"
            "  selection 1 \"detection\" (stage 2: detection)\n"
            "    any\n"
            "      (any field) contains \"mimikatz\", \"lsadump\"\n"
            "      (any field) wildcard \"sekurlsa::*\"\n");
}

TEST(SigmaLogic, ConditionListIsAnyOfTheConditions) {
  Rule rule = analyze("detection:\n  a:\n    A: 1\n  b:\n    B: 2\n  condition:\n    - a\n    - not b\n");
  EXPECT_EQ(render::logic_outline(rule),
            "filter\n"
            "  selection 1 \"detection\" (stage 1: detection)\n"
            "    any\n"
            "      A eq \"1\"\n"
            "      B not eq \"2\"\n");
}

TEST(SigmaLogic, UnparsedConditionIsOpaque) {
  Rule rule = analyze("detection:\n  sel:\n    A: 1\n  condition: 'sel and (sel'\n");
  EXPECT_EQ(render::logic_outline(rule),
            "filter\n"
            "  selection 1 \"detection\" (stage 1: detection)\n"
            "    opaque \"condition: 'sel and (sel'\" (the condition does not parse)\n");
}

TEST(SigmaLogic, LegacyCountIsAnAggregate) {
  Rule rule = analyze(
      "detection:\n  selection:\n    EventID: 4625\n  timeframe: 10m\n"
      "  condition: selection | count(TargetUserName) by IpAddress > 10\n");
  EXPECT_EQ(render::logic_outline(rule),
            "aggregate by IpAddress within 10m\n"
            "  selection 1 \"detection\" (stage 1: detection)\n"
            "    EventID eq \"4625\"\n"
            "  condition\n"
            "    distinct TargetUserName of selection 1 > 10\n");
  EXPECT_EQ(rule.logic.window_seconds, 600u);
  rule = analyze("detection:\n  selection:\n    EventID: 4625\n  condition: selection | count() >= 5\n");
  EXPECT_EQ(render::logic_outline(rule),
            "aggregate\n"
            "  selection 1 \"detection\" (stage 1: detection)\n"
            "    EventID eq \"4625\"\n"
            "  condition\n"
            "    count of selection 1 >= 5\n");
  rule = analyze("detection:\n  selection:\n    Size: 1\n  condition: selection | sum(Bytes) by Host < 3\n");
  EXPECT_EQ(rule.logic.nodes.at(rule.logic.condition).measure, "sum Bytes");
}

TEST(SigmaLogic, NearIsAnOpaqueConditionOverItsOwnSelection) {
  Rule rule = analyze(
      "detection:\n  a:\n    A: 1\n  b:\n    B: 2\n  c:\n    C: 3\n  timeframe: 30s\n"
      "  condition: a | near b and not c\n");
  EXPECT_EQ(render::logic_outline(rule),
            "aggregate within 30s\n"
            "  selection 1 \"detection\" (stage 1: detection)\n"
            "    A eq \"1\"\n"
            "  selection 2 \"near\" (stage 2: condition)\n"
            "    all\n"
            "      B eq \"2\"\n"
            "      C not eq \"3\"\n"
            "  condition\n"
            "    opaque \"| near b and not c\" (near aggregation)\n");
}

TEST(SigmaLogic, FilterDocument) {
  Rule rule = analyze(
      "title: f\nlogsource:\n  product: windows\nfilter:\n  rules: [x]\n  selection:\n    User|startswith: 'adm_'\n"
      "  condition: not selection\n");
  EXPECT_EQ(render::logic_outline(rule),
            "filter\n"
            "  selection 1 \"filter\" (stage 2: filter)\n"
            "    User not startswith |startswith \"adm_\"\n");
}

TEST(SigmaLogic, EventCountAndValueCount) {
  Rule rule = analyze(kCorrelation);
  EXPECT_EQ(render::logic_outline(rule),
            "correlation value_count by ComputerName, SourceIp within 15m\n"
            "  selection 1 \"failed_login\" (stage 1: correlation) = matches of rule \"failed_login\" by ComputerName, SourceIp\n"
            "  selection 2 \"5638f7c0-ac70-491d-8465-2a65075e0d86\" (stage 1: correlation) = matches of rule "
            "\"5638f7c0-ac70-491d-8465-2a65075e0d86\" by ComputerName, SourceIp\n"
            "  condition\n"
            "    distinct User >= 10\n");
  EXPECT_EQ(rule.logic.window_seconds, 900u);
  rule = analyze("title: x\ncorrelation:\n  type: event_count\n  rules: [a]\n  timespan: 1h\n  condition:\n    gt: 3\n    lte: 9\n");
  EXPECT_EQ(render::logic_outline(rule),
            "correlation event_count within 1h\n"
            "  selection 1 \"a\" (stage 1: correlation) = matches of rule \"a\"\n"
            "  condition\n"
            "    all\n"
            "      count > 3\n"
            "      count <= 9\n");
  rule = analyze("title: x\ncorrelation:\n  type: value_sum\n  rules: [a]\n  timespan: 1h\n  condition:\n    gte: 100\n    field: Bytes\n");
  EXPECT_EQ(rule.logic.nodes.at(rule.logic.condition).measure, "sum Bytes");
}

TEST(SigmaLogic, TemporalCorrelations) {
  std::string text =
      "title: Recon then exfil\ncorrelation:\n  type: temporal_ordered\n  rules: [recon, exfil]\n  group-by: [host, user]\n"
      "  timespan: 1h\n  aliases:\n    host:\n      recon: ComputerName\n      exfil: hostname\n";
  Rule rule = analyze(text);
  // temporal_ordered: the sequence shape, each rule matched at least once, in order.
  EXPECT_EQ(render::logic_outline(rule),
            "sequence temporal_ordered by host, user within 1h\n"
            "  selection 1 \"recon\" (stage 1: correlation) = matches of rule \"recon\" by ComputerName, user\n"
            "  selection 2 \"exfil\" (stage 1: correlation) = matches of rule \"exfil\" by hostname, user\n"
            "  condition\n"
            "    all\n"
            "      count of selection 1 >= 1\n"
            "      count of selection 2 >= 1\n");
  text.replace(text.find("temporal_ordered"), 16, "temporal");
  rule = analyze(text);
  EXPECT_EQ(rule.logic.shape, LogicShape::correlation);
  EXPECT_EQ(rule.logic.subtype, "temporal");
  EXPECT_EQ(rule.logic.nodes.at(rule.logic.condition).children.size(), 2u);
  rule = analyze("title: x\ncorrelation:\n  type: temporal\n  rules: [a, b, c]\n  timespan: 5m\n  condition:\n    gte: 2\n");
  EXPECT_EQ(render::logic_outline(rule).substr(render::logic_outline(rule).find("condition")),
            "condition\n    distinct rules >= 2\n");
}

}  // namespace
}  // namespace ruledex::sigma
