#include "eval/field_index.h"

namespace ruledex::eval {

uint32_t FieldNames::intern(std::string_view name) {
  auto found = ids_.find(name);
  if (found != ids_.end()) return found->second;
  uint32_t id = static_cast<uint32_t>(names_.size());
  names_.emplace_back(name);
  ids_.emplace(std::string(name), id);
  return id;
}

uint32_t FieldNames::find(std::string_view name) const {
  auto found = ids_.find(name);
  return found == ids_.end() ? kNoField : found->second;
}

void EventView::reset(const events::Event& event, const FieldNames& names) {
  event_ = &event;
  if (++stamp_ == 0) {  // wrapped: old stamps could collide
    std::fill(stamps_.begin(), stamps_.end(), 0);
    stamp_ = 1;
  }
  if (stamps_.size() < names.size()) {
    stamps_.resize(names.size(), 0);
    heads_.resize(names.size(), kNoField);
    tails_.resize(names.size(), kNoField);
  }
  next_.assign(event.size(), kNoField);
  if (seen_names_ != names.size()) {
    seen_at_.clear();
    seen_names_ = names.size();
  }
  if (seen_at_.size() < event.size()) seen_at_.resize(event.size(), {std::string(), names.find("")});
  for (uint32_t i = 0; i < event.size(); ++i) {
    const std::string_view name = event.field(i).name;
    auto& [seen, seen_id] = seen_at_[i];
    if (seen != name) {
      seen.assign(name);
      seen_id = names.find(name);
    }
    const uint32_t id = seen_id;
    if (id == kNoField) continue;
    if (stamps_[id] != stamp_) {
      stamps_[id] = stamp_;
      heads_[id] = tails_[id] = i;
    } else {
      next_[tails_[id]] = i;
      tails_[id] = i;
    }
  }
}

void EventView::rename(const std::vector<std::pair<uint32_t, uint32_t>>& renames) {
  renamed_.clear();
  for (const auto& [name, source] : renames)
    renamed_.push_back(has(source) ? Chain{true, heads_[source], tails_[source]} : Chain{false, kNoField, kNoField});
  for (size_t i = 0; i < renames.size(); ++i) {
    uint32_t name = renames[i].first;
    if (name >= stamps_.size()) continue;
    stamps_[name] = renamed_[i].present ? stamp_ : stamp_ - 1;
    heads_[name] = renamed_[i].head;
    tails_[name] = renamed_[i].tail;
  }
}

}  // namespace ruledex::eval
