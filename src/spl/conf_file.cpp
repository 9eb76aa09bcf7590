#include "spl/conf_file.h"

#include <system_error>

#include "base/source_text.h"
#include "base/trim.h"

namespace ruledex::spl {
namespace {

class ConfParser {
 public:
  explicit ConfParser(std::string_view text) : text_(text) {}

  ConfFile parse() {
    while (!at_end()) {
      std::string_view line = next_line();
      uint32_t number = line_number_;
      std::string_view content = trim(line);
      if (content.empty() || content.front() == '#') continue;
      uint32_t column = static_cast<uint32_t>(line.find_first_not_of(" \t")) + 1;
      if (content.front() == '[') {
        header(content, number, column);
      } else if (size_t equals = line.find('='); equals != std::string_view::npos) {
        setting(line, equals, number);
      } else {
        problem("expected `key = value`, a `[stanza]` header or a `#` comment", number, column);
      }
    }
    return std::move(out_);
  }

 private:
  bool at_end() const { return at_ >= text_.size(); }

  std::string_view next_line() {
    size_t eol = text_.find('\n', at_);
    if (eol == std::string_view::npos) eol = text_.size();
    std::string_view line = text_.substr(at_, eol - at_);
    at_ = eol + 1;
    ++line_number_;
    return line;
  }

  // An index, not a pointer: the stanza vector grows.
  size_t stanza_index(std::string_view name, uint32_t line) {
    ConfStanza& stanza = out_.stanza(name, line);
    return static_cast<size_t>(&stanza - out_.stanzas.data());
  }

  void problem(std::string message, uint32_t line, uint32_t column) {
    out_.problems.push_back({std::move(message), line, column});
  }

  void header(std::string_view content, uint32_t line, uint32_t column) {
    size_t close = content.rfind(']');
    if (close == std::string_view::npos) {
      problem("stanza header without a closing `]`", line, column);
      close = content.size();
    }
    if (close == 1) problem("stanza header without a name", line, column);
    current_ = stanza_index(content.substr(1, close - 1), line);
    out_.stanzas[current_].end_line = line;
  }

  void setting(std::string_view line, size_t equals, uint32_t number) {
    std::string_view key = trim(line.substr(0, equals));
    size_t value_begin = line.find_first_not_of(" \t", equals + 1);
    if (value_begin == std::string_view::npos) value_begin = line.size();
    ConfValue value{std::string(key), {}, number, static_cast<uint32_t>(value_begin) + 1};
    std::string_view part = line.substr(value_begin);
    while (part.ends_with('\\') && !at_end()) {
      value.value.append(part.substr(0, part.size() - 1)).push_back('\n');
      part = next_line();
    }
    if (part.ends_with('\\')) part.remove_suffix(1);  // a continuation at the end of the file
    value.value += part;
    value.value.resize(trim(value.value).empty() ? 0 : value.value.find_last_not_of(" \t\r\n") + 1);
    if (key.empty()) {
      problem("a setting without a key", number, static_cast<uint32_t>(equals) + 1);
      return;
    }
    if (current_ == kNone) current_ = stanza_index("default", 0);
    out_.stanzas[current_].end_line = line_number_;
    out_.stanzas[current_].set(std::move(value));
  }

  std::string_view text_;
  size_t at_ = 0;
  uint32_t line_number_ = 0;
  static constexpr size_t kNone = static_cast<size_t>(-1);
  ConfFile out_;
  size_t current_ = kNone;
};

}  // namespace

const ConfValue* ConfStanza::find(std::string_view key) const {
  auto it = index_.find(key);
  return it == index_.end() ? nullptr : &values[it->second];
}

void ConfStanza::set(ConfValue value) {
  auto [it, added] = index_.try_emplace(value.key, values.size());
  if (added)
    values.push_back(std::move(value));
  else
    values[it->second] = std::move(value);
}

const ConfStanza* ConfFile::find(std::string_view name) const {
  auto it = index_.find(name);
  return it == index_.end() ? nullptr : &stanzas[it->second];
}

ConfStanza& ConfFile::stanza(std::string_view name, uint32_t line) {
  auto [it, added] = index_.try_emplace(std::string(name), stanzas.size());
  if (added) {
    stanzas.emplace_back();
    stanzas.back().name = std::string(name);
    stanzas.back().line = stanzas.back().end_line = line;
  }
  return stanzas[it->second];
}

std::string_view ConfFile::value(const ConfStanza& stanza, std::string_view key) const {
  const ConfValue* found = stanza.find(key);
  if (!found)
    if (const ConfStanza* defaults = find("default")) found = defaults->find(key);
  return found ? std::string_view(found->value) : std::string_view();
}

ConfFile parse_conf(std::string_view text) { return ConfParser(text).parse(); }

void merge_conf(ConfFile& base, const ConfFile& layer) {
  for (const ConfStanza& stanza : layer.stanzas) {
    ConfStanza& into = base.stanza(stanza.name, stanza.line);
    for (ConfValue value : stanza.values) {
      value.layered = true;
      into.set(std::move(value));
    }
  }
}

std::filesystem::path other_layer(const std::filesystem::path& file) {
  std::filesystem::path folder = file.parent_path();
  std::string layer = folder.filename().string();
  if (layer != "default" && layer != "local") return {};
  return folder.parent_path() / (layer == "default" ? "local" : "default") / file.filename();
}

bool is_local_layer(const std::filesystem::path& file) {
  return file.extension() == ".conf" && file.parent_path().filename() == "local";
}

ConfFile read_app_conf(const std::filesystem::path& app_folder, std::string_view name) {
  ConfFile conf;
  for (const char* layer : {"default", "local"}) {
    std::filesystem::path file = app_folder / layer / (std::string(name) + ".conf");
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) continue;
    try {
      merge_conf(conf, parse_conf(decode_text(read_file_bytes(file)).text));
    } catch (const std::system_error&) {
    }
  }
  return conf;
}

}  // namespace ruledex::spl
