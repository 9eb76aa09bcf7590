#include "eval/event_sources.h"

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "base/text_structure.h"
#include "base/wildcard.h"

namespace ruledex::eval {

// Defined in the file CMake generates from data/event_sources.json.
extern const std::string_view kBuiltinEventSources;

EventSources EventSources::parse(std::string_view text, std::string_view name) {
  try {
    if (std::optional<TextProblem> problem = check_structure(text, Notation::json)) throw std::runtime_error(located(name, *problem));
    nlohmann::json document = nlohmann::json::parse(text);
    EventSources sources;
    for (const auto& platform : document.at("platforms")) {
      std::vector<SourceField> fields;
      for (const auto& field : platform.at("fields"))
        fields.push_back({field.at("event").get<std::string>(), field.value("prefix", ""), field.value("pattern", "")});
      sources.platforms_.emplace_back(platform.at("platform").get<std::string>(), std::move(fields));
    }
    return sources;
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string(name) + ": " + e.what());
  }
}

const EventSources& EventSources::builtin() {
  static const EventSources sources = parse(kBuiltinEventSources, "data/event_sources.json");
  return sources;
}

const std::vector<SourceField>* EventSources::fields(std::string_view platform) const {
  for (const auto& [name, fields] : platforms_)
    if (name == platform) return &fields;
  return nullptr;
}

SourceCheck::SourceCheck(const Rule& rule, const EventSources& sources, FieldNames& names) {
  any_source_ = !rule.data_sources.empty();
  const std::vector<SourceField>* fields = sources.fields(rule.platform);
  if (!fields) return;
  for (const SourceField& field : *fields) {
    Kind kind{names.intern(field.event), field.pattern, {}};
    for (const std::string& source : rule.data_sources) {
      bool prefixed = source.find(':') != std::string::npos;
      if (field.prefix.empty() ? !prefixed : source.starts_with(field.prefix))
        kind.sources.push_back(source.substr(field.prefix.size()));
    }
    if (!kind.sources.empty()) kinds_.push_back(std::move(kind));
  }
}

Truth SourceCheck::check(const EventView& view) const {
  if (!any_source_) return Truth::yes;
  bool said = false;
  for (const Kind& kind : kinds_) {
    bool matched = view.any_value(kind.field, [&](const events::Event::Field& value) {
      said = true;
      std::string name(value.value);
      if (!kind.pattern.empty()) {
        std::string shaped = kind.pattern;
        size_t at = shaped.find("{}");
        if (at != std::string::npos) shaped.replace(at, 2, name);
        name = shaped;
      }
      for (const std::string& source : kind.sources)
        if (wildcard_match(source, name, LetterCase::ignored) || wildcard_match(name, source, LetterCase::ignored)) return true;
      return false;
    });
    if (matched) return Truth::yes;
  }
  return said ? Truth::no : Truth::unknown;
}

}  // namespace ruledex::eval
