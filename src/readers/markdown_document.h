#pragma once
// The parts of a Markdown query page that the readers use: the title, the text
// after it, fenced code blocks, the "Category" table and `**Key:** value` lines.
// Line-based, as Markdown is; no HTML, no nested containers.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ruledex::readers {

struct FencedBlock {
  std::string info;          // the fence's info string as written: "kusto", "KQL", "" ...
  uint32_t begin = 0;        // byte offsets of the content, from the line after the opening fence
  uint32_t end = 0;          // to the end of the line before the closing fence
  uint32_t first_line = 0;   // 1-based file line of the content's first line
  bool closed = true;        // false: the file ended inside the block
  std::string heading;       // the nearest heading above the block
  bool fenced = true;        // false: the text of a "Query" section that has no fence
};

struct MarkdownDocument {
  std::string title;        // the first `# ` heading, else empty
  std::string description;  // paragraphs after the title, up to the next heading or fence
  std::vector<FencedBlock> blocks;
  // Rows of a table under a heading containing "Category": first cell -> second cell.
  std::vector<std::pair<std::string, std::string>> category_rows;
  std::vector<std::pair<std::string, std::string>> bold_keys;  // `**Contributor:** name`
};

MarkdownDocument parse_markdown(std::string_view text);

// Which blocks hold KQL: fences tagged kusto, kql or csl (any case); untagged
// fences whose content looks like KQL or that sit under a heading naming a
// query ("## Query"); fences tagged with another language (`C#`, `sql`,
// `text`) and unfenced "Query" sections whose content looks like KQL.
enum class KqlBlock { no, yes, by_content };
KqlBlock kql_block(std::string_view text, const FencedBlock& block);
inline bool is_kql_block(std::string_view text, const FencedBlock& block) { return kql_block(text, block) != KqlBlock::no; }

}  // namespace ruledex::readers
