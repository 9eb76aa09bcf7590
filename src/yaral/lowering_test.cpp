#include "yaral/lowering.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "render/logic_outline.h"
#include "yaral/parser.h"

namespace ruledex::yaral {
namespace {

// A predicate in one line: "field op [not] [nocase] values... [indicator] @stage".
std::string describe(const Rule& rule, const Predicate& p) {
  std::string out = p.field + " " + std::string(to_string(p.op));
  if (p.negated) out += " not";
  if (!p.case_sensitive) out += " nocase";
  for (const std::string& value : p.values) out += " '" + value + "'";
  if (p.indicator) out += " indicator";
  out += " @" + rule.stages[p.stage].kind;
  return out;
}

struct Lowered {
  explicit Lowered(std::string text, const LowerOptions& options = {}) {
    rule.query = std::move(text);
    rule.query_line = 1;
    RuleAst ast = parse(rule.query);
    for (const ParseError& error : ast.errors) ADD_FAILURE() << error.message;
    lower(ast, rule, options);
  }
  std::vector<std::string> predicates() const {
    std::vector<std::string> out;
    for (const Predicate& p : rule.predicates) out.push_back(describe(rule, p));
    return out;
  }
  std::vector<std::string> stages() const {
    std::vector<std::string> out;
    for (const Stage& stage : rule.stages) out.push_back(stage.kind + ":" + std::to_string(stage.line));
    return out;
  }
  std::vector<std::string> outputs() const {
    std::vector<std::string> out;
    for (const OutputField& field : rule.output_fields)
      out.push_back(field.name + "@" + field.stage + (field.role.empty() ? "" : " (" + field.role + ")"));
    return out;
  }
  Rule rule;
};

std::string single_event(std::string_view events) {
  return "rule r {\nevents:\n" + std::string(events) + "\ncondition:\n$e\n}\n";
}

TEST(YaralLowering, SingleEventRule) {
  Lowered lowered(R"(rule aws_leave {
  meta:
    severity = "Low"
  events:
    $ct.metadata.vendor_name = "AMAZON"
    $ct.metadata.product_name = "AWS CloudTrail"
    (
     $ct.metadata.product_event_type = "LeaveOrganization" or
     $ct.metadata.product_event_type = "RemoveAccountFromOrganization"
    )
  outcome:
    $risk_score = max(35)
    $principal_ip = array_distinct($ct.principal.ip)
  condition:
    $ct
})");
  EXPECT_EQ(lowered.stages(), (std::vector<std::string>{"events:4", "outcome:11", "condition:14"}));
  EXPECT_EQ(lowered.predicates(),
            (std::vector<std::string>{
                "metadata.vendor_name eq 'AMAZON' indicator @events",
                "metadata.product_name eq 'AWS CloudTrail' indicator @events",
                "metadata.product_event_type eq 'LeaveOrganization' indicator @events",
                "metadata.product_event_type eq 'RemoveAccountFromOrganization' indicator @events",
            }));
  EXPECT_EQ(lowered.outputs(),
            (std::vector<std::string>{"$risk_score@outcome (alerting score)", "$principal_ip@outcome"}));
  EXPECT_EQ(lowered.rule.data_sources, (std::vector<std::string>{"AMAZON/AWS CloudTrail"}));
  // The stage's text is the section as written.
  const Stage& events = lowered.rule.stages[0];
  EXPECT_TRUE(
      lowered.rule.query.substr(events.range.begin, events.range.end - events.range.begin).starts_with("events:"));
}

TEST(YaralLowering, OperatorsNegationAndCase) {
  Lowered lowered(single_event(R"($e.a = "x" nocase
$e.b != "y"
not $e.c = "z"
not $e.d != "w"
$e.f = /ev[il]/
$e.g != /ok/ nocase
strings.to_lower($e.h) = "lower"
$e.i > 5
10 >= $e.j
$e.k = 443
$e.l = false
$e.m = -1
$e.n.labels["key"] = "v")"));
  EXPECT_EQ(lowered.predicates(), (std::vector<std::string>{
                                      "a eq nocase 'x' indicator @events",
                                      "b eq not 'y' indicator @events",
                                      "c eq not 'z' indicator @events",
                                      "d eq 'w' indicator @events",
                                      "f regex 'ev[il]' indicator @events",
                                      "g regex not nocase 'ok' indicator @events",
                                      "h eq nocase 'lower' indicator @events",
                                      "i gt '5' indicator @events",
                                      "j le '10' indicator @events",
                                      "k eq '443' indicator @events",
                                      "l eq 'false' indicator @events",
                                      "m eq '-1' indicator @events",
                                      "n.labels[\"key\"] eq 'v' indicator @events",
                                  }));
}

TEST(YaralLowering, FunctionsThatArePredicates) {
  Lowered lowered(single_event(R"(re.regex($e.a, `\bwscript\.exe$`) nocase
not re.regex($e.b, "x.*")
strings.contains(strings.to_lower($e.c), "invoke-webrequest")
strings.starts_with($e.d, "C:\\Temp")
strings.ends_with($e.e, ".ps1")
net.ip_in_range_cidr($e.f, "10.0.0.0/8")
re.regex($e.g, $pattern)
strings.concat($e.h, "x") = "yx"
timestamp.get_hour($e.ts) < 6
arrays.contains($e.list, "x"))"));
  EXPECT_EQ(lowered.predicates(), (std::vector<std::string>{
                                      R"(a regex nocase '\bwscript\.exe$' indicator @events)",
                                      "b regex not 'x.*' indicator @events",
                                      "c contains nocase 'invoke-webrequest' indicator @events",
                                      R"(d startswith 'C:\Temp' indicator @events)",
                                      "e endswith '.ps1' indicator @events",
                                      "f cidr '10.0.0.0/8' indicator @events",
                                      "g regex '$pattern' @events",
                                      "strings.concat($e.h, \"x\") eq 'yx' @events",
                                      "timestamp.get_hour($e.ts) lt '6' @events",
                                  }));
}

TEST(YaralLowering, AnyAndAllKeepTheirComparison) {
  Lowered lowered(single_event(R"(any $e.labels.value = "allUsers"
all $e.about.ip != "1.1.1.1")"));
  EXPECT_EQ(lowered.predicates(), (std::vector<std::string>{"labels.value eq 'allUsers' indicator @events",
                                                            "about.ip eq not '1.1.1.1' indicator @events"}));
}

TEST(YaralLowering, ReferenceLists) {
  LowerOptions options;
  options.find_list = [](std::string_view name) -> std::shared_ptr<const ReferenceList> {
    if (name != "known") return nullptr;
    auto list = std::make_shared<ReferenceList>();
    list->name = "known";
    list->file = "reference_lists/known";
    list->values = {"a", "b"};
    return list;
  };
  Lowered lowered(single_event(R"($e.a in %known
not $e.b in %known nocase
$e.c in regex %known
$e.d in cidr %unknown
re.replace($e.f, "x", "") in %known
$e.g in %table.column)"),
                  options);
  EXPECT_EQ(lowered.predicates(), (std::vector<std::string>{
                                      "a in 'a' 'b' indicator @events",
                                      "b in not nocase 'a' 'b' indicator @events",
                                      "c regex 'a' 'b' indicator @events",
                                      "d cidr '%unknown' @events",
                                      "re.replace($e.f, \"x\", \"\") in 'a' 'b' @events",
                                      "g in '%table.column' @events",
                                  }));
  // One note per list: where the values came from, or that they are unknown.
  std::vector<std::string> notes;
  for (const Diagnostic& d : lowered.rule.diagnostics) {
    EXPECT_EQ(d.severity, Severity::note);
    notes.push_back(std::to_string(d.line) + ": " + d.message);
  }
  ASSERT_EQ(notes.size(), 3u);
  EXPECT_TRUE(notes[0].starts_with("3: reference list %known: 2 values from ")) << notes[0];
  EXPECT_EQ(notes[1], "6: reference list %unknown is not in the repository: its values are unknown");
  EXPECT_EQ(notes[2], "8: reference list %table.column is not in the repository: its values are unknown");
}

TEST(YaralLowering, MultiEventRuleWithJoinsAndWindow) {
  Lowered lowered(R"(rule login_then_download {
  events:
    $login.metadata.product_event_type = "login_success"
    $login.principal.ip = $ip
    $dl.metadata.product_event_type = "download"
    $user = $dl.principal.user.userid
    $login.target.user.userid = $dl.principal.user.userid
    $login.metadata.event_timestamp.seconds < $dl.metadata.event_timestamp.seconds
  match:
    $user, $ip over 1h after $login
  outcome:
    $risk_score = max(75)
  condition:
    $login and #dl > 3 and $risk_score >= 50
})");
  EXPECT_EQ(lowered.stages(),
            (std::vector<std::string>{"events:3", "events:5", "join:7", "match:9", "outcome:11", "condition:13"}));
  EXPECT_EQ(lowered.predicates(),
            (std::vector<std::string>{
                "metadata.product_event_type eq 'login_success' indicator @events",
                "principal.ip eq '$ip' @events",
                "metadata.product_event_type eq 'download' indicator @events",
                "principal.user.userid eq '$user' @events",
                "$login.target.user.userid eq '$dl.principal.user.userid' @join",
                "$login.metadata.event_timestamp.seconds lt '$dl.metadata.event_timestamp.seconds' @join",
                "#dl gt '3' @condition",
                "$risk_score ge '50' @condition",
            }));
  EXPECT_EQ(lowered.rule.predicates[2].stage, 1u);
  EXPECT_EQ(lowered.outputs(),
            (std::vector<std::string>{"$user@match", "$ip@match", "$risk_score@outcome (alerting score)"}));
  ASSERT_EQ(lowered.rule.metadata.size(), 1u);
  EXPECT_EQ(lowered.rule.metadata[0], (std::pair<std::string, std::string>{"match window", "1h after $login"}));
}

TEST(YaralLowering, OptionsBecomeMetadata) {
  Lowered lowered("rule r { events: $e.a = 1 condition: $e options: allow_zero_values = true }");
  ASSERT_EQ(lowered.rule.metadata.size(), 1u);
  EXPECT_EQ(lowered.rule.metadata[0], (std::pair<std::string, std::string>{"option allow_zero_values", "true"}));
}

// --- logic ------------------------------------------------------------------

std::string outline(std::string text) { return render::logic_outline(Lowered(std::move(text)).rule); }

TEST(YaralLogic, SingleEventRuleIsAFilterWithItsCondition) {
  EXPECT_EQ(outline(single_event(R"($e.metadata.event_type = "PROCESS_LAUNCH"
($e.principal.process.file.full_path = /cmd\.exe$/ nocase or $e.target.process.file.full_path = "x")
not ($e.a = "1" and $e.b = "2"))")),
            "filter\n"
            "  selection 1 \"$e\" (stage 1: events)\n"
            "    all\n"
            "      metadata.event_type eq (case-sensitive) \"PROCESS_LAUNCH\"\n"
            "      any\n"
            "        principal.process.file.full_path regex \"cmd\\\\.exe$\"\n"
            "        target.process.file.full_path eq (case-sensitive) \"x\"\n"
            "      any\n"
            "        a not eq (case-sensitive) \"1\"\n"
            "        b not eq (case-sensitive) \"2\"\n"
            "  condition\n"
            "    count of selection 1 >= 1\n");
}

TEST(YaralLogic, FunctionsTheModelDoesNotKnowAreOpaque) {
  EXPECT_EQ(outline(single_event(R"(re.regex($e.a, `x`)
strings.concat($e.h, "x") = "yx"
not arrays.contains($e.list, "x")
$e.b in %unknown)")),
            "filter\n"
            "  selection 1 \"$e\" (stage 1: events)\n"
            "    all\n"
            "      a regex (case-sensitive) \"x\"\n"
            "      opaque \"strings.concat($e.h, \\\"x\\\") = \\\"yx\\\"\" (function strings.concat)\n"
            "      not\n"
            "        opaque \"arrays.contains($e.list, \\\"x\\\")\" (function arrays.contains)\n"
            "      b in (case-sensitive) \"%unknown\"\n"
            "  condition\n"
            "    count of selection 1 >= 1\n");
}

TEST(YaralLogic, MultiEventRule) {
  Lowered lowered(R"(rule login_then_download {
  events:
    $login.metadata.product_event_type = "login_success"
    $login.principal.ip = $ip
    $dl.metadata.product_event_type = "download"
    $user = $dl.principal.user.userid
    $login.target.user.userid = $dl.principal.user.userid
  match:
    $user, $ip over 1h after $login
  outcome:
    $risk_score = max(75)
  condition:
    $login and (#dl > 3 or 2 >= #dl) and not $x and $risk_score >= 50
})");
  EXPECT_EQ(render::logic_outline(lowered.rule),
            "multi_event by $user, $ip within 1h after $login\n"
            "  selection 1 \"$login\" (stage 1: events) by principal.ip\n"  // the outline skips the empty first

            "    all\n"
            "      metadata.product_event_type eq (case-sensitive) \"login_success\"\n"
            "      principal.ip eq (case-sensitive) \"$ip\"\n"
            "  selection 2 \"$dl\" (stage 2: events) by principal.user.userid, \n"
            "    all\n"
            "      metadata.product_event_type eq (case-sensitive) \"download\"\n"
            "      principal.user.userid eq (case-sensitive) \"$user\"\n"
            "  selection 3 \"join\" (stage 3: join)\n"
            "    $login.target.user.userid eq (case-sensitive) \"$dl.principal.user.userid\"\n"
            "  condition\n"
            "    all\n"
            "      count of selection 1 >= 1\n"
            "      any\n"
            "        count of selection 2 > 3\n"
            "        count of selection 2 <= 2\n"
            "      not\n"
            "        opaque \"$x\" (variable $x)\n"
            "      opaque \"$risk_score >= 50\" (outcome variable)\n");
  EXPECT_EQ(lowered.rule.logic.window_seconds, 3600u);
  EXPECT_EQ(lowered.rule.logic.selections[0].by, (std::vector<std::string>{"", "principal.ip"}));
}

// `!$b`: not (count >= 1); `#host`: the distinct values of the field the
// placeholder binds to.
TEST(YaralLogic, NotEventAndPlaceholderCounts) {
  Lowered lowered(R"(rule r {
  events:
    $a.metadata.event_type = "USER_LOGIN"
    $a.principal.hostname = $host
    $b.metadata.event_type = "PROCESS_LAUNCH"
    $b.principal.hostname = $host
  match:
    $host over 5m
  condition:
    $a and !$b and #host >= 2
})");
  const RuleLogic& logic = lowered.rule.logic;
  EXPECT_EQ(logic.shape, LogicShape::multi_event);
  EXPECT_EQ(logic.window_seconds, 300u);
  EXPECT_EQ(logic.selections.at(1).by, (std::vector<std::string>{"principal.hostname"}));
  const std::string text = render::logic_outline(lowered.rule);
  EXPECT_TRUE(text.ends_with("  condition\n    all\n      count of selection 1 >= 1\n      not\n"
                             "        count of selection 2 >= 1\n"
                             "      distinct principal.hostname of selection 1 >= 2\n"))
      << text;
}

}  // namespace
}  // namespace ruledex::yaral
