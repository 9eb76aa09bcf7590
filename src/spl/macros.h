#pragma once
// Splunk search macros: backtick calls `name` and `name(arg, ...)` replaced by
// their definitions before parsing, as Splunk does, with `$arg$`
// substitution, nesting, a depth limit and cycle detection. The per-detection
// `<name>_filter` macros expand to nothing when undefined or `search *` (ESCU generates them empty); a few
// macros of Splunk's Common Information Model add-on are built in.
//
// Expansion is bounded, as macro files are untrusted input (each calling the
// next twice doubles the text per level): at most kMaxMacroDepth nested calls,
// kMaxMacroCalls calls in all, and kMaxMacroGrowth bytes added to the search.
// Past a limit the top-level call that crossed it is left as written, with an
// error at it, and the rest of the search is not expanded.

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ruledex::spl {

inline constexpr int kMaxMacroDepth = 32;
inline constexpr size_t kMaxMacroCalls = 10'000;
inline constexpr size_t kMaxMacroGrowth = size_t{4} << 20;  // 4 MiB

struct Macro {
  std::string definition;
  std::vector<std::string> arguments;  // names, substituted as $name$
  bool eval = false;  // iseval: the definition is an eval expression giving the text (not expanded)
};

// Keyed by name and argument count ("name" or "name(2)"), as Splunk keys them.
using MacroTable = std::map<std::string, Macro>;

std::string macro_key(std::string_view name, size_t argument_count);

// Reads every macros/*.yml (name, definition, arguments) of a security_content
// checkout; files that do not parse are skipped.
MacroTable load_macro_folder(const std::filesystem::path& folder);

// The `[name(N)]` stanzas of a Splunk app's macros.conf (see conf_file.h):
// `definition`, `args = a,b`, `iseval`.
struct ConfFile;
MacroTable macro_table(const ConfFile& macros_conf);

// The macros of the rule file's repository, loaded once per repository: for a
// .conf file in a Splunk app's default/ or local/ folder, the app's
// macros.conf (both layers); otherwise the macros folder of the
// security_content checkout holding it. An empty table when there is none.
std::shared_ptr<const MacroTable> macros_for_rule_file(const std::filesystem::path& rule_file);

struct MacroProblem {
  std::string message;
  uint32_t offset = 0;  // in the text as written
  bool unknown = false; // an unknown macro (left in place)
};

struct Expansion {
  std::string text;
  std::vector<MacroProblem> problems;
  std::vector<std::string> expanded;  // names of the macros expanded, in order
  // Maps an offset in `text` back to the text as written: inside a macro's
  // replacement it is the offset of the call.
  uint32_t source_offset(uint32_t offset) const;

  struct Piece {
    uint32_t begin = 0;         // in text
    uint32_t source_begin = 0;  // in the text as written
    uint32_t length = 0;
    bool copied = true;         // false: replacement text of the call at source_begin
  };
  std::vector<Piece> pieces;
};

Expansion expand_macros(std::string_view text, const MacroTable& macros);

}  // namespace ruledex::spl
