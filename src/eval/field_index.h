#pragma once
// Field names interned once per rule set, and per event a map from those ids
// to the event's fields, so a predicate finds its values without comparing
// names. Fields no rule names are never indexed.

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "events/event.h"

namespace ruledex::eval {

inline constexpr uint32_t kNoField = UINT32_MAX;

class FieldNames {
 public:
  uint32_t intern(std::string_view name);
  uint32_t find(std::string_view name) const;  // kNoField when no rule names it
  size_t size() const { return names_.size(); }
  const std::string& name(uint32_t id) const { return names_[id]; }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, uint32_t, Hash, std::equal_to<>> ids_;
  std::vector<std::string> names_;
};

class EventView {
 public:
  // Indexes `event` (which must outlive the view's use) by the names of `names`.
  void reset(const events::Event& event, const FieldNames& names);
  // Per (name, source): the rule's field `name` finds the values the event
  // holds under `source` (a log source that writes the field under another
  // name), or none. All sources are read before any name is set, so renames
  // may swap names (4688's ProcessId is Sysmon's ParentProcessId).
  void rename(const std::vector<std::pair<uint32_t, uint32_t>>& renames);

  const events::Event& event() const { return *event_; }
  bool has(uint32_t id) const { return id < heads_.size() && stamps_[id] == stamp_; }

  // Calls f(Event::Field) for each value of field `id`, in event order, until f returns true.
  template <typename F>
  bool any_value(uint32_t id, F&& f) const {
    if (!has(id)) return false;
    for (uint32_t i = heads_[id]; i != kNoField; i = next_[i])
      if (f(event_->field(i))) return true;
    return false;
  }

 private:
  const events::Event* event_ = nullptr;
  uint32_t stamp_ = 0;
  std::vector<uint32_t> stamps_;  // per id: the reset that set heads_[id]
  std::vector<uint32_t> heads_;   // per id: first event field index
  std::vector<uint32_t> tails_;
  std::vector<uint32_t> next_;    // per event field: next field of the same id
  struct Chain {
    bool present;
    uint32_t head, tail;
  };
  std::vector<Chain> renamed_;  // reused by rename()
  // Per field position, the name last seen there and its id: events of one
  // kind list the same names in the same order, so most need no lookup.
  std::vector<std::pair<std::string, uint32_t>> seen_at_;
  size_t seen_names_ = 0;  // names.size() when seen_at_ was filled
};

}  // namespace ruledex::eval
