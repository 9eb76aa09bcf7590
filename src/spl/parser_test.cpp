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
  EXPECT_EQ(root.children[2].values, (std::vector<std::string>{"a", "b"}));
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
  EXPECT_TRUE(root.children[1].literal);
  EXPECT_FALSE(root.children[2].literal);  // a=b compares two fields
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
  EXPECT_EQ(q.pipeline.commands[0].conditions[0].children[0].values[0], "*\\\"x\\\"*");
}

TEST(SplParser, ErrorsDoNotCrash) {
  for (std::string_view bad : {"| ", "a=", "(((", "| where (a=1", "x [ y", "]", "| stats count(", "\"open", "| rename a"})
    EXPECT_NO_THROW(parse(bad)) << bad;
  EXPECT_FALSE(parse("| where (a=1").errors.empty());
  EXPECT_FALSE(parse("| | head").errors.empty());
  std::string deep(100000, '(');
  EXPECT_FALSE(parse(deep).errors.empty());
  std::string nested;
  for (int i = 0; i < 5000; ++i) nested += "[ ";
  EXPECT_FALSE(parse("x " + nested).errors.empty());
}

}  // namespace
}  // namespace ruledex::spl
