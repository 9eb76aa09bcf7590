#include "spl/parser.h"

#include <gtest/gtest.h>

#include <string>

namespace ruledex::spl {
namespace {

TEST(SplParser, BaseSearchAndPipeline) {
  Query q = parse("index=aws sourcetype=aws:cloudtrail eventName IN (\"a\", b) NOT user=x* | stats count by user | table user count");
  EXPECT_TRUE(q.errors.empty());
  ASSERT_EQ(q.pipeline.commands.size(), 3u);
  const Command& search = q.pipeline.commands[0];
  EXPECT_EQ(search.name, "search");
  ASSERT_EQ(search.conditions.size(), 1u);
  const Expr& root = search.conditions[0];
  ASSERT_EQ(root.kind, ExprKind::and_);
  ASSERT_EQ(root.children.size(), 4u);
  EXPECT_EQ(root.children[2].op, "in");
  ASSERT_EQ(root.children[2].children.size(), 3u);
  EXPECT_EQ(root.children[2].children[0].kind, ExprKind::field);
  EXPECT_EQ(root.children[2].children[1].text, "a");
  EXPECT_TRUE(root.children[2].children[1].quoted);
  EXPECT_EQ(root.children[2].children[2].text, "b");
  EXPECT_EQ(root.children[3].kind, ExprKind::not_);
  EXPECT_EQ(q.pipeline.commands[1].by, std::vector<std::string>{"user"});
  EXPECT_EQ(q.pipeline.commands[2].fields, (std::vector<std::string>{"user", "count"}));
}

TEST(SplParser, Tstats) {
  Query q = parse("| tstats summariesonly=false count min(_time) as firstTime from datamodel=Endpoint.Processes "
                  "where Processes.process_name=cmd.exe OR Processes.process_name=ps.exe by Processes.dest span=1h");
  EXPECT_TRUE(q.errors.empty());
  ASSERT_EQ(q.pipeline.commands.size(), 1u);
  const Command& t = q.pipeline.commands[0];
  EXPECT_EQ(t.name, "tstats");
  EXPECT_EQ(t.datamodel, "Endpoint.Processes");
  ASSERT_EQ(t.aggregations.size(), 2u);
  EXPECT_EQ(t.aggregations[1].function, "min");
  EXPECT_EQ(t.aggregations[1].argument, "_time");
  EXPECT_EQ(t.aggregations[1].alias, "firstTime");
  ASSERT_EQ(t.conditions.size(), 1u);
  EXPECT_EQ(t.conditions[0].kind, ExprKind::or_);
  EXPECT_EQ(t.by, std::vector<std::string>{"Processes.dest"});
}

TEST(SplParser, WhereFunctionsAndFieldComparisons) {
  Query q = parse("| where LIKE (cmd, \"%-enc%\") AND count > 5 AND a=b AND isnull(x)");
  EXPECT_TRUE(q.errors.empty());
  const Expr& root = q.pipeline.commands[0].conditions[0];
  ASSERT_EQ(root.children.size(), 4u);
  EXPECT_EQ(root.children[0].kind, ExprKind::call);
  EXPECT_EQ(root.children[0].text, "like");
  EXPECT_EQ(root.children[1].children[1].kind, ExprKind::literal);
  EXPECT_EQ(root.children[2].children[1].kind, ExprKind::field);  // a=b compares two fields
}

TEST(SplParser, SubsearchRenameRexLookupEval) {
  Query q = parse("search a=1 | join user [ search index=x | fields user ] | rename \"A.*\" as *, b as c "
                  "| rex field=x \"(?<first>\\w+) (?P<second>\\d+)\" | lookup l k as f OUTPUT o1 o2 as o3 "
                  "| eval y=if(a=1, 2, 3), z=lower(y)");
  EXPECT_TRUE(q.errors.empty());
  ASSERT_EQ(q.pipeline.commands.size(), 6u);
  ASSERT_EQ(q.pipeline.commands[1].subsearches.size(), 1u);
  EXPECT_EQ(q.pipeline.commands[1].subsearches[0].commands.size(), 2u);
  EXPECT_EQ(q.pipeline.commands[2].renames.size(), 2u);
  EXPECT_EQ(q.pipeline.commands[3].fields, (std::vector<std::string>{"first", "second"}));
  EXPECT_EQ(q.pipeline.commands[4].fields, (std::vector<std::string>{"o1", "o3"}));
  EXPECT_EQ(q.pipeline.commands[5].fields, (std::vector<std::string>{"y", "z"}));
}

TEST(SplParser, CorpusShapes) {
  Query q = parse("a=*\\\"x\\\"* [search b=1 | fields c] d=2 | foreach * [eval <<FIELD>>=if('<<FIELD>>'=\"n\", 1, 2)] "
                  "| where bytes > (avg + 3 * dev)");
  EXPECT_TRUE(q.errors.empty()) << q.errors[0].message;
  ASSERT_EQ(q.pipeline.commands.size(), 3u);
  EXPECT_EQ(q.pipeline.commands[0].subsearches.size(), 1u);
  EXPECT_EQ(q.pipeline.commands[0].conditions[0].children.size(), 3u);
  EXPECT_EQ(q.pipeline.commands[0].conditions[0].children[0].children[1].text, "*\\\"x\\\"*");
}

// The eval expression as a compact prefix form, to compare whole trees.
std::string show(const Expr& e) {
  switch (e.kind) {
    case ExprKind::field: return e.text;
    case ExprKind::literal: return e.quoted ? "\"" + e.text + "\"" : e.text;
    case ExprKind::term: return "term:" + e.text;
    case ExprKind::subsearch: return "[...]";
    default: break;
  }
  static const char* kNames[] = {"and", "or", "xor", "not", "cmp", "op", "neg", "call"};
  std::string head = e.kind == ExprKind::call ? e.text
                     : e.kind == ExprKind::compare || e.kind == ExprKind::arithmetic ? e.op
                                                                                   : kNames[static_cast<int>(e.kind)];
  std::string out = "(" + head;
  for (const Expr& child : e.children) out += " " + show(child);
  return out + ")";
}

std::string eval_tree(std::string_view text) {
  Query q = parse(text);
  EXPECT_TRUE(q.errors.empty()) << text << ": " << q.errors[0].message;
  if (q.pipeline.commands.empty()) return {};
  const Command& c = q.pipeline.commands.back();
  if (!c.conditions.empty()) return show(c.conditions[0]);
  std::string out;
  for (const Assignment& a : c.assignments) out += (out.empty() ? "" : "; ") + a.field + " = " + show(a.value);
  return out;
}

TEST(SplParser, EvalPrecedence) {
  EXPECT_EQ(eval_tree("| eval x = a + b * c - -d % 2"), "x = (- (+ a (* b c)) (% (neg d) 2))");
  EXPECT_EQ(eval_tree("| eval x=a.\" \".'b c'.d.e"), "x = (. (. (. a \" \") b c) d.e)");
  EXPECT_EQ(eval_tree("| eval n=count*2, m=_time-3600, f=.5"), "n = (* count 2); m = (- _time 3600); f = .5");
  EXPECT_EQ(eval_tree("| where a=1 OR b=2 AND NOT c=3 XOR d"),
            "(xor (or (= a 1) (and (= b 2) (not (= c 3)))) d)");
  EXPECT_EQ(eval_tree("| where x LIKE \"a%\" AND y NOT IN (\"p\", q) AND z IN (1)"),
            "(and (like x \"a%\") (not (in y \"p\" q)) (in z 1))");
  EXPECT_EQ(eval_tree("| where (a > 1) == true() AND s != null"), "(and (= (> a 1) (true)) (!= s null))");
}

TEST(SplParser, EvalFunctionsAnyNameAnyArity) {
  EXPECT_EQ(eval_tree("| eval t=strftime(now(), \"%F\"), c=case(a=1, \"x\", b LIKE \"y%\", lower(z), true(), 0), "
                      "j=json_extract(_raw, \"a.b\"), v=mvindex(split(p, \"\\\\\"), -1), w=my_new_function()"),
            "t = (strftime (now) \"%F\"); c = (case (= a 1) \"x\" (like b \"y%\") (lower z) (true) 0); "
            "j = (json_extract _raw \"a.b\"); v = (mvindex (split p \"\\\") (neg 1)); w = (my_new_function)");
  EXPECT_EQ(eval_tree("| where cidrmatch(\"10.0.0.0/8\", src) AND if(isnull(x), 1, 0) = 1"),
            "(and (cidrmatch \"10.0.0.0/8\" src) (= (if (isnull x) 1 0) 1))");
}

TEST(SplParser, EvalErrors) {
  for (std::string_view bad : {"| eval x=", "| eval x=(1", "| eval =1", "| eval x=f(1,", "| eval x=1 y=2",
                               "| where a=1 b=2", "| eval x=1 +", "| where 'open"})
    EXPECT_FALSE(parse(bad).errors.empty()) << bad;
  std::string deep = "| eval x=";
  for (int i = 0; i < 10000; ++i) deep += "f(-";
  EXPECT_FALSE(parse(deep).errors.empty());
}

TEST(SplParser, UnknownCommandsParseWithAWarning) {
  Query q = parse("index=a | frobnicate x=1 [search b] | stats count | `some_macro` | ldapsearch search=x");
  EXPECT_TRUE(q.errors.empty());
  ASSERT_EQ(q.warnings.size(), 1u);
  EXPECT_EQ(q.warnings[0].message, "unknown SPL command 'frobnicate'");
  EXPECT_EQ(q.warnings[0].offset, 10u);
  ASSERT_EQ(q.pipeline.commands.size(), 5u);
  EXPECT_EQ(q.pipeline.commands[1].args[0], "x");
  EXPECT_EQ(q.pipeline.commands[1].subsearches.size(), 1u);
}

TEST(SplParser, SearchOrBindsTighterThanAnd) {
  Query q = parse("a=1 b=2 OR c=3 NOT d=4");
  EXPECT_EQ(show(q.pipeline.commands[0].conditions[0]), "(and (= a 1) (or (= b 2) (= c 3)) (not (= d 4)))");
  // lower-case `or` is a search term, as in Splunk
  EXPECT_EQ(show(parse("x or y").pipeline.commands[0].conditions[0]), "(and term:x term:or term:y)");
}

TEST(SplParser, DataModelsOfFromAndDatamodel) {
  EXPECT_EQ(parse("| from datamodel:Risk.All_Risk").pipeline.commands[0].datamodel, "Risk.All_Risk");
  EXPECT_EQ(parse("| datamodel Endpoint Processes search").pipeline.commands[0].datamodel, "Endpoint.Processes");
  Query q = parse("x [inputlookup a.csv | fields d] | foreach * [eval <<FIELD>>=1] | appendpipe [stats count]");
  EXPECT_TRUE(q.errors.empty());
  EXPECT_EQ(q.pipeline.commands[0].subsearches[0].commands[0].name, "inputlookup");
  EXPECT_EQ(q.pipeline.commands[1].subsearches[0].commands[0].name, "eval");
  EXPECT_EQ(q.pipeline.commands[2].subsearches[0].commands[0].name, "stats");
  EXPECT_FALSE(parse("tstats count").errors.empty());
}

TEST(SplParser, ErrorsDoNotCrash) {
  for (std::string_view bad : {"| ", "a=", "(((", "| where (a=1", "x [ y", "]", "| stats count(", "\"open", "| rename a"})
    EXPECT_NO_THROW(parse(bad)) << bad;
  EXPECT_FALSE(parse("| where (a=1").errors.empty());
  Query open = parse("x | join k [ ");  // once a search spanning backwards
  ASSERT_EQ(open.pipeline.commands.size(), 2u);
  EXPECT_TRUE(open.pipeline.commands[1].subsearches[0].commands.empty());
  EXPECT_FALSE(parse("| | head").errors.empty());
  std::string deep(100000, '(');
  EXPECT_FALSE(parse(deep).errors.empty());
  std::string nested;
  for (int i = 0; i < 5000; ++i) nested += "[ ";
  EXPECT_FALSE(parse("x " + nested).errors.empty());
}

}  // namespace
}  // namespace ruledex::spl
