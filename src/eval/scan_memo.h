#pragma once
// The prefilter's hits for recent values of one field. Values repeat (a
// host's programs, users, providers, folders), and a value met lately need
// not be scanned again. A field whose values seldom repeat (command lines,
// hashes) stops being remembered after a trial, so it costs nothing more.

#include <xxhash.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ruledex::eval {

class ScanMemo {
 public:
  // The hits of `value`: remembered, or from scan(value, hits).
  template <typename Scan>
  const std::vector<uint32_t>& hits(std::string_view value, Scan&& scan) {
    if (off_ || value.size() > kMaxValue) {
      scan(value, scratch_);
      return scratch_;
    }
    if (slots_.empty()) slots_.resize(kSlots);
    const uint64_t hash = XXH3_64bits(value.data(), value.size());
    Slot& slot = slots_[hash % kSlots];
    ++lookups_;
    if (slot.used && slot.hash == hash && slot.value == value) {
      ++repeats_;
      return slot.hits;
    }
    scan(value, slot.hits);
    slot.used = true;
    slot.hash = hash;
    slot.value.assign(value);
    if (lookups_ == kTrial && repeats_ * 8 < lookups_) {
      off_ = true;
      std::vector<Slot>().swap(slots_);
      scan(value, scratch_);
      return scratch_;
    }
    return slot.hits;
  }

 private:
  static constexpr size_t kSlots = 1024;
  static constexpr size_t kMaxValue = 256;  // longer values are scanned, never kept
  static constexpr uint64_t kTrial = 4096;  // lookups before the field is judged
  struct Slot {
    bool used = false;
    uint64_t hash = 0;
    std::string value;
    std::vector<uint32_t> hits;
  };
  std::vector<Slot> slots_;
  std::vector<uint32_t> scratch_;
  uint64_t lookups_ = 0, repeats_ = 0;
  bool off_ = false;
};

}  // namespace ruledex::eval
