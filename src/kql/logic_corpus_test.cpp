// Rule::logic of every KQL rule of the shared corpus (Sentinel analytics and
// hunting queries, Defender XDR hunting queries), through the analysis
// pipeline: each rule has a selection, its trees are well formed, and every
// predicate of the main query is in a tree or inside an opaque (or count)
// node that stands for it.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "analysis/analyzer.h"
#include "kql/parser.h"

namespace ruledex::kql {
namespace {

namespace fs = std::filesystem;

bool inside(SourceRange inner, SourceRange outer) { return outer.begin <= inner.begin && inner.end <= outer.end; }

struct Figures {
  size_t rules = 0, parsed = 0, selections = 0, aggregates = 0, opaque_selections = 0, count_leaves = 0;
  size_t predicates = 0, in_trees = 0, under_opaque = 0, duplicates = 0, outer_joined = 0, in_lets = 0;
  std::map<std::string, size_t> opaque_by_reason;
};

// Where a predicate that is in no tree may be.
struct Outside {
  SourceRange main;                       // the query statement lowering takes as the rule's
  std::vector<SourceRange> outer_joined;  // right sides of joins and lookups that keep every left row
};

bool keeps_every_row(const Operator& op) {
  std::string kind = op.keyword == "lookup" ? "leftouter" : "";
  for (const OperatorOption& option : op.options)
    if (option.name == "kind" && option.value && option.value->as<NameExpr>()) kind = option.value->as<NameExpr>()->name;
  return kind == "leftouter";
}

void outer_joins(const Pipeline& pipeline, std::vector<SourceRange>& out, int depth) {
  if (depth > 64) return;
  for (const Operator* op : pipeline.operators) {
    if (!op) continue;
    if ((op->keyword == "join" || op->keyword == "lookup") && keeps_every_row(*op))
      for (const Pipeline* right : op->subqueries)
        if (right) out.push_back(SourceRange{right->span.begin, right->span.end});
    for (const Pipeline* sub : op->subqueries)
      if (sub) outer_joins(*sub, out, depth + 1);
    if (op->keyword == "source" && !op->items.empty() && op->items[0].expr && op->items[0].expr->as<TabularExpr>())
      if (const Pipeline* inner = op->items[0].expr->as<TabularExpr>()->pipeline) outer_joins(*inner, out, depth + 1);
  }
}

Outside outside_of(const std::string& query) {
  Ast ast = parse(query);
  Outside outside;
  const Statement* main = nullptr;
  const Statement* main_tabular = nullptr;
  for (const Statement* statement : ast.statements) {
    if (!statement || statement->kind != StatementKind::Query || !statement->value) continue;
    main = statement;
    if (statement->value->as<TabularExpr>()) main_tabular = statement;
  }
  if (main_tabular) main = main_tabular;
  if (!main) return outside;
  outside.main = SourceRange{main->span.begin, main->span.end};
  if (const auto* tabular = main->value->as<TabularExpr>(); tabular && tabular->pipeline)
    outer_joins(*tabular->pipeline, outside.outer_joined, 0);
  return outside;
}

// Checks one rule's logic and adds it to the figures.
void check(const Rule& rule, const std::string& where, Figures& figures) {
  const RuleLogic& logic = rule.logic;
  ASSERT_FALSE(logic.selections.empty()) << where;
  figures.selections += logic.selections.size();
  figures.aggregates += logic.shape == LogicShape::aggregate;
  // Trees are written children first: an index below its parent's means no cycle.
  for (size_t i = 0; i < logic.nodes.size(); ++i) {
    for (uint32_t child : logic.nodes[i].children) {
      ASSERT_LT(child, i) << where;
    }
    if (logic.nodes[i].kind == LogicKind::predicate) {
      ASSERT_LT(logic.nodes[i].predicate, rule.predicates.size()) << where;
    }
  }
  std::vector<uint32_t> roots;
  for (const Selection& selection : logic.selections) {
    ASSERT_LT(selection.root, logic.nodes.size()) << where;
    ASSERT_LT(selection.stage, rule.stages.size()) << where;
    roots.push_back(selection.root);
    figures.opaque_selections += logic.nodes[selection.root].kind == LogicKind::opaque;
  }
  if (logic.shape == LogicShape::aggregate) {
    ASSERT_LT(logic.condition, logic.nodes.size()) << where;
    roots.push_back(logic.condition);
  }
  std::vector<bool> reached(rule.predicates.size(), false);
  std::vector<SourceRange> standing_for;  // opaque and count nodes' ranges
  std::vector<uint32_t> work = roots;
  while (!work.empty()) {
    const LogicNode& node = logic.nodes[work.back()];
    work.pop_back();
    work.insert(work.end(), node.children.begin(), node.children.end());
    if (node.kind == LogicKind::predicate) reached[node.predicate] = true;
    if (node.kind == LogicKind::opaque) ++figures.opaque_by_reason[node.reason];
    figures.count_leaves += node.kind == LogicKind::count;
    if (node.kind == LogicKind::opaque || node.kind == LogicKind::count) standing_for.push_back(node.range);
  }
  Outside outside = outside_of(rule.query);
  auto in_any = [](SourceRange range, const std::vector<SourceRange>& ranges) {
    return std::any_of(ranges.begin(), ranges.end(), [&](SourceRange r) { return inside(range, r); });
  };
  std::vector<SourceRange> reached_ranges;
  for (size_t i = 0; i < rule.predicates.size(); ++i)
    if (reached[i]) reached_ranges.push_back(rule.predicates[i].range);
  for (size_t i = 0; i < rule.predicates.size(); ++i) {
    ++figures.predicates;
    const SourceRange range = rule.predicates[i].range;
    if (reached[i]) {
      ++figures.in_trees;
    } else if (in_any(range, standing_for)) {
      ++figures.under_opaque;
    } else if (in_any(range, reached_ranges)) {
      ++figures.duplicates;  // a parenthesized source's predicates are lowered twice
    } else if (in_any(range, outside.outer_joined)) {
      ++figures.outer_joined;  // filters the right side of a join that keeps every left row
    } else {
      // A let read only by a subquery (`x in (L)`) or not at all; the main
      // query's conditions are never dropped.
      EXPECT_FALSE(inside(range, outside.main)) << where << ": predicate " << rule.predicates[i].field << " at "
                                                << range.begin << " is in no tree";
      ++figures.in_lets;
    }
  }
}

TEST(KqlLogicCorpus, EveryRuleHasWellFormedLogic) {
  const fs::path corpus = fs::path(RULEDEX_SHARED_DIR) / "corpus";
  if (!fs::is_directory(corpus / "sentinel")) GTEST_SKIP() << "no Sentinel corpus at " << corpus << " (RULEDEX_SHARED_DIR)";
  Figures figures;
  for (const fs::path& file : collect_files({corpus / "sentinel", corpus / "defender"})) {
    for (const Rule& rule : analyze_file(file).rules) {
      if (rule.language != "kql") continue;
      ++figures.rules;
      bool error = std::any_of(rule.diagnostics.begin(), rule.diagnostics.end(),
                               [](const Diagnostic& d) { return d.severity == Severity::error; });
      if (error) continue;
      ++figures.parsed;
      check(rule, file.string() + " " + rule.name, figures);
    }
  }
  std::vector<std::pair<size_t, std::string>> reasons;
  for (const auto& [reason, count] : figures.opaque_by_reason) reasons.emplace_back(count, reason);
  std::sort(reasons.rbegin(), reasons.rend());
  std::cout << "KQL rules " << figures.rules << ", parsed " << figures.parsed << ", selections " << figures.selections
            << " (" << figures.opaque_selections << " opaque), aggregate " << figures.aggregates << " (count leaves "
            << figures.count_leaves << ")\npredicates "
            << figures.predicates << ": in trees " << figures.in_trees << ", under opaque/count nodes "
            << figures.under_opaque << ", duplicates of those in trees " << figures.duplicates
            << ", in leftouter join legs " << figures.outer_joined << ", in lets read by subqueries " << figures.in_lets << "\nopaque leaves by reason:\n";
  for (const auto& [count, reason] : reasons) std::cout << "  " << count << " " << reason << "\n";
  EXPECT_GT(figures.parsed, 700u);
}

}  // namespace
}  // namespace ruledex::kql
