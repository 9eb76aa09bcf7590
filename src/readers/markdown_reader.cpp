#include "readers/format_readers.h"
#include "readers/markdown_document.h"
#include "readers/reader_support.h"
#include "readers/tactic_names.h"

namespace ruledex::readers {
namespace {

// The Category table marks covered rows with v, V, x, X or y; ATT&CK tactics
// become the rule's tactics, other states ("Vulnerability", "Ransomware", ...)
// its `category` metadata.
void read_category_table(const MarkdownDocument& doc, Rule& rule) {
  std::string states;
  for (const auto& [row, mark] : doc.category_rows) {
    if (mark.empty() || row.empty()) continue;
    if (auto tactic = canonical_tactic(row)) {
      rule.tactics.push_back(*tactic);
    } else {
      states += states.empty() ? row : ", " + row;
    }
  }
  if (!states.empty()) rule.metadata.emplace_back("category", states);
}

}  // namespace

ReadResult read_kql_markdown(std::string_view path, std::string_view text) {
  ReadResult result{.recognised = true, .format = "kql-markdown", .platform = "defender"};
  MarkdownDocument doc = parse_markdown(text);
  Rule base = new_rule(path, "defender", "kql");
  base.kind = "hunting";
  if (!doc.title.empty()) base.name = doc.title;
  base.description = doc.description;
  read_category_table(doc, base);
  for (const auto& [key, value] : doc.bold_keys)
    if (!value.empty()) base.metadata.emplace_back(lower(key), value);

  LineIndex lines(text);
  for (const FencedBlock& block : doc.blocks) {
    const KqlBlock kql = kql_block(text, block);
    if (kql == KqlBlock::no) continue;
    if (kql == KqlBlock::by_content)
      result.diagnostics.push_back({Severity::warning,
                                    block.fenced ? "code block tagged '" + block.info + "' holds KQL: read as KQL"
                                                 : "query section without a code fence: its text read as KQL",
                                    std::string(path), block.first_line - (block.fenced ? 1 : 0), 1});
    if (!block.closed)
      result.diagnostics.push_back({Severity::warning, "code block not closed: it runs to the end of the file",
                                    std::string(path), block.first_line - 1, 1});
    append_queries(base, text, {block.begin, block.end}, lines, result.rules);
  }
  finish_queries(result.rules, text);
  if (result.rules.empty())
    result.diagnostics.push_back({Severity::warning, "no query in this file: its code blocks hold only comments",
                                  std::string(path), 0, 0});
  return result;
}

}  // namespace ruledex::readers
