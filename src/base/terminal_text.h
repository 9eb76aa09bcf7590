#pragma once
// Text bound for a terminal (stdout or stderr as text). Rule text and file
// names are untrusted: a newline in a file name would forge a diagnostic line,
// an ESC sequence would drive the terminal, a bidi override would reorder what
// is shown. Every printer passes such text through terminal_safe.

#include <string>
#include <string_view>

namespace ruledex {

enum class LineBreaks {
  escape,  // one line: '\n' and '\t' are shown as \n and \t
  keep,    // a block of lines (a query shown on a page): '\n' and '\t' stay
};

// Shows as escapes, never as themselves: C0 controls and DEL (\n, \r, \t,
// else \xHH), C1 controls U+0080..U+009F and the bidi embeddings, overrides
// and isolates U+202A..U+202E, U+2066..U+2069 (\uHHHH), and bytes that are not
// UTF-8 (\xHH). A backslash stays as it is: the escapes are for reading, not
// for decoding back.
std::string terminal_safe(std::string_view text, LineBreaks breaks = LineBreaks::escape);

}  // namespace ruledex
