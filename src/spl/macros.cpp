#include "spl/macros.h"

#include <yaml-cpp/yaml.h>

#include "spl/conf_file.h"

#include <algorithm>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>

#include "base/source_text.h"
#include "base/trim.h"
#include "base/yaml_load.h"

namespace ruledex::spl {
namespace {

// `"x"` or `'x'` (both are written as arguments of the CIM macros).
std::string_view unquote(std::string_view text) {
  if (text.size() >= 2 && (text.front() == '"' || text.front() == '\'') && text.back() == text.front())
    return text.substr(1, text.size() - 2);
  return text;
}

// Arguments split at top-level commas, outside quotes and parentheses.
std::vector<std::string> split_arguments(std::string_view text) {
  std::vector<std::string> out;
  int depth = 0;
  bool quoted = false;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    char c = i < text.size() ? text[i] : ',';
    if (c == '"' && (i == 0 || text[i - 1] != '\\')) quoted = !quoted;
    if (quoted) continue;
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (c == ',' && depth <= 0) {
      out.emplace_back(trim(text.substr(start, i - start)));
      start = i + 1;
    }
  }
  return out;
}

// CIM add-on macros the corpus calls without defining them.
const MacroTable& builtin_macros() {
  static const MacroTable table = {
      {"drop_dm_object_name(1)", {"rename $object$.* as *", {"object"}}},
  };
  return table;
}

// The next backtick at or after `from` outside double-quoted strings (a
// backtick in a string is a character, not a macro call); text.size() if none.
size_t next_backtick(std::string_view text, size_t from) {
  bool quoted = false;
  for (size_t i = from; i < text.size(); ++i) {
    if (text[i] == '\\' && quoted) {
      ++i;
    } else if (text[i] == '"') {
      quoted = !quoted;
    } else if (text[i] == '`' && !quoted) {
      return i;
    }
  }
  return text.size();
}

// The definition with each `$argument$` replaced by its value; nullopt when
// it would exceed `max_size`, checked as it is built.
std::optional<std::string> substitute(const Macro& macro, const std::vector<std::string>& args, bool unquoted,
                                      size_t max_size) {
  std::string body = macro.definition;
  for (size_t a = 0; a < macro.arguments.size() && a < args.size(); ++a) {
    std::string placeholder = "$" + macro.arguments[a] + "$";
    std::string_view value = unquoted ? unquote(args[a]) : std::string_view(args[a]);
    std::string replaced;
    size_t from = 0;
    for (size_t at; (at = body.find(placeholder, from)) != std::string::npos; from = at + placeholder.size()) {
      replaced.append(body, from, at - from).append(value);
      if (replaced.size() > max_size) return std::nullopt;
    }
    body = std::move(replaced.append(body, from));
  }
  if (body.size() > max_size) return std::nullopt;
  return body;
}

std::string mebibytes(size_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }

class Expander {
  using Piece = Expansion::Piece;

 public:
  Expander(const MacroTable& macros, Expansion& out, size_t written_size)
      : macros_(macros), out_(out), max_size_(written_size + kMaxMacroGrowth) {}

  // Appends the expansion of `text`. `source_base` is text's offset in the
  // text as written when `top` (copied pieces map back); inside a replacement
  // every piece maps to the outer call at `call_offset`.
  void expand(std::string_view text, bool top, uint32_t call_offset, int depth) {
    size_t i = 0;
    while (i < text.size() && exceeded_.empty() && !stopped_) {
      size_t tick = next_backtick(text, i);
      append(text.substr(i, tick - i), top ? static_cast<uint32_t>(i) : call_offset, top);
      if (tick == text.size()) return;
      if (text.substr(tick, 3) == "```") {  // a comment, up to the next ```
        size_t end = text.find("```", tick + 3);
        i = end == std::string_view::npos ? text.size() : end + 3;
        continue;
      }
      size_t close = text.find('`', tick + 1);
      uint32_t offset = top ? static_cast<uint32_t>(tick) : call_offset;
      if (close == std::string_view::npos) {
        out_.problems.push_back({"unterminated macro call (no closing backtick)", offset, false});
        append(text.substr(tick), offset, top);
        return;
      }
      std::string_view written = text.substr(tick, close - tick + 1);
      if (top)
        top_call(written, offset);
      else
        call(written, offset, depth);
      i = close + 1;
    }
    if (top && i < text.size()) append(text.substr(i), static_cast<uint32_t>(i), true);  // past a limit: as written
  }

 private:
  void append(std::string_view piece, uint32_t source, bool copied) {
    if (piece.empty() || !exceeded_.empty()) return;  // nothing more past a limit
    if (out_.text.size() + piece.size() > max_size_) {
      exceeded_ = "its expansion exceeds the search by more than " + mebibytes(kMaxMacroGrowth);
      return;
    }
    out_.pieces.push_back({static_cast<uint32_t>(out_.text.size()), source, static_cast<uint32_t>(piece.size()), copied});
    out_.text += piece;
  }

  // A call in the search as written. One that crosses a limit is undone and
  // left as written, with the error at it.
  void top_call(std::string_view written, uint32_t offset) {
    const size_t text = out_.text.size(), pieces = out_.pieces.size(), problems = out_.problems.size(),
                 expanded = out_.expanded.size();
    call(written, offset, 0);
    if (exceeded_.empty()) return;
    out_.text.resize(text);
    out_.pieces.resize(pieces);
    out_.problems.resize(problems);
    out_.expanded.resize(expanded);
    std::string_view name = trim(written.substr(1, written.size() - 2));
    name = trim(name.substr(0, std::min<size_t>(name.find('('), 100)));  // the arguments may be long
    out_.problems.push_back({"macro `" + std::string(name) + "` not expanded: " + exceeded_, offset, false});
    exceeded_.clear();
    stopped_ = true;
    append(written, offset, true);
  }

  // An empty macro at the end of `... | `x_filter`` leaves no empty command.
  void drop_trailing_pipe() {
    std::string& text = out_.text;
    size_t keep = text.find_last_not_of(" \t\r\n");
    if (keep == std::string::npos || text[keep] != '|') return;
    text.resize(keep);
    while (!out_.pieces.empty() && out_.pieces.back().begin >= keep) out_.pieces.pop_back();
    if (!out_.pieces.empty()) {
      Piece& last = out_.pieces.back();
      last.length = std::min<uint32_t>(last.length, static_cast<uint32_t>(keep) - last.begin);
    }
  }

  // `written` is the call with its backticks.
  void call(std::string_view written, uint32_t offset, int depth) {
    if (++calls_ > kMaxMacroCalls) {
      exceeded_ = "its expansion calls more than " + std::to_string(kMaxMacroCalls) + " macros";
      return;
    }
    std::string_view name = trim(written.substr(1, written.size() - 2));
    std::vector<std::string> args;
    if (size_t open = name.find('('); open != std::string_view::npos && name.back() == ')') {
      args = split_arguments(name.substr(open + 1, name.size() - open - 2));
      name = trim(name.substr(0, open));
    }
    std::string key = macro_key(name, args.size());
    if (name.ends_with("_filter") && args.empty() && is_empty_filter(key)) {
      drop_trailing_pipe();
      return;
    }
    const Macro* macro = find(key);
    if (!macro) {
      out_.problems.push_back({"unknown macro `" + key + "`", offset, true});
      append(written, offset, depth == 0);
      return;
    }
    if (depth >= kMaxMacroDepth) {
      exceeded_ = "macros nest more than " + std::to_string(kMaxMacroDepth) + " deep (at `" + key + "`)";
      return;
    }
    if (macro->eval) {
      out_.problems.push_back({"eval-based macro `" + key + "` (iseval) is left as written", offset, true});
      append(written, offset, depth == 0);
      return;
    }
    if (std::find(active_.begin(), active_.end(), key) != active_.end()) {
      out_.problems.push_back({"macro `" + key + "` calls itself", offset, false});
      return;
    }
    std::optional<std::string> body =
        substitute(*macro, args, builtin_macros().contains(key), max_size_ - out_.text.size());
    if (!body) {
      exceeded_ = "its expansion exceeds the search by more than " + mebibytes(kMaxMacroGrowth);
      return;
    }
    out_.expanded.push_back(key);
    active_.push_back(key);
    expand(*body, false, offset, depth + 1);
    active_.pop_back();
  }

  // ESCU's per-detection filter macros are generated empty: missing from the
  // repository, or `search *` in the app.
  bool is_empty_filter(const std::string& key) const {
    auto it = macros_.find(key);
    return it == macros_.end() || trim(it->second.definition).empty() || trim(it->second.definition) == "search *";
  }

  const Macro* find(const std::string& key) const {
    if (auto it = macros_.find(key); it != macros_.end()) return &it->second;
    if (auto it = builtin_macros().find(key); it != builtin_macros().end()) return &it->second;
    return nullptr;
  }

  const MacroTable& macros_;
  Expansion& out_;
  const size_t max_size_;
  size_t calls_ = 0;
  std::string exceeded_;  // the limit crossed, if any: the top-level call stops
  bool stopped_ = false;  // a limit was crossed: the rest is copied as written
  std::vector<std::string> active_;
};

}  // namespace

std::string macro_key(std::string_view name, size_t argument_count) {
  std::string key(name);
  if (argument_count > 0) key += "(" + std::to_string(argument_count) + ")";
  return key;
}

uint32_t Expansion::source_offset(uint32_t offset) const {
  auto after = std::upper_bound(pieces.begin(), pieces.end(), offset,
                                [](uint32_t value, const Piece& piece) { return value < piece.begin; });
  if (after == pieces.begin()) return 0;
  const Piece& piece = *(after - 1);
  return piece.copied ? piece.source_begin + std::min(offset - piece.begin, piece.length) : piece.source_begin;
}

Expansion expand_macros(std::string_view text, const MacroTable& macros) {
  Expansion out;
  Expander(macros, out, text.size()).expand(text, true, 0, 0);
  return out;
}

// A macro definition is a few lines; a larger file is no macro of ours.
constexpr size_t kMaxMacroFileBytes = 1 << 20;

MacroTable load_macro_folder(const std::filesystem::path& folder) {
  MacroTable table;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
    if (entry.path().extension() != ".yml" && entry.path().extension() != ".yaml") continue;
    try {
      // Macro files are input like rule files: regular files only, bounded, checked YAML.
      YAML::Node doc = load_yaml(decode_text(read_file_bytes(entry.path(), kMaxMacroFileBytes), 0).text).root;
      if (!doc.IsMap() || !doc["name"].IsScalar()) continue;
      Macro macro;
      if (doc["definition"].IsScalar()) macro.definition = doc["definition"].Scalar();
      if (doc["arguments"].IsSequence())
        for (const YAML::Node& arg : doc["arguments"])
          if (arg.IsScalar()) macro.arguments.push_back(arg.Scalar());
      table[macro_key(doc["name"].Scalar(), macro.arguments.size())] = std::move(macro);
    } catch (const YAML::Exception&) {
    } catch (const FileReadError&) {
    }
  }
  return table;
}

MacroTable macro_table(const ConfFile& macros_conf) {
  MacroTable table;
  for (const ConfStanza& stanza : macros_conf.stanzas) {
    if (stanza.name == "default") continue;
    Macro macro;
    macro.definition = std::string(macros_conf.value(stanza, "definition"));
    if (std::string_view args = trim(macros_conf.value(stanza, "args")); !args.empty())
      macro.arguments = split_arguments(args);
    std::string_view iseval = trim(macros_conf.value(stanza, "iseval"));
    macro.eval = iseval == "1" || iseval == "true" || iseval == "True";
    table[stanza.name] = std::move(macro);
  }
  return table;
}

namespace {

// Where the rule file's macros are: an app folder (its macros.conf) or a
// security_content macros folder; empty when there is none.
struct MacroSource {
  std::filesystem::path folder;
  bool app = false;
  auto operator<=>(const MacroSource&) const = default;
};

MacroSource macro_source(const std::filesystem::path& rule_file) {
  if (rule_file.extension() == ".conf" && !other_layer(rule_file).empty())
    return {rule_file.parent_path().parent_path(), true};
  std::error_code ec;
  for (std::filesystem::path dir = rule_file.parent_path(); !dir.empty(); dir = dir.parent_path()) {
    if (std::filesystem::is_directory(dir / "macros", ec)) return {dir / "macros", false};
    if (dir == dir.parent_path()) break;
  }
  return {};
}

MacroTable load_macros(const MacroSource& source) {
  if (source.folder.empty()) return {};
  return source.app ? macro_table(read_app_conf(source.folder, "macros")) : load_macro_folder(source.folder);
}

}  // namespace

std::shared_ptr<const MacroTable> macros_for_rule_file(const std::filesystem::path& rule_file) {
  static std::mutex mutex;
  static std::map<MacroSource, std::shared_ptr<const MacroTable>> cache;
  MacroSource source = macro_source(rule_file);
  std::lock_guard lock(mutex);
  auto& table = cache[source];
  if (!table) table = std::make_shared<const MacroTable>(load_macros(source));
  return table;
}

}  // namespace ruledex::spl
