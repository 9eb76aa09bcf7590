#include "analysis/analyzer.h"

namespace ruledex {
// placeholder
FileAnalysis analyze_file(const std::filesystem::path& path, const AnalysisOptions&) { return {path}; }
FileAnalysis analyze_text(const std::filesystem::path& path, std::string_view, const AnalysisOptions&) { return {path}; }
std::vector<std::filesystem::path> collect_files(const std::vector<std::filesystem::path>& paths) { return paths; }
}  // namespace ruledex
