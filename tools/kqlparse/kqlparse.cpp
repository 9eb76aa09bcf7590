// kqlparse FILE... [--dump] [--repeat N] [--quiet]
// Parses each file as one KQL query text; prints `file:line:col: message` per
// error, then a summary. Exit code 1 when any file had an error.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "kql/ast_dump.h"
#include "kql/parser.h"

namespace {

struct LineColumn {
  uint32_t line = 1, column = 1;
};

LineColumn locate(std::string_view text, uint32_t offset) {
  LineColumn lc;
  for (uint32_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++lc.line;
      lc.column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++lc.column;
    }
  }
  return lc;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> paths;
  bool dump = false, quiet = false;
  int repeat = 0;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--dump") dump = true;
    else if (a == "--quiet") quiet = true;
    else if (a == "--repeat" && i + 1 < argc) repeat = std::atoi(argv[++i]);
    else paths.push_back(a);
  }
  std::vector<std::string> texts;
  for (const std::string& p : paths) {
    std::ifstream in(p, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "%s: cannot read\n", p.c_str());
      return 2;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    texts.push_back(ss.str());
  }
  size_t failed = 0, errors = 0;
  for (size_t i = 0; i < texts.size(); ++i) {
    ruledex::kql::Ast ast = ruledex::kql::parse(texts[i]);
    if (dump) std::printf("%s\n", ruledex::kql::dump(ast).c_str());
    if (!ast.errors.empty()) ++failed;
    errors += ast.errors.size();
    if (quiet) continue;
    for (const auto& e : ast.errors) {
      LineColumn lc = locate(texts[i], e.offset);
      std::printf("%s:%u:%u: %s\n", paths[i].c_str(), lc.line, lc.column, e.message.c_str());
    }
  }
  std::printf("%zu files, %zu with errors, %zu errors\n", texts.size(), failed, errors);
  if (repeat > 0) {
    size_t bytes = 0;
    for (const auto& t : texts) bytes += t.size();
    auto start = std::chrono::steady_clock::now();
    size_t statements = 0;
    for (int r = 0; r < repeat; ++r)
      for (const auto& t : texts) statements += ruledex::kql::parse(t).statements.size();
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    double mb = static_cast<double>(bytes) * repeat / 1e6;
    std::printf("%d x %zu bytes: %.3f s, %.1f MB/s, %.0f queries/s (%zu statements)\n", repeat, bytes, seconds,
                mb / seconds, texts.size() * repeat / seconds, statements);
  }
  return failed ? 1 : 0;
}
