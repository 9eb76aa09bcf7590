// Splunk YAML has no front end yet: its rules are listed with the
// metadata that plain top-level `key: value` lines give, without parsing YAML.
#include "readers/format_readers.h"
#include "readers/reader_support.h"

namespace ruledex::readers {
namespace {

// Which top-level key fills which rule field, per format.
struct ListingKeys {
  std::string_view name, id, status, severity, kind;
};

ReadResult read_listing(std::string_view path, std::string_view text, std::string_view format,
                        std::string_view platform, std::string_view language, const ListingKeys& fields) {
  ReadResult result{true, std::string(format), std::string(platform), {}, {}};
  Rule rule = new_rule(path, platform, language);
  std::vector<TopLevelKey> keys = scan_top_level_keys(text);
  auto assign = [&](std::string_view key, std::string& field) {
    if (const TopLevelKey* k = key.empty() ? nullptr : find_key(keys, key); k && !k->value.empty()) field = k->value;
  };
  assign(fields.name, rule.name);
  assign(fields.id, rule.id);
  assign(fields.status, rule.status);
  assign(fields.severity, rule.severity);
  assign(fields.kind, rule.kind);
  rule.raw = std::string(text);
  result.rules.push_back(std::move(rule));
  return result;
}

}  // namespace

ReadResult read_splunk_yaml(std::string_view path, std::string_view text) {
  return read_listing(path, text, "splunk-yaml", "splunk", "spl", {"name", "id", "status", "", "type"});
}

}  // namespace ruledex::readers
