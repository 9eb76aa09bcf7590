#include "readers/json_document.h"

#include <iterator>
#include <vector>

#include "base/source_text.h"

namespace ruledex::readers {

using nlohmann::json;

namespace {

// A character iterator that records how far the parser has read, so that SAX
// events can be placed in the text (nlohmann-json reports no positions).
struct TrackedChar {
  using iterator_category = std::forward_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  const char* at = nullptr;
  const char** read_up_to = nullptr;

  reference operator*() const { return *at; }
  TrackedChar& operator++() {
    *read_up_to = ++at;
    return *this;
  }
  TrackedChar operator++(int) {
    TrackedChar before = *this;
    ++*this;
    return before;
  }
  bool operator==(const TrackedChar& other) const { return at == other.at; }
};

// nlohmann's messages start "[json.exception.parse_error.101] parse error at
// line 1, column 5: "; the place is given separately.
std::string parse_error_message(const std::string& what) {
  size_t colon = what.find(": ");
  std::string reason = what.starts_with("[json.exception") && colon != std::string::npos ? what.substr(colon + 2) : what;
  return "invalid JSON: " + reason;
}

}  // namespace

// Builds the document from SAX events, as nlohmann's own DOM parser does, and
// notes the line of every string member as it is read.
class JsonBuilder {
 public:
  JsonBuilder(JsonDocument& document, std::string_view text, std::string_view path, uint32_t first_line)
      : document_(document), text_(text), path_(path), first_line_(first_line), lines_(text), read_up_to_(text.data()) {}

  const char** read_up_to() { return &read_up_to_; }

  bool null() { return add(nullptr); }
  bool boolean(bool value) { return add(value); }
  bool number_integer(json::number_integer_t value) { return add(value); }
  bool number_unsigned(json::number_unsigned_t value) { return add(value); }
  bool number_float(json::number_float_t value, const json::string_t&) { return add(value); }
  bool binary(json::binary_t& value) { return add(json::binary(std::move(value))); }
  bool string(json::string_t& value) {
    if (!open_.empty() && open_.back()->is_object())
      document_.string_lines_[{&open_.back()->get_ref<const json::object_t&>(), key_}] = line_at(offset());
    return add(std::move(value));
  }
  bool key(json::string_t& key) {
    key_ = std::move(key);
    return true;
  }
  bool start_object(std::size_t) {
    object_begin_.push_back(offset() - 1);
    return open(json::object());
  }
  bool start_array(std::size_t) { return open(json::array()); }
  bool end_object() {
    document_.object_spans_[&open_.back()->get_ref<const json::object_t&>()] = {object_begin_.back(), offset(), line_at(object_begin_.back())};
    object_begin_.pop_back();
    return close();
  }
  bool end_array() { return close(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& error) {
    fail(parse_error_message(error.what()), offset() == 0 ? 0 : offset() - 1);
    return false;
  }

 private:
  uint32_t offset() const { return static_cast<uint32_t>(read_up_to_ - text_.data()); }
  uint32_t line_at(uint32_t offset) const { return first_line_ + lines_.line(offset) - 1; }

  void fail(std::string message, uint32_t offset) {
    if (document_.error_) return;
    document_.error_ = Diagnostic{Severity::error, std::move(message), std::string(path_), line_at(offset),
                                  lines_.column(offset)};
  }

  // Inserts a value where the parser is: the root, the next array element, or
  // the member named by the last key (a repeated key keeps its last value).
  json* insert(json value) {
    if (open_.empty()) {
      document_.value_ = std::move(value);
      return &document_.value_;
    }
    json& parent = *open_.back();
    if (parent.is_array()) {
      parent.push_back(std::move(value));
      return &parent.back();
    }
    json& slot = parent[key_];
    slot = std::move(value);
    return &slot;
  }

  bool add(json value) {
    insert(std::move(value));
    return true;
  }

  bool open(json container) {
    if (open_.size() >= JsonDocument::kMaxDepth) {
      fail("JSON nested deeper than " + std::to_string(JsonDocument::kMaxDepth) + " levels", offset() - 1);
      return false;
    }
    open_.push_back(insert(std::move(container)));
    return true;
  }

  bool close() {
    open_.pop_back();
    return true;
  }

  JsonDocument& document_;
  std::string_view text_;
  std::string_view path_;
  uint32_t first_line_;
  LineIndex lines_;
  const char* read_up_to_;
  std::vector<json*> open_;  // the containers being filled, innermost last
  std::vector<uint32_t> object_begin_;  // where each open object's `{` is
  std::string key_;
};

JsonDocument::JsonDocument(std::string_view text, std::string_view path, uint32_t first_line)
    : text_(text) {
  JsonBuilder builder(*this, text, path, first_line);
  TrackedChar begin{text.data(), builder.read_up_to()};
  TrackedChar end{text.data() + text.size(), builder.read_up_to()};
  bool parsed = json::sax_parse(begin, end, &builder);
  if (!parsed || error_) {
    value_ = nullptr;
    string_lines_.clear();
    object_spans_.clear();
  }
}

uint32_t JsonDocument::line_of(const json& object, std::string_view key) const {
  if (!object.is_object()) return 0;
  auto found = string_lines_.find(std::pair<const void*, std::string>(&object.get_ref<const json::object_t&>(), key));
  return found == string_lines_.end() ? 0 : found->second;
}

std::string_view JsonDocument::source_of(const json& object) const {
  if (!object.is_object()) return {};
  auto found = object_spans_.find(&object.get_ref<const json::object_t&>());
  return found == object_spans_.end() ? std::string_view() : text_.substr(found->second.begin, found->second.end - found->second.begin);
}

uint32_t JsonDocument::line_of(const json& object) const {
  if (!object.is_object()) return 0;
  auto found = object_spans_.find(&object.get_ref<const json::object_t&>());
  return found == object_spans_.end() ? 0 : found->second.line;
}

const json* member(const json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  auto found = object.find(key);
  return found == object.end() ? nullptr : &*found;
}

std::string string_member(const json& object, std::string_view key) {
  const json* value = member(object, key);
  return value && value->is_string() ? value->get<std::string>() : std::string();
}

}  // namespace ruledex::readers
