#include "attack/attack_catalog.h"

#include "base/ascii_case.h"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <system_error>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "base/source_text.h"
#include "base/text_structure.h"

namespace ruledex {
namespace {

using nlohmann::json;

// A STIX bundle: {"objects": [ {object}, ... ]}. Keys of each object sit at
// parse depth 3 and keys of its nested records (external references, kill
// chain phases) at depth 5.
constexpr int kObjectKeyDepth = 3;
constexpr int kNestedRecordKeyDepth = 5;

// The object properties the catalog reads. Dropping every other property while
// parsing (descriptions, detection text, citations) keeps the full 45 MB
// enterprise bundle small in memory.
bool is_wanted_object_key(const std::string& key) {
  static const std::unordered_set<std::string> kWanted = {
      "type",    "id",         "name",       "external_references", "kill_chain_phases",
      "revoked", "tactic_refs", "x_mitre_deprecated", "x_mitre_is_subtechnique",
      "x_mitre_shortname",
  };
  return kWanted.count(key) != 0;
}

bool keep_while_parsing(int depth, json::parse_event_t event, json& parsed) {
  if (event != json::parse_event_t::key) return true;
  if (depth == kObjectKeyDepth) return is_wanted_object_key(parsed.get_ref<const std::string&>());
  if (depth == kNestedRecordKeyDepth) {
    const auto& key = parsed.get_ref<const std::string&>();
    return key != "description" && key != "url";
  }
  return true;
}

std::string string_field(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool bool_field(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_boolean() && it->get<bool>();
}

// The ATT&CK id (T1059.001, TA0002) in the object's "mitre-attack" reference.
std::string attack_id(const json& object) {
  auto refs = object.find("external_references");
  if (refs == object.end() || !refs->is_array()) return {};
  for (const auto& ref : *refs)
    if (ref.is_object() && string_field(ref, "source_name") == "mitre-attack")
      return string_field(ref, "external_id");
  return {};
}


// "Credential Access", "CredentialAccess", "credential-access" -> "credentialaccess".

AttackTechnique read_technique(const json& object, std::string id) {
  AttackTechnique technique;
  technique.id = std::move(id);
  technique.name = string_field(object, "name");
  technique.revoked = bool_field(object, "revoked");
  technique.deprecated = bool_field(object, "x_mitre_deprecated");
  technique.subtechnique =
      bool_field(object, "x_mitre_is_subtechnique") || technique.id.find('.') != std::string::npos;
  auto phases = object.find("kill_chain_phases");
  if (phases != object.end() && phases->is_array())
    for (const auto& phase : *phases)
      if (phase.is_object())
        if (auto name = string_field(phase, "phase_name"); !name.empty())
          technique.tactics.push_back(std::move(name));
  return technique;
}

// A live technique wins over a revoked or deprecated one with the same id.
bool replaces(const AttackTechnique& candidate, const AttackTechnique& existing) {
  bool candidate_live = !candidate.revoked && !candidate.deprecated;
  bool existing_live = !existing.revoked && !existing.deprecated;
  return candidate_live && !existing_live;
}

}  // namespace

AttackCatalog AttackCatalog::load(const std::filesystem::path& path) {
  std::string bytes;
  try {
    bytes = read_file_bytes(path);
  } catch (const FileReadError& e) {
    throw std::runtime_error(path.string() + ": cannot read ATT&CK bundle: " + e.reason());
  }
  return parse(bytes, path.string());
}

AttackCatalog AttackCatalog::parse(std::string_view text, std::string_view file_name) {
  const std::string file(file_name);
  // nlohmann-json copies and prints recursively: bound the depth first.
  if (std::optional<TextProblem> problem = check_structure(text, Notation::json))
    throw std::runtime_error(located(file, *problem));
  json bundle;
  try {
    bundle = json::parse(text.begin(), text.end(), keep_while_parsing);
  } catch (const json::parse_error& e) {
    throw std::runtime_error(file + ": not valid JSON (byte " + std::to_string(e.byte) + "): " + e.what());
  }
  auto objects = bundle.is_object() ? bundle.find("objects") : bundle.end();
  if (!bundle.is_object() || objects == bundle.end() || !objects->is_array())
    throw std::runtime_error(file + ": not a STIX bundle (no \"objects\" array)");

  AttackCatalog catalog;
  std::unordered_map<std::string, AttackTactic> tactics_by_stix_id;
  std::vector<std::string> tactic_order;  // STIX ids: matrix order, then file order
  std::vector<std::string> tactics_in_file_order;
  for (const auto& object : *objects) {
    if (!object.is_object()) continue;
    const std::string type = string_field(object, "type");
    if (type == "attack-pattern") {
      std::string id = attack_id(object);
      if (id.empty()) continue;
      AttackTechnique technique = read_technique(object, ascii_upper(id));
      auto [it, inserted] = catalog.techniques_.try_emplace(technique.id, technique);
      if (!inserted && replaces(technique, it->second)) it->second = std::move(technique);
    } else if (type == "x-mitre-tactic") {
      AttackTactic tactic{attack_id(object), string_field(object, "name"),
                          string_field(object, "x_mitre_shortname")};
      if (tactic.id.empty()) continue;
      std::string stix_id = string_field(object, "id");
      tactics_in_file_order.push_back(stix_id);
      tactics_by_stix_id.emplace(std::move(stix_id), std::move(tactic));
    } else if (type == "x-mitre-matrix") {
      auto refs = object.find("tactic_refs");
      if (refs != object.end() && refs->is_array())
        for (const auto& ref : *refs)
          if (ref.is_string()) tactic_order.push_back(ref.get<std::string>());
    }
  }
  if (catalog.techniques_.empty() && tactics_by_stix_id.empty())
    throw std::runtime_error(file + ": no ATT&CK techniques or tactics in the bundle");

  tactic_order.insert(tactic_order.end(), tactics_in_file_order.begin(), tactics_in_file_order.end());
  for (const auto& stix_id : tactic_order) {
    auto it = tactics_by_stix_id.find(stix_id);
    if (it == tactics_by_stix_id.end()) continue;
    catalog.tactics_.push_back(std::move(it->second));
    tactics_by_stix_id.erase(it);
  }
  for (size_t i = 0; i < catalog.tactics_.size(); ++i) {
    const AttackTactic& tactic = catalog.tactics_[i];
    for (const auto& key : {tactic.id, tactic.name, tactic.shortname})
      if (!key.empty()) catalog.tactic_index_.try_emplace(tactic_key(key), i);
  }

  // Sub-techniques (T1059.001) are named after their parent (T1059).
  for (auto& [id, technique] : catalog.techniques_) {
    auto dot = id.find('.');
    if (!technique.subtechnique || dot == std::string::npos) continue;
    auto parent = catalog.techniques_.find(id.substr(0, dot));
    if (parent != catalog.techniques_.end()) technique.parent_name = parent->second.name;
  }
  return catalog;
}

std::vector<const AttackTechnique*> AttackCatalog::all_techniques() const {
  std::vector<const AttackTechnique*> out;
  out.reserve(techniques_.size());
  for (const auto& [id, technique] : techniques_) out.push_back(&technique);
  std::sort(out.begin(), out.end(), [](const AttackTechnique* a, const AttackTechnique* b) { return a->id < b->id; });
  return out;
}

const AttackTechnique* AttackCatalog::technique(std::string_view id) const {
  auto it = techniques_.find(ascii_upper(id));
  return it == techniques_.end() ? nullptr : &it->second;
}

const AttackTactic* AttackCatalog::tactic(std::string_view key) const {
  auto it = tactic_index_.find(tactic_key(key));
  return it == tactic_index_.end() ? nullptr : &tactics_[it->second];
}

std::string tactic_key(std::string_view name) {
  std::string key;
  for (char c : name)
    if (c != ' ' && c != '-' && c != '_') key += ascii_lower(c);
  return key;
}

}  // namespace ruledex
