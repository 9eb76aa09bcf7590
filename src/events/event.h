#pragma once
// One event as the evaluator reads it: flat fields (dotted paths for nested
// objects, one entry per element for arrays) over one reused byte buffer, so
// that reading a stream allocates nothing per event once warmed up.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ruledex::events {

enum class ValueType : uint8_t { string, number, boolean, null };

class Event {
 public:
  struct Field {
    std::string_view name;
    std::string_view value;  // numbers as written, booleans "true"/"false", null ""
    ValueType type;
  };

  // Where the event comes from: file, EVTX record id or 1-based JSON line,
  // and its time as written (EVTX SystemTime, @timestamp, ...); empty when unknown.
  std::string file;
  uint64_t record = 0;
  uint64_t line = 0;
  std::string time;

  void clear() {
    bytes_.clear();
    fields_.clear();
    record = line = 0;
    time.clear();
  }
  void add(std::string_view name, std::string_view value, ValueType type = ValueType::string) {
    uint32_t at = static_cast<uint32_t>(bytes_.size());
    bytes_.append(name);
    bytes_.append(value);
    fields_.push_back({at, static_cast<uint32_t>(name.size()), static_cast<uint32_t>(value.size()), type});
  }
  size_t size() const { return fields_.size(); }
  Field field(size_t i) const {
    const Slot& s = fields_[i];
    return {std::string_view(bytes_).substr(s.at, s.name_size), std::string_view(bytes_).substr(s.at + s.name_size, s.value_size),
            s.type};
  }
  // The first field named `name`, or nullptr.
  const Field* find(std::string_view name, Field& out) const {
    for (size_t i = 0; i < fields_.size(); ++i)
      if (field(i).name == name) return &(out = field(i));
    return nullptr;
  }
  // Total bytes of names and values: what a size bound measures.
  size_t weight() const { return bytes_.size(); }

 private:
  struct Slot {
    uint32_t at;
    uint32_t name_size;
    uint32_t value_size;
    ValueType type;
  };
  std::string bytes_;
  std::vector<Slot> fields_;
};

}  // namespace ruledex::events
