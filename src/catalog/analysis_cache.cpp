#include "catalog/analysis_cache.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bit>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <type_traits>

#include <xxhash.h>

namespace ruledex {
namespace {

// Raised whenever the encoding below changes.
constexpr std::string_view kMagic = "ruledex-analysis-cache 10\n";

// A field added to the model must be added to the encoding below (or it is
// lost on every reused file): these sizes catch it on this platform.
static_assert(sizeof(Rule) == 856 && sizeof(RepositoryItem) == 240 && sizeof(ItemRef) == 64 && sizeof(Predicate) == 128 && sizeof(Stage) == 48 && sizeof(OutputField) == 136 &&
                  sizeof(Diagnostic) == 112 && sizeof(Technique) == 64 && sizeof(EntityMapping) == 56 &&
                  sizeof(LogicNode) == 168 && sizeof(Selection) == 112 && sizeof(RuleLogic) == 160,
              "the rule model changed: update Writer/Reader and kMagic in analysis_cache.cpp, then these sizes");

// Encoding: integers as 8-byte little-endian-as-stored, strings and vectors
// length-prefixed, structs field by field in declaration order. Every encoded
// value takes at least kMinEncoded bytes, which bounds a vector's count.
constexpr uint64_t kMinEncoded = sizeof(uint64_t);
class Writer {
 public:
  std::string out;

  void put(uint64_t v) { out.append(reinterpret_cast<const char*>(&v), sizeof v); }
  void put(std::string_view s) {
    put(static_cast<uint64_t>(s.size()));
    out.append(s);
  }
  void put(const std::string& s) { put(std::string_view(s)); }
  template <typename A, typename B>
  void put(const std::pair<A, B>& p) {
    put(p.first);
    put(p.second);
  }
  template <typename T>
  void put(const std::vector<T>& items) {
    put(static_cast<uint64_t>(items.size()));
    for (const T& item : items) put(item);
  }
  void put(const Technique& t) { put_all(t.id, t.name); }
  void put(const EntityMapping& m) { put_all(m.entity_type, m.fields); }
  void put(const Stage& s) { put_all(s.kind, s.steps, s.range.begin, s.range.end, s.line); }
  void put(const Predicate& p) {
    put_all(p.field, static_cast<uint64_t>(p.op), p.values, p.negated, p.case_sensitive, p.indicator, p.range.begin,
            p.range.end, p.stage, p.modifiers);
  }
  void put(const OutputField& f) { put_all(f.name, f.stage, f.stage_index, f.all_columns_of, f.role); }
  void put(double v) { put(std::bit_cast<uint64_t>(v)); }
  void put(const LogicNode& n) {
    put_all(static_cast<uint64_t>(n.kind), n.children, n.predicate, n.text, n.reason, n.measure, n.selection,
            static_cast<uint64_t>(n.op), n.negated, n.threshold, n.range.begin, n.range.end);
  }
  void put(const Selection& s) { put_all(s.name, s.stage, s.root, s.rule_ref, s.by, s.runs, s.until, s.range.begin, s.range.end); }
  void put(const RuleLogic& l) {
    put_all(static_cast<uint64_t>(l.shape), l.subtype, l.nodes, l.selections, l.group_by, l.window, l.window_seconds, l.condition);
  }
  void put(const Diagnostic& d) { put_all(static_cast<uint64_t>(d.severity), d.message, d.file, d.line, d.column, d.unknown_kind); }
  void put(const ItemRef& i) { put_all(i.kind, i.name); }
  void put(const RepositoryItem& i) { put_all(i.kind, i.id, i.name, i.aliases, i.description, i.platform, i.file, i.metadata); }
  void put(const Rule& r) {
    put_all(r.id, r.name, r.description, r.platform, r.language, r.severity, r.status, r.kind, r.tactics,
            r.techniques, r.data_sources, r.metadata, r.entity_mappings, r.custom_details, r.alert_details, r.file,
            r.raw, r.raw_line, r.query, r.query_line, r.query_indent, r.query_on_one_line, r.query_index, r.query_count, r.stages, r.predicates,
            r.output_fields, r.diagnostics, r.logic, r.items);
  }
  template <typename T>
    requires std::is_integral_v<T>
  void put(T v) {
    put(static_cast<uint64_t>(v));
  }
  template <typename... T>
  void put_all(const T&... items) {
    (put(items), ...);
  }
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}

  void get(uint64_t& v) {
    need(sizeof v);
    std::memcpy(&v, in_.data() + pos_, sizeof v);
    pos_ += sizeof v;
  }
  template <typename T>
    requires std::is_integral_v<T>
  void get(T& v) {
    uint64_t raw;
    get(raw);
    v = static_cast<T>(raw);
  }
  void get(Op& op) { get_enum(op, Op::exists); }
  void get(Severity& severity) { get_enum(severity, Severity::note); }
  void get(std::string& s) {
    uint64_t size;
    get(size);
    need(size);
    s.assign(in_.data() + pos_, size);
    pos_ += size;
  }
  template <typename A, typename B>
  void get(std::pair<A, B>& p) {
    get(p.first);
    get(p.second);
  }
  template <typename T>
  void get(std::vector<T>& items) {
    uint64_t size;
    get(size);
    if (size > (in_.size() - pos_) / kMinEncoded) throw std::runtime_error("truncated analysis cache");
    // Grown as items decode, not sized up front: a corrupt count allocates no
    // more than the items the bytes really hold.
    items.clear();
    for (uint64_t i = 0; i < size; ++i) get(items.emplace_back());
  }
  void get(Technique& t) { get_all(t.id, t.name); }
  void get(EntityMapping& m) { get_all(m.entity_type, m.fields); }
  void get(Stage& s) { get_all(s.kind, s.steps, s.range.begin, s.range.end, s.line); }
  void get(Predicate& p) {
    get_all(p.field, p.op, p.values, p.negated, p.case_sensitive, p.indicator, p.range.begin, p.range.end, p.stage,
            p.modifiers);
  }
  void get(OutputField& f) { get_all(f.name, f.stage, f.stage_index, f.all_columns_of, f.role); }
  void get(LogicKind& kind) { get_enum(kind, LogicKind::count); }
  void get(LogicShape& shape) { get_enum(shape, LogicShape::aggregate); }
  void get(double& v) {
    uint64_t raw;
    get(raw);
    v = std::bit_cast<double>(raw);
  }
  void get(LogicNode& n) {
    get_all(n.kind, n.children, n.predicate, n.text, n.reason, n.measure, n.selection, n.op, n.negated, n.threshold,
            n.range.begin, n.range.end);
  }
  void get(Selection& s) { get_all(s.name, s.stage, s.root, s.rule_ref, s.by, s.runs, s.until, s.range.begin, s.range.end); }
  void get(RuleLogic& l) { get_all(l.shape, l.subtype, l.nodes, l.selections, l.group_by, l.window, l.window_seconds, l.condition); }
  void get(Diagnostic& d) { get_all(d.severity, d.message, d.file, d.line, d.column, d.unknown_kind); }
  void get(ItemRef& i) { get_all(i.kind, i.name); }
  void get(RepositoryItem& i) { get_all(i.kind, i.id, i.name, i.aliases, i.description, i.platform, i.file, i.metadata); }
  void get(Rule& r) {
    get_all(r.id, r.name, r.description, r.platform, r.language, r.severity, r.status, r.kind, r.tactics,
            r.techniques, r.data_sources, r.metadata, r.entity_mappings, r.custom_details, r.alert_details, r.file,
            r.raw, r.raw_line, r.query, r.query_line, r.query_indent, r.query_on_one_line, r.query_index, r.query_count, r.stages, r.predicates,
            r.output_fields, r.diagnostics, r.logic, r.items);
  }
  template <typename... T>
  void get_all(T&... items) {
    (get(items), ...);
  }

  size_t position() const { return pos_; }
  void skip(size_t size) {
    need(size);
    pos_ += size;
  }
  bool at_end() const { return pos_ == in_.size(); }

 private:
  template <typename E>
  void get_enum(E& v, E last) {
    uint64_t raw;
    get(raw);
    if (raw > static_cast<uint64_t>(last)) throw std::runtime_error("bad value in analysis cache");
    v = static_cast<E>(raw);
  }
  void need(uint64_t size) const {
    if (size > in_.size() - pos_) throw std::runtime_error("truncated analysis cache");
  }
  std::string_view in_;
  size_t pos_ = 0;
};

uint64_t checksum(std::string_view bytes) { return XXH3_64bits(bytes.data(), bytes.size()); }

}  // namespace

uint64_t content_hash(std::string_view bytes) { return checksum(bytes); }

struct AnalysisCache::Mapping {
  void* data = MAP_FAILED;
  size_t size = 0;
  ~Mapping() {
    if (data != MAP_FAILED) munmap(data, size);
  }
  std::string_view bytes() const { return {static_cast<const char*>(data), size}; }
};

AnalysisCache AnalysisCache::load(const std::filesystem::path& path, std::string_view analysis_key) {
  auto mapping = std::make_shared<Mapping>();
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return {};
  struct stat info {};
  if (fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_size > 0) {
    mapping->size = static_cast<size_t>(info.st_size);
    mapping->data = mmap(nullptr, mapping->size, PROT_READ, MAP_PRIVATE, fd, 0);
  }
  close(fd);
  if (mapping->data == MAP_FAILED) return {};
  const std::string_view bytes = mapping->bytes();
  return decode(std::move(mapping), bytes, analysis_key, Checksums::verify);
}

AnalysisCache AnalysisCache::parse(std::string bytes, std::string_view analysis_key, Checksums checksums) {
  auto owned = std::make_shared<const std::string>(std::move(bytes));
  const std::string_view view = *owned;
  return decode(std::move(owned), view, analysis_key, checksums);
}

// Layout: magic, the encoded files, the index, then the index's offset and the
// checksum of everything from the index up to that checksum.
AnalysisCache AnalysisCache::decode(std::shared_ptr<const void> owner, std::string_view bytes,
                                    std::string_view analysis_key, Checksums checksums) {
  constexpr size_t kTrailer = 2 * sizeof(uint64_t);
  if (bytes.size() < kMagic.size() + kTrailer || bytes.substr(0, kMagic.size()) != kMagic) return {};
  AnalysisCache damaged;
  damaged.damaged_ = true;
  const bool verify = checksums == Checksums::verify;

  AnalysisCache cache;
  cache.verify_ = verify;
  try {
    uint64_t index_offset, index_checksum;
    Reader(bytes.substr(bytes.size() - kTrailer)).get_all(index_offset, index_checksum);
    if (index_offset < kMagic.size() || index_offset > bytes.size() - kTrailer) return damaged;
    if (verify && checksum(bytes.substr(index_offset, bytes.size() - sizeof index_checksum - index_offset)) != index_checksum)
      return damaged;
    cache.payload_ = bytes.substr(kMagic.size(), index_offset - kMagic.size());
    Reader reader(bytes.substr(index_offset, bytes.size() - kTrailer - index_offset));
    std::string key;
    reader.get(key);
    if (key != analysis_key) return {};
    uint64_t count;
    reader.get_all(cache.build_key_, cache.summary_.rules, cache.summary_.rules_with_errors, cache.summary_.failures,
                   count);
    for (uint64_t i = 0; i < count; ++i) {
      std::string file;
      Entry entry;
      reader.get_all(file, entry.hash, entry.offset, entry.size, entry.checksum);
      if (entry.offset > cache.payload_.size() || entry.size > cache.payload_.size() - entry.offset) return damaged;
      cache.order_.emplace_back(file, entry.hash);
      cache.entries_[std::move(file)] = entry;
    }
    if (!reader.at_end()) return damaged;
  } catch (const std::runtime_error&) {
    return damaged;
  }
  cache.owner_ = std::move(owner);
  return cache;
}

CacheLookup AnalysisCache::find(const std::string& path, uint64_t hash) const {
  auto it = entries_.find(path);
  if (it == entries_.end() || it->second.hash != hash) return {};
  const std::string_view bytes = payload_.substr(it->second.offset, it->second.size);
  CacheLookup damaged{std::nullopt, true};
  if (verify_ && checksum(bytes) != it->second.checksum) return damaged;
  CachedFile file;
  file.path = path;
  file.hash = hash;
  try {
    Reader reader(bytes);
    reader.get_all(file.recognised, file.format, file.platform, file.diagnostics, file.rules, file.items);
    if (!reader.at_end()) return damaged;
  } catch (const std::runtime_error&) {
    return damaged;
  }
  return {std::move(file), false};
}

void AnalysisCache::save(const std::filesystem::path& path, std::string_view analysis_key, std::string_view build_key,
                         const BuildSummary& summary, const Catalog& catalog, const std::vector<uint64_t>& hashes) {
  // Layout: magic, the encoded files, the index, the index's offset. The files
  // stream out one by one; the index alone answers "is anything changed?".
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << kMagic;
  Writer index;
  index.put_all(analysis_key, build_key, summary.rules, summary.rules_with_errors, summary.failures,
                static_cast<uint64_t>(catalog.files.size()));
  Writer payload;
  uint64_t offset = 0;
  for (size_t f = 0; f < catalog.files.size(); ++f) {
    const CatalogFile& file = catalog.files[f];
    payload.out.clear();
    payload.put_all(file.recognised, file.format, file.platform, file.diagnostics,
                    static_cast<uint64_t>(file.rule_count));
    for (uint32_t r = file.first_rule; r < file.first_rule + file.rule_count; ++r) payload.put(catalog.rules[r]);
    payload.put(static_cast<uint64_t>(file.item_count));
    for (uint32_t i = file.first_item; i < file.first_item + file.item_count; ++i) payload.put(catalog.items[i]);
    out.write(payload.out.data(), static_cast<std::streamsize>(payload.out.size()));
    index.put_all(file.path, hashes[f], offset, static_cast<uint64_t>(payload.out.size()), checksum(payload.out));
    offset += payload.out.size();
  }
  index.put(static_cast<uint64_t>(kMagic.size() + offset));
  index.put(checksum(index.out));
  out.write(index.out.data(), static_cast<std::streamsize>(index.out.size()));
  if (!out.flush()) throw std::runtime_error(path.string() + ": cannot write the analysis cache: " + std::strerror(errno));
}

}  // namespace ruledex
