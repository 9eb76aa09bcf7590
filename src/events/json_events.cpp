#include "events/json_events.h"

#include <simdjson.h>

#include <array>
#include <optional>
#include <string_view>

#include "events/json_documents.h"
#include "events/utf8_repair.h"
#include "events/windows_layout.h"

namespace ruledex::events {

namespace {

namespace od = simdjson::ondemand;
using simdjson::error_code;

// Where Event::time comes from, the first field found.
constexpr std::array<std::string_view, 4> kTimeFields = {"@timestamp", "timestamp", "TimeCreated",
                                                         "metadata.event_timestamp"};
// Deeper nesting is reported, not followed (bounds the recursion).
constexpr int kMaxDepth = 64;

std::string_view trim_right(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' || text.back() == '\n'))
    text.remove_suffix(1);
  return text;
}

// The value of the first of kTimeFields the event has, in one pass over its fields.
std::optional<std::string_view> time_value(const Event& event) {
  size_t best = kTimeFields.size();  // the index in kTimeFields of the one found so far
  std::optional<std::string_view> value;
  for (size_t i = 0; i < event.size() && best > 0; ++i) {
    const Event::Field field = event.field(i);
    for (size_t k = 0; k < best; ++k)
      if (field.name == kTimeFields[k]) {
        best = k;
        value = field.value;
        break;
      }
  }
  return value;
}

// No token left after the root value (this simdjson has no document::at_end).
bool at_end(od::document& document) { return document.current_location().error() == simdjson::OUT_OF_BOUNDS; }

// One document to one Event. Holds the simdjson parser and the scratch
// strings, reused from event to event.
class EventBuilder {
 public:
  // False with `error` when the document is not a valid JSON object (when
  // `whole`, one followed by blanks only).
  bool build(std::string_view document, bool whole, Event& event, std::string& error) {
    event.clear();
    error_code code = fill(simdjson::padded_string_view(document.data(), document.size(),
                                                        document.size() + simdjson::SIMDJSON_PADDING),
                           whole, event);
    if (code == simdjson::UTF8_ERROR) {
      repair_utf8(document, repaired_);
      repaired_.reserve(repaired_.size() + simdjson::SIMDJSON_PADDING);
      event.clear();
      code = fill(simdjson::padded_string_view(repaired_), whole, event);
    }
    if (code != simdjson::SUCCESS) {
      error = code == simdjson::DEPTH_ERROR ? "JSON nested deeper than " + std::to_string(kMaxDepth) + " levels"
                                            : std::string("invalid JSON: ") + simdjson::error_message(code);
      return false;
    }
    if (const std::optional<std::string_view> time = time_value(event)) event.time.assign(*time);
    return true;
  }

 private:
  error_code fill(simdjson::padded_string_view text, bool whole, Event& event) {
    od::document document;
    od::object object;
    if (error_code code = parser_.iterate(text).get(document)) return code;
    if (error_code code = document.get_object().get(object)) return code;
    path_.clear();
    for (auto field : object) {
      std::string_view key;
      od::value value;
      if (error_code code = field.unescaped_key().get(key)) return code;
      if (error_code code = field.value().get(value)) return code;
      od::json_type type;
      if (error_code code = value.type().get(type)) return code;
      error_code code;
      if (key == "Event" && type == od::json_type::object) {
        od::object windows;
        if ((code = value.get_object().get(windows))) return code;
        code = add_windows_event(windows, event);
      } else {
        path_.assign(key);
        code = add_value(value, event, 1);
      }
      if (code) return code;
    }
    return whole && !at_end(document) ? simdjson::TRAILING_CONTENT : simdjson::SUCCESS;
  }

  // A scalar's text and type (numbers as written); INCORRECT_TYPE for an object or array.
  static error_code scalar(od::value& value, od::json_type type, std::string_view& text, ValueType& value_type) {
    switch (type) {
      case od::json_type::string:
        value_type = ValueType::string;
        return value.get_string().get(text);
      case od::json_type::number: {
        value_type = ValueType::number;
        text = trim_right(value.raw_json_token());
        double number;
        return value.get_double().get(number);
      }
      case od::json_type::boolean: {
        value_type = ValueType::boolean;
        bool flag;
        if (error_code code = value.get_bool().get(flag)) return code;
        text = flag ? "true" : "false";
        return simdjson::SUCCESS;
      }
      case od::json_type::null:
        value_type = ValueType::null;
        text = {};
        bool null;
        if (error_code code = value.is_null().get(null)) return code;
        return null ? simdjson::SUCCESS : simdjson::INCORRECT_TYPE;
      default:
        return simdjson::INCORRECT_TYPE;
    }
  }

  // Generic JSON: `value` at path_ (objects as dotted paths, arrays one field per element).
  error_code add_value(od::value value, Event& event, int depth) {
    if (depth > kMaxDepth) return simdjson::DEPTH_ERROR;
    od::json_type type;
    if (error_code code = value.type().get(type)) return code;
    if (type == od::json_type::object) {
      od::object object;
      if (error_code code = value.get_object().get(object)) return code;
      for (auto field : object) {
        std::string_view key;
        od::value member;
        if (error_code code = field.unescaped_key().get(key)) return code;
        if (error_code code = field.value().get(member)) return code;
        const size_t mark = path_.size();
        if (mark) path_ += '.';
        path_ += key;
        error_code code = add_value(member, event, depth + 1);
        path_.resize(mark);
        if (code) return code;
      }
      return simdjson::SUCCESS;
    }
    if (type == od::json_type::array) return add_elements(value, event, depth, &EventBuilder::add_value);
    std::string_view text;
    ValueType value_type;
    if (error_code code = scalar(value, type, text, value_type)) return code;
    event.add(path_, text, value_type);
    return simdjson::SUCCESS;
  }

  using ValueAdder = error_code (EventBuilder::*)(od::value, Event&, int);
  error_code add_elements(od::value value, Event& event, int depth, ValueAdder add) {
    od::array array;
    if (error_code code = value.get_array().get(array)) return code;
    for (auto element : array) {
      od::value item;
      if (error_code code = element.get(item)) return code;
      if (error_code code = (this->*add)(item, event, depth + 1)) return code;
    }
    return simdjson::SUCCESS;
  }

  // A Windows value: strings with bare GUIDs braced as EVTX writes them.
  void add_windows_value(Event& event, std::string_view name, std::string_view text, ValueType type) {
    if (type == ValueType::string) text = windows::braced_guid(text, guid_);
    event.add(name, text, type);
  }

  // The SigmaHQ rendering of a Windows event: {"System": ..., "EventData": ..., "UserData": ...}.
  error_code add_windows_event(od::object object, Event& event) {
    for (auto field : object) {
      std::string_view key;
      od::value value;
      if (error_code code = field.unescaped_key().get(key)) return code;
      if (error_code code = field.value().get(value)) return code;
      error_code code = simdjson::SUCCESS;
      if (key == "System") code = add_system(value, event);
      else if (key == "EventData") code = add_event_data(value, event);
      else if (key == "UserData") code = add_user_data(value, event);
      else if (key != "#attributes") {
        path_.assign("Event.").append(key);
        code = add_value(value, event, 2);
      }
      if (code) return code;
    }
    return simdjson::SUCCESS;
  }

  // System: scalars by name; {"#attributes": {...}, "#text": ...} as Element_Attribute and Element.
  error_code add_system(od::value system, Event& event) {
    od::object object;
    if (error_code code = system.get_object().get(object)) return code;
    for (auto field : object) {
      std::string_view element;
      od::value value;
      od::json_type type;
      if (error_code code = field.unescaped_key().get(element)) return code;
      if (error_code code = field.value().get(value)) return code;
      if (error_code code = value.type().get(type)) return code;
      element_.assign(element);
      if (type == od::json_type::null) continue;  // an empty element, as EVTX's <Correlation/>
      if (type != od::json_type::object) {
        std::string_view text;
        ValueType value_type;
        if (type == od::json_type::array) continue;
        if (error_code code = scalar(value, type, text, value_type)) return code;
        windows::add_system_text(event, element_, text, value_type);
        continue;
      }
      od::object parts;
      if (error_code code = value.get_object().get(parts)) return code;
      for (auto part : parts) {
        std::string_view part_key;
        od::value part_value;
        if (error_code code = part.unescaped_key().get(part_key)) return code;
        if (error_code code = part.value().get(part_value)) return code;
        if (part_key == "#text") {
          std::string_view text;
          ValueType value_type;
          od::json_type part_type;
          if (error_code code = part_value.type().get(part_type)) return code;
          if (error_code code = scalar(part_value, part_type, text, value_type)) return code;
          windows::add_system_text(event, element_, text, value_type);
        } else if (part_key == "#attributes") {
          if (error_code code = add_system_attributes(part_value, event)) return code;
        }
      }
    }
    return simdjson::SUCCESS;
  }

  error_code add_system_attributes(od::value attributes, Event& event) {
    od::object object;
    if (error_code code = attributes.get_object().get(object)) return code;
    for (auto field : object) {
      std::string_view attribute, text;
      od::value value;
      od::json_type type;
      ValueType value_type;
      if (error_code code = field.unescaped_key().get(attribute)) return code;
      if (error_code code = field.value().get(value)) return code;
      if (error_code code = value.type().get(type)) return code;
      if (error_code code = scalar(value, type, text, value_type)) return code;
      if (value_type == ValueType::string) text = windows::braced_guid(text, guid_);
      windows::add_system_attribute(event, name_, element_, attribute, text, value_type);
    }
    return simdjson::SUCCESS;
  }

  // EventData: each key a field (a list: one field per element); "Data" holds
  // the unnamed Data elements; {"#attributes": {"Name": N}, "#text": v} is Data named N.
  error_code add_event_data(od::value data, Event& event) {
    od::json_type type;
    if (error_code code = data.type().get(type)) return code;
    if (type != od::json_type::object) return simdjson::SUCCESS;  // null: <EventData/>
    od::object object;
    if (error_code code = data.get_object().get(object)) return code;
    for (auto field : object) {
      std::string_view key;
      od::value value;
      if (error_code code = field.unescaped_key().get(key)) return code;
      if (error_code code = field.value().get(value)) return code;
      if (key == "#attributes") continue;
      path_.assign(key);
      if (error_code code = add_data_value(value, event, 1)) return code;
    }
    return simdjson::SUCCESS;
  }

  error_code add_data_value(od::value value, Event& event, int depth) {
    if (depth > kMaxDepth) return simdjson::DEPTH_ERROR;
    od::json_type type;
    if (error_code code = value.type().get(type)) return code;
    if (type == od::json_type::array) return add_elements(value, event, depth, &EventBuilder::add_data_value);
    if (type == od::json_type::object) return add_xml_element(value, event, depth);
    std::string_view text;
    ValueType value_type;
    if (error_code code = scalar(value, type, text, value_type)) return code;
    add_windows_value(event, path_, text, value_type);
    return simdjson::SUCCESS;
  }

  // An element rendered as {"#attributes": {"Name": N}, "#text": v, child: ...}:
  // its text at path_ (or at N), its children below it.
  error_code add_xml_element(od::value value, Event& event, int depth) {
    od::object object;
    if (error_code code = value.get_object().get(object)) return code;
    bool has_text = false;
    std::string outer_path;  // set (and put back) when a Name attribute renames the element
    bool renamed = false;
    for (auto field : object) {
      std::string_view key;
      od::value member;
      if (error_code code = field.unescaped_key().get(key)) return code;
      if (error_code code = field.value().get(member)) return code;
      if (key == "#attributes") {
        od::object attributes;
        if (error_code code = member.get_object().get(attributes)) return code;
        std::string_view name;
        if (attributes.find_field("Name").get_string().get(name) == simdjson::SUCCESS) {
          if (!renamed) outer_path = path_;
          renamed = true;
          path_.assign(name);
        }
        continue;
      }
      if (key == "#text") {
        has_text = true;
        if (error_code code = add_data_value(member, event, depth + 1)) return code;
        continue;
      }
      const size_t mark = path_.size();
      path_.append(".").append(key);
      has_text = true;
      error_code code = add_data_value(member, event, depth + 1);
      path_.resize(mark);
      if (code) return code;
    }
    if (!has_text) event.add(path_, "");  // <Data Name="X"/>
    if (renamed) path_ = outer_path;
    return simdjson::SUCCESS;
  }

  // UserData: the children of its one inner element by name.
  error_code add_user_data(od::value data, Event& event) {
    od::json_type type;
    if (error_code code = data.type().get(type)) return code;
    if (type != od::json_type::object) return simdjson::SUCCESS;
    od::object object;
    if (error_code code = data.get_object().get(object)) return code;
    for (auto field : object) {
      std::string_view key;
      od::value inner;
      if (error_code code = field.unescaped_key().get(key)) return code;
      if (error_code code = field.value().get(inner)) return code;
      if (key == "#attributes") continue;
      if (error_code code = inner.type().get(type)) return code;
      if (type != od::json_type::object) continue;
      od::object children;
      if (error_code code = inner.get_object().get(children)) return code;
      for (auto child : children) {
        std::string_view name;
        od::value value;
        if (error_code code = child.unescaped_key().get(name)) return code;
        if (error_code code = child.value().get(value)) return code;
        if (name == "#attributes") continue;
        path_.assign(name);
        if (error_code code = add_data_value(value, event, 2)) return code;
      }
    }
    return simdjson::SUCCESS;
  }

  od::parser parser_;
  std::string path_, element_, name_, guid_, repaired_;
};

}  // namespace

void read_json_events(ByteSource& source, const std::string& file, const EventSink& on_event,
                      const ProblemSink& on_problem, const EventReaderOptions& options) {
  EventBuilder builder;
  Event event;
  event.file = file;
  std::string error;
  const auto problem = [&](uint64_t line, const std::string& message) { on_problem({file, 0, line, message}); };
  JsonDocuments documents(source, options.max_event_bytes);
  using Verdict = JsonDocuments::Verdict;
  documents.run(
      [&](std::string_view document, uint64_t line, bool unscanned) {
        if (!builder.build(document, unscanned, event, error)) {
          if (unscanned) return Verdict::rescan;
          problem(line, error);
          return Verdict::next;
        }
        event.line = line;
        return on_event(event) ? Verdict::next : Verdict::stop;
      },
      problem);
}

}  // namespace ruledex::events
