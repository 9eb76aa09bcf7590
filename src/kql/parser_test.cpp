#include "kql/parser.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <set>
#include <string>

#include "kql/ast_dump.h"

namespace ruledex::kql {
namespace {

// The tree of a query that must parse cleanly, as an S-expression.
std::string tree(std::string_view text) {
  Ast ast = parse(text);
  std::string errors;
  for (const ParseError& e : ast.errors) errors += "@" + std::to_string(e.offset) + ": " + e.message + "\n";
  EXPECT_TRUE(ast.errors.empty()) << text << "\n" << errors;
  return dump(ast);
}

// The `where` predicate of `T | where <predicate>`.
std::string predicate(std::string_view predicate_text) {
  std::string text = "T | where " + std::string(predicate_text);
  std::string t = tree(text);
  std::string prefix = "(query (pipe (source T) (where ";
  EXPECT_EQ(t.substr(0, prefix.size()), prefix) << t;
  return t.substr(prefix.size(), t.size() - prefix.size() - 3);
}

// The print items of `print <items>`.
std::string printed(std::string_view items) {
  std::string t = tree("print " + std::string(items));
  std::string prefix = "(query (pipe (print ";
  EXPECT_EQ(t.substr(0, prefix.size()), prefix) << t;
  return t.substr(prefix.size(), t.size() - prefix.size() - 3);
}

// The operators of `T | <ops>` after the source.
std::string ops(std::string_view operators) {
  std::string t = tree("T | " + std::string(operators));
  std::string prefix = "(query (pipe (source T) ";
  EXPECT_EQ(t.substr(0, prefix.size()), prefix) << t;
  return t.substr(prefix.size(), t.size() - prefix.size() - 2);
}

// ------------------------------------------------------------- precedence

TEST(ParserPrecedence, OrAndComparisonAdditiveMultiplicative) {
  EXPECT_EQ(predicate("a == 1 or b has \"x\" and c < 2 + 3 * 4"),
            "(or (== a long:1) (and (has b \"x\") (< c (+ long:2 (* long:3 long:4)))))");
}

TEST(ParserPrecedence, UnaryBindsTighterThanMultiplication) {
  EXPECT_EQ(predicate("-a * b + c > d == e"), "(== (> (+ (* (- a) b) c) d) e)");
}

TEST(ParserPrecedence, LeftAssociative) {
  EXPECT_EQ(predicate("a - b - c"), "(- (- a b) c)");
  EXPECT_EQ(predicate("a and b and c"), "(and (and a b) c)");
}

TEST(ParserPrecedence, LoneEqualsComparesInWhereOnly) {
  EXPECT_EQ(predicate("EventID = 4624 and A == 1"), "(and (== EventID long:4624) (== A long:1))");
  EXPECT_EQ(tree("T | where A = 1 | extend B = 2"), tree("T | where A == 1 | extend B = 2"));
  // an operator nested in the predicate names its columns with `=` as usual
  EXPECT_NE(tree("T | where A in ((U | extend B = 1 | project B))").find("(extend"), std::string::npos);
}

TEST(ParserPrecedence, ParenthesesGroup) { EXPECT_EQ(predicate("(a or b) and c"), "(and (or a b) c)"); }

// -------------------------------------------------------- scalar operators

TEST(ParserOperators, StringOperatorsWithNegationAndCase) {
  EXPECT_EQ(predicate("a !contains_cs \"x\" and b !has 'y' and c =~ 'z' and d !~ 'w'"),
            "(and (and (and (!contains_cs a \"x\") (!has b \"y\")) (=~ c \"z\")) (!~ d \"w\"))");
  for (std::string_view op : {"contains", "contains_cs", "has", "has_cs", "hasprefix", "hasprefix_cs", "hassuffix",
                              "hassuffix_cs", "startswith", "startswith_cs", "endswith", "endswith_cs"}) {
    EXPECT_EQ(predicate("a " + std::string(op) + " 'x'"), "(" + std::string(op) + " a \"x\")");
    EXPECT_EQ(predicate("a !" + std::string(op) + " 'x'"), "(!" + std::string(op) + " a \"x\")");
  }
  EXPECT_EQ(predicate("a notcontains 'x'"), "(!contains a \"x\")");
  EXPECT_EQ(predicate("a matches regex @'\\d+'"), "(matches regex a \"\\\\d+\")");
  EXPECT_EQ(predicate("a <> 1 and b != 2"), "(and (!= a long:1) (!= b long:2))");
}

TEST(ParserOperators, InFamily) {
  EXPECT_EQ(predicate("a in ('x', 'y')"), "(in a \"x\" \"y\")");
  EXPECT_EQ(predicate("a in~ (L)"), "(in~ a L)");
  EXPECT_EQ(predicate("a !in ('x')"), "(!in a \"x\")");
  EXPECT_EQ(predicate("a !in~ ('x')"), "(!in~ a \"x\")");
  EXPECT_EQ(predicate("a has_any (dynamic(['x']))"), "(has_any a [\"x\"])");
  EXPECT_EQ(predicate("a has_all ('x', 'y')"), "(has_all a \"x\" \"y\")");
  EXPECT_EQ(predicate("a in (U | project x)"), "(in a (pipe (source U) (project x)))");
}

TEST(ParserOperators, Between) {
  EXPECT_EQ(predicate("x between (1 .. 10)"), "(between x long:1 long:10)");
  EXPECT_EQ(predicate("x !between (ago(1d) .. now())"), "(!between x (call ago timespan:1d) (call now))");
}

TEST(ParserOperators, WildcardColumnsAndPackAll) {
  EXPECT_EQ(predicate("* has 'x'"), "(has * \"x\")");
  EXPECT_EQ(predicate("pack_all() has 'x'"), "(has (call pack_all) \"x\")");
}

// ---------------------------------------------------------------- literals

TEST(ParserLiterals, Strings) {
  EXPECT_EQ(printed("a = \"x\\\"y\", b = 'it\\'s', c = @\"C:\\d\", d = @'a''b', e = h\"secret\", f = ```multi\nline```"),
            "a=\"x\\\"y\" b=\"it's\" c=\"C:\\\\d\" d=\"a'b\" e=\"secret\" f=\"multi\nline\"");
  EXPECT_EQ(printed("s = 'a' \"b\" @'c'"), "s=\"abc\"");  // adjacent literals concatenate
}

TEST(ParserLiterals, NumbersTimespansBools) {
  EXPECT_EQ(printed("a = 42, b = 0x10, c = 1.5, d = 1e3, e = 1d, f = 1.5h, g = 100ms, h = 1tick, i = true, j = False"),
            "a=long:42 b=long:0x10 c=real:1.5 d=real:1e3 e=timespan:1d f=timespan:1.5h g=timespan:100ms "
            "h=timespan:1tick i=bool:true j=bool:False");
}

TEST(ParserLiterals, TypedLiterals) {
  EXPECT_EQ(printed("a = datetime(2020-01-01 10:00), b = timespan(1.02:03:04), "
                    "c = guid(74be27de-1e4e-49d9-b579-fe0b331d3642), d = datetime(null), e = time(1d)"),
            "a=datetime:2020-01-01 10:00 b=timespan:1.02:03:04 c=guid:74be27de-1e4e-49d9-b579-fe0b331d3642 "
            "d=null:datetime e=timespan:1d");
  EXPECT_EQ(printed("a = long(null), b = int(5), c = real(nan), d = real(-inf), e = bool(true), f = decimal(1.5)"),
            "a=null:long b=int:5 c=real:nan d=real:-inf e=bool:true f=decimal:1.5");
}

TEST(ParserLiterals, Dynamic) {
  EXPECT_EQ(printed("a = dynamic(null), b = dynamic('s'), c = dynamic([1, -2, 'x', [true], {'k': {'n': null}}]), "
                    "d = dynamic({})"),
            "a=null:dynamic b=(dynamic \"s\") c=[long:1 (- long:2) \"x\" [bool:true] {k:{n:null}}] d={}");
  Ast ast = parse("print dynamic({\"a\": 1, \"b\": [2]})");
  ASSERT_TRUE(ast.errors.empty());
  auto* print = ast.statements[0]->value->as<TabularExpr>()->pipeline->operators[0];
  auto* lit = print->items[0].expr->as<LiteralExpr>();
  ASSERT_NE(lit, nullptr);
  EXPECT_EQ(lit->literal, LiteralKind::Dynamic);
  EXPECT_EQ(lit->shape, LiteralExpr::Shape::Bag);
  EXPECT_EQ(lit->keys, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(lit->type, "dynamic");
}

// ------------------------------------------------------ names and postfix

TEST(ParserNames, PathsIndexesSlicesAndBrackets) {
  EXPECT_EQ(printed("a = x.y.z, b = x['k'][0], c = x[1:3], d = ['my col'], e = $left.a, f = x.type.count"),
            "a=(. (. x y) z) b=([] ([] x \"k\") long:0) c=([:] x long:1 long:3) d=['my col'] e=(. $left a) "
            "f=(. (. x type) count)");
}

TEST(ParserNames, CallsWithNamedArguments) {
  EXPECT_EQ(printed("a = f(1, name = 'x'), b = T.f(), c = count(), d = bin(x, 1h), e = iff(a, 1, 2)"),
            "a=(call f long:1 name=\"x\") b=(call (. T f)) c=(call count) d=(call bin x timespan:1h) "
            "e=(call iff a long:1 long:2)");
}

TEST(ParserNames, KeywordsAsColumnNames) {
  EXPECT_EQ(ops("where type == 'x' and kind == 1 | project count = 1, project = 2, by = 3"),
            "(where (and (== type \"x\") (== kind long:1))) (project count=long:1 project=long:2 by=long:3)");
}

TEST(ParserNames, ClusterDatabaseTableWorkspace) {
  EXPECT_EQ(tree("cluster('c').database('d').T | take 1"),
            "(query (pipe (source (. (call (. (call cluster \"c\") database) \"d\") T)) (take long:1)))");
  EXPECT_EQ(tree("union workspace('w').U, table('n')"),
            "(query (pipe (union (pipe (source (. (call workspace \"w\") U))) (pipe (source (call table \"n\"))))))");
}

// --------------------------------------------------------------- operators

TEST(ParserTabular, ProjectionOperators) {
  EXPECT_EQ(ops("filter a | extend b = 1, (c, d) = f(), e | project a, b = c | project-keep a* | "
                "project-reorder b desc, a | project-rename n = o | project-away x, y*, ['z z']"),
            "(filter a) (extend b=long:1 (c d)=(call f) e) (project a b=c) (project-keep a*) "
            "(project-reorder (b desc) a) (project-rename n=o) (project-away x y* ['z z'])");
}

TEST(ParserTabular, SummarizeDistinctCount) {
  EXPECT_EQ(ops("summarize hint.strategy=shuffle n = count(), dcount(u) by bin(TimeGenerated, 1h), k | "
                "summarize by a | summarize (t, v) = arg_max(t, *) | distinct a, b | count"),
            "(summarize hint.strategy=shuffle n=(call count) (call dcount u) by (call bin TimeGenerated timespan:1h) k) "
            "(summarize by a) (summarize (t v)=(call arg_max t *)) (distinct a b) (count)");
}

TEST(ParserTabular, SortTopTakeSample) {
  EXPECT_EQ(ops("sort by a desc nulls first, b asc | order by c | top 5 by n desc | take 10 | limit 2 | "
                "sample 3 | sample-distinct 4 of c | serialize r = row_number()"),
            "(sort by (a desc nulls first) (b asc)) (order by c) (top long:5 by (n desc)) (take long:10) (limit long:2) "
            "(sample long:3) (sample-distinct long:4 c) (serialize r=(call row_number))");
}

TEST(ParserTabular, JoinAndLookup) {
  EXPECT_EQ(ops("join kind=leftouter hint.remote=auto (U | where x) on $left.a == $right.b, c | join V on k | "
                "lookup kind=inner W on k"),
            "(join kind=leftouter hint.remote=auto on (== (. $left a) (. $right b)) c (pipe (source U) (where x))) "
            "(join on k (pipe (source V))) (lookup kind=inner on k (pipe (source W)))");
  // `kind= leftouter (T)`: the option value is a word, not a call.
  EXPECT_EQ(ops("join kind= leftouter (U) on k"), "(join kind=leftouter on k (pipe (source U)))");
}

TEST(ParserTabular, Union) {
  EXPECT_EQ(tree("union kind=outer withsource=Table isfuzzy=true Sec*, (T | take 1), U"),
            "(query (pipe (union kind=outer withsource=Table isfuzzy=bool:true (pipe (source Sec*)) "
            "(pipe (source T) (take long:1)) (pipe (source U)))))");
  EXPECT_EQ(ops("union U"), "(union (pipe (source U)))");
}

TEST(ParserTabular, MvExpandAndMvApply) {
  EXPECT_EQ(ops("mv-expand bagexpansion=array with_itemindex=i x = a to typeof(string), b limit 10 | mvexpand c"),
            "(mv-expand bagexpansion=array with_itemindex=i limit=long:10 x=a to string b) (mvexpand c)");
  EXPECT_EQ(ops("mv-apply e = arr to typeof(long) on (where e > 1 | summarize s = sum(e))"),
            "(mv-apply e=arr to long (pipe (where (> e long:1)) (summarize s=(call sum e))))");
}

TEST(ParserTabular, ParseFamily) {
  EXPECT_EQ(ops("parse Msg with * 'user=' User:string ' id=' Id:long *"),
            "(parse Msg with * \"user=\" User:string \" id=\" Id:long *)");
  EXPECT_EQ(ops("parse-where kind=regex flags=Ui Msg with '(.*)' x"),
            "(parse-where kind=regex flags=Ui Msg with \"(.*)\" x)");
  EXPECT_EQ(ops("parse-kv Msg as (a:string, b:long) with (pair_delimiter=',', kv_delimiter='=')"),
            "(parse-kv pair_delimiter=\",\" kv_delimiter=\"=\" Msg with a:string b:long)");
}

TEST(ParserTabular, EvaluateInvokeAsGetschemaRender) {
  EXPECT_EQ(ops("evaluate bag_unpack(d) | evaluate hint.distribution=per_node autocluster(0.1) | invoke f(1) | "
                "as hint.materialized=true X | getschema | render timechart with (title='x') | render piechart kind=stacked"),
            "(evaluate (call bag_unpack d)) (evaluate hint.distribution=per_node (call autocluster real:0.1)) "
            "(invoke (call f long:1)) (as hint.materialized=bool:true X) (getschema) (render title=\"x\" timechart) "
            "(render kind=stacked piechart)");
}

TEST(ParserTabular, MakeSeries) {
  EXPECT_EQ(ops("make-series n = count() default = 0 on TimeGenerated from ago(1d) to now() step 1h by k"),
            "(make-series default=long:0 from=(call ago timespan:1d) to=(call now) step=timespan:1h n=(call count) "
            "by k on TimeGenerated)");
  EXPECT_EQ(ops("make-series avg(v) on t in range(ago(1d), now(), 1h)"),
            "(make-series in=(call range (call ago timespan:1d) (call now) timespan:1h) (call avg v) on t)");
}

TEST(ParserTabular, SearchAndFind) {
  EXPECT_EQ(tree("search kind=case_sensitive in (T, U*) 'x' and A has 'y'"),
            "(query (pipe (search kind=case_sensitive (and \"x\" (has A \"y\")) (pipe (source T)) (pipe (source U*)))))");
  EXPECT_EQ(tree("find withsource=S in (T, U) where x == 1 project a, b"),
            "(query (pipe (find withsource=S a b (== x long:1) (pipe (source T)) (pipe (source U)))))");
  EXPECT_EQ(ops("search 'error'"), "(search \"error\")");
}

TEST(ParserTabular, DataSources) {
  EXPECT_EQ(tree("externaldata (a:string, b:long) [h@'https://x/y.csv'] with (format='csv', ignoreFirstRecord=true)"),
            "(query (pipe (externaldata format=\"csv\" ignoreFirstRecord=bool:true \"https://x/y.csv\" with a:string b:long)))");
  EXPECT_EQ(tree("datatable (a:string, b:dynamic) ['x', dynamic([1])] | where a == 'x'"),
            "(query (pipe (datatable \"x\" [long:1] with a:string b:dynamic) (where (== a \"x\"))))");
  EXPECT_EQ(tree("range x from 1 to 10 step 1 | extend y = x * 2"),
            "(query (pipe (range from=long:1 to=long:10 step=long:1 x) (extend y=(* x long:2))))");
  EXPECT_EQ(tree("print x = 1 | extend z = x"), "(query (pipe (print x=long:1) (extend z=x)))");
}

TEST(ParserTabular, PartitionForkFacetTopNested) {
  EXPECT_EQ(ops("partition hint.strategy=native by k (top 1 by t) | partition by k { U | take 1 }"),
            "(partition hint.strategy=native by k (pipe (top long:1 by t))) (partition by k (pipe (source U) (take long:1)))");
  EXPECT_EQ(ops("fork (where a | take 1) b = (summarize count())"),
            "(fork (pipe (where a) (take long:1)) b=(pipe (summarize (call count))))");
  EXPECT_EQ(ops("facet by a, b with (take 1)"), "(facet by a b (pipe (take long:1)))");
  EXPECT_EQ(ops("top-nested 3 of a by n = count() desc, top-nested of b with others = -1 by sum(x)"),
            "(top-nested count=long:3 others=(- long:1) a b by (n=(call count) desc) (call sum x))");
  EXPECT_EQ(ops("top-hitters 5 of a by b"), "(top-hitters long:5 a by b)");
}

TEST(ParserTabular, OperatorsKeptAsSpans) {
  EXPECT_EQ(ops("scan with_match_id=m declare (s:string) with (step s1: x == 1 => s = x; step s2: x == 2;) | "
                "reduce by msg with threshold=0.5 | project-smart | consume | make-graph a --> b with N on id"),
            "(scan) (reduce by msg) (project-smart) (consume) (make-graph)");
}

TEST(ParserTabular, OperatorSpans) {
  std::string_view text = "T | where a == 1 | take 5";
  Ast ast = parse(text);
  ASSERT_TRUE(ast.errors.empty());
  const Pipeline* p = ast.statements[0]->value->as<TabularExpr>()->pipeline;
  ASSERT_EQ(p->operators.size(), 3u);
  const Operator* where = p->operators[1];
  EXPECT_EQ(text.substr(where->span.begin, where->span.end - where->span.begin), "where a == 1");
  EXPECT_EQ(text.substr(where->keyword_span.begin, where->keyword_span.end - where->keyword_span.begin), "where");
  const Expr* pred = where->predicate;
  EXPECT_EQ(text.substr(pred->span.begin, pred->span.end - pred->span.begin), "a == 1");
}

// -------------------------------------------------------------- statements

TEST(ParserStatements, LetScalarTabularMaterializeToscalar) {
  EXPECT_EQ(tree("let x = 5; let t = T | where a; let m = materialize(U | take 1); let s = toscalar(V | count); t"),
            "(let x long:5)\n(let t (pipe (source T) (where a)))\n"
            "(let m (call materialize (pipe (source U) (take long:1))))\n"
            "(let s (call toscalar (pipe (source V) (count))))\n(query (pipe (source t)))");
  EXPECT_EQ(tree("let procs = dynamic(['a', 'b']);\nT | where X in~ (procs)"),
            "(let procs [\"a\" \"b\"])\n(query (pipe (source T) (where (in~ X procs))))");
}

TEST(ParserStatements, LambdasAndViews) {
  EXPECT_EQ(tree("let f = (a:string, T:(*), n:long = 5) { T | where x == a }; f('x', U)"),
            "(let f (lambda (a:string T:(*) n:long=long:5) (query (pipe (source T) (where (== x a))))))\n"
            "(query (pipe (source (call f \"x\" U))))");
  EXPECT_EQ(tree("let g = (T:(TimeGenerated:datetime, x:string)) { let y = 1; T | take y }; g(U)"),
            "(let g (lambda (T:(TimeGenerated:datetime, x:string)) (let y long:1) (query (pipe (source T) (take y)))))\n"
            "(query (pipe (source (call g U))))");
  EXPECT_EQ(tree("let v = view () { T }; v"), "(let v (view () (query (pipe (source T)))))\n(query (pipe (source v)))");
  EXPECT_EQ(tree("let h = () { 1 }; print h()"), "(let h (lambda () (query (pipe (source long:1)))))\n"
                                                   "(query (pipe (print (call h))))");
}

TEST(ParserStatements, SetDeclareAlias) {
  EXPECT_EQ(tree("set notruncation; set query_take_max_records = 10; T"),
            "(set notruncation)\n(set query_take_max_records long:10)\n(query (pipe (source T)))");
  EXPECT_EQ(tree("declare query_parameters(a:string = 'x', b:long); T"),
            "(declare query_parameters (a:string=\"x\" b:long))\n(query (pipe (source T)))");
  EXPECT_EQ(tree("alias database db = cluster('c').database('d'); T"),
            "(alias db (call (. (call cluster \"c\") database) \"d\"))\n(query (pipe (source T)))");
}

TEST(ParserStatements, CommentsAndDirectives) {
  EXPECT_EQ(tree("#connect cluster('x')\n// a comment\nT // trailing\n| take 1 // end"),
            "(query (pipe (source T) (take long:1)))");
}

// ------------------------------------------------------------------ errors

TEST(ParserErrors, UnknownOperatorIsReportedAndTheNextOperatorsParse) {
  std::string_view text = "T | wher a == 1 | take 5 | project b";
  Ast ast = parse(text);
  ASSERT_EQ(ast.errors.size(), 1u);
  EXPECT_EQ(ast.errors[0].message, "unknown tabular operator 'wher'");
  EXPECT_EQ(ast.errors[0].offset, 4u);
  EXPECT_EQ(dump(ast), "(query (pipe (source T) (take long:5) (project b)))");
}

TEST(ParserErrors, BadExpressionResyncsAtThePipeOfItsLevel) {
  std::string_view text = "T | where a == (1 + ) | extend x = f(1,, 2) | take 1";
  Ast ast = parse(text);
  ASSERT_EQ(ast.errors.size(), 2u);
  EXPECT_EQ(ast.errors[0].offset, text.find(") |"));
  EXPECT_EQ(ast.errors[0].message, "expected an expression, found ')'");
  EXPECT_EQ(ast.errors[1].offset, text.find(", 2"));
  EXPECT_EQ(dump(ast), "(query (pipe (source T) (take long:1)))");
}

TEST(ParserErrors, ErrorInsideASubqueryKeepsTheOuterPipeline) {
  Ast ast = parse("T | join (U | where ) on k | take 1");
  ASSERT_EQ(ast.errors.size(), 1u);
  EXPECT_EQ(dump(ast), "(query (pipe (source T) (join on k (pipe (source U))) (take long:1)))");
}

TEST(ParserErrors, UnclosedParenthesisNamesTheOpener) {
  std::string_view text = "T | where (a == 1 | take 1";
  Ast ast = parse(text);
  ASSERT_FALSE(ast.errors.empty());
  // `(a == 1 | take 1)` would be a valid subquery (the official parser agrees).
  EXPECT_EQ(ast.errors[0].message, "expected ')' to close '(', found the end of the query");
  EXPECT_EQ(ast.errors[0].offset, text.size());
  EXPECT_EQ(ast.errors[0].related_offset, 10u);
  Ast call = parse("print toscalar(T | count");
  ASSERT_FALSE(call.errors.empty());
  EXPECT_EQ(call.errors[0].message, "expected ')' to close 'toscalar(', found the end of the query");
}

TEST(ParserErrors, LexerErrorsBecomeParseErrors) {
  std::string_view text = "T | where a == 'open\n| take 1";
  Ast ast = parse(text);
  ASSERT_FALSE(ast.errors.empty());
  EXPECT_EQ(ast.errors[0].message, "unterminated string literal (strings end on the same line)");
  EXPECT_EQ(ast.errors[0].offset, 15u);
}

TEST(ParserErrors, BadStatementResyncsAtTheNextStatement) {
  Ast ast = parse("let = 1; let y = 2; T | take y");
  ASSERT_EQ(ast.errors.size(), 1u);
  EXPECT_EQ(dump(ast), "(let y long:2)\n(query (pipe (source T) (take y)))");
}

TEST(ParserErrors, MissingSemicolonBetweenStatements) {
  Ast ast = parse("let x = 1\nT | take x");
  ASSERT_EQ(ast.errors.size(), 1u);
  EXPECT_EQ(ast.errors[0].message, "expected ';' or the end of the query, found 'T'");
}

TEST(ParserErrors, InvalidForms) {
  for (std::string_view bad : {"T | where a has_any_cs ('x')", "T | where a == 1 AND b == 2", "T | Where a",
                               "T | take", "T |", "print x = dynamic([1,])", "T | sort a", "T | where x between (1, 2)",
                               "T | project a,", "let f = (a:string { a }; f('x')", "T | extend x = ]"}) {
    EXPECT_FALSE(parse(bad).errors.empty()) << bad;
  }
}

TEST(ParserErrors, DeepNestingIsAnErrorNotACrash) {
  std::string deep = "print x = " + std::string(10000, '(') + "1" + std::string(10000, ')');
  Ast ast = parse(deep);
  ASSERT_FALSE(ast.errors.empty());
  EXPECT_NE(ast.errors[0].message.find("nesting is deeper than"), std::string::npos);

  std::string deep_unary = "print x = " + std::string(10000, '-') + "1";
  EXPECT_FALSE(parse(deep_unary).errors.empty());
  std::string deep_dynamic = "print dynamic(" + std::string(10000, '[') + std::string(10000, ']') + ")";
  EXPECT_FALSE(parse(deep_dynamic).errors.empty());
  std::string deep_subqueries;
  for (int i = 0; i < 5000; ++i) deep_subqueries += "T | join (";
  EXPECT_FALSE(parse(deep_subqueries).errors.empty());

  ParseOptions shallow;
  shallow.max_depth = 3;
  EXPECT_TRUE(parse("print x = ((1))", shallow).errors.empty());
  EXPECT_FALSE(parse("print x = ((((1))))", shallow).errors.empty());
}

TEST(ParserErrors, GarbageNeverCrashes) {
  for (std::string_view junk : {")", "]]]", "}", "|||", ";;;", "let x", "let x =", "(", "T | join (",
                                "datatable(", "print dynamic({", "T | parse x with", "\"", "@", "```", "T | mv-apply x on (",
                                "T | where a in (", "T | where a between (1 ..", "union", "range x from", "T | top-nested of",
                                "T | fork (", "T | render", "externaldata(a:string)[", "let f = view (", "$", "T;;", "T | where x in ()"}) {
    Ast ast = parse(junk);
    EXPECT_FALSE(ast.errors.empty()) << junk;
  }
}

// ------------------------------------------------------------------ corpus

// Every Sentinel `query:` value in the corpus parses, except the few that are
// not valid KQL (checked against the official parser).
TEST(ParserCorpus, SentinelYamlQueriesParse) {
  namespace fs = std::filesystem;
  fs::path shared = RULEDEX_SHARED_DIR;
  if (!fs::exists(shared / "corpus" / "sentinel")) GTEST_SKIP() << "no corpus at " << shared << "/corpus/sentinel";
  const std::set<std::string> invalid = {
      // Unbalanced quotes: `"org.add_member Action == ...`.
      "First Time User Invite and Add Member to Org.yaml",
      // Mismatched quotes: eventresult='Failure".
      "Detect Outbound LDAP Traffic(ASIM Network Session schema).yaml",
  };
  size_t parsed = 0;
  for (std::string_view dir : {"sentinel", "sentinel-modern"}) {
    for (const auto& entry : fs::recursive_directory_iterator(shared / "corpus" / std::string(dir))) {
      std::string ext = entry.path().extension().string();
      if (!entry.is_regular_file() || (ext != ".yaml" && ext != ".yml")) continue;
      YAML::Node doc;
      try {
        doc = YAML::LoadFile(entry.path().string());
      } catch (const YAML::Exception&) {
        continue;  // the readers report broken YAML; not the parser's business
      }
      if (!doc.IsMap() || !doc["query"] || !doc["query"].IsScalar()) continue;
      std::string query = doc["query"].as<std::string>();
      Ast ast = parse(query);
      ++parsed;
      if (invalid.count(entry.path().filename().string())) {
        EXPECT_FALSE(ast.errors.empty()) << entry.path();
        continue;
      }
      for (const ParseError& e : ast.errors) ADD_FAILURE() << entry.path() << " @" << e.offset << ": " << e.message;
    }
  }
  EXPECT_GT(parsed, 400u);
}

}  // namespace
}  // namespace ruledex::kql
