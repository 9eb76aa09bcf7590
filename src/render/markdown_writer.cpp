// GitHub-flavoured Markdown. Text from a rule is escaped so it never becomes
// markup: no stray emphasis, links, HTML or broken table cells.

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

#include "render/document.h"

namespace ruledex::render {
namespace {

constexpr std::string_view kMarkdownSpecials = "\\`*_[]<>|~#&";
// At the start of a line these would open a list, a rule or a heading underline.
constexpr std::string_view kLineStartSpecials = "-+=";

// Inline text. Line breaks become `line_break` ("  \n" in paragraphs, "<br>" in table cells).
std::string escape_inline(std::string_view text, std::string_view line_break) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  auto is_word = [&](size_t i) { return i < text.size() && std::isalnum(static_cast<unsigned char>(text[i])); };
  bool line_start = true;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\r') continue;
    // An underscore inside a word (allowed_role_names) never starts emphasis.
    bool intraword_underscore = c == '_' && i > 0 && is_word(i - 1) && is_word(i + 1);
    bool special = (kMarkdownSpecials.find(c) != std::string_view::npos && !intraword_underscore) ||
                   (line_start && kLineStartSpecials.find(c) != std::string_view::npos);
    if (c == '\n') out += line_break;
    else if (special) out.append(1, '\\') += c;
    else out += c;
    line_start = c == '\n' || (line_start && c == ' ');
  }
  return out;
}

std::string escape_cell(std::string_view text) { return escape_inline(text, "<br>"); }

// A fence longer than any backtick run in the code, so the code cannot close it.
std::string fence_for(std::string_view code) {
  size_t longest = 0, run = 0;
  for (char c : code) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return std::string(std::max<size_t>(3, longest + 1), '`');
}

void write_row(std::string& out, const std::vector<std::string>& cells, size_t columns) {
  out += '|';
  for (size_t i = 0; i < columns; ++i) out += ' ' + (i < cells.size() ? escape_cell(cells[i]) : "") + " |";
  out += '\n';
}

void write_block(std::string& out, const Heading& heading) {
  out.append(static_cast<size_t>(std::clamp(heading.level, 1, 6)), '#') += ' ';
  out += escape_inline(heading.text, " ") + '\n';
}

void write_block(std::string& out, const Paragraph& paragraph) {
  std::string text(paragraph.text);
  while (!text.empty() && text.back() == '\n') text.pop_back();
  if (paragraph.note) out += "> **Note:** " + escape_inline(text, "  \n> ") + '\n';
  else out += escape_inline(text, "  \n") + '\n';
}

void write_block(std::string& out, const CodeBlock& code) {
  std::string fence = fence_for(code.text);
  out += fence + code.language + '\n' + code.text;
  if (!code.text.empty() && code.text.back() != '\n') out += '\n';
  out += fence + '\n';
}

void write_block(std::string& out, const Table& table) {
  write_row(out, table.header, table.header.size());
  out += '|';
  for (size_t i = 0; i < table.header.size(); ++i) out += "---|";
  out += '\n';
  for (const auto& row : table.rows) write_row(out, row, table.header.size());
}

void write_block(std::string& out, const FieldList& fields) {
  for (const auto& [label, value] : fields.items)
    out += "- **" + escape_inline(label, " ") + ":** " + escape_inline(value, "<br>") + '\n';
}

}  // namespace

std::string write_markdown(const Document& document) {
  std::string out;
  for (const auto& block : document.blocks) {
    if (!out.empty()) out += '\n';
    std::visit([&](const auto& b) { write_block(out, b); }, block);
  }
  return out;
}

}  // namespace ruledex::render
