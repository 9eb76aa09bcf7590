#include "events/windows_layout.h"

#include <array>
#include <charconv>

namespace ruledex::events::windows {

void add_system_text(Event& event, std::string_view element, std::string_view text, ValueType type) {
  event.add(element, text, type);
  if (element == "EventRecordID") std::from_chars(text.data(), text.data() + text.size(), event.record);
}

void add_system_attribute(Event& event, std::string& name, std::string_view element, std::string_view attribute,
                          std::string_view value, ValueType type) {
  name.assign(element).append("_").append(attribute);
  event.add(name, value, type);
  if (name == "TimeCreated_SystemTime") event.time.assign(value);
}

namespace {

constexpr bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

constexpr std::array<bool, 256> kHexDigits = [] {
  std::array<bool, 256> digits{};
  for (int c = 0; c < 256; ++c) digits[c] = is_hex(static_cast<char>(c));
  return digits;
}();

// 8-4-4-4-12 hex digits. Every value of a Windows event is asked, so the
// dashes first and then the digits without a branch per byte.
bool is_bare_guid(std::string_view value) {
  if (value.size() != 36 || value[8] != '-' || value[13] != '-' || value[18] != '-' || value[23] != '-') return false;
  bool hex = true;
  for (size_t i = 0; i < value.size(); ++i)
    hex &= kHexDigits[static_cast<unsigned char>(value[i])] || i == 8 || i == 13 || i == 18 || i == 23;
  return hex;
}

}  // namespace

std::string_view braced_guid(std::string_view value, std::string& scratch) {
  if (!is_bare_guid(value)) return value;
  scratch.assign("{").append(value).append("}");
  return scratch;
}

}  // namespace ruledex::events::windows
