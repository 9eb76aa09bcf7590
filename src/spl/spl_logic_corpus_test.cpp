// Every ESCU detection of the shared corpus: the logic the SPL lowering
// builds is whole. A rule that parses has a selection; every node index is in
// range and no tree has a cycle; every predicate is a leaf of some tree, or
// lies inside an opaque or count leaf that stands for it (a subsearch, a
// where on a computed field, count > 5). Prints the figures.
#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>
#include <map>

#include "analysis/analyzer.h"

namespace ruledex {
namespace {

struct Figures {
  size_t rules = 0, clean = 0, selections = 0, opaque = 0, failed = 0;
  std::map<std::string, size_t> shapes, opaque_reasons, covered_by, problems;
};

bool within(SourceRange inner, SourceRange outer) { return outer.begin <= inner.begin && inner.end <= outer.end; }

class LogicCheck {
 public:
  LogicCheck(const Rule& rule, Figures& figures) : rule_(rule), logic_(rule.logic), figures_(figures) {}

  const std::string& last_problem() const { return last_problem_; }

  void run() {
    if (logic_.selections.empty()) return problem("no selection");
    figures_.selections += logic_.selections.size();
    ++figures_.shapes[std::string(to_string(logic_.shape))];
    reached_.assign(rule_.predicates.size(), false);
    for (const Selection& selection : logic_.selections) walk(selection.root);
    if (logic_.condition != kNoNode) walk(logic_.condition);
    for (size_t i = 0; i < rule_.predicates.size(); ++i)
      if (!reached_[i]) cover(rule_.predicates[i]);
  }

 private:
  void problem(const std::string& what) {
    ++figures_.problems[what];
    last_problem_ = what;
  }

  // Iterative, with a step bound: a cycle shows as too many steps.
  void walk(uint32_t root) {
    if (root == kNoNode) return problem("selection without a root");
    std::vector<uint32_t> stack{root};
    size_t steps = 0;
    while (!stack.empty()) {
      uint32_t index = stack.back();
      stack.pop_back();
      if (index >= logic_.nodes.size()) return problem("node index out of range");
      if (++steps > logic_.nodes.size()) return problem("cycle");
      const LogicNode& node = logic_.nodes[index];
      if (node.kind == LogicKind::predicate) {
        if (node.predicate >= rule_.predicates.size()) return problem("predicate index out of range");
        reached_[node.predicate] = true;
      } else if (node.kind == LogicKind::opaque) {
        ++figures_.opaque;
        ++figures_.opaque_reasons[node.reason];
        stands_for_.push_back(&node);
      } else if (node.kind == LogicKind::count) {
        stands_for_.push_back(&node);
      }
      stack.insert(stack.end(), node.children.begin(), node.children.end());
    }
  }

  void cover(const Predicate& predicate) {
    for (const LogicNode* node : stands_for_)
      if (within(predicate.range, node->range)) {
        ++figures_.covered_by[node->kind == LogicKind::count ? "count" : node->reason];
        return;
      }
    problem("predicate reached by no tree");
  }

  const Rule& rule_;
  const RuleLogic& logic_;
  Figures& figures_;
  std::vector<bool> reached_;
  std::vector<const LogicNode*> stands_for_;
  std::string last_problem_;
};

TEST(SplLogicCorpus, EveryDetectionHasWholeLogic) {
  std::filesystem::path root = std::filesystem::path(RULEDEX_SHARED_DIR) / "corpus/splunk/detections";
  if (!std::filesystem::is_directory(root)) GTEST_SKIP() << "no corpus at " << root;
  Figures figures;
  for (const std::filesystem::path& file : collect_files({root})) {
    for (const Rule& rule : analyze_file(file).rules) {
      if (rule.language != "spl") continue;
      ++figures.rules;
      if (std::any_of(rule.diagnostics.begin(), rule.diagnostics.end(),
                      [](const Diagnostic& d) { return d.severity == Severity::error; }))
        continue;
      ++figures.clean;
      LogicCheck check(rule, figures);
      check.run();
      if (!check.last_problem().empty() && ++figures.failed <= 20) ADD_FAILURE() << file << ": " << check.last_problem();
    }
  }
  std::cout << "splunk detections: " << figures.rules << ", parsed: " << figures.clean
            << ", selections: " << figures.selections << ", opaque leaves: " << figures.opaque << "\n";
  for (const auto& [shape, count] : figures.shapes) std::cout << "  shape " << shape << ": " << count << "\n";
  for (const auto& [reason, count] : figures.opaque_reasons) std::cout << "  opaque " << reason << ": " << count << "\n";
  for (const auto& [reason, count] : figures.covered_by)
    std::cout << "  predicates standing under " << reason << ": " << count << "\n";
  for (const auto& [what, count] : figures.problems) std::cout << "  PROBLEM " << what << ": " << count << "\n";
  EXPECT_TRUE(figures.problems.empty());
  EXPECT_GE(figures.clean, 1500u);
}

}  // namespace
}  // namespace ruledex
