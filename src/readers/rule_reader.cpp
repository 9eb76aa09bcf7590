#include "readers/rule_reader.h"

#include "readers/chronicle_rules.h"
#include "readers/format_detection.h"
#include "readers/format_readers.h"

namespace ruledex {

ReadResult read_rule_file(std::string_view path, std::string_view text) {
  using readers::FileFormat;
  readers::DetectedFormat detected = readers::detect_format(path, text);
  switch (detected.format) {
    case FileFormat::sentinel_yaml: return readers::read_sentinel_yaml(path, text);
    case FileFormat::sentinel_parser: return readers::read_sentinel_parser(path, text);
    case FileFormat::kql_markdown: return readers::read_kql_markdown(path, text);
    case FileFormat::kql_text: return readers::read_kql_text(path, text);
    case FileFormat::sigma_yaml: return readers::read_sigma_yaml(path, text);
    case FileFormat::elastic_toml: return readers::read_elastic_toml(path, text);
    case FileFormat::splunk_yaml: return readers::read_splunk_yaml(path, text);
    case FileFormat::splunk_conf: return readers::read_splunk_conf(path, text);
    case FileFormat::chronicle_yaral: return readers::read_chronicle_yaral(path, text);
    case FileFormat::kibana_ndjson: return readers::read_kibana_ndjson(path, text);
    case FileFormat::elastic_json: return readers::read_elastic_json(path, text);
    case FileFormat::secops_json: return readers::read_secops_json(path, text);
    case FileFormat::chronicle_rule_config: return readers::read_chronicle_rule_config(path, text);
    case FileFormat::sentinel_arm: return readers::read_sentinel_arm(path, text);
    case FileFormat::sentinel_bicep: return readers::read_sentinel_bicep(path, text);
    case FileFormat::defender_detection:
      return readers::read_defender_detection(path, text, detected.name == "defender-detection-json");
    case FileFormat::repository_item: return readers::read_splunk_item(path, text, detected.name);
    case FileFormat::support_file:
    case FileFormat::empty:
      break;
  }
  ReadResult result;
  result.format = detected.name;
  result.platform = detected.platform;
  return result;
}

}  // namespace ruledex
