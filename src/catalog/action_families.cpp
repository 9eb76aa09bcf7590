#include "catalog/action_families.h"

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "base/ascii_case.h"
#include "base/text_structure.h"
#include "base/wildcard.h"

namespace ruledex {

// Defined in the file CMake generates from data/action_families.json.
extern const std::string_view kBuiltinActionFamilies;

namespace {

using nlohmann::json;

std::vector<std::string> string_list(const json& node, std::string_view what) {
  if (!node.is_array()) throw std::runtime_error(std::string(what) + " must be a list of strings");
  std::vector<std::string> out;
  for (const json& item : node) {
    if (!item.is_string()) throw std::runtime_error(std::string(what) + " must be a list of strings");
    out.push_back(item.get<std::string>());
  }
  return out;
}

FamilySource read_source(const json& node) {
  if (!node.is_object()) throw std::runtime_error("a source must be an object");
  FamilySource source;
  source.platforms = string_list(node.value("platforms", json::array()), "platforms");
  source.data_sources = string_list(node.value("data_sources", json::array()), "data_sources");
  source.action_fields = string_list(node.value("action_fields", json::array()), "action_fields");
  const json indicators = node.value("indicators", json::object());
  if (!indicators.is_object()) throw std::runtime_error("indicators must map fields to values");
  for (const auto& [field, values] : indicators.items())
    source.indicators[field] = string_list(values, "indicator values");
  if (source.platforms.empty() || source.action_fields.empty())
    throw std::runtime_error("a source needs platforms and action_fields");
  return source;
}

// YARA-L fields start with an event variable ($e.metadata...): drop it.
std::string_view plain_field(std::string_view field) {
  if (!field.empty() && field[0] == '$') {
    size_t dot = field.find('.');
    if (dot != std::string_view::npos) return field.substr(dot + 1);
  }
  return field;
}

// A positive filter pinning a field to values: eq/in, not negated.
bool is_positive_pin(const Predicate& predicate) {
  return predicate.indicator && !predicate.negated && (predicate.op == Op::eq || predicate.op == Op::in);
}

bool contains_nocase(const std::vector<std::string>& list, std::string_view text) {
  for (const std::string& item : list)
    if (iequals(item, text)) return true;
  return false;
}

bool matches_data_sources(const FamilySource& source, const Rule& rule) {
  if (source.data_sources.empty()) return true;
  for (const std::string& pattern : source.data_sources)
    for (const std::string& data_source : rule.data_sources)
      if (wildcard_match(pattern, data_source, LetterCase::ignored)) return true;
  return false;
}

bool matches_indicators(const FamilySource& source, const Rule& rule) {
  if (source.indicators.empty()) return true;
  for (const Predicate& predicate : rule.predicates) {
    if (!is_positive_pin(predicate)) continue;
    auto accepted = source.indicators.find(std::string(plain_field(predicate.field)));
    if (accepted == source.indicators.end()) continue;
    for (const std::string& value : predicate.values)
      if (contains_nocase(accepted->second, value)) return true;
  }
  return false;
}

bool matches(const FamilySource& source, const Rule& rule) {
  return contains_nocase(source.platforms, rule.platform) && matches_data_sources(source, rule) &&
         matches_indicators(source, rule);
}

}  // namespace

ActionFamilies ActionFamilies::parse(std::string_view text, std::string_view file_name) {
  ActionFamilies result;
  // nlohmann-json copies (`value()`) and prints recursively: bound the depth first.
  if (std::optional<TextProblem> problem = check_structure(text, Notation::json))
    throw std::runtime_error(located(file_name, *problem));
  try {
    const json document = json::parse(text);
    const json& families = document.at("families");
    if (!families.is_array()) throw std::runtime_error("families must be a list");
    for (const json& node : families) {
      ActionFamily family;
      family.id = node.at("id").get<std::string>();
      family.name = node.at("name").get<std::string>();
      for (const json& source : node.at("sources")) family.sources.push_back(read_source(source));
      result.families_.push_back(std::move(family));
    }
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string(file_name) + ": " + e.what());
  }
  return result;
}

ActionFamilies ActionFamilies::load(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path.string() + ": cannot read the file");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse(buffer.str(), path.string());
}

const ActionFamilies& ActionFamilies::builtin() {
  static const ActionFamilies families = parse(kBuiltinActionFamilies, "data/action_families.json");
  return families;
}

std::string_view ActionFamilies::builtin_text() { return kBuiltinActionFamilies; }

std::vector<RuleAction> ActionFamilies::actions_of(const Rule& rule) const {
  std::vector<RuleAction> actions;
  std::unordered_set<std::string> seen;  // family:lower(value)
  for (uint32_t f = 0; f < families_.size(); ++f) {
    std::vector<std::string_view> fields;
    for (const FamilySource& source : families_[f].sources)
      if (matches(source, rule))
        fields.insert(fields.end(), source.action_fields.begin(), source.action_fields.end());
    if (fields.empty()) continue;
    for (const Predicate& predicate : rule.predicates) {
      if (!is_positive_pin(predicate)) continue;
      std::string_view field = plain_field(predicate.field);
      bool is_action_field = false;
      for (std::string_view candidate : fields) is_action_field = is_action_field || candidate == field;
      if (!is_action_field) continue;
      for (const std::string& value : predicate.values) {
        if (seen.insert(std::to_string(f) + ':' + ascii_lower(value)).second) actions.push_back({f, value});
      }
    }
  }
  return actions;
}

}  // namespace ruledex
