#include "readers/json_values.h"

#include "base/source_text.h"
#include "readers/reader_support.h"

namespace ruledex::readers {

namespace {
struct TooDeep {};
}  // namespace

JsonParse parse_jsonc(std::string_view text) {
  JsonParse result;
  auto bound_depth = [](int depth, Json::parse_event_t, Json&) {
    if (depth > kMaxJsonDepth) throw TooDeep{};
    return true;
  };
  try {
    result.value = Json::parse(text.begin(), text.end(), bound_depth, /*allow_exceptions=*/true, /*ignore_comments=*/true);
  } catch (const Json::parse_error& e) {
    LineIndex lines(text);
    uint32_t offset = static_cast<uint32_t>(std::min<size_t>(e.byte > 0 ? e.byte - 1 : 0, text.size()));
    std::string message = e.what();
    // nlohmann's message starts "[json.exception.parse_error.101] parse error at line 1, column 2: "
    if (size_t colon = message.find(": "); colon != std::string::npos) message = message.substr(colon + 2);
    result.error = "invalid JSON: " + message;
    result.line = lines.line(offset);
    result.column = lines.column(offset);
  } catch (const TooDeep&) {
    result.error = "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels";
  } catch (const Json::exception& e) {
    result.error = std::string("invalid JSON: ") + e.what();
  }
  return result;
}

namespace {

// The end of the JSON string whose opening quote is at `quote`, or npos.
size_t string_end(std::string_view text, size_t quote) {
  for (size_t i = quote + 1; i < text.size(); ++i) {
    if (text[i] == '\\') ++i;
    else if (text[i] == '"') return i + 1;
  }
  return std::string_view::npos;
}

std::optional<std::string> decode_string(std::string_view literal) {
  try {
    Json decoded = Json::parse(literal);
    if (decoded.is_string()) return decoded.get<std::string>();
  } catch (const Json::exception&) {
  }
  return std::nullopt;
}

size_t skip_blanks(std::string_view text, size_t at) {
  while (at < text.size() && (text[at] == ' ' || text[at] == '\t' || text[at] == '\n' || text[at] == '\r')) ++at;
  return at;
}

}  // namespace

std::optional<JsonStringPlace> find_json_string(std::string_view text, std::string_view key, std::string_view value,
                                                 uint32_t skip) {
  // Walk the strings of the text in order: a key string followed by `:` and a
  // string value is a candidate. Comments hold no keys the readers look for.
  size_t at = 0;
  while ((at = text.find('"', at)) != std::string_view::npos) {
    size_t end = string_end(text, at);
    if (end == std::string_view::npos) return std::nullopt;
    size_t colon = skip_blanks(text, end);
    if (colon >= text.size() || text[colon] != ':') {
      at = end;
      continue;
    }
    size_t quote = skip_blanks(text, colon + 1);
    std::optional<std::string> name = decode_string(text.substr(at, end - at));
    at = end;
    if (!name || (!key.empty() && !iequals(*name, key)) || quote >= text.size() || text[quote] != '"') continue;
    size_t value_end = string_end(text, quote);
    if (value_end == std::string_view::npos) return std::nullopt;
    std::optional<std::string> decoded = decode_string(text.substr(quote, value_end - quote));
    at = value_end;
    if (!decoded || *decoded != value) continue;
    if (skip > 0) {
      --skip;
      continue;
    }
    LineIndex lines(text.substr(0, quote + 1));
    return JsonStringPlace{lines.line(static_cast<uint32_t>(quote)), lines.column(static_cast<uint32_t>(quote))};
  }
  return std::nullopt;
}

YAML::Node yaml_from_json(const Json& value) {
  switch (value.type()) {
    case Json::value_t::object: {
      YAML::Node node(YAML::NodeType::Map);
      for (const auto& [key, item] : value.items()) node[key] = yaml_from_json(item);
      return node;
    }
    case Json::value_t::array: {
      YAML::Node node(YAML::NodeType::Sequence);
      for (const Json& item : value) node.push_back(yaml_from_json(item));
      return node;
    }
    case Json::value_t::null:
    case Json::value_t::discarded:
      return YAML::Node(YAML::NodeType::Null);
    default:
      return YAML::Node(json_text(value));
  }
}

std::string json_text(const Json& value) { return value.is_string() ? value.get<std::string>() : value.dump(); }

const Json* find_member(const Json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  for (const auto& [name, item] : object.items())
    if (iequals(name, key)) return &item;
  return nullptr;
}

}  // namespace ruledex::readers
