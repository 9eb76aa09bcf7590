#include "readers/regression_info.h"

#include <stdexcept>

#include "base/yaml_load.h"

namespace ruledex {
namespace {

std::string scalar(const YAML::Node& node, const char* key) {
  const YAML::Node value = node[key];
  return value && value.IsScalar() ? value.as<std::string>() : std::string();
}

std::filesystem::path resolve(const std::filesystem::path& info, const std::string& written) {
  std::filesystem::path path(written);
  std::filesystem::path beside = info.parent_path() / path.filename();
  std::error_code error;
  if (std::filesystem::exists(beside, error)) return beside;
  // regression_data/... is relative to the folder that holds regression_data.
  for (std::filesystem::path folder = info.parent_path(); !folder.empty() && folder != folder.parent_path();
       folder = folder.parent_path())
    if (folder.filename() == "regression_data") return folder.parent_path() / path;
  return info.parent_path() / path;
}

}  // namespace

RegressionTest read_regression_info(const std::filesystem::path& info, std::string_view text) {
  RegressionTest test{.info = info};
  try {
    LoadedYaml loaded = load_yaml(text);
    for (const YAML::Node& rule : loaded.root["rule_metadata"]) {
      test.rule_ids.push_back(scalar(rule, "id"));
      test.rule_titles.push_back(scalar(rule, "title"));
    }
    for (const YAML::Node& item : loaded.root["regression_tests_info"]) {
      RegressionRecording recording{scalar(item, "name"), scalar(item, "type"), scalar(item, "provider"), {}, {}};
      if (item["match_count"]) recording.match_count = item["match_count"].as<uint64_t>();
      recording.path = resolve(info, scalar(item, "path"));
      test.recordings.push_back(std::move(recording));
    }
  } catch (const YAML::Exception& e) {
    throw std::runtime_error(info.string() + ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1) +
                             ": " + e.msg);
  }
  if (test.rule_ids.empty()) throw std::runtime_error(info.string() + ": no rule_metadata id");
  return test;
}

}  // namespace ruledex
