#include "match/literal_set.h"

#include <hs/hs.h>

#include <algorithm>
#include <atomic>
#include <limits>
#include <stdexcept>
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

}  // namespace

struct LiteralSet::Impl {
  std::vector<uint32_t> ids;          // by Hyperscan expression id (the entry's index)
  std::vector<uint32_t> always;       // ids of empty literals
  std::unique_ptr<hs_database_t, DatabaseFree> database;
  uint64_t serial = 0;
  std::vector<std::pair<Needle, uint32_t>> fallback;
};

LiteralSet::LiteralSet(std::vector<Entry> entries, Backend backend) : impl_(std::make_unique<Impl>()) {
  const bool hyperscan = backend == Backend::automatic && hs_valid_platform() == HS_SUCCESS;
  std::vector<const char*> expressions;
  std::vector<size_t> lengths;
  std::vector<unsigned> flags;
  std::vector<unsigned> hs_ids;
  for (const Entry& entry : entries) {
    if (entry.literal.empty()) {
      impl_->always.push_back(entry.id);
    } else if (hyperscan) {
      hs_ids.push_back(static_cast<unsigned>(impl_->ids.size()));
      impl_->ids.push_back(entry.id);
      expressions.push_back(entry.literal.data());
      lengths.push_back(entry.literal.size());
      flags.push_back(HS_FLAG_SINGLEMATCH | (entry.caseless ? HS_FLAG_CASELESS : 0));
    } else {
      impl_->fallback.emplace_back(Needle(entry.literal, entry.caseless ? Case::ascii_insensitive : Case::sensitive),
                                   entry.id);
    }
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

void LiteralSet::scan(std::string_view text, std::vector<uint32_t>& ids) const {
  ids = impl_->always;
  if (impl_->database) {
    struct Context {
      const std::vector<uint32_t>* by_expression;
      std::vector<uint32_t>* found;
    } context{&impl_->ids, &ids};
    const auto on_match = [](unsigned int expression, unsigned long long, unsigned long long, unsigned int,
                             void* data) -> int {
      auto* c = static_cast<Context*>(data);
      c->found->push_back((*c->by_expression)[expression]);
      return 0;
    };
    if (text.size() > std::numeric_limits<unsigned>::max()) throw std::runtime_error("Hyperscan: text over 4 GB");
    hs_scratch_t* scratch = scratch_for(impl_->database.get(), impl_->serial);
    const char* data = text.empty() ? "" : text.data();
    if (hs_scan(impl_->database.get(), data, static_cast<unsigned>(text.size()), 0, scratch, on_match, &context) !=
        HS_SUCCESS)
      throw std::runtime_error("Hyperscan scan failed");
  }
  for (const auto& [needle, id] : impl_->fallback)
    if (needle.contains(text)) ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
}

}  // namespace ruledex::match
