#include "events/evtx_events.h"

// EVTX files are a 4 KiB file header and 64 KiB chunks, each holding whole
// records. Each chunk is checked here (signature, sizes, the CRC32s of its
// header and its records) and handed to libevtx alone, as a file of one
// chunk in memory: memory stays at one chunk whatever the file's size, a bad
// chunk costs its own records only, and libevtx never sees a chunk whose
// checksums fail (unless evtx_verify_checksums is off, for fuzzing).
// libevtx renders each record's binary XML as XML text; pugixml parses it.

#include <libbfio.h>
#include <libevtx.h>
#include <zlib.h>

#include <pugixml.hpp>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <vector>

#include "events/utf8_repair.h"
#include "events/windows_layout.h"

namespace ruledex::events {

namespace {

constexpr size_t kFileHeaderSize = 4096;
constexpr size_t kChunkSize = 65536;
constexpr size_t kChunkHeaderSize = 512;
constexpr size_t kMaxXmlDepth = 32;

uint32_t read_u32(const char* at) {
  uint32_t value;
  std::memcpy(&value, at, sizeof value);
  return value;  // EVTX is little-endian, as are the machines we build for
}
uint64_t read_u64(const char* at) {
  uint64_t value;
  std::memcpy(&value, at, sizeof value);
  return value;
}
void write_u16(char* at, uint16_t value) { std::memcpy(at, &value, sizeof value); }
void write_u32(char* at, uint32_t value) { std::memcpy(at, &value, sizeof value); }
void write_u64(char* at, uint64_t value) { std::memcpy(at, &value, sizeof value); }

uint32_t crc(const char* data, size_t size, uint32_t start = 0) {
  return static_cast<uint32_t>(crc32(start, reinterpret_cast<const Bytef*>(data), static_cast<uInt>(size)));
}

// What is wrong with a chunk, or nullptr.
const char* chunk_fault(const char* chunk, bool verify_checksums) {
  if (std::memcmp(chunk, "ElfChnk", 8) != 0) return "no chunk signature";
  // libevtx reads only 128-byte chunk headers; on other sizes its open fails
  // and leaks what it had allocated (libevtx 20181227).
  if (read_u32(chunk + 40) != 128) return "unsupported chunk header size";
  const uint32_t free_space = read_u32(chunk + 48);
  if (free_space < kChunkHeaderSize || free_space > kChunkSize) return "chunk free space offset out of range";
  if (!verify_checksums) return nullptr;
  if (crc(chunk + 128, kChunkHeaderSize - 128, crc(chunk, 120)) != read_u32(chunk + 124))
    return "chunk header checksum mismatch";
  if (crc(chunk + kChunkHeaderSize, free_space - kChunkHeaderSize) != read_u32(chunk + 52))
    return "chunk records checksum mismatch";
  return nullptr;
}

std::string libevtx_message(libevtx_error_t* error) {
  // The backtrace: innermost cause first, one line per level.
  char text[1024] = "";
  if (error) libevtx_error_backtrace_sprint(error, text, sizeof text);
  libevtx_error_free(&error);
  std::string message(text);
  while (!message.empty() && message.back() == '\n') message.pop_back();
  std::replace(message.begin(), message.end(), '\n', ' ');
  return message;
}

// libevtx writes FILETIMEs to the nanosecond (".072213500Z"); Windows, to
// the 100 ns a FILETIME holds (".0722135Z"). Into `scratch` when changed.
std::string_view windows_time(std::string_view time, std::string& scratch) {
  const size_t dot = time.rfind('.');
  if (dot == std::string_view::npos || time.size() != dot + 11 || time.substr(dot + 8) != "00Z") return time;
  scratch.assign(time.substr(0, dot + 8)).append("Z");
  return scratch;
}

bool all_hex(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
}

// libevtx writes HexInt32/HexInt64 values zero-padded ("0x0000000000085527");
// Windows (and the rules written against its rendering) without ("0x85527").
std::string_view windows_hex(std::string_view value, std::string& scratch) {
  if ((value.size() != 10 && value.size() != 18) || value.substr(0, 3) != "0x0" || !all_hex(value.substr(2))) return value;
  const size_t first = value.find_first_not_of('0', 2);
  scratch.assign("0x").append(first == std::string_view::npos ? "0" : value.substr(first));
  return scratch;
}

// The Sigma layout of one record's XML.
class XmlLayout {
 public:
  // False with `error` when the XML does not parse.
  bool build(char* xml, size_t size, Event& event, std::string& error) {
    const pugi::xml_parse_result parsed =
        document_.load_buffer_inplace(xml, size, (pugi::parse_default & ~pugi::parse_eol) | pugi::parse_ws_pcdata_single, pugi::encoding_utf8);
    if (!parsed) {
      error = std::string("record XML: ") + parsed.description();
      return false;
    }
    const pugi::xml_node root = document_.document_element();
    for (pugi::xml_node part : root.children()) {
      const std::string_view name = part.name();
      if (name == "System") add_system(part, event);
      else if (name == "EventData") add_event_data(part, event);
      else if (name == "UserData") add_user_data(part, event);
    }
    return true;
  }

 private:
  void add_system(pugi::xml_node system, Event& event) {
    for (pugi::xml_node element : system.children()) {
      if (element.type() != pugi::node_element) continue;
      const pugi::xml_node text = element.first_child();
      if (text.type() == pugi::node_pcdata || text.type() == pugi::node_cdata)
        windows::add_system_text(event, element.name(), text.value(), ValueType::string);
      for (pugi::xml_attribute attribute : element.attributes()) {
        std::string_view value = attribute.value();
        if (std::string_view(element.name()) == "TimeCreated") value = windows_time(value, scratch_);
        windows::add_system_attribute(event, name_, element.name(), attribute.name(), value, ValueType::string);
      }
    }
  }

  void add_event_data(pugi::xml_node data, Event& event) {
    for (pugi::xml_node element : data.children()) {
      if (element.type() != pugi::node_element) continue;
      const pugi::xml_attribute name = element.attribute("Name");
      path_.assign(name ? name.value() : element.name());
      add_element(element, event, 1);
    }
  }

  void add_user_data(pugi::xml_node data, Event& event) {
    const pugi::xml_node inner = data.find_child([](pugi::xml_node node) { return node.type() == pugi::node_element; });
    for (pugi::xml_node child : inner.children()) {
      if (child.type() != pugi::node_element) continue;
      path_.assign(child.name());
      add_element(child, event, 1);
    }
  }

  // An element at path_: its text, or its child elements below it (dotted).
  void add_element(pugi::xml_node element, Event& event, size_t depth) {
    bool has_children = false;
    for (pugi::xml_node child : element.children()) {
      if (child.type() != pugi::node_element) continue;
      has_children = true;
      if (depth >= kMaxXmlDepth) continue;
      const size_t mark = path_.size();
      path_.append(".").append(child.name());
      add_element(child, event, depth + 1);
      path_.resize(mark);
    }
    if (!has_children) event.add(path_, windows_hex(element.child_value(), scratch_));
  }

  pugi::xml_document document_;
  std::string path_, name_, scratch_;
};

class ChunkReader {
 public:
  ChunkReader(const std::string& file, const EventSink& on_event, const ProblemSink& on_problem,
              const EventReaderOptions& options)
      : file_(file), on_event_(on_event), on_problem_(on_problem), options_(options), image_(kFileHeaderSize + kChunkSize) {
    event_.file = file;
  }

  // The file header of a file of one chunk, from the real one's.
  void set_file_header(const char* header) {
    char* image = image_.data();
    std::memset(image, 0, kFileHeaderSize);
    std::memcpy(image, header, 128);
    write_u64(image + 8, 0);         // first chunk
    write_u64(image + 16, 0);        // last chunk
    write_u16(image + 42, 1);        // number of chunks
    write_u32(image + 120, 0);       // flags: not dirty, not full
    write_u32(image + 124, crc(image, 120));
  }

  // False when on_event stopped the reading.
  bool read_chunk(const char* chunk, size_t size) {
    const uint64_t first_record = size >= 32 ? read_u64(chunk + 24) : 0;
    if (size < kChunkSize) {
      problem(first_record, "truncated chunk (" + std::to_string(size) + " of 65536 bytes): its records are lost");
      return true;
    }
    if (std::all_of(chunk, chunk + 8, [](char c) { return c == 0; })) return true;  // unused chunk
    if (const char* fault = chunk_fault(chunk, options_.evtx_verify_checksums)) {
      problem(first_record, std::string("corrupted chunk (") + fault + "): its records are skipped");
      return true;
    }
    std::memcpy(image_.data() + kFileHeaderSize, chunk, kChunkSize);
    return read_records(first_record);
  }

  void problem(uint64_t record, std::string message) { on_problem_({file_, record, 0, std::move(message)}); }

 private:
  bool read_records(uint64_t first_record) {
    libevtx_error_t* error = nullptr;
    libbfio_handle_t* memory = nullptr;
    libevtx_file_t* evtx = nullptr;
    bool go_on = true;
    if (libbfio_memory_range_initialize(&memory, nullptr) != 1 ||
        libbfio_memory_range_set(memory, reinterpret_cast<uint8_t*>(image_.data()), image_.size(), nullptr) != 1 ||
        libevtx_file_initialize(&evtx, &error) != 1 ||
        libevtx_file_open_file_io_handle(evtx, memory, LIBEVTX_OPEN_READ, &error) != 1) {
      problem(first_record, "libevtx cannot read the chunk: " + libevtx_message(error));
    } else {
      int count = 0;
      if (libevtx_file_get_number_of_records(evtx, &count, &error) != 1) {
        problem(first_record, "libevtx cannot count the chunk's records: " + libevtx_message(error));
        error = nullptr;
      }
      for (int i = 0; i < count && go_on; ++i) go_on = read_record(evtx, i, first_record);
      libevtx_file_close(evtx, nullptr);
    }
    libevtx_file_free(&evtx, nullptr);
    libbfio_handle_free(&memory, nullptr);
    return go_on;
  }

  bool read_record(libevtx_file_t* evtx, int index, uint64_t first_record) {
    libevtx_error_t* error = nullptr;
    libevtx_record_t* record = nullptr;
    uint64_t id = first_record + static_cast<uint64_t>(index);
    size_t size = 0;
    bool ok = libevtx_file_get_record_by_index(evtx, index, &record, &error) == 1;
    if (ok) libevtx_record_get_identifier(record, &id, nullptr);
    ok = ok && libevtx_record_get_utf8_xml_string_size(record, &size, &error) == 1 && size > 0;
    if (ok && size > options_.max_event_bytes) {
      libevtx_record_free(&record, nullptr);
      problem(id, "event larger than max_event_bytes (" + std::to_string(options_.max_event_bytes) + " bytes): skipped");
      return true;
    }
    if (ok) {
      xml_.resize(size);
      ok = libevtx_record_get_utf8_xml_string(record, reinterpret_cast<uint8_t*>(xml_.data()), size, &error) == 1;
    }
    libevtx_record_free(&record, nullptr);
    if (!ok) {
      problem(id, "libevtx cannot read the record: " + libevtx_message(error));
      return true;
    }
    xml_.resize(std::strlen(xml_.c_str()));
    if (!valid_utf8(xml_)) {
      repair_utf8(xml_, repaired_);
      xml_.swap(repaired_);
    }
    event_.clear();
    std::string message;
    if (!layout_.build(xml_.data(), xml_.size(), event_, message)) {
      problem(id, message);
      return true;
    }
    if (event_.record == 0) event_.record = id;
    return on_event_(event_);
  }

  const std::string& file_;
  const EventSink& on_event_;
  const ProblemSink& on_problem_;
  const EventReaderOptions& options_;
  std::vector<char> image_;  // file header + the chunk being read
  std::string xml_, repaired_;
  XmlLayout layout_;
  Event event_;
};

}  // namespace

bool read_evtx_events(ByteSource& source, const std::string& file, const EventSink& on_event,
                      const ProblemSink& on_problem, const EventReaderOptions& options) {
  std::vector<char> buffer(kChunkSize);
  ChunkReader reader(file, on_event, on_problem, options);
  const size_t header_size = source.read_full(buffer.data(), kFileHeaderSize);
  if (header_size < kFileHeaderSize || std::memcmp(buffer.data(), "ElfFile", 8) != 0) {
    reader.problem(0, "not an EVTX file (truncated or missing file header)");
    return false;
  }
  if (crc(buffer.data(), 120) != read_u32(buffer.data() + 124))
    reader.problem(0, "EVTX file header checksum mismatch (reading the chunks anyway)");
  reader.set_file_header(buffer.data());
  for (;;) {
    const size_t size = source.read_full(buffer.data(), kChunkSize);
    if (size == 0) break;
    if (!reader.read_chunk(buffer.data(), size)) break;
    if (size < kChunkSize) break;
  }
  if (!source.error().empty()) reader.problem(0, "read error: " + source.error());
  return true;
}

}  // namespace ruledex::events
