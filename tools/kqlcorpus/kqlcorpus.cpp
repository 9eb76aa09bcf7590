// kqlcorpus [--split DIR] PATH... : every KQL query the readers find below the
// paths, as JSON lines {"file", "line", "text"} on stdout (for tools/kusto-oracle
// and bench/), or with --split as one file per query in DIR (fuzz seeds).

#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "kql_corpus.h"

namespace {

void write_split(const std::filesystem::path& dir, const std::vector<ruledex::CorpusQuery>& queries) {
  std::filesystem::create_directories(dir);
  for (size_t i = 0; i < queries.size(); ++i) {
    std::ofstream out(dir / ("query-" + std::to_string(i) + ".kql"), std::ios::binary);
    out << queries[i].text;
    if (!out) throw std::runtime_error("cannot write to " + dir.string());
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string_view> args(argv + 1, argv + argc);
  std::filesystem::path split;
  if (args.size() >= 2 && args[0] == "--split") {
    split = args[1];
    args.erase(args.begin(), args.begin() + 2);
  }
  if (args.empty() || args[0].starts_with("-")) {
    std::fprintf(stderr, "usage: kqlcorpus [--split DIR] PATH...\n");
    return 2;
  }
  try {
    auto queries = ruledex::load_kql_queries({args.begin(), args.end()});
    if (!split.empty()) {
      write_split(split, queries);
    } else {
      std::string out = ruledex::to_jsonl(queries);
      std::fwrite(out.data(), 1, out.size(), stdout);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "kqlcorpus: %s\n", e.what());
    return 1;
  }
  return 0;
}
