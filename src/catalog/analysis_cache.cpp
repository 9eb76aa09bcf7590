#include "catalog/analysis_cache.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <stdexcept>
#include <type_traits>

namespace ruledex {
namespace {

// Raised whenever the encoding below changes.
constexpr std::string_view kMagic = "ruledex-analysis-cache 8\n";

// A field added to the model must be added to the encoding below (or it is
// lost on every reused file): these sizes catch it on this platform.
static_assert(sizeof(Rule) == 688 && sizeof(RepositoryItem) == 240 && sizeof(ItemRef) == 64 && sizeof(Predicate) == 128 && sizeof(Stage) == 48 && sizeof(OutputField) == 136 &&
                  sizeof(Diagnostic) == 112 && sizeof(Technique) == 64 && sizeof(EntityMapping) == 56,
              "the rule model changed: update Writer/Reader and kMagic in analysis_cache.cpp, then these sizes");

// Encoding: integers as 8-byte little-endian-as-stored, strings and vectors
// length-prefixed, structs field by field in declaration order.
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
  void put(const Diagnostic& d) { put_all(static_cast<uint64_t>(d.severity), d.message, d.file, d.line, d.column, d.unknown_kind); }
  void put(const ItemRef& i) { put_all(i.kind, i.name); }
  void put(const RepositoryItem& i) { put_all(i.kind, i.id, i.name, i.aliases, i.description, i.platform, i.file, i.metadata); }
  void put(const Rule& r) {
    put_all(r.id, r.name, r.description, r.platform, r.language, r.severity, r.status, r.kind, r.tactics,
            r.techniques, r.data_sources, r.metadata, r.entity_mappings, r.custom_details, r.alert_details, r.file,
            r.raw, r.raw_line, r.query, r.query_line, r.query_indent, r.query_index, r.query_count, r.stages, r.predicates,
            r.output_fields, r.diagnostics, r.items);
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
    requires(std::is_integral_v<T> || std::is_enum_v<T>)
  void get(T& v) {
    uint64_t raw;
    get(raw);
    v = static_cast<T>(raw);
  }
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
    need(size);  // every item takes at least one byte: bounds a corrupt count
    items.resize(size);
    for (T& item : items) get(item);
  }
  void get(Technique& t) { get_all(t.id, t.name); }
  void get(EntityMapping& m) { get_all(m.entity_type, m.fields); }
  void get(Stage& s) { get_all(s.kind, s.steps, s.range.begin, s.range.end, s.line); }
  void get(Predicate& p) {
    get_all(p.field, p.op, p.values, p.negated, p.case_sensitive, p.indicator, p.range.begin, p.range.end, p.stage,
            p.modifiers);
  }
  void get(OutputField& f) { get_all(f.name, f.stage, f.stage_index, f.all_columns_of, f.role); }
  void get(Diagnostic& d) { get_all(d.severity, d.message, d.file, d.line, d.column, d.unknown_kind); }
  void get(ItemRef& i) { get_all(i.kind, i.name); }
  void get(RepositoryItem& i) { get_all(i.kind, i.id, i.name, i.aliases, i.description, i.platform, i.file, i.metadata); }
  void get(Rule& r) {
    get_all(r.id, r.name, r.description, r.platform, r.language, r.severity, r.status, r.kind, r.tactics,
            r.techniques, r.data_sources, r.metadata, r.entity_mappings, r.custom_details, r.alert_details, r.file,
            r.raw, r.raw_line, r.query, r.query_line, r.query_indent, r.query_index, r.query_count, r.stages, r.predicates,
            r.output_fields, r.diagnostics, r.items);
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
  void need(uint64_t size) const {
    if (size > in_.size() - pos_) throw std::runtime_error("truncated analysis cache");
  }
  std::string_view in_;
  size_t pos_ = 0;
};

uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

}  // namespace

uint64_t content_hash(std::string_view bytes) {
  // Word-at-a-time multiply-rotate mixing (murmur-style), with a final avalanche.
  constexpr uint64_t k1 = 0x87c37b91114253d5ULL, k2 = 0x4cf5ad432745937fULL;
  uint64_t h = 0x9e3779b97f4a7c15ULL ^ (bytes.size() * k2);
  size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, bytes.data() + i, 8);
    h ^= rotl(w * k1, 31) * k2;
    h = rotl(h, 27) * 5 + 0x52dce729;
  }
  uint64_t tail = 0;
  std::memcpy(&tail, bytes.data() + i, bytes.size() - i);
  h ^= rotl(tail * k1, 31) * k2;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

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
  if (fstat(fd, &info) == 0 && info.st_size > 0) {
    mapping->size = static_cast<size_t>(info.st_size);
    mapping->data = mmap(nullptr, mapping->size, PROT_READ, MAP_PRIVATE, fd, 0);
  }
  close(fd);
  if (mapping->data == MAP_FAILED) return {};
  std::string_view bytes = mapping->bytes();
  if (bytes.size() < kMagic.size() + sizeof(uint64_t) || bytes.substr(0, kMagic.size()) != kMagic) return {};

  AnalysisCache cache;
  try {
    uint64_t index_offset;
    Reader(bytes.substr(bytes.size() - sizeof index_offset)).get(index_offset);
    if (index_offset < kMagic.size() || index_offset > bytes.size() - sizeof index_offset) return {};
    cache.payload_ = bytes.substr(kMagic.size(), index_offset - kMagic.size());
    Reader reader(bytes.substr(index_offset, bytes.size() - sizeof index_offset - index_offset));
    std::string key;
    reader.get(key);
    if (key != analysis_key) return {};
    uint64_t count;
    reader.get_all(cache.build_key_, cache.summary_.rules, cache.summary_.rules_with_errors, cache.summary_.failures,
                   count);
    for (uint64_t i = 0; i < count; ++i) {
      std::string file;
      Entry entry;
      reader.get_all(file, entry.hash, entry.offset, entry.size);
      if (entry.offset > cache.payload_.size() || entry.size > cache.payload_.size() - entry.offset) return {};
      cache.order_.emplace_back(file, entry.hash);
      cache.entries_[std::move(file)] = entry;
    }
    if (!reader.at_end()) return {};
  } catch (const std::runtime_error&) {
    return {};
  }
  cache.mapping_ = std::move(mapping);
  return cache;
}

std::optional<CachedFile> AnalysisCache::find(const std::string& path, uint64_t hash) const {
  auto it = entries_.find(path);
  if (it == entries_.end() || it->second.hash != hash) return std::nullopt;
  CachedFile file;
  file.path = path;
  file.hash = hash;
  try {
    Reader reader(payload_.substr(it->second.offset, it->second.size));
    reader.get_all(file.recognised, file.format, file.platform, file.diagnostics, file.rules, file.items);
  } catch (const std::runtime_error&) {
    return std::nullopt;
  }
  return file;
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
    index.put_all(file.path, hashes[f], offset, static_cast<uint64_t>(payload.out.size()));
    offset += payload.out.size();
  }
  index.put(static_cast<uint64_t>(kMagic.size() + offset));
  out.write(index.out.data(), static_cast<std::streamsize>(index.out.size()));
  if (!out.flush()) throw std::runtime_error(path.string() + ": cannot write the analysis cache");
}

}  // namespace ruledex
