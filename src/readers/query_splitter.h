#pragma once
// Splits a text holding several KQL queries one after another, separated by
// blank lines as Kusto Explorer separates them. Works on the KQL lexer's
// tokens, so a blank line never splits a query where the query clearly goes
// on: inside brackets or a multi-line string, after a `let` statement's `;`,
// after a trailing `|`, `,`, `=` or binary operator, or before a line that
// starts with `|`, `,`, `and` or `or`.

#include <cstdint>
#include <string_view>
#include <vector>

namespace ruledex::readers {

// One query: byte offsets [begin, end) into the text, from the start of its
// paragraph (comment lines directly above it belong to it) to the end of the
// paragraph holding its last token. Paragraphs of comments only are no query.
struct QuerySpan {
  uint32_t begin = 0;
  uint32_t end = 0;
};

std::vector<QuerySpan> split_queries(std::string_view text);

}  // namespace ruledex::readers
