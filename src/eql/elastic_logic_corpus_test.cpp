// Rule logic of the Elastic corpus (kuery, Lucene, EQL, ES|QL): every rule
// that parses has a selection, its trees are well formed, and every predicate
// is in a tree or stands under an opaque or count leaf that covers it.
#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>
#include <map>
#include <string>

#include "analysis/analyzer.h"

namespace ruledex {
namespace {

namespace fs = std::filesystem;

const fs::path kElastic = fs::path(RULEDEX_SHARED_DIR) / "corpus" / "elastic";

struct Walk {
  const RuleLogic& logic;
  std::vector<bool> reachable_predicates;
  std::vector<const LogicNode*> leaves;  // opaque and count leaves reached
  bool well_formed = true;

  // Trees are acyclic when no walk is longer than the node list.
  void node(uint32_t index, size_t depth) {
    if (index >= logic.nodes.size() || depth > logic.nodes.size()) {
      well_formed = false;
      return;
    }
    const LogicNode& n = logic.nodes[index];
    if (n.kind == LogicKind::predicate) {
      if (n.predicate >= reachable_predicates.size()) well_formed = false;
      else reachable_predicates[n.predicate] = true;
    }
    if (n.kind == LogicKind::opaque || n.kind == LogicKind::count) leaves.push_back(&n);
    if (n.kind == LogicKind::not_ && n.children.size() != 1) well_formed = false;
    for (uint32_t child : n.children) node(child, depth + 1);
  }

  bool covered(const Predicate& p) const {
    for (const LogicNode* leaf : leaves)
      if (leaf->range.begin <= p.range.begin && p.range.end <= leaf->range.end) return true;
    return false;
  }
};

bool has_error(const Rule& rule) {
  for (const Diagnostic& d : rule.diagnostics)
    if (d.severity == Severity::error) return true;
  return false;
}

TEST(ElasticLogicCorpus, EveryParsedRuleHasWellFormedLogicOverItsPredicates) {
  if (!fs::exists(kElastic)) GTEST_SKIP() << "no Elastic corpus at " << kElastic;
  std::map<std::string, size_t> rules, with_logic, shapes, opaque_reasons, uncovered;
  for (const fs::path& file : collect_files({kElastic})) {
    for (const Rule& rule : analyze_file(file).rules) {
      const std::string& language = rule.language;
      if (language != "kuery" && language != "lucene" && language != "eql" && language != "esql") continue;
      if (has_error(rule) || rule.query.find_first_not_of(" \t\r\n") == std::string::npos) continue;
      ++rules[language];
      const RuleLogic& logic = rule.logic;
      EXPECT_FALSE(logic.selections.empty()) << rule.file;
      if (logic.selections.empty()) continue;
      ++with_logic[language];
      ++shapes[std::string(to_string(logic.shape)) + (logic.subtype.empty() ? "" : " " + logic.subtype)];
      Walk walk{logic, std::vector<bool>(rule.predicates.size()), {}};
      for (const Selection& s : logic.selections) {
        EXPECT_LT(s.stage, rule.stages.size()) << rule.file;
        walk.node(s.root, 0);
      }
      if (logic.condition != kNoNode) walk.node(logic.condition, 0);
      EXPECT_TRUE(walk.well_formed) << rule.file;
      for (const LogicNode* leaf : walk.leaves)
        if (leaf->kind == LogicKind::opaque) ++opaque_reasons[leaf->reason];
      for (size_t i = 0; i < rule.predicates.size(); ++i) {
        const Predicate& p = rule.predicates[i];
        if (walk.reachable_predicates[i] || walk.covered(p)) continue;
        // In no tree by design: the filter of one STATS / INLINE STATS aggregate.
        const std::string& stage = rule.stages[p.stage].kind;
        ++uncovered[language + " " + stage];
        EXPECT_TRUE(language == "esql" && (stage == "stats" || stage == "inline stats")) << rule.file << ": " << p.field << " in no tree";
      }
    }
  }
  auto print = [](const char* title, const std::map<std::string, size_t>& counts) {
    std::cout << title << ":";
    for (const auto& [key, n] : counts) std::cout << " " << key << "=" << n;
    std::cout << "\n";
  };
  print("rules", rules);
  print("with logic", with_logic);
  print("shapes", shapes);
  print("opaque leaves by reason", opaque_reasons);
  print("predicates in no tree", uncovered);
  EXPECT_GE(rules["kuery"] + rules["eql"], 1700u);
}

}  // namespace
}  // namespace ruledex
