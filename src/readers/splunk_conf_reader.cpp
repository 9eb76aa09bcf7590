// Splunk app configuration (spl/conf_file.h): savedsearches.conf stanzas with
// a `search` are rules, as the ESCU YAML reader gives them (SPL, ATT&CK,
// stories); macros.conf stanzas are macros and transforms.conf /
// collections.conf lookups are lookups, as the security_content item files
// give them. A file in default/ is read with local/'s settings over it; the
// same file in local/ then holds nothing more of its own.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <system_error>

#include "base/source_text.h"
#include "readers/format_readers.h"
#include "readers/reader_support.h"
#include "spl/conf_file.h"

namespace ruledex::readers {
namespace {

using spl::ConfFile;
using spl::ConfStanza;
using spl::ConfValue;

constexpr int kMaxJsonDepth = 128;

// Scheduling and alerting settings kept as metadata as written.
constexpr std::string_view kMetadataKeys[] = {"disabled", "enableSched", "cron_schedule", "dispatch.earliest_time",
                                              "dispatch.latest_time", "schedule_window", "alert.suppress",
                                              "alert.suppress.fields", "alert.suppress.period"};
// Settings kept as metadata by prefix: Enterprise Security's correlation
// search, notable event and risk actions, and ESCU's own.
constexpr std::string_view kMetadataPrefixes[] = {"action.correlationsearch.", "action.notable", "action.risk",
                                                  "action.escu."};

bool is_true(std::string_view value) {
  value = trim(value);
  return value == "1" || iequals(value, "true") || iequals(value, "t") || iequals(value, "yes");
}

std::optional<ConfFile> read_conf_file(const std::filesystem::path& file) {
  std::error_code ec;
  if (file.empty() || !std::filesystem::is_regular_file(file, ec)) return std::nullopt;
  try {
    return spl::parse_conf(decode_text(read_file_bytes(file)).text);
  } catch (const std::system_error&) {
    return std::nullopt;
  }
}

class ConfReader {
 public:
  ConfReader(std::string_view path, std::string_view text) : path_(path), text_(text), lines_(text) {}

  ReadResult read() {
    std::string name = lower(file_stem(path_));
    ReadResult result{.recognised = name == "savedsearches", .format = "splunk-conf", .platform = "splunk"};
    ConfFile conf = spl::parse_conf(text_);
    for (const spl::ConfProblem& problem : conf.problems) add(result.diagnostics, problem.message, problem.line, problem.column);
    // The default/ layer reads local/ with it; local/ beside a default/ says nothing more.
    std::filesystem::path other = spl::other_layer(std::filesystem::path(path_));
    bool local = spl::is_local_layer(std::filesystem::path(path_));
    std::optional<ConfFile> other_conf = read_conf_file(other);
    if (local && other_conf) return result;
    if (other_conf) spl::merge_conf(conf, *other_conf);
    if (name == "savedsearches") {
      for (const ConfStanza& stanza : conf.stanzas)
        if (stanza.name != "default" && !stanza.name.empty() && stanza.find("search"))
          result.rules.push_back(rule(conf, stanza, other));
    } else if (name == "macros") {
      for (const ConfStanza& stanza : conf.stanzas) add_item(result, conf, stanza, "macro");
    } else if (name == "transforms") {
      for (const ConfStanza& stanza : conf.stanzas)
        if (is_lookup_definition(conf, stanza)) add_item(result, conf, stanza, "lookup");
    } else if (name == "collections") {
      // A KV store collection that a transforms.conf lookup definition names
      // is that lookup; the others are lookups by their own name.
      std::vector<std::string> named = collections_named_by_transforms();
      for (const ConfStanza& stanza : conf.stanzas)
        if (std::find(named.begin(), named.end(), stanza.name) == named.end())
          add_item(result, conf, stanza, "lookup");
    }
    return result;
  }

 private:
  void add(std::vector<Diagnostic>& into, std::string message, uint32_t line, uint32_t column,
           Severity severity = Severity::error) {
    into.push_back({severity, std::move(message), std::string(path_), line, column});
  }

  static bool is_lookup_definition(const ConfFile& conf, const ConfStanza& stanza) {
    return !conf.value(stanza, "filename").empty() || !conf.value(stanza, "collection").empty() ||
           !conf.value(stanza, "external_type").empty();
  }

  std::vector<std::string> collections_named_by_transforms() const {
    std::vector<std::string> named;
    std::filesystem::path here(path_);
    std::optional<ConfFile> transforms = read_conf_file(here.parent_path() / "transforms.conf");
    if (!transforms) return named;
    for (const ConfStanza& stanza : transforms->stanzas)
      add_unique(named, transforms->value(stanza, "collection"));
    return named;
  }

  void add_item(ReadResult& result, const ConfFile& conf, const ConfStanza& stanza, std::string kind) {
    if (stanza.name == "default" || stanza.name.empty()) return;
    RepositoryItem item;
    item.kind = std::move(kind);
    item.name = stanza.name;
    item.platform = "splunk";
    item.file = std::string(path_);
    item.description = std::string(trim(conf.value(stanza, "description")));
    for (const ConfValue& value : stanza.values)
      if (value.key != "description") item.metadata.emplace_back(value.key, value.value);
    // Searches read a lookup by its definition's name or by its file's.
    if (std::string_view file = conf.value(stanza, "filename"); !file.empty() && file != item.name)
      item.aliases.emplace_back(file);
    result.items.push_back(std::move(item));
  }

  Rule rule(const ConfFile& conf, const ConfStanza& stanza, const std::filesystem::path& other) {
    Rule rule = new_rule(path_, "splunk", "spl");
    rule.name = stanza.name;
    rule.id = stanza.name;
    const ConfValue& search = *stanza.find("search");
    rule.query = search.value;
    rule.query_line = search.line;
    rule.query_indent = search.column - 1;
    if (search.layered) {
      rule.file = other.generic_string();  // local/ replaced the search: positions are that file's
    } else {
      rule.raw = stanza_text(stanza);
      rule.raw_line = std::max(stanza.line, 1u);
    }
    rule.description = std::string(trim(conf.value(stanza, "description")));
    rule.severity = std::string(trim(conf.value(stanza, "action.notable.param.severity")));
    rule.status = is_true(conf.value(stanza, "disabled")) ? "disabled" : "enabled";
    rule.kind = is_true(conf.value(stanza, "action.correlationsearch.enabled")) ? "correlation search"
                : is_true(conf.value(stanza, "enableSched"))                    ? "scheduled search"
                                                                                : "saved search";
    for (std::string_view key : kMetadataKeys)
      if (std::string_view value = conf.value(stanza, key); !value.empty()) rule.metadata.emplace_back(key, value);
    for (const ConfValue& value : stanza.values)
      for (std::string_view prefix : kMetadataPrefixes)
        if (value.key.starts_with(prefix) && !value.value.empty()) rule.metadata.emplace_back(value.key, value.value);
    read_annotations(rule, stanza);
    return rule;
  }

  // The stanza's lines as written, header to last setting.
  std::string stanza_text(const ConfStanza& stanza) const {
    if (stanza.line == 0 || stanza.line > lines_.line_count()) return {};
    uint32_t begin = lines_.line_start(stanza.line);
    uint32_t end = stanza.end_line < lines_.line_count() ? lines_.line_start(stanza.end_line + 1)
                                                         : static_cast<uint32_t>(text_.size());
    return std::string(text_.substr(begin, end - begin));
  }

  // ATT&CK and stories from the correlation search's annotations (JSON), else
  // from ESCU's own mappings and analytic_story settings.
  void read_annotations(Rule& rule, const ConfStanza& stanza) {
    for (std::string_view key : {"action.correlationsearch.annotations", "action.escu.mappings"}) {
      std::optional<nlohmann::json> json = parse_json(rule, stanza, key);
      if (!json || !json->is_object()) continue;
      for (const std::string& id : strings(json->value("mitre_attack", nlohmann::json())))
        if (is_technique_id(trim(id))) add_technique(rule, id);
      for (const std::string& story : strings(json->value("analytic_story", nlohmann::json())))
        if (!trim(story).empty()) add_item_ref(rule.items, "story", std::string(trim(story)));
      if (std::vector<std::string> phases = strings(json->value("kill_chain_phases", nlohmann::json())); !phases.empty())
        rule.metadata.emplace_back("kill_chain_phases", join(phases));
    }
    if (std::optional<nlohmann::json> stories = parse_json(rule, stanza, "action.escu.analytic_story"))
      for (const std::string& story : strings(*stories))
        if (!trim(story).empty()) add_item_ref(rule.items, "story", std::string(trim(story)));
  }

  // A JSON setting, nesting bounded; a value that is not JSON is a warning.
  std::optional<nlohmann::json> parse_json(Rule& rule, const ConfStanza& stanza, std::string_view key) {
    const ConfValue* value = stanza.find(key);
    if (!value || trim(value->value).empty()) return std::nullopt;
    bool too_deep = false;
    auto limit = [&too_deep](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
      if (depth > kMaxJsonDepth) too_deep = true;
      return depth <= kMaxJsonDepth;
    };
    nlohmann::json json = nlohmann::json::parse(value->value, limit, false);
    if (too_deep || json.is_discarded()) {
      add(rule.diagnostics,
          std::string(key) + (too_deep ? " nests deeper than " + std::to_string(kMaxJsonDepth) + " levels"
                                       : " is not valid JSON"),
          value->line, value->column, Severity::warning);
      return std::nullopt;
    }
    return json;
  }

  static std::vector<std::string> strings(const nlohmann::json& json) {
    std::vector<std::string> out;
    if (json.is_string()) out.push_back(json.get<std::string>());
    if (json.is_array())
      for (const nlohmann::json& item : json)
        if (item.is_string()) out.push_back(item.get<std::string>());
    return out;
  }

  static std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
    return out;
  }

  std::string_view path_;
  std::string_view text_;
  LineIndex lines_;
};

}  // namespace

ReadResult read_splunk_conf(std::string_view path, std::string_view text) { return ConfReader(path, text).read(); }

}  // namespace ruledex::readers
