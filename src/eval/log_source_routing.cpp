#include "eval/log_source_routing.h"

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "base/text_structure.h"
#include "base/trim.h"

namespace ruledex::eval {

// Defined in the file CMake generates from data/sigma_logsources.json.
extern const std::string_view kBuiltinSigmaLogSources;

namespace {

using nlohmann::json;

std::string text_of(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer()) return std::to_string(value.get<int64_t>());
  throw std::runtime_error("a value must be a string or an integer");
}

SourceEvents source_events(const json& node) {
  if (!node.is_object()) throw std::runtime_error("an `events` item must be an object");
  SourceEvents out;
  for (const auto& [key, value] : node.items()) {
    if (key == "fields") {
      if (!value.is_object()) throw std::runtime_error("`fields` must map rule fields to event fields");
      for (const auto& [from, to] : value.items()) out.renames.emplace_back(from, text_of(to));
      continue;
    }
    std::vector<std::string> accepted;
    if (!value.is_array()) throw std::runtime_error("condition `" + key + "` must be a list of values");
    for (const json& item : value) accepted.push_back(text_of(item));
    out.conditions.emplace_back(key, std::move(accepted));
  }
  return out;
}

bool holds(const events::Event& event, const std::string& field, const std::vector<std::string>& accepted) {
  for (size_t i = 0; i < event.size(); ++i) {
    events::Event::Field f = event.field(i);
    if (f.name != field) continue;
    for (const std::string& value : accepted)
      if (value == "*" || value == f.value) return true;
  }
  return false;
}

}  // namespace

LogSource rule_log_source(std::string_view text) {
  LogSource source;
  while (!text.empty()) {
    size_t comma = text.find(", ");
    std::string_view item = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 2);
    size_t colon = item.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view key = trim(item.substr(0, colon)), value = trim(item.substr(colon + 1));
    if (key == "product") source.product = value;
    else if (key == "category") source.category = value;
    else if (key == "service") source.service = value;
  }
  return source;
}

LogSourceRouting LogSourceRouting::parse(std::string_view text, std::string_view name) {
  try {
    if (std::optional<TextProblem> problem = check_structure(text, Notation::json)) throw std::runtime_error(located(name, *problem));
    json document = json::parse(text);
    LogSourceRouting routing;
    for (const json& item : document.at("logsources")) {
      LogSourceEntry entry;
      entry.source = {item.value("product", ""), item.value("category", ""), item.value("service", "")};
      for (const json& events : item.at("events")) entry.events.push_back(source_events(events));
      routing.entries_.push_back(std::move(entry));
    }
    return routing;
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string(name) + ": " + e.what());
  }
}

const LogSourceRouting& LogSourceRouting::builtin() {
  static const LogSourceRouting routing = parse(kBuiltinSigmaLogSources, "data/sigma_logsources.json");
  return routing;
}

std::optional<uint32_t> LogSourceRouting::entry_for(const LogSource& source) const {
  for (uint32_t i = 0; i < entries_.size(); ++i)
    if (entries_[i].source == source) return i;
  return std::nullopt;
}

void LogSourceRouting::routes(const events::Event& event, std::vector<Route>& out) const {
  for (uint32_t e = 0; e < entries_.size(); ++e) {
    const LogSourceEntry& entry = entries_[e];
    for (uint32_t v = 0; v < entry.events.size(); ++v) {
      bool all = true;
      for (const auto& [field, accepted] : entry.events[v].conditions)
        if (!(all = holds(event, field, accepted))) break;
      if (!all) continue;
      out.push_back({e, v});
      break;  // an event is one kind of its source
    }
  }
}

}  // namespace ruledex::eval
