#include "match/literal_set.h"

#include <hs/hs.h>

#include <algorithm>
#include <atomic>
#include <bitset>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>

#include "match/case.h"

namespace ruledex::match {
namespace {

struct DatabaseFree {
  void operator()(hs_database_t* db) const { hs_free_database(db); }
};

struct ScratchFree {
  void operator()(hs_scratch_t* scratch) const { hs_free_scratch(scratch); }
};

// Each set has a serial number, so a thread grows its scratch once per set
// rather than asking Hyperscan on every scan (which costs more than a short
// scan). Scratch only grows, so it stays fit for every set it was grown for:
// sets scanned in turn (the evaluator's one per field) share it.
std::atomic<uint64_t> next_serial{1};

struct ThreadScratch {
  std::unique_ptr<hs_scratch_t, ScratchFree> scratch;
  std::unordered_set<uint64_t> ready_for;
  uint64_t last = 0;
};

hs_scratch_t* scratch_for(const hs_database_t* db, uint64_t serial) {
  thread_local ThreadScratch local;
  if (local.last != serial && !local.ready_for.contains(serial)) {
    hs_scratch_t* scratch = local.scratch.release();
    if (hs_alloc_scratch(db, &scratch) != HS_SUCCESS) throw std::runtime_error("Hyperscan: cannot allocate scratch");
    local.scratch.reset(scratch);
    local.ready_for.insert(serial);
  }
  local.last = serial;
  return local.scratch.get();
}

std::string fold(std::string_view text, bool caseless) {
  return match::fold(text, caseless ? Case::ascii_insensitive : Case::sensitive);
}

// `text` equals `folded`, a literal folded as fold() does.
bool equals_folded(std::string_view text, std::string_view folded, bool caseless) {
  return std::equal(text.begin(), text.end(), folded.begin(), folded.end(),
                    [&](char a, char b) { return (caseless ? ascii_lower(a) : a) == b; });
}

// Entries by 64-bit key, open addressed, behind a bit filter that stays in
// cache: most lookups of an absent key stop at the filter.
class KeyTable {
 public:
  // `keys` by entry number.
  void build(const std::vector<uint64_t>& keys) {
    size_t size = 16;
    while (size < keys.size() * 2) size *= 2;
    slots_.assign(size, {0, kEmpty});
    filter_.assign(size * 4 / 64, 0);  // four bits a slot, eight a key
    for (uint32_t entry = 0; entry < keys.size(); ++entry) {
      size_t at = keys[entry] & (size - 1);
      while (slots_[at].entry != kEmpty) at = (at + 1) & (size - 1);
      slots_[at] = {keys[entry], entry};
      filter_[filter_word(keys[entry])] |= filter_bits(keys[entry]);
    }
  }

  // Calls f(entry) for each entry of `key`.
  template <typename F>
  void each(uint64_t key, F&& f) const {
    if (slots_.empty()) return;
    const uint64_t bits = filter_bits(key);
    if ((filter_[filter_word(key)] & bits) != bits) return;
    const size_t mask = slots_.size() - 1;
    for (size_t at = key & mask; slots_[at].entry != kEmpty; at = (at + 1) & mask)
      if (slots_[at].key == key) f(slots_[at].entry);
  }

 private:
  static constexpr uint32_t kEmpty = UINT32_MAX;
  struct Slot {
    uint64_t key;
    uint32_t entry;
  };
  // Two bits of one word per key: one memory read, and half the false passes of one bit.
  size_t filter_word(uint64_t key) const { return (key >> 40) & (filter_.size() - 1); }  // a power of two
  static uint64_t filter_bits(uint64_t key) { return uint64_t{1} << (key >> 28 & 63) | uint64_t{1} << (key >> 34 & 63); }

  std::vector<Slot> slots_;
  std::vector<uint64_t> filter_;
};

// Literals tied to one end of the text (read backwards for the end), or to
// all of it. Walking the text from that end, a running hash of the bytes read
// so far is looked up at each length some literal has.
class AnchoredLiterals {
 public:
  // `backwards`: the literal ends the text, so it is read from its last byte.
  void add(std::string_view folded, bool backwards, uint32_t id) {
    auto [at, added] = by_text_.try_emplace(std::string(folded), static_cast<uint32_t>(literals_.size()));
    if (!added) return literals_[at->second].ids.push_back(id);
    literals_.push_back({std::string(folded), {id}});
    keys_.push_back(mix(hash_of(folded, backwards), folded.size()));
    max_length_ = std::max(max_length_, folded.size());
    if (has_length_.size() <= folded.size()) has_length_.resize(folded.size() + 1, 0);
    has_length_[folded.size()] = 1;
  }
  // Lays out the table; after the last add.
  void freeze() {
    table_.build(keys_);
    by_text_.clear();
  }

  // Reports the literals that begin (end, backwards) the text.
  template <typename Report>
  void walk(std::string_view text, bool backwards, bool caseless, Report&& report) const {
    if (literals_.empty()) return;
    const size_t reach = std::min(text.size(), max_length_);
    uint64_t hash = kSeed;
    for (size_t length = 0;; ++length) {
      if (has_length_[length]) probe(text, backwards, caseless, hash, length, report);
      if (length == reach) return;
      const char c = text[backwards ? text.size() - 1 - length : length];
      hash = step(hash, caseless ? ascii_lower(c) : c);
    }
  }
  // Reports the literals equal to the whole text.
  template <typename Report>
  void whole(std::string_view text, bool caseless, Report&& report) const {
    if (text.size() > max_length_ || literals_.empty() || !has_length_[text.size()]) return;
    uint64_t hash = kSeed;
    for (char c : text) hash = step(hash, caseless ? ascii_lower(c) : c);
    probe(text, false, caseless, hash, text.size(), report);
  }

 private:
  static constexpr uint64_t kSeed = 0x9E3779B97F4A7C15ull;
  struct Literal {
    std::string text;  // folded as the set compares
    std::vector<uint32_t> ids;
  };

  static uint64_t step(uint64_t hash, char c) { return (hash ^ static_cast<unsigned char>(c)) * 0x100000001B3ull; }
  static uint64_t hash_of(std::string_view text, bool backwards) {
    uint64_t hash = kSeed;
    for (size_t i = 0; i < text.size(); ++i) hash = step(hash, text[backwards ? text.size() - 1 - i : i]);
    return hash;
  }
  static uint64_t mix(uint64_t hash, size_t length) { return (hash ^ (length * 0xFF51AFD7ED558CCDull)) * 0xC4CEB9FE1A85EC53ull; }

  template <typename Report>
  void probe(std::string_view text, bool backwards, bool caseless, uint64_t hash, size_t length, Report& report) const {
    const std::string_view read = backwards ? text.substr(text.size() - length) : text.substr(0, length);
    table_.each(mix(hash, length), [&](uint32_t entry) {
      const Literal& literal = literals_[entry];
      if (equals_folded(read, literal.text, caseless))
        for (uint32_t id : literal.ids) report(id);
    });
  }

  std::vector<Literal> literals_;
  std::vector<uint64_t> keys_;  // per literal, until freeze
  std::unordered_map<std::string, uint32_t> by_text_;  // until freeze
  KeyTable table_;
  std::vector<uint8_t> has_length_;
  size_t max_length_ = 0;
};

// Literals of one or two bytes anywhere, however many: one pass over the
// text reads each byte and byte pair off a table (Hyperscan does poorly on
// them, a search each would cost one pass per literal).
class ShortLiterals {
 public:
  void add(std::string_view folded, uint32_t id) {
    empty_ = false;
    if (folded.size() == 1) {
      byte_seen_[byte(folded[0])] = true;
      return bytes_[byte(folded[0])].push_back(id);
    }
    if (!pair_seen_) pair_seen_ = std::make_unique<std::bitset<65536>>();  // only where pairs are: 8 KiB
    (*pair_seen_)[pair(folded[0], folded[1])] = true;
    pairs_[pair(folded[0], folded[1])].push_back(id);
  }

  template <typename Report>
  void find(std::string_view text, bool caseless, Report&& report) const {
    if (empty_) return;
    const auto read = [&](size_t i) { return caseless ? ascii_lower(text[i]) : text[i]; };
    for (size_t i = 0; i < text.size(); ++i) {
      const char c = read(i);
      if (byte_seen_[byte(c)])
        for (uint32_t id : bytes_.at(byte(c))) report(id);
      if (pair_seen_ && i + 1 < text.size() && (*pair_seen_)[pair(c, read(i + 1))])
        for (uint32_t id : pairs_.at(pair(c, read(i + 1)))) report(id);
    }
  }

 private:
  static uint16_t byte(char c) { return static_cast<unsigned char>(c); }
  static uint16_t pair(char a, char b) { return static_cast<uint16_t>(byte(a) << 8 | byte(b)); }

  bool empty_ = true;
  std::bitset<256> byte_seen_;
  std::unique_ptr<std::bitset<65536>> pair_seen_;
  std::unordered_map<uint16_t, std::vector<uint32_t>> bytes_, pairs_;
};

// Long literals anywhere, however many. Each is known by its last eight-byte
// windows, one per stride step, so the text is read one window in every
// kStride: each looked up in a bit filter that stays in cache, and only one
// that passes compared with the literals (Hyperscan does poorly on thousands
// of long literals over one alphabet, such as hashes).
class LongLiterals {
 public:
  static constexpr size_t kWindow = 8, kStride = 4;
  static constexpr size_t kMinLength = kWindow + kStride - 1;  // some window read lies inside the literal

  void add(std::string folded, uint32_t id) {
    auto [at, added] = by_text_.try_emplace(folded, static_cast<uint32_t>(literals_.size()));
    if (!added) return literals_[at->second].ids.push_back(id);
    const uint32_t index = static_cast<uint32_t>(literals_.size());
    for (uint8_t back = 0; back < kStride; ++back) {
      windows_.push_back({index, back});
      keys_.push_back(mix(load(folded, folded.size() - back - kWindow, false)));
    }
    literals_.push_back({std::move(folded), {id}});
  }
  // Lays out the table; after the last add.
  void freeze() {
    table_.build(keys_);
    keys_.clear();
    by_text_.clear();
  }

  template <typename Report>
  void find(std::string_view text, bool caseless, Report&& report) const {
    if (windows_.empty() || text.size() < kMinLength) return;
    for (size_t end = kWindow; end <= text.size(); end += kStride) {
      // mix is one to one: the same key is the same eight bytes.
      table_.each(mix(load(text, end - kWindow, caseless)), [&](uint32_t entry) {
        const Window& window = windows_[entry];
        const Literal& literal = literals_[window.literal];
        const size_t literal_end = end + window.back;
        if (literal_end > text.size() || literal_end < literal.text.size()) return;
        if (equals_folded(text.substr(literal_end - literal.text.size(), literal.text.size()), literal.text, caseless))
          for (uint32_t id : literal.ids) report(id);
      });
    }
  }

 private:
  struct Literal {
    std::string text;  // folded as the set compares
    std::vector<uint32_t> ids;
  };
  struct Window {
    uint32_t literal;
    uint8_t back;  // the window ends this many bytes before the literal's end
  };

  // Eight bytes of `text` at `at`, ASCII letters lowered when caseless (all eight at once).
  static uint64_t load(std::string_view text, size_t at, bool caseless) {
    uint64_t word;
    std::memcpy(&word, text.data() + at, kWindow);
    if (!caseless) return word;
    constexpr uint64_t kHigh = 0x8080808080808080ull;
    const uint64_t seven = word & ~kHigh;
    const uint64_t at_least_a = seven + 0x3F3F3F3F3F3F3F3Full;  // 'A' and above reach the high bit
    const uint64_t beyond_z = seven + 0x2525252525252525ull;    // above 'Z' does too
    const uint64_t upper = (at_least_a ^ beyond_z) & ~word & kHigh;
    return word | (upper >> 2);
  }
  static uint64_t mix(uint64_t bytes) {  // MurmurHash3's finalizer: every bit moves every bit
    bytes ^= bytes >> 33;
    bytes *= 0xFF51AFD7ED558CCDull;
    bytes ^= bytes >> 33;
    bytes *= 0xC4CEB9FE1A85EC53ull;
    return bytes ^ (bytes >> 33);
  }

  std::vector<Literal> literals_;
  std::vector<Window> windows_;
  std::vector<uint64_t> keys_;  // per window, until freeze
  std::unordered_map<std::string, uint32_t> by_text_;  // until freeze
  KeyTable table_;
};

// Where a literal goes in the set: by its anchor and length.
enum class Home { always, anchored, shorts, longs, mid };
// `long_table`: long literals have a table of their own (there are many).
Home home_of(const LiteralSet::Entry& entry, bool long_table) {
  using Anchor = LiteralSet::Anchor;
  if (entry.literal.empty() && entry.anchor != Anchor::whole) return Home::always;
  if (entry.anchor != Anchor::anywhere) return Home::anchored;
  if (entry.literal.size() >= LongLiterals::kMinLength) return long_table ? Home::longs : Home::mid;
  return entry.literal.size() <= 2 ? Home::shorts : Home::mid;
}

struct Search {
  std::string folded;  // the literal as the text is compared (folded when caseless)
  bool caseless;
  uint32_t id;
};

}  // namespace

struct LiteralSet::Impl {
  std::vector<uint32_t> ids;          // by Hyperscan expression id (the entry's index)
  std::vector<uint32_t> always;       // ids of empty literals
  std::unique_ptr<hs_database_t, DatabaseFree> database;
  uint64_t serial = 0;
  std::vector<Search> searches;       // literals anywhere, without Hyperscan
  ShortLiterals shorts[2];            // per case mode (sensitive, caseless)
  LongLiterals longs[2];
  bool any_caseless_search = false;
  // Per case mode (sensitive, caseless): literals at the start, at the end, and whole values.
  AnchoredLiterals starts[2], ends[2], wholes[2];

  // Calls report(id) for each anchored or searched literal in `text`, until it returns true.
  template <typename Report>
  bool each_without_hyperscan(std::string_view text, Report&& report) const {
    bool stop = false;
    const auto until = [&](uint32_t id) {
      if (!stop) stop = report(id);
    };
    for (int caseless = 0; caseless < 2 && !stop; ++caseless) {
      starts[caseless].walk(text, false, caseless, until);
      ends[caseless].walk(text, true, caseless, until);
      wholes[caseless].whole(text, caseless, until);
      shorts[caseless].find(text, caseless, until);
      longs[caseless].find(text, caseless, until);
    }
    if (stop || searches.empty()) return stop;
    thread_local std::string folded;
    if (any_caseless_search) {
      folded.assign(text);
      for (char& c : folded) c = ascii_lower(c);
    }
    for (const Search& search : searches) {
      const std::string_view in = search.caseless ? std::string_view(folded) : text;
      if (in.find(search.folded) != std::string_view::npos && report(search.id)) return true;
    }
    return false;
  }
};

LiteralSet::LiteralSet(std::vector<Entry> entries, Backend backend) : impl_(std::make_unique<Impl>()) {
  const bool long_table = std::count_if(entries.begin(), entries.end(), [](const Entry& e) {
                            return home_of(e, true) == Home::longs;
                          }) >= kLongTableFrom;
  const size_t mid = std::count_if(entries.begin(), entries.end(),
                                   [&](const Entry& e) { return home_of(e, long_table) == Home::mid; });
  const bool hyperscan = backend == Backend::automatic && mid >= kHyperscanFrom && hs_valid_platform() == HS_SUCCESS;
  std::vector<const char*> expressions;
  std::vector<size_t> lengths;
  std::vector<unsigned> flags;
  std::vector<unsigned> hs_ids;
  for (const Entry& entry : entries) {
    const int caseless = entry.caseless;
    switch (home_of(entry, long_table)) {
      case Home::always: impl_->always.push_back(entry.id); break;
      case Home::anchored: {
        AnchoredLiterals* by_anchor[] = {nullptr, impl_->starts, impl_->ends, impl_->wholes};
        by_anchor[static_cast<int>(entry.anchor)][caseless].add(fold(entry.literal, entry.caseless),
                                                                 entry.anchor == Anchor::end, entry.id);
        break;
      }
      case Home::longs: impl_->longs[caseless].add(fold(entry.literal, entry.caseless), entry.id); break;
      case Home::shorts: impl_->shorts[caseless].add(fold(entry.literal, entry.caseless), entry.id); break;
      case Home::mid:
        if (hyperscan) {
          hs_ids.push_back(static_cast<unsigned>(impl_->ids.size()));
          impl_->ids.push_back(entry.id);
          expressions.push_back(entry.literal.data());
          lengths.push_back(entry.literal.size());
          flags.push_back(HS_FLAG_SINGLEMATCH | (entry.caseless ? HS_FLAG_CASELESS : 0));
        } else {
          impl_->searches.push_back({fold(entry.literal, entry.caseless), entry.caseless, entry.id});
          impl_->any_caseless_search |= entry.caseless;
        }
        break;
    }
  }
  for (int caseless = 0; caseless < 2; ++caseless) {
    for (AnchoredLiterals* literals : {impl_->starts, impl_->ends, impl_->wholes}) literals[caseless].freeze();
    impl_->longs[caseless].freeze();
  }
  if (expressions.empty()) return;
  hs_database_t* db = nullptr;
  hs_compile_error_t* error = nullptr;
  if (hs_compile_lit_multi(expressions.data(), flags.data(), hs_ids.data(), lengths.data(),
                           static_cast<unsigned>(expressions.size()), HS_MODE_BLOCK, nullptr, &db,
                           &error) != HS_SUCCESS) {
    const std::string message = error && error->message ? error->message : "unknown error";
    hs_free_compile_error(error);
    throw std::runtime_error("Hyperscan cannot compile the literal set: " + message);
  }
  impl_->database.reset(db);
  impl_->serial = next_serial.fetch_add(1);
}

LiteralSet::LiteralSet(LiteralSet&&) noexcept = default;
LiteralSet& LiteralSet::operator=(LiteralSet&&) noexcept = default;
LiteralSet::~LiteralSet() = default;

bool LiteralSet::uses_hyperscan() const { return impl_->database != nullptr; }

// Hyperscan over `text`, calling on_match(id) for each literal found until it returns true.
template <typename OnMatch>
void LiteralSet::each_match(std::string_view text, OnMatch&& on_match) const {
  if (!impl_->database) return;
  struct Context {
    const std::vector<uint32_t>* by_expression;
    std::remove_reference_t<OnMatch>* on_match;
  } context{&impl_->ids, &on_match};
  const auto callback = [](unsigned int expression, unsigned long long, unsigned long long, unsigned int,
                           void* data) -> int {
    auto* c = static_cast<Context*>(data);
    return (*c->on_match)((*c->by_expression)[expression]) ? 1 : 0;
  };
  if (text.size() > std::numeric_limits<unsigned>::max()) throw std::runtime_error("Hyperscan: text over 4 GB");
  hs_scratch_t* scratch = scratch_for(impl_->database.get(), impl_->serial);
  const char* data = text.empty() ? "" : text.data();
  const hs_error_t result =
      hs_scan(impl_->database.get(), data, static_cast<unsigned>(text.size()), 0, scratch, callback, &context);
  if (result != HS_SUCCESS && result != HS_SCAN_TERMINATED) throw std::runtime_error("Hyperscan scan failed");
}

void LiteralSet::scan(std::string_view text, std::vector<uint32_t>& ids) const {
  ids = impl_->always;
  const auto add = [&](uint32_t id) {
    ids.push_back(id);
    return false;
  };
  each_match(text, add);
  impl_->each_without_hyperscan(text, add);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
}

bool LiteralSet::any_in(std::string_view text) const {
  if (!impl_->always.empty()) return true;
  bool found = false;
  const auto stop = [&](uint32_t) { return found = true; };
  each_match(text, stop);
  return found || impl_->each_without_hyperscan(text, stop);
}

}  // namespace ruledex::match
