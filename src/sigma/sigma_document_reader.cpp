// YAML -> SigmaDocument. Positions come from yaml-cpp marks (byte offsets into
// each document) shifted by the document's place in the rule text.
#include <algorithm>

#include "base/source_text.h"
#include "base/yaml_load.h"
#include "sigma/condition_parser.h"
#include "sigma/documents.h"
#include "sigma/modifiers.h"
#include "sigma/sigma_document.h"

namespace ruledex::sigma {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool all_of(std::string_view text, bool (*accept)(char)) {
  return !text.empty() && std::all_of(text.begin(), text.end(), accept);
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex_digit(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_decimal_char(char c) { return is_digit(c) || c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+'; }

// A plain scalar that YAML's core schema reads as a boolean or a number
// (decimal, float, 0x hex, 0o octal); the text stays as written either way.
ValueKind plain_kind(std::string_view text) {
  if (text == "true" || text == "false" || text == "True" || text == "False" || text == "TRUE" || text == "FALSE")
    return ValueKind::boolean;
  if (text.starts_with('-') || text.starts_with('+')) text.remove_prefix(1);
  if (text.starts_with("0x")) return all_of(text.substr(2), is_hex_digit) ? ValueKind::number : ValueKind::string;
  if (text.starts_with("0o")) return all_of(text.substr(2), is_digit) ? ValueKind::number : ValueKind::string;
  bool number = !text.empty() && is_digit(text.front()) && all_of(text, is_decimal_char);
  return number ? ValueKind::number : ValueKind::string;
}

class DocumentReader {
 public:
  explicit DocumentReader(std::string_view text) : text_(text), lines_(text) {}

  SigmaDocument read() {
    std::vector<DocumentSpan> documents = split_documents(text_);
    std::vector<RuleSpan> spans = rule_spans(text_, documents);
    if (spans.empty()) {
      message(Severity::error, "no Sigma rule here: the text holds no YAML document", 0);
      return std::move(document_);
    }
    for (uint32_t index : spans.back().documents) load(documents[index]);
    bool has_detection = false, has_correlation = false, has_filter = false;
    for (const Layer& layer : layers_) {
      has_detection |= bool(layer.root["detection"]);
      has_correlation |= bool(layer.root["correlation"]);
      has_filter |= bool(layer.root["filter"]);
    }
    if (layers_.empty()) return std::move(document_);
    if (has_correlation) document_.kind = DocumentKind::correlation;
    else if (has_filter && !has_detection) document_.kind = DocumentKind::filter;
    for (const Layer& layer : layers_) read_layer(layer);
    finish();
    return std::move(document_);
  }

 private:
  struct Layer {
    YAML::Node root;
    uint32_t offset = 0;
    uint32_t end = 0;
  };

  // --- Positions -----------------------------------------------------------

  TextPos at(uint32_t offset) const {
    offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text_.size()));
    return {offset, lines_.line(offset), lines_.column(offset)};
  }
  TextPos at(const YAML::Node& node) const {
    return at(layer_->offset + static_cast<uint32_t>(std::max(node.Mark().pos, 0)));
  }
  char char_at(uint32_t offset) const { return offset < text_.size() ? text_[offset] : '\0'; }

  // Where a quoted scalar's content starts; block scalars start on the next line.
  TextPos content_start(const YAML::Node& node) const {
    TextPos start = at(node);
    char c = char_at(start.offset);
    if (c == '\'' || c == '"') return at(start.offset + 1);
    if (c == '|' || c == '>') {
      uint32_t next = static_cast<uint32_t>(std::min(text_.find('\n', start.offset), text_.size()));
      while (next < text_.size() && is_blank(text_[next])) ++next;
      return at(next);
    }
    return start;
  }

  // The end of the scalar written at `offset`: its closing quote, or the end
  // of a plain scalar (before a comment, or a flow indicator inside [..]).
  uint32_t scalar_end(uint32_t offset, bool in_flow) const {
    char quote = char_at(offset);
    if (quote == '\'' || quote == '"') {
      for (uint32_t i = offset + 1; i < text_.size(); ++i) {
        if (quote == '"' && text_[i] == '\\') {
          ++i;
        } else if (text_[i] == quote) {
          if (quote == '\'' && char_at(i + 1) == '\'') ++i;
          else return i + 1;
        }
      }
      return static_cast<uint32_t>(text_.size());
    }
    uint32_t end = offset;
    while (end < text_.size() && text_[end] != '\n') {
      char c = text_[end];
      if (in_flow && (c == ',' || c == ']' || c == '}')) break;
      if (c == '#' && end > offset && is_blank(text_[end - 1])) break;
      ++end;
    }
    while (end > offset && is_blank(text_[end - 1])) --end;
    return end;
  }

  // [begin, end) without trailing blank space and comment-only lines.
  uint32_t trim_block_end(uint32_t begin, uint32_t end) const {
    while (true) {
      while (end > begin && is_blank(text_[end - 1])) --end;
      size_t line_start = text_.rfind('\n', end == 0 ? 0 : end - 1);
      line_start = line_start == std::string_view::npos || line_start < begin ? begin : line_start + 1;
      size_t first = text_.find_first_not_of(" \t", line_start);
      if (line_start == begin || first >= end || text_[first] != '#') return end;
      end = static_cast<uint32_t>(line_start);
    }
  }

  // The entries of a map as blocks: each from its key to the next key.
  std::vector<Block> entry_blocks(const YAML::Node& map, uint32_t end) const {
    std::vector<Block> blocks;
    for (const auto& entry : map) blocks.push_back({at(entry.first), 0});
    for (size_t i = 0; i < blocks.size(); ++i) {
      uint32_t next = i + 1 < blocks.size() ? blocks[i + 1].at.offset : end;
      // The next key's line starts the next entry.
      while (next > blocks[i].at.offset && text_[next - 1] != '\n' && next != end) --next;
      blocks[i].end = trim_block_end(blocks[i].at.offset, std::max(next, blocks[i].at.offset));
    }
    return blocks;
  }

  void message(Severity severity, std::string text, uint32_t offset) {
    document_.messages.push_back({severity, std::move(text), at(offset)});
  }
  void message(Severity severity, std::string text, TextPos position) {
    document_.messages.push_back({severity, std::move(text), position});
  }

  // --- Documents -----------------------------------------------------------

  void load(const DocumentSpan& span) {
    try {
      LoadedYaml loaded = load_yaml(text_.substr(span.begin, span.end - span.begin));
      for (const YamlWarning& warning : loaded.warnings)
        message(Severity::warning, warning.message, span.begin + static_cast<uint32_t>(std::max(warning.mark.pos, 0)));
      const YAML::Node& root = loaded.root;
      if (!root.IsMap()) {
        message(Severity::error, "the YAML document is not a mapping of rule fields", span.begin);
        return;
      }
      layers_.push_back({root, span.begin, span.end});
    } catch (const YAML::Exception& e) {
      message(Severity::error, "invalid YAML: " + e.msg, span.begin + static_cast<uint32_t>(std::max(e.mark.pos, 0)));
    }
  }

  void read_layer(const Layer& layer) {
    layer_ = &layer;
    std::vector<Block> blocks = entry_blocks(layer.root, layer.end);
    size_t index = 0;
    for (const auto& entry : layer.root) {
      const Block& block = blocks[index++];
      if (!entry.first.IsScalar()) continue;
      const std::string& key = entry.first.Scalar();
      try {
        if (key == "logsource") {
          read_logsource(entry.second, block);
        } else if (key == "detection" && document_.kind == DocumentKind::rule) {
          read_detection(entry.second, block, "detection");
        } else if (key == "filter" && document_.kind == DocumentKind::filter) {
          read_detection(entry.second, block, "filter");
        } else if (key == "correlation") {
          read_correlation(entry.second, block);
        } else if (key == "fields") {
          read_fields(entry.second, block);
        }
      } catch (const YAML::Exception& e) {
        message(Severity::error, "unexpected value for `" + key + "`: " + e.msg, block.at);
      }
    }
  }

  void finish() {
    bool has_body = document_.kind == DocumentKind::correlation ? document_.correlation.has_value()
                                                                : document_.detection.has_value();
    if (!has_body) {
      message(Severity::error, "the rule has no detection", 0);
      return;
    }
    if (document_.detection) finish_detection(*document_.detection);
    if (document_.correlation) check_correlation(*document_.correlation);
  }

  // --- logsource and fields ------------------------------------------------

  void read_logsource(const YAML::Node& node, const Block& block) {
    document_.logsource_block = block;
    if (!node.IsMap()) {
      message(Severity::error, "`logsource` must be a mapping (product, category, service)", block.at);
      return;
    }
    for (const auto& entry : node) {
      if (!entry.first.IsScalar() || !entry.second.IsScalar()) continue;
      auto& logsource = document_.logsource;
      auto same = [&](const auto& pair) { return pair.first == entry.first.Scalar(); };
      if (auto it = std::find_if(logsource.begin(), logsource.end(), same); it != logsource.end())
        it->second = entry.second.Scalar();
      else
        logsource.emplace_back(entry.first.Scalar(), entry.second.Scalar());
    }
  }

  void read_fields(const YAML::Node& node, const Block& block) {
    document_.fields_block = block;
    document_.fields.clear();
    for (const std::string& field : scalars(node, "fields")) document_.fields.push_back(field);
  }

  // A scalar or a list of scalars; anything else is an error.
  std::vector<std::string> scalars(const YAML::Node& node, std::string_view what) {
    std::vector<std::string> items;
    if (node.IsScalar()) items.push_back(node.Scalar());
    if (node.IsSequence()) {
      for (const YAML::Node& item : node) {
        if (item.IsScalar()) items.push_back(item.Scalar());
        else message(Severity::error, "`" + std::string(what) + "` must list plain values", at(item));
      }
    }
    if (node.IsMap()) message(Severity::error, "`" + std::string(what) + "` must be a value or a list", at(node));
    return items;
  }

  // --- detection -----------------------------------------------------------

  void read_detection(const YAML::Node& node, const Block& block, std::string_view key) {
    if (!document_.detection) document_.detection.emplace().block = block;
    Detection& detection = *document_.detection;
    if (!node.IsMap()) {
      message(Severity::error, "`" + std::string(key) + "` must be a mapping of search identifiers and a condition",
              block.at);
      return;
    }
    std::vector<Block> blocks = entry_blocks(node, block.end);
    size_t index = 0;
    for (const auto& entry : node) {
      const Block& entry_block = blocks[index++];
      if (!entry.first.IsScalar()) {
        message(Severity::error, "a search identifier must be a name", entry_block.at);
        continue;
      }
      const std::string& name = entry.first.Scalar();
      if (name == "condition") {
        read_conditions(entry.second, entry_block, detection);
      } else if (name == "timeframe") {
        detection.timeframe = entry.second.IsScalar() ? entry.second.Scalar() : "";
      } else if (name == "rules" && key == "filter") {
        document_.filter_rules = scalars(entry.second, "rules");
      } else {
        SearchIdentifier identifier = read_identifier(name, entry.second, entry_block);
        auto same = [&](const SearchIdentifier& s) { return s.name == name; };
        if (auto it = std::find_if(detection.identifiers.begin(), detection.identifiers.end(), same);
            it != detection.identifiers.end())
          *it = std::move(identifier);
        else
          detection.identifiers.push_back(std::move(identifier));
      }
    }
  }

  void read_conditions(const YAML::Node& node, const Block& block, Detection& detection) {
    detection.conditions.clear();
    std::vector<YAML::Node> items;
    if (node.IsSequence()) {
      for (const YAML::Node& item : node) items.push_back(item);
    } else {
      items.push_back(node);
    }
    for (const YAML::Node& item : items) {
      if (!item.IsScalar()) {
        message(Severity::error, "a condition must be a text such as `selection and not filter`", block.at);
        continue;
      }
      ConditionText condition;
      condition.text = item.Scalar();
      condition.at = content_start(item);
      condition.block = block;
      condition.parsed = parse_condition(condition.text);
      detection.conditions.push_back(std::move(condition));
    }
  }

  SearchIdentifier read_identifier(const std::string& name, const YAML::Node& node, const Block& block) {
    SearchIdentifier identifier{name, {}, {}, block};
    if (node.IsMap()) {
      identifier.maps.push_back(read_map(node));
    } else if (node.IsSequence()) {
      for (const YAML::Node& item : node) {
        if (item.IsMap()) identifier.maps.push_back(read_map(item));
        else if (item.IsScalar() || item.IsNull()) identifier.keywords.push_back(read_value(item, node, block.at));
        else message(Severity::error, "search identifier `" + name + "` holds a nested list", at(item));
      }
    } else if (node.IsScalar()) {
      identifier.keywords.push_back(read_value(node, node, block.at));
    }
    if (identifier.maps.empty() && identifier.keywords.empty())
      message(Severity::error, "search identifier `" + name + "` is empty", block.at);
    return identifier;
  }

  std::vector<FieldMatch> read_map(const YAML::Node& map) {
    std::vector<FieldMatch> matches;
    for (const auto& entry : map) {
      if (!entry.first.IsScalar()) {
        message(Severity::error, "a detection key must be a field name", at(entry.first));
        continue;
      }
      matches.push_back(read_field_match(entry.first, entry.second));
    }
    if (matches.empty()) message(Severity::error, "an empty map matches nothing", at(map));
    return matches;
  }

  FieldMatch read_field_match(const YAML::Node& key, const YAML::Node& value) {
    FieldKey split = split_field_key(key.Scalar());
    FieldMatch match{std::move(split.field), std::move(split.modifiers), {}, at(key), 0};
    TextPos key_content = content_start(key);
    match.end = scalar_end(match.at.offset, false);
    check_modifiers(match, split.modifier_offsets, key_content);
    if (value.IsSequence()) {
      for (const YAML::Node& item : value) {
        if (item.IsScalar() || item.IsNull()) match.values.push_back(read_value(item, value, match.at));
        else message(Severity::error, "the values of `" + key.Scalar() + "` must be plain values", at(item));
      }
      if (value.size() == 0) message(Severity::warning, "`" + key.Scalar() + "` has an empty list of values", match.at);
    } else if (value.IsScalar() || value.IsNull()) {
      match.values.push_back(read_value(value, value, match.at));
    } else {
      message(Severity::error, "the value of `" + key.Scalar() + "` must be a value or a list of values", at(value));
    }
    for (const Value& v : match.values) match.end = std::max(match.end, v.end);
    return match;
  }

  Value read_value(const YAML::Node& node, const YAML::Node& parent, TextPos key) {
    Value value;
    if (node.IsNull()) {
      // yaml-cpp marks an empty value at the next token: point at the key.
      value.kind = ValueKind::null;
      value.at = key;
      value.end = key.offset;
      return value;
    }
    value.text = node.Scalar();
    value.at = at(node);
    value.kind = node.Tag() == "!" ? ValueKind::string : plain_kind(value.text);
    value.end = scalar_end(value.at.offset, parent.Style() == YAML::EmitterStyle::Flow);
    return value;
  }

  void check_modifiers(const FieldMatch& match, const std::vector<uint32_t>& offsets, TextPos key) {
    bool regex = false;
    for (size_t i = 0; i < match.modifiers.size(); ++i) {
      const std::string& name = match.modifiers[i];
      TextPos position = at(key.offset + offsets[i]);
      std::optional<Modifier> modifier = modifier_from_name(name);
      if (!modifier) {
        message(Severity::error, "unknown modifier `" + name + "` on field `" + match.field + "`", position);
        continue;
      }
      regex |= *modifier == Modifier::re;
      bool flag = *modifier == Modifier::re_i || *modifier == Modifier::re_m || *modifier == Modifier::re_s;
      if (flag && !regex) message(Severity::error, "the regular expression flag `" + name + "` needs `re` before it", position);
    }
  }

  // Conditions refer to search identifiers that exist; an identifier no
  // condition uses is worth a note.
  void finish_detection(Detection& detection) {
    uint32_t last_end = detection.block.at.offset;
    for (const SearchIdentifier& identifier : detection.identifiers)
      if (identifier.block.at.offset >= detection.block.at.offset && identifier.block.at.offset < detection.block.end)
        last_end = std::max(last_end, identifier.block.end);
    if (last_end > detection.block.at.offset) detection.block.end = last_end;
    if (detection.conditions.empty()) message(Severity::error, "the detection has no condition", detection.block.at);
    for (const ConditionText& condition : detection.conditions)
      for (const ConditionMessage& m : condition.parsed.messages)
        message(m.error ? Severity::error : Severity::warning, m.message, advance(condition.at, m.offset));
  }

  // The position `count` bytes after `start` in the text.
  TextPos advance(TextPos start, uint32_t count) const { return at(start.offset + count); }

  // --- correlation ---------------------------------------------------------

  void read_correlation(const YAML::Node& node, const Block& block) {
    Correlation& correlation = document_.correlation.emplace();
    correlation.block = block;
    if (!node.IsMap()) {
      message(Severity::error, "`correlation` must be a mapping (type, rules, group-by, timespan, condition)", block.at);
      return;
    }
    for (const auto& entry : node) {
      if (!entry.first.IsScalar()) continue;
      const std::string& key = entry.first.Scalar();
      const YAML::Node& value = entry.second;
      if (key == "type") {
        correlation.type = value.IsScalar() ? value.Scalar() : "";
      } else if (key == "rules") {
        correlation.rules = scalars(value, "rules");
      } else if (key == "group-by") {
        correlation.group_by = scalars(value, "group-by");
      } else if (key == "timespan" || key == "timeframe") {
        correlation.timespan = value.IsScalar() ? value.Scalar() : "";
      } else if (key == "generate") {
        correlation.generate = value.IsScalar() ? value.Scalar() : "";
      } else if (key == "condition") {
        read_thresholds(value, correlation);
      } else if (key == "aliases") {
        read_aliases(value, correlation);
      } else {
        message(Severity::warning, "unknown correlation key `" + key + "`", at(entry.first));
      }
    }
  }

  void read_thresholds(const YAML::Node& node, Correlation& correlation) {
    if (!node.IsMap()) {
      message(Severity::error, "a correlation condition must be a mapping such as `gte: 10`", at(node));
      return;
    }
    static constexpr std::string_view kComparisons[] = {"gt", "gte", "lt", "lte", "eq", "neq"};
    for (const auto& entry : node) {
      const std::string& key = entry.first.Scalar();
      std::string value = entry.second.IsScalar() ? entry.second.Scalar() : "";
      if (key == "field") {
        correlation.field = value;
      } else if (std::find(std::begin(kComparisons), std::end(kComparisons), key) != std::end(kComparisons)) {
        correlation.condition.push_back({key, value});
      } else {
        message(Severity::error, "unknown correlation comparison `" + key + "`", at(entry.first));
      }
    }
  }

  void read_aliases(const YAML::Node& node, Correlation& correlation) {
    if (!node.IsMap()) return;
    for (const auto& alias : node) {
      std::vector<std::pair<std::string, std::string>> fields;
      if (alias.second.IsMap())
        for (const auto& field : alias.second)
          fields.emplace_back(field.first.Scalar(), field.second.IsScalar() ? field.second.Scalar() : "");
      correlation.aliases.emplace_back(alias.first.Scalar(), std::move(fields));
    }
  }

  void check_correlation(const Correlation& correlation) {
    static constexpr std::string_view kTypes[] = {"event_count", "value_count", "temporal", "temporal_ordered",
                                                  "value_sum",   "value_avg",   "value_percentile", "value_median"};
    TextPos where = correlation.block.at;
    bool known = std::find(std::begin(kTypes), std::end(kTypes), correlation.type) != std::end(kTypes);
    if (correlation.type.empty()) message(Severity::error, "the correlation has no `type`", where);
    else if (!known) message(Severity::error, "unknown correlation type `" + correlation.type + "`", where);
    if (correlation.rules.empty()) message(Severity::error, "the correlation names no `rules`", where);
    if (correlation.timespan.empty()) message(Severity::error, "the correlation has no `timespan`", where);
    bool counts = correlation.type == "event_count" || correlation.type.starts_with("value_");
    if (counts && correlation.condition.empty())
      message(Severity::error, "a " + correlation.type + " correlation needs a `condition`", where);
    if (correlation.type.starts_with("value_") && correlation.field.empty())
      message(Severity::error, "a " + correlation.type + " correlation needs a `field` in its condition", where);
  }

  std::string_view text_;
  LineIndex lines_;
  std::vector<Layer> layers_;
  const Layer* layer_ = nullptr;
  SigmaDocument document_;
};

}  // namespace

SigmaDocument read_sigma_document(std::string_view text) { return DocumentReader(text).read(); }

}  // namespace ruledex::sigma
