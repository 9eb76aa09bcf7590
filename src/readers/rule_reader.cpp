#include "readers/rule_reader.h"

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
