#include <algorithm>

#include "readers/format_readers.h"
#include "readers/reader_support.h"

namespace ruledex::readers {
namespace {

// The `//` comment lines at the top of a query, as one line of text.
std::string heading_comment(std::string_view query) {
  std::string out;
  for (TextLine line : split_lines(query)) {
    std::string_view s = trim(query.substr(line.begin, line.end - line.begin));
    if (!s.starts_with("//")) break;
    s = trim(s.substr(std::min(s.find_first_not_of('/'), s.size())));
    if (s.empty()) continue;
    if (!out.empty()) out += ' ';
    out += s;
  }
  return out;
}

}  // namespace

void append_queries(const Rule& base, std::string_view text, QuerySpan block, const LineIndex& lines,
                    std::vector<Rule>& rules) {
  std::string_view block_text = text.substr(block.begin, block.end - block.begin);
  for (QuerySpan span : split_queries(block_text)) {
    Rule rule = base;
    rule.query = std::string(block_text.substr(span.begin, span.end - span.begin));
    rule.raw = rule.query;
    rule.query_line = lines.line(block.begin + span.begin);
    rule.query_indent = 0;
    if (std::string comment = heading_comment(rule.query); !comment.empty())
      rule.description = rule.description.empty() ? comment : rule.description + "\n" + comment;
    rules.push_back(std::move(rule));
  }
}

void finish_queries(std::vector<Rule>& rules, std::string_view text) {
  number_queries(rules);
  if (rules.size() == 1) rules[0].raw = std::string(text);
}

ReadResult read_kql_text(std::string_view path, std::string_view text) {
  ReadResult result{.recognised = true, .format = "kql-text", .platform = "defender"};
  Rule base = new_rule(path, "defender", "kql");
  base.kind = "hunting";
  LineIndex lines(text);
  append_queries(base, text, {0, static_cast<uint32_t>(text.size())}, lines, result.rules);
  finish_queries(result.rules, text);
  if (result.rules.empty())
    result.diagnostics.push_back({Severity::warning, "no query in this file: it holds only comments", std::string(path), 0, 0});
  return result;
}

ReadResult read_sentinel_parser(std::string_view path, std::string_view text) {
  ReadResult result{.recognised = true, .format = "sentinel-parser", .platform = "sentinel"};
  Rule rule = new_rule(path, "sentinel", "kql");
  rule.kind = "parser";
  rule.raw = std::string(text);
  rule.query = std::string(text);
  rule.query_line = 1;
  rule.description = heading_comment(text);
  result.rules.push_back(std::move(rule));
  return result;
}

}  // namespace ruledex::readers
