#include "cli/rule_loading.h"

#include "analysis/analyzer.h"
#include "base/parallel.h"

namespace ruledex::cli {

LoadedRules load_rules(const std::vector<std::filesystem::path>& paths) {
  std::vector<std::filesystem::path> files = collect_files(paths);
  std::vector<FileAnalysis> analyses(files.size());
  parallel_for(files.size(), [&](size_t i) { analyses[i] = analyze_file(files[i]); });
  LoadedRules loaded{.files = files.size()};
  for (FileAnalysis& analysis : analyses) {
    if (analysis.format == "unreadable")
      for (const Diagnostic& d : analysis.diagnostics)
        loaded.problems.push_back((d.file.empty() ? analysis.path.string() : d.file) + ": " + d.message);
    for (Rule& rule : analysis.rules) loaded.rules.push_back(std::move(rule));
  }
  return loaded;
}

}  // namespace ruledex::cli
