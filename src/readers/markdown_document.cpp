#include "readers/markdown_document.h"

#include <algorithm>
#include <optional>

#include "kql/parser.h"
#include "readers/format_detection.h"
#include "readers/query_splitter.h"
#include "readers/reader_support.h"

namespace ruledex::readers {
namespace {

// "```kusto" -> fence "```", info "kusto"; non-fence lines -> empty fence.
std::pair<std::string_view, std::string_view> open_fence(std::string_view line) {
  if (!line.starts_with("```") && !line.starts_with("~~~")) return {};
  size_t n = line.find_first_not_of(line[0]);
  if (n == std::string_view::npos) n = line.size();
  return {line.substr(0, n), trim(line.substr(n))};
}

bool closes_fence(std::string_view line, std::string_view fence) {
  if (!line.starts_with(fence)) return false;
  size_t n = line.find_first_not_of(fence[0]);
  return n == std::string_view::npos || is_blank(line.substr(n));
}

std::vector<std::string_view> table_cells(std::string_view row) {
  row = trim(row);
  if (row.starts_with('|')) row.remove_prefix(1);
  if (row.ends_with('|')) row.remove_suffix(1);
  std::vector<std::string_view> cells;
  while (true) {
    size_t bar = row.find('|');
    cells.push_back(trim(row.substr(0, bar)));
    if (bar == std::string_view::npos) break;
    row.remove_prefix(bar + 1);
  }
  return cells;
}

bool is_separator_row(const std::vector<std::string_view>& cells) {
  for (std::string_view cell : cells)
    if (cell.find_first_not_of("-: ") != std::string_view::npos) return false;
  return true;
}

}  // namespace

// True when the text holds queries and each parses as KQL without an error:
// the evidence needed to read a block another language's tag claims.
bool parses_as_kql(std::string_view text) {
  std::vector<QuerySpan> queries = split_queries(text);
  return !queries.empty() && std::all_of(queries.begin(), queries.end(), [&](QuerySpan q) {
    return kql::parse(text.substr(q.begin, q.end - q.begin)).errors.empty();
  });
}

KqlBlock kql_block(std::string_view text, const FencedBlock& block) {
  std::string_view word = std::string_view(block.info).substr(0, block.info.find_first_of(" \t{"));
  if (iequals(word, "kusto") || iequals(word, "kql") || iequals(word, "csl")) return KqlBlock::yes;
  const std::string_view content = text.substr(block.begin, block.end - block.begin);
  const bool looks_like = looks_like_kql(content);
  if (!block.info.empty() || !block.fenced)
    return looks_like && parses_as_kql(content) ? KqlBlock::by_content : KqlBlock::no;
  return looks_like || lower(block.heading).find("query") != std::string::npos ? KqlBlock::yes : KqlBlock::no;
}

MarkdownDocument parse_markdown(std::string_view text) {
  MarkdownDocument doc;
  std::vector<TextLine> lines = split_lines(text);
  bool in_description = false;
  bool in_category = false;
  bool table_header_seen = false;
  std::string_view fence;  // non-empty inside a fenced block
  FencedBlock block;
  std::string first_heading;
  std::string current_heading;
  // The text of a section under a heading naming a query, while no fence is
  // in it; at its end, a block from its first paragraph that looks like KQL.
  std::optional<FencedBlock> unfenced;
  auto end_section = [&](uint32_t end) {
    if (!unfenced || end <= unfenced->begin) return unfenced.reset();
    // Paragraphs are separated by blank lines; the first that looks like KQL starts the block.
    std::vector<TextLine> section = split_lines(text.substr(unfenced->begin, end - unfenced->begin));
    for (size_t first = 0; first < section.size();) {
      size_t last = first;
      while (last < section.size() && !is_blank(text.substr(unfenced->begin + section[last].begin,
                                                            section[last].end - section[last].begin)))
        ++last;
      const uint32_t begin = unfenced->begin + section[first].begin;
      if (last > first && looks_like_kql(text.substr(begin, unfenced->begin + section[last - 1].end - begin))) {
        unfenced->first_line += static_cast<uint32_t>(first);
        unfenced->begin = begin;
        unfenced->end = end;
        doc.blocks.push_back(std::move(*unfenced));
        break;
      }
      first = last + 1;
    }
    unfenced.reset();
  };

  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = trim(text.substr(lines[i].begin, lines[i].end - lines[i].begin));
    if (!fence.empty()) {
      if (closes_fence(line, fence)) {
        block.end = std::max(block.begin, lines[i].begin == 0 ? 0u : lines[i].begin - 1);
        doc.blocks.push_back(block);
        fence = {};
      }
      continue;
    }
    if (auto [marker, info] = open_fence(line); !marker.empty()) {
      unfenced.reset();
      fence = marker;
      block = {std::string(info), i + 1 < lines.size() ? lines[i + 1].begin : static_cast<uint32_t>(text.size()), 0,
               static_cast<uint32_t>(i + 2), true, current_heading};
      in_description = false;
      continue;
    }
    if (line.starts_with('#')) {
      size_t level = line.find_first_not_of('#');
      std::string_view heading = trim(line.substr(level == std::string_view::npos ? line.size() : level));
      bool is_title = level == 1 && doc.title.empty();
      if (is_title) doc.title = std::string(heading);
      if (first_heading.empty()) first_heading = std::string(heading);
      end_section(lines[i].begin == 0 ? 0 : lines[i].begin - 1);
      current_heading = std::string(heading);
      if (lower(heading).find("query") != std::string::npos && i + 1 < lines.size())
        unfenced = FencedBlock{"", lines[i + 1].begin, 0, static_cast<uint32_t>(i + 2), true, current_heading, false};
      in_description = is_title;
      in_category = lower(heading).find("category") != std::string::npos;
      table_header_seen = false;
      continue;
    }
    if (in_description) {
      if (line.empty()) {
        if (!doc.description.empty() && !doc.description.ends_with('\n')) doc.description += '\n';
      } else {
        if (!doc.description.empty() && !doc.description.ends_with('\n')) doc.description += ' ';
        doc.description += line;
      }
      continue;
    }
    if (in_category && line.starts_with('|')) {
      std::vector<std::string_view> cells = table_cells(line);
      if (is_separator_row(cells)) {
        table_header_seen = true;
      } else if (table_header_seen && cells.size() >= 2) {
        doc.category_rows.emplace_back(cells[0], cells[1]);
      }
      continue;
    }
    if (line.starts_with("**")) {
      size_t close = line.find(":**", 2);
      if (close != std::string_view::npos)
        doc.bold_keys.emplace_back(trim(line.substr(2, close - 2)), trim(line.substr(close + 3)));
    }
  }
  if (!fence.empty()) {
    block.end = static_cast<uint32_t>(text.size());
    block.closed = false;
    doc.blocks.push_back(block);
  }
  end_section(static_cast<uint32_t>(text.size()));
  if (doc.title.empty()) doc.title = first_heading;
  while (doc.description.ends_with('\n')) doc.description.pop_back();
  return doc;
}

}  // namespace ruledex::readers
