#include "kql/lowering.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "kql/parser.h"
#include "render/logic_outline.h"
#include "schema/table_schemas.h"

namespace ruledex::kql {
namespace {

using Strings = std::vector<std::string>;

Rule lower_query(std::string query, const TableSchemas* schemas = nullptr, uint32_t query_line = 1) {
  Rule rule;
  rule.query = std::move(query);
  rule.query_line = query_line;
  Ast ast = parse(rule.query);
  for (const ParseError& error : ast.errors)
    ADD_FAILURE() << "parse error at " << error.offset << ": " << error.message << "\nin: " << rule.query;
  lower(ast, rule, LoweringOptions{schemas});
  return rule;
}

// "field [!]op[_cs] [v1,v2]" plus " *" for an indicator: one line says it all.
std::string describe(const Predicate& p) {
  std::string text = p.field + " " + (p.negated ? "!" : "") + std::string(to_string(p.op)) +
                     (p.case_sensitive ? "_cs" : "") + " [";
  for (size_t i = 0; i < p.values.size(); ++i) text += (i ? "," : "") + p.values[i];
  return text + "]" + (p.indicator ? " *" : "");
}

Strings predicates(const Rule& rule) {
  Strings out;
  for (const Predicate& p : rule.predicates) out.push_back(describe(p));
  return out;
}

Strings predicates_of(std::string query) { return predicates(lower_query(std::move(query))); }

// "kind" or "kind*steps".
Strings stages(const Rule& rule) {
  Strings out;
  for (const Stage& s : rule.stages) out.push_back(s.kind + (s.steps > 1 ? "*" + std::to_string(s.steps) : ""));
  return out;
}

// "name@stage" or "*T@stage" for all the columns of T.
Strings fields(const Rule& rule) {
  Strings out;
  for (const OutputField& f : rule.output_fields) {
    EXPECT_LT(f.stage_index, rule.stages.size());
    if (f.stage_index < rule.stages.size()) {
      EXPECT_EQ(f.stage, rule.stages[f.stage_index].kind);
    }
    out.push_back((f.name.empty() ? "*" + f.all_columns_of : f.name) + "@" + f.stage);
  }
  return out;
}

Strings fields_of(std::string query, const TableSchemas* schemas = nullptr) {
  return fields(lower_query(std::move(query), schemas));
}

const TableSchemas& test_schemas() {
  static const TableSchemas schemas = TableSchemas::parse_csv(
      "table_name,column_name,column_type,description\n"
      "T,TimeGenerated,datetime,\n"
      "T,Account,string,\n"
      "T,AccountType,string,\n"
      "T,Computer,string,\n"
      "U,TimeGenerated,datetime,\n"
      "U,Computer,string,\n"
      "U,IpAddress,string,\n",
      "test.csv");
  return schemas;
}

// ------------------------------------------------------------- predicates

TEST(LoweringPredicates, OperatorMapping) {
  struct Case {
    std::string condition;
    std::string predicate;
  };
  const std::vector<Case> cases = {
      {"A == 'x'", "A eq_cs [x] *"},
      {"A != 'x'", "A !eq_cs [x] *"},
      {"A =~ 'x'", "A eq [x] *"},
      {"A !~ 'x'", "A !eq [x] *"},
      {"A contains 'x'", "A contains [x] *"},
      {"A contains_cs 'x'", "A contains_cs [x] *"},
      {"A !contains 'x'", "A !contains [x] *"},
      {"A !contains_cs 'x'", "A !contains_cs [x] *"},
      {"A has 'x'", "A has [x] *"},
      {"A has_cs 'x'", "A has_cs [x] *"},
      {"A !has 'x'", "A !has [x] *"},
      {"A startswith 'x'", "A startswith [x] *"},
      {"A !startswith_cs 'x'", "A !startswith_cs [x] *"},
      {"A endswith 'x'", "A endswith [x] *"},
      {"A hasprefix 'x'", "A contains [x] *"},
      {"A !hassuffix 'x'", "A !contains [x] *"},
      {"A in ('x', 'y')", "A in_cs [x,y] *"},
      {"A !in ('x')", "A !in_cs [x] *"},
      {"A in~ ('x', 'y')", "A in [x,y] *"},
      {"A !in~ ('x')", "A !in [x] *"},
      {"A has_any ('x', 'y')", "A has_any [x,y] *"},
      {"A has_all ('x', 'y')", "A has_all [x,y] *"},
      {"A matches regex @'^a\\d+'", "A regex_cs [^a\\d+] *"},
      {"A between (1 .. 5)", "A between_cs [1,5] *"},
      {"A !between (1 .. 5)", "A !between_cs [1,5] *"},
      {"A < 5", "A lt_cs [5] *"},
      {"A <= 5", "A le_cs [5] *"},
      {"A > 5", "A gt_cs [5] *"},
      {"A >= 5.5", "A ge_cs [5.5] *"},
      {"5 < A", "A gt_cs [5] *"},
      {"'x' == A", "A eq_cs [x] *"},
      {"A > -1", "A gt_cs [-1] *"},
      {"isnotempty(A)", "A exists []"},
      {"isnotnull(A)", "A exists []"},
      {"isempty(A)", "A !exists []"},
      {"isnull(A)", "A !exists []"},
      {"ipv4_is_in_range(A, '10.0.0.0/8')", "A cidr [10.0.0.0/8] *"},
      {"ipv4_is_in_any_range(A, '10.0.0.0/8', '192.168.0.0/16')", "A cidr [10.0.0.0/8,192.168.0.0/16] *"},
  };
  for (const Case& c : cases)
    EXPECT_EQ(predicates_of("T | where " + c.condition), Strings{c.predicate}) << c.condition;
}

TEST(LoweringPredicates, Negation) {
  EXPECT_EQ(predicates_of("T | where not(A has 'x')"), Strings{"A !has [x] *"});
  EXPECT_EQ(predicates_of("T | where not(A !has 'x')"), Strings{"A has [x] *"});
  EXPECT_EQ(predicates_of("T | where not(not(A == 1))"), Strings{"A eq_cs [1] *"});
  // De Morgan: not(a and b) is (not a) or (not b); the list stays flat.
  EXPECT_EQ(predicates_of("T | where not(A == 'x' and B !in~ ('y', 'z'))"),
            (Strings{"A !eq_cs [x] *", "B in [y,z] *"}));
  EXPECT_EQ(predicates_of("T | where not(A == 'x' or not(isempty(B)))"), (Strings{"A !eq_cs [x] *", "B !exists []"}));
}

TEST(LoweringPredicates, BooleanStructureOnly) {
  // Comparisons inside iif/case or function arguments are not predicates.
  EXPECT_EQ(predicates_of("T | where iif(A == 'x', true, false)"), Strings{});
  EXPECT_EQ(predicates_of("T | where ipv4_is_private(A)"), Strings{});
  EXPECT_EQ(predicates_of("T | extend B = case(A == 'x', 1, 2) | where B == 1"), Strings{"B eq_cs [1]"});
  EXPECT_EQ(predicates_of("T | where (A == 1 or B == 2) and C has 'x'"),
            (Strings{"A eq_cs [1] *", "B eq_cs [2] *", "C has [x] *"}));
}

TEST(LoweringPredicates, ValuesAndFields) {
  EXPECT_EQ(predicates_of("T | where TimeGenerated > ago(1d)"), Strings{"TimeGenerated gt_cs [ago(1d)]"});
  EXPECT_EQ(predicates_of("T | where D > datetime(2021-01-01)"), Strings{"D gt_cs [datetime(2021-01-01)] *"});
  EXPECT_EQ(predicates_of("T | where Duration > 1h"), Strings{"Duration gt_cs [1h] *"});
  EXPECT_EQ(predicates_of("T | where A == B"), Strings{"A eq_cs [B]"});
  EXPECT_EQ(predicates_of("T | where A == \"q\\\"uote\""), Strings{"A eq_cs [q\"uote] *"});
  EXPECT_EQ(predicates_of("T | where AdditionalFields.Foo == 'x'"), Strings{"AdditionalFields.Foo eq_cs [x] *"});
  EXPECT_EQ(predicates_of("T | where Props['a b'] =~ 'x'"), Strings{"Props.a b eq [x] *"});
  EXPECT_EQ(predicates_of("T | where Args[0] == 'x'"), Strings{"Args[0] eq_cs [x] *"});
  EXPECT_EQ(predicates_of("T | where ['Odd Name'] == 'x'"), Strings{"Odd Name eq_cs [x] *"});
  // Conversions keep the field; tolower/toupper make the comparison case-insensitive.
  EXPECT_EQ(predicates_of("T | where tolower(A) == 'x'"), Strings{"A eq [x] *"});
  EXPECT_EQ(predicates_of("T | where tostring(P.x) == 'x'"), Strings{"P.x eq_cs [x] *"});
  // Anything else is kept as written, never an indicator.
  EXPECT_EQ(predicates_of("T | where strlen(A) > 3"), Strings{"strlen(A) gt_cs [3]"});
  EXPECT_EQ(predicates_of("T | where parse_json(X).y == 'z'"), Strings{"parse_json(X).y eq_cs [z]"});
  EXPECT_EQ(predicates_of("T | where A in (U | project B)"), Strings{"A in_cs [U | project B]"});
}

// A column that only renames or extracts a source field stands for that field.
TEST(LoweringPredicates, ColumnLineage) {
  EXPECT_EQ(predicates_of("T | extend Operation = tostring(RawEventData.Operation) | where Operation == 'x'"),
            Strings{"RawEventData.Operation eq_cs [x] *"});
  EXPECT_EQ(predicates_of("T | extend D = RawEventData['Detail'] | extend N = tolower(D.Name) | where N == 'x'"),
            Strings{"RawEventData.Detail.Name eq [x] *"});
  EXPECT_EQ(predicates_of("T | project Op = tostring(A.Op) | project Op | where Op =~ 'x'"), Strings{"A.Op eq [x] *"});
  EXPECT_EQ(predicates_of("T | project-rename Who = Account | where Who has 'adm'"), Strings{"Account has [adm] *"});
  // Anything else a column computes keeps the column's own name, not an indicator.
  EXPECT_EQ(predicates_of("T | extend L = strlen(A) | where L > 5"), Strings{"L gt_cs [5]"});
  EXPECT_EQ(predicates_of("T | extend L = strcat(A, B) | where L == 'x'"), Strings{"L eq_cs [x]"});
}

TEST(LoweringPredicates, RangesAndStages) {
  Rule rule = lower_query("T\n| where A == 1 and B == 2\n| extend C = 1\n| where C == 3");
  ASSERT_EQ(rule.predicates.size(), 3u);
  auto text = [&](const Predicate& p) { return rule.query.substr(p.range.begin, p.range.end - p.range.begin); };
  EXPECT_EQ(text(rule.predicates[0]), "A == 1");
  EXPECT_EQ(text(rule.predicates[1]), "B == 2");
  EXPECT_EQ(rule.predicates[0].stage, 1u);
  EXPECT_EQ(rule.predicates[2].stage, 3u);
  EXPECT_EQ(rule.stages[rule.predicates[2].stage].kind, "where");
}

TEST(LoweringPredicates, FilterAndSearch) {
  EXPECT_EQ(predicates_of("T | filter A == 'x'"), Strings{"A eq_cs [x] *"});
  EXPECT_EQ(predicates_of("search \"mimikatz\""), Strings{"* has [mimikatz]"});
  EXPECT_EQ(predicates_of("T | search A == 'x'"), Strings{"A eq_cs [x] *"});
  Rule search = lower_query("search in (T, U) \"x\" and A == 'y'", &test_schemas());
  EXPECT_EQ(predicates(search), (Strings{"* has [x]", "A eq_cs [y] *"}));
  EXPECT_EQ(search.data_sources, (Strings{"T", "U"}));
  EXPECT_EQ(fields(search), (Strings{"$table@source", "TimeGenerated@source", "Account@source", "AccountType@source",
                                     "Computer@source", "IpAddress@source"}));
  Rule find = lower_query("find in (T, U) where A has 'z'");
  EXPECT_EQ(predicates(find), Strings{"A has [z] *"});
  EXPECT_EQ(fields(find), (Strings{"source_@source", "*find@source"}));
}

// --------------------------------------------------------- let resolution

TEST(LoweringLets, ScalarAndListValues) {
  EXPECT_EQ(predicates_of("let x = 'foo';\nT | where A == x"), Strings{"A eq_cs [foo] *"});
  EXPECT_EQ(predicates_of("let procs = dynamic(['a.exe', 'b.exe']);\nT | where X in~ (procs)"),
            Strings{"X in [a.exe,b.exe] *"});
  EXPECT_EQ(predicates_of("let procs = dynamic(['a', 'b']);\nT | where X has_any (procs)"),
            Strings{"X has_any [a,b] *"});
  EXPECT_EQ(predicates_of("let l = pack_array('a', 'b');\nT | where X !in (l, 'c')"), Strings{"X !in_cs [a,b,c] *"});
  EXPECT_EQ(predicates_of("let n = 5;\nlet m = n;\nT | where X > m"), Strings{"X gt_cs [5] *"});
  EXPECT_EQ(predicates_of("T | where X in (dynamic(['a', 'b']), dynamic('c'))"), Strings{"X in_cs [a,b,c] *"});
  EXPECT_EQ(predicates_of("T | where X == dynamic({})"), Strings{"X eq_cs [dynamic({})] *"});
  EXPECT_EQ(predicates_of("let n = 5;\nT | where n < X"), Strings{"X gt_cs [5] *"});
  EXPECT_EQ(predicates_of("let n = 5;\nT | where m < X"), Strings{"m lt_cs [X]"});  // m is a column
  // The latest binding before the use wins.
  EXPECT_EQ(predicates_of("let x = 'a';\nlet x = 'b';\nT | where A == x"), Strings{"A eq_cs [b] *"});
}

TEST(LoweringLets, NonLiteralLetsAreNotIndicators) {
  EXPECT_EQ(predicates_of("let t = ago(1d);\nT | where TimeGenerated > t"), Strings{"TimeGenerated gt_cs [t]"});
  EXPECT_EQ(predicates_of("let bad = U | project IpAddress;\nT | where A in (bad)"), (Strings{"A in_cs [bad]"}));
  EXPECT_EQ(predicates_of("let f = (n:string) { T | where A == n };\nf('x')"), Strings{"A eq_cs [n]"});
}

TEST(LoweringLets, LetBoundSourceAndPredicates) {
  Rule rule = lower_query("let base = SigninLogs | where ResultType == '0';\nbase\n| where AppId == 'x'");
  EXPECT_EQ(stages(rule), (Strings{"source", "where"}));
  EXPECT_EQ(predicates(rule), (Strings{"ResultType eq_cs [0] *", "AppId eq_cs [x] *"}));
  EXPECT_EQ(rule.predicates[0].stage, 0u);
  EXPECT_EQ(rule.data_sources, Strings{"SigninLogs"});
  EXPECT_EQ(fields(rule), Strings{"*SigninLogs@source"});
}

TEST(LoweringLets, LastQueryStatementIsTheRulesQuery) {
  Rule rule = lower_query("T | where A == 1;\nU | where B == 2 | count");
  EXPECT_EQ(stages(rule), (Strings{"source", "where", "count"}));
  EXPECT_EQ(predicates(rule), Strings{"B eq_cs [2] *"});
  EXPECT_EQ(rule.data_sources, Strings{"U"});
}

// ------------------------------------------------------ source vs computed

TEST(LoweringIndicators, ComputedColumnsAreNotIndicators) {
  EXPECT_EQ(predicates_of("T | extend B = strcat(A, 'x') | where B == 'x' and A == 'y'"),
            (Strings{"B eq_cs [x]", "A eq_cs [y] *"}));
  // (a column that only renames or extracts one is that field: LoweringPredicates.ColumnLineage)
  EXPECT_EQ(predicates_of("T | extend B = tolower(A) | where B == 'x' and A == 'y'"),
            (Strings{"A eq [x] *", "A eq_cs [y] *"}));
  EXPECT_EQ(predicates_of("T | parse Msg with 'user=' User ' ' * | where User == 'x'"), Strings{"User eq_cs [x]"});
  EXPECT_EQ(predicates_of("T | summarize N = count() by A | where N > 5 and A == 'x'"),
            (Strings{"N gt_cs [5]", "A eq_cs [x] *"}));
  EXPECT_EQ(predicates_of("T | summarize count() by bin(TimeGenerated, 1h) | where TimeGenerated > 5"),
            Strings{"TimeGenerated gt_cs [5]"});
  EXPECT_EQ(predicates_of("T | project A | where A == 'x'"), Strings{"A eq_cs [x] *"});
  EXPECT_EQ(predicates_of("T | mv-expand A | where A == 'x'"), Strings{"A eq_cs [x] *"});
  EXPECT_EQ(predicates_of("T | join (U | extend C = 1) on K | where C == 1"), Strings{"C eq_cs [1]"});
}

// --------------------------------------------------------------- stages

TEST(LoweringStages, MergesRunsOfOneKeyword) {
  Rule rule = lower_query("T\n| where A == 1\n| where B == 2\n| extend C = 1\n| extend D = 2 | extend E = 3\n"
                          "| where C == 1\n| order by A\n| sort by B\n| take 5 | limit 3",
                          nullptr, 10);
  EXPECT_EQ(stages(rule), (Strings{"source", "where*2", "extend*3", "where", "order", "sort", "take", "limit"}));
  ASSERT_EQ(rule.stages.size(), 8u);
  auto text = [&](const Stage& s) { return rule.query.substr(s.range.begin, s.range.end - s.range.begin); };
  EXPECT_EQ(text(rule.stages[0]), "T");
  EXPECT_EQ(text(rule.stages[1]), "| where A == 1\n| where B == 2");
  EXPECT_EQ(text(rule.stages[2]), "| extend C = 1\n| extend D = 2 | extend E = 3");
  EXPECT_EQ(rule.stages[0].line, 10u);
  EXPECT_EQ(rule.stages[1].line, 11u);
  EXPECT_EQ(rule.stages[3].line, 15u);
  // A trailing `|` is not the stage's text.
  Rule trailing = lower_query("T |\n  where A == 1");
  ASSERT_EQ(trailing.stages.size(), 2u);
  EXPECT_EQ(trailing.query.substr(trailing.stages[1].range.begin, 5), "where");
  EXPECT_EQ(trailing.stages[1].line, 2u);
}

TEST(LoweringStages, SourcesThatStartAQuery) {
  EXPECT_EQ(stages(lower_query("union A, B | where X == 1")), (Strings{"source", "where"}));
  EXPECT_EQ(stages(lower_query("print x = 1")), Strings{"source"});
}

// ---------------------------------------------------------- data sources

TEST(LoweringDataSources, TablesLegsAndFunctions) {
  Rule rule = lower_query(
      "let recent = materialize(SigninLogs | where TimeGenerated > ago(1d));\n"
      "let unused = AuditLogs;\n"
      "let f = () { OfficeActivity };\n"
      "recent\n| join kind=inner (f()) on UserId\n| union (_Im_Dns(starttime=ago(1h))), Sec*\n"
      "| lookup (database('db').Watch) on UserId\n| where X in (Alerts | project X)");
  EXPECT_EQ(rule.data_sources, (Strings{"SigninLogs", "OfficeActivity", "_Im_Dns", "Sec*", "Watch", "Alerts"}));
  EXPECT_EQ(predicates(rule), (Strings{"TimeGenerated gt_cs [ago(1d)]", "X in_cs [Alerts | project X]"}));
  EXPECT_EQ(rule.predicates[0].stage, 0u);
}

TEST(LoweringDataSources, KeepsReaderEntriesOnce) {
  Rule rule;
  rule.query = "AWSCloudTrail | union AWSCloudTrail";
  rule.data_sources = {"AWSCloudTrail"};
  Ast ast = parse(rule.query);
  lower(ast, rule);
  EXPECT_EQ(rule.data_sources, Strings{"AWSCloudTrail"});
}

// ------------------------------------------------------------ output fields

TEST(LoweringOutputFields, TableColumnsWithAndWithoutSchemas) {
  EXPECT_EQ(fields_of("T | where A == 1"), Strings{"*T@source"});
  EXPECT_EQ(fields_of("T | where A == 1", &test_schemas()),
            (Strings{"TimeGenerated@source", "Account@source", "AccountType@source", "Computer@source"}));
  EXPECT_EQ(fields_of("Unknown", &test_schemas()), Strings{"*Unknown@source"});
}

TEST(LoweringOutputFields, Project) {
  // Unnamed columns are named as the official language service names them.
  EXPECT_EQ(fields_of("T | project A, B = C, tostring(D.e), strlen(F), tolower(A), D['e'], parse_json(F)"),
            (Strings{"A@project", "B@project", "D_e@project", "strlen_F@project", "Column1@project", "D_e1@project",
                     "F@project"}));
  EXPECT_EQ(fields_of("T | extend X = 1 | project X, Account", &test_schemas()), (Strings{"X@extend", "Account@project"}));
  EXPECT_EQ(fields_of("T | distinct *", &test_schemas()),
            (Strings{"TimeGenerated@distinct", "Account@distinct", "AccountType@distinct", "Computer@distinct"}));
}

TEST(LoweringOutputFields, Extend) {
  EXPECT_EQ(fields_of("T | extend A = 1, B = 2 | extend A = 3"), (Strings{"*T@source", "A@extend", "B@extend"}));
  Rule rule = lower_query("T | extend Computer = 1 | where Computer == 1 | extend New = 2", &test_schemas());
  EXPECT_EQ(fields(rule), (Strings{"TimeGenerated@source", "Account@source", "AccountType@source", "Computer@extend",
                                   "New@extend"}));
  EXPECT_EQ(rule.output_fields[3].stage_index, 1u);
  EXPECT_EQ(rule.output_fields[4].stage_index, 3u);
}

TEST(LoweringOutputFields, SummarizeDefaultNames) {
  EXPECT_EQ(fields_of("T | summarize count(), dcount(A), make_set(B), make_list(C), min(D), max(D), sum(E), avg(E), "
                      "countif(E > 1), make_bag(P), take_any(F), percentiles(E, 50, 95) by G, bin(TimeGenerated, 1h)"),
            (Strings{"G@summarize", "TimeGenerated@summarize", "count_@summarize", "dcount_A@summarize",
                     "set_B@summarize", "list_C@summarize", "min_D@summarize", "max_D@summarize", "sum_E@summarize",
                     "avg_E@summarize", "countif_@summarize", "bag_P@summarize", "F@summarize",
                     "percentile_E_50@summarize", "percentile_E_95@summarize"}));
  EXPECT_EQ(fields_of("T | summarize dcount(A), dcount(tostring(A)), make_set_if(B, E > 1), make_set(B) by tostring(A)"),
            (Strings{"A@summarize", "dcount_A@summarize", "dcount_A1@summarize", "set_B@summarize",
                     "set_B1@summarize"}));
  EXPECT_EQ(fields_of("T | summarize N = count(), arg_max(TimeGenerated, A, B) by C"),
            (Strings{"C@summarize", "N@summarize", "TimeGenerated@summarize", "A@summarize", "B@summarize"}));
}

TEST(LoweringOutputFields, OfficialNamingCorners) {
  // Each expectation was checked against the official language service.
  EXPECT_EQ(fields_of("T | summarize makeset(A), makelist(B), tostring(makeset(C)) by D"),
            (Strings{"D@summarize", "set_A@summarize", "list_B@summarize", "set_C@summarize"}));
  EXPECT_EQ(fields_of("T | summarize t = arg_min(TimeGenerated, *), n = dcount(A) by Computer", &test_schemas()),
            (Strings{"Computer@summarize", "t@summarize", "Account@summarize", "AccountType@summarize",
                     "n@summarize"}));
  EXPECT_EQ(fields_of("T | project A, L | mv-apply x = L on (where x > 1)"),
            (Strings{"A@project", "L@project", "x@mv-apply"}));
  EXPECT_EQ(fields_of("T | project A, L | mv-apply L on (summarize c = count())"), (Strings{"A@project", "c@mv-apply"}));
  EXPECT_EQ(fields_of("T | project A | mvexpand B = split(A, ' ')"), (Strings{"A@project", "B@mvexpand"}));
  EXPECT_EQ(fields_of("let v = 1;\nprint v"), Strings{"print_0@source"});
}

TEST(LoweringOutputFields, ArgMaxStar) {
  EXPECT_EQ(fields_of("T | summarize arg_max(TimeGenerated, *) by Computer", &test_schemas()),
            (Strings{"Computer@summarize", "TimeGenerated@summarize", "Account@summarize", "AccountType@summarize"}));
  EXPECT_EQ(fields_of("T | summarize arg_max(TimeGenerated, *) by Computer"),
            (Strings{"Computer@summarize", "TimeGenerated@summarize", "*T@summarize"}));
}

TEST(LoweringOutputFields, ProjectAwayKeepRenameReorder) {
  EXPECT_EQ(fields_of("T | project-away Account*", &test_schemas()), (Strings{"TimeGenerated@source", "Computer@source"}));
  EXPECT_EQ(fields_of("T | project-away Account"), Strings{"*T@source"});
  EXPECT_EQ(fields_of("T | project-away *Type, Time*", &test_schemas()), (Strings{"Account@source", "Computer@source"}));
  EXPECT_EQ(fields_of("T | project-keep *ount", &test_schemas()), (Strings{"Account@source"}));
  EXPECT_EQ(fields_of("T | extend A1 = 1, B2 = 2 | project-away *1", &test_schemas()),
            (Strings{"TimeGenerated@source", "Account@source", "AccountType@source", "Computer@source", "B2@extend"}));
  EXPECT_EQ(fields_of("T | project-keep Comp*, Account", &test_schemas()), (Strings{"Account@source", "Computer@source"}));
  EXPECT_EQ(fields_of("T | project-rename Host = Computer", &test_schemas()),
            (Strings{"TimeGenerated@source", "Account@source", "AccountType@source", "Host@project-rename"}));
  EXPECT_EQ(fields_of("T | project-reorder Computer, Acc*", &test_schemas()),
            (Strings{"Computer@source", "Account@source", "AccountType@source", "TimeGenerated@source"}));
}

TEST(LoweringOutputFields, JoinSuffixesAndKinds) {
  EXPECT_EQ(fields_of("T | project A, K | join (U | project K, B, A) on K"),
            (Strings{"A@project", "K@project", "K1@join", "B@join", "A1@join"}));
  EXPECT_EQ(fields_of("T | project A, K | join kind=leftanti (U | project K, B) on K"), (Strings{"A@project", "K@project"}));
  EXPECT_EQ(fields_of("T | project A, K | join kind=rightsemi (U | project K, B) on K"), (Strings{"K@join", "B@join"}));
  EXPECT_EQ(fields_of("T | join kind=inner (U) on $left.Computer == $right.Computer", &test_schemas()),
            (Strings{"TimeGenerated@source", "Account@source", "AccountType@source", "Computer@source",
                     "TimeGenerated1@join", "Computer1@join", "IpAddress@join"}));
  EXPECT_EQ(fields_of("T | join U on Computer"), (Strings{"*T@source", "*U@join"}));
  // lookup drops the right side's keys.
  EXPECT_EQ(fields_of("T | project A, K | lookup (U | project K, B) on K"), (Strings{"A@project", "K@project", "B@lookup"}));
}

TEST(LoweringOutputFields, Union) {
  EXPECT_EQ(fields_of("union withsource=Table T, U", &test_schemas()),
            (Strings{"Table@source", "TimeGenerated@source", "Account@source", "AccountType@source", "Computer@source",
                     "IpAddress@source"}));
  EXPECT_EQ(fields_of("T | project A | union (U | project B, A)"), (Strings{"A@project", "B@union"}));
  EXPECT_EQ(fields_of("union T, U"), (Strings{"*T@source", "*U@source"}));
}

TEST(LoweringOutputFields, MvExpandParseAndOthers) {
  EXPECT_EQ(fields_of("T | project A, L | mv-expand with_itemindex=i L"), (Strings{"A@project", "L@mv-expand", "i@mv-expand"}));
  EXPECT_EQ(fields_of("T | project A | parse A with 'k=' Key:string ' v=' Value"),
            (Strings{"A@project", "Key@parse", "Value@parse"}));
  EXPECT_EQ(fields_of("T | distinct A, B"), (Strings{"A@distinct", "B@distinct"}));
  EXPECT_EQ(fields_of("T | count"), Strings{"Count@count"});
  EXPECT_EQ(fields_of("T | project A, P | evaluate bag_unpack(P)"), (Strings{"A@project", "*bag_unpack(P)@evaluate"}));
  EXPECT_EQ(fields_of("T | evaluate autocluster()"), Strings{"*autocluster()@evaluate"});
  EXPECT_EQ(fields_of("T | project A | top 5 by A | sort by A | take 1"), Strings{"A@project"});
  EXPECT_EQ(fields_of("print x = 1, 2, strlen('a')"), (Strings{"x@source", "print_1@source", "print_2@source"}));
  EXPECT_EQ(fields_of("datatable(A:string, B:long)['x', 1]"), (Strings{"A@source", "B@source"}));
  EXPECT_EQ(fields_of("T | make-series n = count() on TimeGenerated step 1h by A"),
            (Strings{"A@make-series", "n@make-series", "TimeGenerated@make-series"}));
}

// ------------------------------------------------------------------ logic

std::string outline_of(std::string query, const TableSchemas* schemas = nullptr) {
  return render::logic_outline(lower_query(std::move(query), schemas));
}

// The outline of a one-selection filter without its first two lines.
std::string tree_of(std::string query) {
  std::string outline = outline_of(std::move(query));
  for (int line = 0; line < 2 && outline.find('\n') != std::string::npos; ++line) outline.erase(0, outline.find('\n') + 1);
  return outline;
}

TEST(LoweringLogic, AndBindsTighterThanOr) {
  EXPECT_EQ(outline_of("T | where A == 1 or B == 2 and C == 3"),
            "filter\n"
            "  selection 1 \"where\" (stage 2: where)\n"
            "    any\n"
            "      A eq (case-sensitive) \"1\"\n"
            "      all\n"
            "        B eq (case-sensitive) \"2\"\n"
            "        C eq (case-sensitive) \"3\"\n");
  EXPECT_EQ(tree_of("T | where A == 1 and B == 2 or C == 3"),
            "    any\n"
            "      all\n"
            "        A eq (case-sensitive) \"1\"\n"
            "        B eq (case-sensitive) \"2\"\n"
            "      C eq (case-sensitive) \"3\"\n");
}

TEST(LoweringLogic, ParenthesesAndChains) {
  EXPECT_EQ(tree_of("T | where (A == 1 or B == 2) and C == 3"),
            "    all\n"
            "      any\n"
            "        A eq (case-sensitive) \"1\"\n"
            "        B eq (case-sensitive) \"2\"\n"
            "      C eq (case-sensitive) \"3\"\n");
  // One operator's chain is one node, however it is grouped.
  EXPECT_EQ(tree_of("T | where A == 1 and (B == 2 and C == 3)"),
            "    all\n"
            "      A eq (case-sensitive) \"1\"\n"
            "      B eq (case-sensitive) \"2\"\n"
            "      C eq (case-sensitive) \"3\"\n");
}

TEST(LoweringLogic, NotPushedToTheLeaves) {
  // not(a and b) is any(not a, not b), as the predicates' own flags say.
  EXPECT_EQ(tree_of("T | where not(A == 1 and B has 'x') and C == 3"),
            "    all\n"
            "      any\n"
            "        A not eq (case-sensitive) \"1\"\n"
            "        B not has \"x\"\n"
            "      C eq (case-sensitive) \"3\"\n");
  EXPECT_EQ(tree_of("T | where not(A == 1 or not(B !has 'x'))"),
            "    all\n"
            "      A not eq (case-sensitive) \"1\"\n"
            "      B not has \"x\"\n");
  EXPECT_EQ(tree_of("T | where not(ipv4_is_private(A))"),
            "    not\n"
            "      opaque \"ipv4_is_private(A)\" (function ipv4_is_private())\n");
  EXPECT_EQ(tree_of("T | where true"), "    true\n");
}

TEST(LoweringLogic, ListsAreOneLeaf) {
  EXPECT_EQ(tree_of("let L = dynamic(['p', 'q']); T | where A in~ ('a', 'b') and B has_any (L) and C !in ('z')"),
            "    all\n"
            "      A in \"a\", \"b\"\n"
            "      B has_any \"p\", \"q\"\n"
            "      C not in (case-sensitive) \"z\"\n");
}

TEST(LoweringLogic, OpaqueLeaves) {
  EXPECT_EQ(tree_of("T | where iif(A == 1, true, false) or B == 2"),
            "    any\n"
            "      opaque \"iif(A == 1, true, false)\" (function iif())\n"
            "      B eq (case-sensitive) \"2\"\n");
  // The predicate of a computed column stays in the list; the tree says why it is opaque.
  Rule computed = lower_query("T | extend L = strlen(A) | where L > 5 and B == 1");
  EXPECT_EQ(predicates(computed), (Strings{"L gt_cs [5]", "B eq_cs [1] *"}));
  EXPECT_EQ(render::logic_outline(computed),
            "filter\n"
            "  selection 1 \"where\" (stage 3: where)\n"
            "    all\n"
            "      opaque \"L > 5\" (computed column)\n"
            "      B eq (case-sensitive) \"1\"\n");
  // A column that only renames a source field is that field.
  EXPECT_EQ(tree_of("T | extend Op = tostring(Raw.Operation) | where Op == 'x'"),
            "    Raw.Operation eq (case-sensitive) \"x\"\n");
  struct Case {
    std::string condition;
    std::string opaque;
  };
  const std::vector<Case> cases = {
      {"TimeGenerated > ago(1d)", "opaque \"TimeGenerated > ago(1d)\" (function ago())"},
      {"A == B", "opaque \"A == B\" (column comparison)"},
      {"strlen(A) > 5", "opaque \"strlen(A) > 5\" (function strlen())"},
      {"A in (U | project IpAddress)", "opaque \"A in (U | project IpAddress)\" (subquery)"},
      {"A > toscalar(U | count)", "opaque \"A > toscalar(U | count)\" (toscalar)"},
      {"A in (S)", "opaque \"A in (S)\" (subquery)"},
      {"A > N", "opaque \"A > N\" (toscalar)"},
      {"Flag", "opaque \"Flag\" (boolean column)"},
  };
  for (const Case& c : cases)
    EXPECT_EQ(tree_of("let S = U | project IpAddress; let N = toscalar(U | count); T | where " + c.condition),
              "    " + c.opaque + "\n")
        << c.condition;
}

TEST(LoweringLogic, OneSelectionPerFilter) {
  EXPECT_EQ(outline_of("T | where A == 1 | where B == 2 | extend X = 1 | where C == 3"),
            "filter\n"
            "  selection 1 \"where\" (stage 2: where)\n"
            "    A eq (case-sensitive) \"1\"\n"
            "  selection 2 \"where\" (stage 2: where)\n"
            "    B eq (case-sensitive) \"2\"\n"
            "  selection 3 \"where\" (stage 4: where)\n"
            "    C eq (case-sensitive) \"3\"\n");
  // A let the query starts from filters the same events, in the source stage.
  EXPECT_EQ(outline_of("let X = T | where A == 1; X | search 'evil'"),
            "filter\n"
            "  selection 1 \"where\" (stage 1: source)\n"
            "    A eq (case-sensitive) \"1\"\n"
            "  selection 2 \"search\" (stage 2: search)\n"
            "    * has \"evil\"\n");
  // No filter: every event.
  EXPECT_EQ(outline_of("T | project A"), "filter\n  selection 1 \"source\" (stage 1: source)\n    true\n");
}

TEST(LoweringLogic, SummarizeThresholdIsTheCondition) {
  EXPECT_EQ(outline_of("T | where A == 1 | summarize count() by Account, bin(TimeGenerated, 5m) | where count_ > 5"),
            "aggregate by Account within 5m\n"
            "  selection 1 \"where\" (stage 2: where)\n"
            "    A eq (case-sensitive) \"1\"\n"
            "  condition\n"
            "    count > 5\n");
  Rule rule = lower_query(
      "T | summarize Total = count(), dcount(Computer), Bytes = sum(Size), make_set(B) by Account"
      " | where Total >= 10 and not(dcount_Computer < 3) or 100 < Bytes or set_B has 'x'");
  EXPECT_EQ(rule.logic.shape, LogicShape::aggregate);
  EXPECT_EQ(rule.logic.group_by, Strings{"Account"});
  EXPECT_EQ(rule.logic.window_seconds, 0u);
  EXPECT_EQ(render::logic_outline(rule),
            "aggregate by Account\n"
            "  selection 1 \"source\" (stage 1: source)\n"
            "    true\n"
            "  condition\n"
            "    any\n"
            "      all\n"
            "        count >= 10\n"
            "        distinct Computer >= 3\n"
            "      sum Size > 100\n"
            "      opaque \"set_B has 'x'\" (after summarize)\n");
  Rule binned = lower_query("T | summarize count() by bin(TimeGenerated, 1h)");
  EXPECT_EQ(binned.logic.window, "1h");
  EXPECT_EQ(binned.logic.window_seconds, 3600u);
  EXPECT_TRUE(binned.logic.group_by.empty());
}

TEST(LoweringLogic, SummarizeWithoutThresholdNeedsOneEvent) {
  EXPECT_EQ(outline_of("T | where A == 1 | summarize arg_max(TimeGenerated, *) by Account"),
            "aggregate by Account\n"
            "  selection 1 \"where\" (stage 2: where)\n"
            "    A eq (case-sensitive) \"1\"\n"
            "  condition\n"
            "    count >= 1\n");
  EXPECT_EQ(outline_of("T | summarize count() by A | summarize dcount(A) | where dcount_A > 2"),
            "aggregate by A\n"
            "  selection 1 \"source\" (stage 1: source)\n"
            "    true\n"
            "  condition\n"
            "    opaque \"where dcount_A > 2\" (after second summarize)\n");
}

TEST(LoweringLogic, JoinIsAnOpaqueSelection) {
  EXPECT_EQ(outline_of("T | where A == 1 | join kind=inner (U | where B == 2) on Computer | where IpAddress == 'x' and "
                       "Account == 'y'",
                       &test_schemas()),
            "filter\n"
            "  selection 1 \"where\" (stage 2: where)\n"
            "    A eq (case-sensitive) \"1\"\n"
            "  selection 2 \"join\" (stage 3: join)\n"
            "    opaque \"join kind=inner (U | where B == 2) on Computer\" (join)\n"
            "  selection 3 \"where\" (stage 4: where)\n"
            "    all\n"
            "      opaque \"IpAddress == 'x'\" (join column)\n"
            "      Account eq (case-sensitive) \"y\"\n");
  // leftouter keeps every left row.
  EXPECT_EQ(outline_of("T | where A == 1 | lookup (U) on Computer"),
            "filter\n  selection 1 \"where\" (stage 2: where)\n    A eq (case-sensitive) \"1\"\n");
}

TEST(LoweringLogic, UnionIsAnyOfItsLegs) {
  EXPECT_EQ(outline_of("union (T | where A == 1), U | where C == 3"),
            "filter\n"
            "  selection 1 \"union\" (stage 1: source)\n"
            "    any\n"
            "      A eq (case-sensitive) \"1\"\n"
            "      true\n"
            "  selection 2 \"where\" (stage 2: where)\n"
            "    C eq (case-sensitive) \"3\"\n");
  EXPECT_EQ(tree_of("T | where A == 1 | union (U | where B == 2 | where D == 4)"),
            "    any\n"
            "      A eq (case-sensitive) \"1\"\n"
            "      all\n"
            "        B eq (case-sensitive) \"2\"\n"
            "        D eq (case-sensitive) \"4\"\n");
}

TEST(LoweringLogic, StoredFunctionParametersAndPlugins) {
  EXPECT_EQ(outline_of("_Im_Dns(responsecodename='NXDOMAIN') | evaluate ipv4_lookup(L, IP, Net)"),
            "filter\n"
            "  selection 1 \"source\" (stage 1: source)\n"
            "    opaque \"_Im_Dns(responsecodename='NXDOMAIN')\" (function _Im_Dns() parameters)\n"
            "  selection 2 \"evaluate\" (stage 2: evaluate)\n"
            "    opaque \"evaluate ipv4_lookup(L, IP, Net)\" (plugin ipv4_lookup())\n");
}

// ------------------------------------------------------------- robustness

TEST(LoweringRobustness, DeepOrChainsAndErrors) {
  std::string query = "T | where A == 0";
  for (int i = 1; i < 20000; ++i) query += " or A == " + std::to_string(i);
  Rule rule;
  rule.query = query;
  Ast ast = parse(rule.query);
  lower(ast, rule);
  EXPECT_EQ(rule.predicates.size(), 20000u);
  ASSERT_EQ(rule.logic.selections.size(), 1u);
  EXPECT_EQ(rule.logic.nodes[rule.logic.selections[0].root].children.size(), 20000u);
  // A query that does not parse still lowers what is there, without crashing.
  for (std::string broken : {"T | where", "| where A", "T | join (", "let x = ;", "T | summarize by", ""}) {
    Rule partial;
    partial.query = broken;
    Ast partial_ast = parse(partial.query);
    lower(partial_ast, partial);
  }
}

// ----------------------------------------------------------------- seed

TEST(LoweringSeed, AwsCredentialHijack) {
  std::filesystem::path path = std::filesystem::path(RULEDEX_SHARED_DIR) / "seed/AWS_CredentialHijack.yaml";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "seed rule not found at " << path;
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  YAML::Node doc = YAML::Load(text.str());
  // `query: |` is followed by the block, so the query starts one line below the key.
  Rule rule = lower_query(doc["query"].as<std::string>(), nullptr, doc["query"].Mark().line + 2);

  EXPECT_EQ(stages(rule), (Strings{"source", "where", "extend*4", "summarize", "extend", "sort"}));
  ASSERT_EQ(rule.stages.size(), 6u);
  EXPECT_EQ(rule.stages[0].line, 27u);
  EXPECT_EQ(rule.stages[2].line, 29u);
  EXPECT_EQ(rule.stages[5].line, 37u);

  Strings indicators;
  for (const Predicate& p : rule.predicates)
    if (p.indicator) indicators.push_back(describe(p));
  EXPECT_EQ(indicators, (Strings{"EventName eq [GetCallerIdentity] *", "UserIdentityType eq [AssumedRole] *"}));
  EXPECT_EQ(rule.data_sources, Strings{"AWSCloudTrail"});

  Strings expected = {"SourceIpAddress@summarize",  "EventName@summarize",       "EventTypeName@summarize",
                      "UserIdentityType@summarize", "RecipientAccountId@summarize", "AccountName@summarize",
                      "AccountUPNSuffix@summarize", "UserIdentityAccountId@summarize", "UserIdentityPrincipalid@summarize",
                      "UserAgent@summarize",        "UserIdentityUserName@summarize", "SessionMfaAuthenticated@summarize",
                      "AWSRegion@summarize",        "EventSource@summarize",     "AdditionalEventData@summarize",
                      "ResponseElements@summarize", "StartTime@summarize",       "EndTime@summarize",
                      "timestamp@extend"};
  EXPECT_EQ(fields(rule), expected);
  EXPECT_EQ(rule.output_fields.back().stage_index, 4u);
}

}  // namespace
}  // namespace ruledex::kql
