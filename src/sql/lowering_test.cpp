#include "sql/lowering.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sql/parser.h"
#include "model/predicate_text.h"
#include "render/logic_outline.h"

namespace ruledex::sql {
namespace {

struct Lowered {
  Rule rule;
  std::vector<std::string> predicates;
  std::vector<std::string> stages;
  std::vector<std::string> outputs;
};

Lowered lower_text(const std::string& query) {
  Lowered out;
  out.rule.query = query;
  out.rule.query_line = 30;
  QueryAst ast = parse(query);
  EXPECT_TRUE(ast.errors.empty()) << (ast.errors.empty() ? "" : ast.errors[0].message);
  lower(ast, out.rule);
  for (const Predicate& p : out.rule.predicates) out.predicates.push_back(predicate_text(p));
  for (const Stage& s : out.rule.stages) out.stages.push_back(s.kind + ":" + std::to_string(s.line));
  for (const OutputField& f : out.rule.output_fields)
    out.outputs.push_back(f.name + (f.all_columns_of.empty() ? "" : "<" + f.all_columns_of + ">") + "@" +
                          std::to_string(f.stage_index) + ":" + f.stage);
  return out;
}

TEST(SqlLowering, OsqueryFileHunt) {
  Lowered got = lower_text(
      "SELECT\n"
      "    f.path,\n"
      "    u.username AS file_owner,\n"
      "    datetime(f.mtime, 'unixepoch') AS modified,\n"
      "    count(*)\n"
      "FROM file f\n"
      "LEFT JOIN users u ON f.uid = u.uid\n"
      "WHERE (f.path LIKE '/etc/cron.d/%' OR f.path = \"/etc/crontab\" OR f.path LIKE \"/root/.ssh/%\")\n"
      "AND (mtime > strftime('%s', 'now') - (7 * 86400)) AND f.size BETWEEN 1 AND 10\n"
      "GROUP BY f.path ORDER BY f.mtime DESC LIMIT 5; -- last week\n");
  EXPECT_EQ(got.rule.data_sources, (std::vector<std::string>{"file", "users"}));
  EXPECT_EQ(got.stages, (std::vector<std::string>{"source:35", "where:37", "group by:39", "select:30", "order by:39",
                                                  "limit:39"}));
  EXPECT_EQ(got.predicates, (std::vector<std::string>{
                                "f.path wildcard nocase '/etc/cron.d/%' indicator @1",
                                "f.path eq '/etc/crontab' indicator @1",
                                "f.path wildcard nocase '/root/.ssh/%' indicator @1",
                                "mtime gt 'strftime('%s', 'now') - (7 * 86400)' @1",
                                "f.size between '1' '10' indicator @1",
                            }));
  EXPECT_EQ(got.outputs, (std::vector<std::string>{"path@3:select", "file_owner@3:select", "modified@3:select",
                                                   "count(*)@3:select"}));
}

TEST(SqlLowering, SharedVocabulary) {
  Lowered got = lower_text(
      "SELECT * FROM processes WHERE NOT (name != 'sshd' OR pid NOT IN (1, 2)) AND 5 < ppid AND path GLOB '/tmp/*'\n"
      "  AND cmdline REGEXP 'nc .*' AND uid IS NULL AND gid IS NOT NULL AND state IS 'R'\n"
      "  AND name = 'X' COLLATE NOCASE AND parent NOT LIKE 'a%' AND cwd = path AND upper(name) = 'A'");
  EXPECT_EQ(got.predicates, (std::vector<std::string>{
                                "name eq 'sshd' indicator @1",
                                "pid in '1' '2' indicator @1",
                                "ppid gt '5' indicator @1",
                                "path wildcard '/tmp/*' indicator @1",
                                "cmdline regex 'nc .*' indicator @1",
                                "uid exists not indicator @1",
                                "gid exists indicator @1",
                                "state eq 'R' indicator @1",
                                "name eq nocase 'X' indicator @1",
                                "parent wildcard not nocase 'a%' indicator @1",
                                "cwd eq 'path' @1",
                            }));
  EXPECT_EQ(got.outputs, (std::vector<std::string>{"*<processes>@2:select"}));
}

TEST(SqlLowering, CommonTablesSubqueriesAndStars) {
  Lowered got = lower_text(
      "WITH recent AS (SELECT pid FROM process_events WHERE time > 100)\n"
      "SELECT authorized_keys.*, p.name FROM users JOIN authorized_keys USING (uid), recent r\n"
      "  JOIN (SELECT * FROM processes WHERE name = 'bash') p ON p.pid = r.pid\n"
      "WHERE uid IN (SELECT uid FROM logged_in_users WHERE tty LIKE 'pts%')\n"
      "UNION SELECT 1, 2");
  EXPECT_EQ(got.rule.data_sources,
            (std::vector<std::string>{"process_events", "users", "authorized_keys", "processes", "logged_in_users"}));
  EXPECT_EQ(got.stages, (std::vector<std::string>{"with:30", "source:31", "where:33", "select:31", "select:34"}));
  EXPECT_EQ(got.predicates, (std::vector<std::string>{
                                "time gt '100' indicator @0",
                                "name eq 'bash' indicator @1",
                                "tty wildcard nocase 'pts%' indicator @2",
                            }));
  EXPECT_EQ(got.outputs, (std::vector<std::string>{"authorized_keys.*<authorized_keys>@3:select", "name@3:select"}));
}

// --- logic ---------------------------------------------------------------------------

std::string outline(const std::string& query) { return render::logic_outline(lower_text(query).rule); }

// AND before OR, NOT pushed into the leaves, parentheses kept.
TEST(SqlLogic, WhereIsOneSelectionTree) {
  EXPECT_EQ(outline("SELECT * FROM processes WHERE name = 'cmd.exe' OR name LIKE '%sh' AND NOT (uid = 0 OR "
                    "path IS NULL)"),
            "filter\n"
            "  selection 1 \"where\" (stage 2: where)\n"
            "    any\n"
            "      name eq (case-sensitive) \"cmd.exe\"\n"
            "      all\n"
            "        name wildcard \"%sh\"\n"
            "        uid not eq (case-sensitive) \"0\"\n"
            "        path exists (case-sensitive)\n");
}

TEST(SqlLogic, FunctionsSubqueriesAndColumnComparisonsAreOpaque) {
  Lowered got = lower_text(
      "SELECT * FROM processes p JOIN users u ON p.uid = u.uid WHERE lower(p.name) = 'x' AND p.pid IN (SELECT pid "
      "FROM listening_ports WHERE port = 4444) AND NOT p.path = p.cwd");
  EXPECT_EQ(got.predicates.size(), 2u);  // port = 4444 (in the subquery), p.path = p.cwd
  EXPECT_EQ(render::logic_outline(got.rule),
            "filter\n"
            "  selection 1 \"where\" (stage 2: where)\n"
            "    all\n"
            "      opaque \"users u ON p.uid = u.uid\" (join)\n"
            "      opaque \"lower(p.name) = 'x'\" (function lower())\n"
            "      opaque \"p.pid IN (SELECT pid FROM listening_ports WHERE port = 4444)\" (subquery)\n"
            "      not\n"
            "        opaque \"p.path = p.cwd\" (column comparison)\n");
}

TEST(SqlLogic, GroupByHavingIsAnAggregateWithCountLeaves) {
  EXPECT_EQ(outline("SELECT remote_address, count(*) AS n FROM process_open_sockets WHERE remote_port = 22 "
                    "GROUP BY remote_address HAVING count(*) > 10 AND NOT count(DISTINCT pid) <= 2 "
                    "AND max(pid) > 5"),
            "aggregate by remote_address\n"
            "  selection 1 \"where\" (stage 2: where)\n"
            "    remote_port eq (case-sensitive) \"22\"\n"
            "  condition\n"
            "    all\n"
            "      count > 10\n"
            "      not\n"
            "        distinct pid <= 2\n"
            "      opaque \"max(pid) > 5\" (function max())\n");
  Rule plain = lower_text("SELECT name FROM processes GROUP BY name").rule;
  EXPECT_EQ(plain.logic.shape, LogicShape::aggregate);
  EXPECT_EQ(plain.logic.condition, kNoNode);  // every group
  EXPECT_EQ(render::logic_outline(plain),
            "aggregate by name\n"
            "  selection 1 \"select\" (stage 1: source)\n"
            "    true\n");
}

TEST(SqlLogic, CompoundSelectsAndCommonTables) {
  EXPECT_EQ(outline("WITH t AS (SELECT * FROM users WHERE uid = 0) SELECT name FROM processes WHERE pid = 1 "
                    "UNION SELECT name FROM t"),
            "filter\n"
            "  selection 1 \"select\" (stage 2: source)\n"
            "    all\n"
            "      opaque \"t AS (SELECT * FROM users WHERE uid = 0)\" (common table)\n"
            "      any\n"
            "        pid eq (case-sensitive) \"1\"\n"
            "        true\n");
}

}  // namespace
}  // namespace ruledex::sql
