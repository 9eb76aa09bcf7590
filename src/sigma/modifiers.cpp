#include "sigma/modifiers.h"

#include <array>
#include <utility>

namespace ruledex::sigma {

std::optional<Modifier> modifier_from_name(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, Modifier>, 28> kNames = {{
      {"contains", Modifier::contains}, {"startswith", Modifier::startswith}, {"endswith", Modifier::endswith},
      {"all", Modifier::all},           {"base64", Modifier::base64},         {"base64offset", Modifier::base64offset},
      {"wide", Modifier::wide},         {"utf16le", Modifier::utf16le},       {"utf16be", Modifier::utf16be},
      {"utf16", Modifier::utf16},       {"windash", Modifier::windash},       {"re", Modifier::re},
      {"i", Modifier::re_i},            {"m", Modifier::re_m},                {"s", Modifier::re_s},
      {"cidr", Modifier::cidr},         {"exists", Modifier::exists},         {"lt", Modifier::lt},
      {"lte", Modifier::lte},           {"gt", Modifier::gt},                 {"gte", Modifier::gte},
      {"expand", Modifier::expand},     {"fieldref", Modifier::fieldref},     {"cased", Modifier::cased},
      {"neq", Modifier::neq},           {"ignorecase", Modifier::re_i},
      {"multiline", Modifier::re_m},    {"dotall", Modifier::re_s},
  }};
  for (const auto& [written, modifier] : kNames)
    if (written == name) return modifier;
  return std::nullopt;
}

FieldKey split_field_key(std::string_view key) {
  FieldKey result;
  size_t bar = key.find('|');
  result.field = std::string(key.substr(0, bar));
  while (bar != std::string_view::npos) {
    size_t begin = bar + 1;
    bar = key.find('|', begin);
    result.modifiers.emplace_back(key.substr(begin, bar == std::string_view::npos ? bar : bar - begin));
    result.modifier_offsets.push_back(static_cast<uint32_t>(begin));
  }
  return result;
}

}  // namespace ruledex::sigma
