#include "kql_corpus.h"

#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "analysis/analyzer.h"
#include "base/source_text.h"
#include "kql/parser.h"
#include "readers/rule_reader.h"

namespace ruledex {

std::vector<CorpusQuery> load_kql_queries(const std::vector<std::filesystem::path>& paths) {
  std::vector<CorpusQuery> queries;
  for (const auto& path : collect_files(paths)) {
    ReadResult read;
    try {
      read = read_rule_file(path.string(), decode_text(read_file_bytes(path)).text);
    } catch (const std::exception& e) {
      throw std::runtime_error(path.string() + ": " + e.what());
    }
    for (Rule& rule : read.rules) {
      if (rule.language != "kql" || rule.query.empty()) continue;
      queries.push_back({path.string(), rule.query_line, rule.query_indent, std::move(rule.query)});
    }
  }
  return queries;
}

std::vector<CorpusQuery> read_jsonl(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  std::vector<CorpusQuery> queries;
  std::string line;
  for (uint32_t number = 1; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    auto record = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (!record.is_object() || !record.contains("text") || !record["text"].is_string())
      throw std::runtime_error(path.string() + ":" + std::to_string(number) + ": not a {file, line, text} record");
    queries.push_back({record.value("file", ""), record.value("line", 0u), record.value("indent", 0u),
                       record["text"].get<std::string>()});
  }
  return queries;
}

namespace {

nlohmann::json parse_errors(std::string_view text) {
  kql::Ast ast = kql::parse(text);
  LineIndex lines(text);
  auto errors = nlohmann::json::array();
  for (const auto& error : ast.errors) {
    errors.push_back({{"message", error.message},
                      {"offset", error.offset},
                      {"line", lines.line(error.offset)},
                      {"column", lines.column(error.offset)}});
  }
  return errors;
}

}  // namespace

std::string to_jsonl(const std::vector<CorpusQuery>& queries) {
  std::string out;
  for (const auto& query : queries) {
    nlohmann::json record = {{"file", query.file},
                             {"line", query.line},
                             {"indent", query.indent},
                             {"text", query.text},
                             {"errors", parse_errors(query.text)}};
    // Decoded text is valid UTF-8; replace rather than throw should a reader slip.
    out += record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    out += '\n';
  }
  return out;
}

}  // namespace ruledex
