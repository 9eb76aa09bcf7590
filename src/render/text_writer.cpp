// Plain text for a terminal: underlined headings, aligned tables, indented code.

#include <algorithm>
#include <string>
#include <string_view>

#include "base/terminal_text.h"
#include "render/document.h"

namespace ruledex::render {
namespace {

size_t display_width(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(),
                                           [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

void write_indented(std::string& out, std::string_view text, std::string_view first_prefix,
                    std::string_view prefix) {
  if (!text.empty() && text.back() == '\n') text.remove_suffix(1);  // the block ends the line itself
  std::string_view line_prefix = first_prefix;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty()) out.append(line_prefix).append(line);
    else out.append(line_prefix.substr(0, line_prefix.find_last_not_of(' ') + 1));
    out += '\n';
    line_prefix = prefix;
    if (end == text.size()) break;
    start = end + 1;
  }
}

void write_cells(std::string& out, const std::vector<std::string>& cells, const std::vector<size_t>& widths) {
  std::string line;
  for (size_t i = 0; i < cells.size(); ++i) {
    line += cells[i];
    if (i + 1 < cells.size()) line.append(widths[i] - display_width(cells[i]) + 2, ' ');
  }
  line.erase(line.find_last_not_of(' ') + 1);
  out += line + '\n';
}

void write_block(std::string& out, const Heading& heading) {
  std::string text = terminal_safe(heading.text);
  out += text + '\n';
  constexpr std::string_view kUnderlines = "=-~";  // levels 1 to 3; deeper headings stand alone
  if (heading.level >= 1 && heading.level <= 3)
    out.append(display_width(text), kUnderlines[static_cast<size_t>(heading.level - 1)]) += '\n';
}

void write_block(std::string& out, const Paragraph& paragraph) {
  std::string text = terminal_safe(paragraph.text, LineBreaks::keep);
  if (paragraph.note) write_indented(out, text, "Note: ", "      ");
  else write_indented(out, text, "", "");
}

void write_block(std::string& out, const CodeBlock& code) {
  write_indented(out, terminal_safe(code.text, LineBreaks::keep), "    ", "    ");
}

void write_block(std::string& out, const Table& table) {
  auto safe_row = [](const std::vector<std::string>& row) {
    std::vector<std::string> cells;
    for (const auto& cell : row) cells.push_back(terminal_safe(cell));
    return cells;
  };
  std::vector<std::vector<std::string>> rows{safe_row(table.header)};
  for (const auto& row : table.rows) rows.push_back(safe_row(row));
  std::vector<size_t> widths(table.header.size(), 0);
  for (auto& row : rows) {
    row.resize(widths.size());
    for (size_t i = 0; i < widths.size(); ++i) widths[i] = std::max(widths[i], display_width(row[i]));
  }
  write_cells(out, rows.front(), widths);
  std::vector<std::string> rules;
  for (size_t width : widths) rules.emplace_back(width, '-');
  write_cells(out, rules, widths);
  for (size_t i = 1; i < rows.size(); ++i) write_cells(out, rows[i], widths);
}

void write_block(std::string& out, const FieldList& fields) {
  size_t width = 0;
  for (const auto& [label, value] : fields.items) width = std::max(width, display_width(terminal_safe(label)));
  for (const auto& [label, value] : fields.items) {
    std::string safe_label = terminal_safe(label);
    std::string first = safe_label + ":" + std::string(width - display_width(safe_label) + 1, ' ');
    write_indented(out, terminal_safe(value, LineBreaks::keep), first, std::string(width + 2, ' '));
  }
}

}  // namespace

std::string write_text(const Document& document) {
  std::string out;
  for (const auto& block : document.blocks) {
    if (!out.empty()) out += '\n';
    std::visit([&](const auto& b) { write_block(out, b); }, block);
  }
  return out;
}

}  // namespace ruledex::render
