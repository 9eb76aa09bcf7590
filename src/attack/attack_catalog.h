#pragma once
// MITRE ATT&CK from a STIX 2.x bundle as MITRE publishes it: techniques and
// sub-techniques with names, tactics and revoked/deprecated flags.

#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ruledex {

struct AttackTechnique {
  std::string id;    // T1059.001
  std::string name;  // "PowerShell" (sub-techniques: as MITRE names them)
  std::string parent_name;  // "Command and Scripting Interpreter" for sub-techniques
  std::vector<std::string> tactics;  // kill-chain phase names: "execution", ...
  bool subtechnique = false;
  bool revoked = false;
  bool deprecated = false;
};

struct AttackTactic {
  std::string id;         // TA0002
  std::string name;       // Execution
  std::string shortname;  // execution
};

// How tactics compare: lower-case, without spaces, dashes and underscores, so
// "Credential Access", "CredentialAccess" and "credential-access" are one key.
std::string tactic_key(std::string_view name);

class AttackCatalog {
 public:
  // Throws std::runtime_error naming the file on unreadable or malformed input.
  static AttackCatalog load(const std::filesystem::path& path);
  static AttackCatalog parse(std::string_view json, std::string_view file_name);

  const AttackTechnique* technique(std::string_view id) const;  // case-insensitive id
  // Looks a tactic up by id (TA0002), name (Execution, "Credential Access") or
  // shortname (credential-access), ignoring case, spaces and dashes.
  const AttackTactic* tactic(std::string_view key) const;
  const std::vector<AttackTactic>& tactics() const { return tactics_; }  // matrix order
  size_t technique_count() const { return techniques_.size(); }
  // Every technique and sub-technique, sorted by id (the coverage matrix shows the gaps).
  std::vector<const AttackTechnique*> all_techniques() const;

 private:
  std::unordered_map<std::string, AttackTechnique> techniques_;  // by upper-case id
  std::vector<AttackTactic> tactics_;
  std::unordered_map<std::string, size_t> tactic_index_;  // normalised id/name/shortname -> tactics_
};

}  // namespace ruledex
