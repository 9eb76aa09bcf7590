#include "yaral/parser.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ruledex::yaral {
namespace {

// A rule text with the tree that points into it.
struct Parsed {
  explicit Parsed(std::string source) : text(std::move(source)), ast(parse(text)) {}
  std::string text;
  RuleAst ast;
};

// A rule with `events` statements and a trivial condition.
std::string rule_with_events(std::string_view events) {
  return "rule r {\n events:\n " + std::string(events) + "\n condition:\n $e\n}\n";
}

std::vector<std::string> statements(const RuleAst& ast, SectionKind kind = SectionKind::Events) {
  std::vector<std::string> out;
  if (const Section* section = ast.section(kind))
    for (ExprId id : section->statements) out.push_back(dump(ast, id));
  return out;
}

std::vector<std::string> messages(const RuleAst& ast) {
  std::vector<std::string> out;
  for (const ParseError& error : ast.errors) out.push_back(error.message);
  return out;
}

TEST(YaralParser, EverySection) {
  std::string text = R"(// leading comment
rule multi_event_example {
  meta:
    author = "someone"
    score = 42
    ratio = -1.5
    enabled = true
  events:
    $login.metadata.event_type = "USER_LOGIN"
    $login.principal.user.userid = $user
    $fail.metadata.event_type = "USER_LOGIN"
    $fail.security_result.action = "BLOCK"
    $fail.principal.user.userid = $user
  match:
    $user, $ip over 10m after $login
  outcome:
    $risk_score = max(if($login.principal.ip = "10.0.0.1", 10, 50) + 5)
    $ips = array_distinct($login.principal.ip)
  condition:
    $login and #fail > 5 and !$other
  options:
    allow_zero_values = true
}
)";
  Parsed parsed(text);
  const RuleAst& ast = parsed.ast;
  EXPECT_TRUE(ast.errors.empty()) << messages(ast)[0];
  EXPECT_EQ(ast.name, "multi_event_example");
  ASSERT_EQ(ast.sections.size(), 6u);

  const Section* meta = ast.section(SectionKind::Meta);
  ASSERT_EQ(meta->entries.size(), 4u);
  EXPECT_EQ(meta->entries[0].key, "author");
  EXPECT_EQ(dump(ast, meta->entries[0].value), "\"someone\"");
  EXPECT_EQ(dump(ast, meta->entries[1].value), "42");
  EXPECT_EQ(dump(ast, meta->entries[2].value), "(- 1.5)");
  EXPECT_EQ(dump(ast, meta->entries[3].value), "true");

  EXPECT_EQ(statements(ast), (std::vector<std::string>{
                                 "(= $login.metadata.event_type \"USER_LOGIN\")",
                                 "(= $login.principal.user.userid $user)",
                                 "(= $fail.metadata.event_type \"USER_LOGIN\")",
                                 "(= $fail.security_result.action \"BLOCK\")",
                                 "(= $fail.principal.user.userid $user)",
                             }));

  const MatchClause& match = ast.section(SectionKind::Match)->match;
  ASSERT_EQ(match.variables.size(), 2u);
  EXPECT_EQ(dump(ast, match.variables[1]), "$ip");
  EXPECT_EQ(match.window, "10m");
  EXPECT_EQ(match.anchor_kind, "after");
  EXPECT_EQ(dump(ast, match.anchor), "$login");

  const Section* outcome = ast.section(SectionKind::Outcome);
  ASSERT_EQ(outcome->assignments.size(), 2u);
  EXPECT_EQ(outcome->assignments[0].variable, "risk_score");
  EXPECT_EQ(dump(ast, outcome->assignments[0].value),
            "(call max (+ (call if (= $login.principal.ip \"10.0.0.1\") 10 50) 5))");

  EXPECT_EQ(statements(ast, SectionKind::Condition),
            (std::vector<std::string>{"(and $login (> #fail 5) (not $other))"}));
  const Section* options = ast.section(SectionKind::Options);
  ASSERT_EQ(options->entries.size(), 1u);
  EXPECT_EQ(options->entries[0].key, "allow_zero_values");
}

TEST(YaralParser, SectionsMayBeLeftOut) {
  RuleAst ast = parse("rule r { events: $e.metadata.event_type = \"X\" condition: $e }");
  EXPECT_TRUE(ast.errors.empty());
  EXPECT_EQ(ast.sections.size(), 2u);
  EXPECT_EQ(ast.section(SectionKind::Meta), nullptr);
}

TEST(YaralParser, EveryLiteralForm) {
  Parsed ast_text(rule_with_events(
      R"($e.a = "dq \"x\" \\ y" $e.b = `C:\raw\path` $e.c = /re\/gex/ nocase $e.d = 443 $e.e = 1.25 $e.f = -7 $e.g = false $e.h = "" $e.i = "ci" nocase)"));
  const RuleAst& ast = ast_text.ast;
  EXPECT_TRUE(ast.errors.empty()) << messages(ast)[0];
  EXPECT_EQ(statements(ast), (std::vector<std::string>{
                                 R"((= $e.a "dq "x" \ y"))",
                                 R"((= $e.b "C:\raw\path"))",
                                 R"((= $e.c /re\/gex/ nocase))",
                                 "(= $e.d 443)",
                                 "(= $e.e 1.25)",
                                 "(= $e.f (- 7))",
                                 "(= $e.g false)",
                                 R"((= $e.h ""))",
                                 R"((= $e.i "ci" nocase))",
                             }));
}

TEST(YaralParser, FieldPathsWithMapKeys) {
  Parsed ast_text(
      rule_with_events(R"($e.additional.fields["recipientAccountId"] = "1" $e.about.labels[0].value != "")"));
  const RuleAst& ast = ast_text.ast;
  EXPECT_TRUE(ast.errors.empty());
  EXPECT_EQ(statements(ast), (std::vector<std::string>{R"((= $e.additional.fields["recipientAccountId"] "1"))",
                                                       R"((!= $e.about.labels[0].value ""))"}));
}

TEST(YaralParser, PrecedenceOfNotAndOr) {
  Parsed ast_text(rule_with_events("$e.a = \"1\" or $e.b = \"2\" and not $e.c = \"3\" or ($e.d < 4 and $e.e >= 5)"));
  const RuleAst& ast = ast_text.ast;
  EXPECT_EQ(statements(ast),
            (std::vector<std::string>{
                "(or (= $e.a \"1\") (and (= $e.b \"2\") (not (= $e.c \"3\"))) (and (< $e.d 4) (>= $e.e 5)))"}));
}

TEST(YaralParser, StatementsAreSeparatedByTheirShapeNotByLines) {
  Parsed ast_text(rule_with_events("(\n $e.a = \"1\" or\n $e.a = \"2\"\n)\n$e.b = \"3\""));
  const RuleAst& ast = ast_text.ast;
  EXPECT_EQ(statements(ast), (std::vector<std::string>{"(or (= $e.a \"1\") (= $e.a \"2\"))", "(= $e.b \"3\")"}));
}

TEST(YaralParser, FunctionsListsAndQuantifiers) {
  Parsed ast_text(rule_with_events(R"(re.regex($e.target.process.command_line, `\bwscript\.exe$`) nocase
strings.contains(strings.to_lower($e.principal.process.command_line), "invoke")
net.ip_in_range_cidr($e.principal.ip, "10.0.0.0/8")
$e.principal.hostname in %hosts
not $e.principal.process.file.full_path IN regex %tools nocase
$e.principal.ip in cidr %nets
re.capture($e.f, /(x)/) in %t.column
any $e.target.resource.attribute.labels.value = "allUsers"
all $e.about.ip != "1.1.1.1"
timestamp.get_hour($e.metadata.event_timestamp.seconds) < 6)"));
  const RuleAst& ast = ast_text.ast;
  EXPECT_TRUE(ast.errors.empty()) << messages(ast)[0];
  EXPECT_EQ(statements(ast),
            (std::vector<std::string>{
                R"((call re.regex $e.target.process.command_line "\bwscript\.exe$" nocase))",
                R"((call strings.contains (call strings.to_lower $e.principal.process.command_line) "invoke"))",
                R"((call net.ip_in_range_cidr $e.principal.ip "10.0.0.0/8"))",
                "(in $e.principal.hostname %hosts)",
                "(not (in regex $e.principal.process.file.full_path %tools nocase))",
                "(in cidr $e.principal.ip %nets)",
                "(in (call re.capture $e.f /(x)/) %t.column)",
                R"((any (= $e.target.resource.attribute.labels.value "allUsers")))",
                R"((all (!= $e.about.ip "1.1.1.1")))",
                "(< (call timestamp.get_hour $e.metadata.event_timestamp.seconds) 6)",
            }));
}

TEST(YaralParser, ArithmeticInOutcome) {
  RuleAst ast = parse(R"(rule r { events: $e.a = 1 outcome:
    $count = count_distinct($a.metadata.id) + count_distinct($b.metadata.id) * 2 - 1
    $ratio = sum($e.x) / 3
    $delta = math.abs($a - $b)
  condition: $e })");
  EXPECT_TRUE(ast.errors.empty()) << messages(ast)[0];
  const Section* outcome = ast.section(SectionKind::Outcome);
  ASSERT_EQ(outcome->assignments.size(), 3u);
  EXPECT_EQ(dump(ast, outcome->assignments[0].value),
            "(- (+ (call count_distinct $a.metadata.id) (* (call count_distinct $b.metadata.id) 2)) 1)");
  EXPECT_EQ(dump(ast, outcome->assignments[1].value), "(/ (call sum $e.x) 3)");
  EXPECT_EQ(dump(ast, outcome->assignments[2].value), "(call math.abs (- $a $b))");
}

TEST(YaralParser, MatchWindows) {
  auto window = [](std::string_view match) {
    Parsed ast_text("rule r { events: $e.a = 1 match: " + std::string(match) + " condition: $e }");
    const RuleAst& ast = ast_text.ast;
    const Section* section = ast.section(SectionKind::Match);
    std::string out = ast.errors.empty() ? "" : "error: " + ast.errors[0].message;
    if (section && ast.errors.empty()) {
      out = std::to_string(section->match.variables.size()) + " " + std::string(section->match.window);
      if (!section->match.anchor_kind.empty()) out += " " + std::string(section->match.anchor_kind);
    }
    return out;
  };
  EXPECT_EQ(window("$hostname over 5m"), "1 5m");
  EXPECT_EQ(window("$a, $b, $c over 24h"), "3 24h");
  EXPECT_EQ(window("$user over 1h before $e"), "1 1h before");
  EXPECT_EQ(window("$user"), "1 ");
  EXPECT_EQ(window("$user over"), "error: expected a window such as 5m or 1h after 'over', found 'condition'");
  EXPECT_EQ(window("over 5m"), "error: expected the match variables, found 'over'");
}

TEST(YaralParser, ErrorsHavePositionsAndParsingGoesOn) {
  // Line breaks do not end statements: `$e.a = $e.b` is one comparison, and
  // the second `=` then starts nothing.
  std::string text = rule_with_events("$e.a = \n$e.b = \"ok\"\n$e.c = )\n$e.d = \"fine\"");
  Parsed parsed(text);
  const RuleAst& ast = parsed.ast;
  ASSERT_EQ(messages(ast),
            (std::vector<std::string>{"expected an expression, found =", "expected an expression, found )"}));
  EXPECT_EQ(text.substr(ast.errors[0].offset, 5), "= \"ok");
  EXPECT_EQ(text.substr(ast.errors[1].offset, 1), ")");
  EXPECT_EQ(statements(ast), (std::vector<std::string>{"(= $e.a $e.b)", "(= $e.d \"fine\")"}));
}

TEST(YaralParser, StructuralErrors) {
  EXPECT_EQ(messages(parse("")), (std::vector<std::string>{"expected 'rule', found the end of the file"}));
  EXPECT_EQ(messages(parse("rule r { events: $e.a = 1 condition: $e")),
            (std::vector<std::string>{"expected '}' to close the rule, found the end of the file"}));
  EXPECT_EQ(messages(parse("rule r { events: $e.a = 1 }")),
            (std::vector<std::string>{"the rule has no condition section"}));
  EXPECT_EQ(messages(parse("rule r { condition: $e events: $e.a = 1 }")),
            (std::vector<std::string>{"section events must come before condition"}));
  EXPECT_EQ(messages(parse("rule r { events: $e.a = 1 events: $e.b = 1 condition: $e }")),
            (std::vector<std::string>{"section events appears twice"}));
  EXPECT_EQ(messages(parse("rule r { foo: 1 events: $e.a = 1 condition: $e }")),
            (std::vector<std::string>{"unknown section 'foo'"}));
  EXPECT_EQ(messages(parse("rule r { events: $e.a = 1 condition: $e } extra")),
            (std::vector<std::string>{"unexpected text after the rule: 'extra'"}));
  EXPECT_EQ(messages(parse("rule r { meta: author events: $e.a = 1 condition: $e }")),
            (std::vector<std::string>{"expected '=', found 'events'"}));
}

TEST(YaralParser, DeepNestingIsAnErrorNotACrash) {
  std::string deep = std::string(10000, '(') + "$e.a = 1" + std::string(10000, ')');
  Parsed ast_text(rule_with_events(deep));
  const RuleAst& ast = ast_text.ast;
  ASSERT_FALSE(ast.errors.empty());
  EXPECT_NE(ast.errors[0].message.find("nested too deeply"), std::string::npos);

  std::string nots;
  for (int i = 0; i < 10000; ++i) nots += "not ";
  EXPECT_FALSE(Parsed(rule_with_events(nots + "$e.a = 1")).ast.errors.empty());

  std::string sum = "$x = 1";
  for (int i = 0; i < 5000; ++i) sum += " + 1";
  Parsed long_sum_text("rule r { events: $e.a = 1 outcome: " + sum + " condition: $e }");
  const RuleAst& long_sum = long_sum_text.ast;
  ASSERT_FALSE(long_sum.errors.empty());
  EXPECT_NE(long_sum.errors[0].message.find("nested too deeply"), std::string::npos);
  for (const Expr& e : long_sum.exprs) EXPECT_LE(e.depth, ParseOptions{}.max_tree_depth);
}

TEST(YaralParser, LongOrChainsStayFlat) {
  std::string chain = "$e.a = \"0\"";
  for (int i = 1; i < 20000; ++i) chain += " or $e.a = \"" + std::to_string(i) + "\"";
  Parsed ast_text(rule_with_events(chain));
  const RuleAst& ast = ast_text.ast;
  EXPECT_TRUE(ast.errors.empty());
  const Expr& root = ast.at(ast.section(SectionKind::Events)->statements[0]);
  EXPECT_EQ(root.kind, ExprKind::Or);
  EXPECT_EQ(root.children.size(), 20000u);
  EXPECT_EQ(root.depth, 3);
}

}  // namespace
}  // namespace ruledex::yaral
