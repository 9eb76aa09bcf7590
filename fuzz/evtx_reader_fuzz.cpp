// libFuzzer: bytes as an EVTX file. Input that is not one already ("ElfFile")
// is one chunk: the first byte chooses whether its checksums are checked
// (bit 0 clear) or it goes to libevtx unchecked (bit 0 set), and, for the
// checked kind, whether the harness fixes its CRC32s first (bit 1 set) so
// that mutations reach libevtx through the checks too; the rest are the
// chunk's bytes (zero-padded to 64 KiB) behind a valid file header.
// Checks each event and problem (event_checks.h).

#include <zlib.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "event_checks.h"
#include "resource_guard.h"

namespace {

constexpr size_t kFileHeaderSize = 4096;
constexpr size_t kChunkSize = 65536;

void put_u32(std::string& bytes, size_t at, uint32_t value) { std::memcpy(bytes.data() + at, &value, sizeof value); }
uint32_t get_u32(const std::string& bytes, size_t at) {
  uint32_t value;
  std::memcpy(&value, bytes.data() + at, sizeof value);
  return value;
}
uint32_t crc(const std::string& bytes, size_t at, size_t size, uint32_t start = 0) {
  return static_cast<uint32_t>(crc32(start, reinterpret_cast<const Bytef*>(bytes.data() + at), static_cast<uInt>(size)));
}

// A version 3.1 file header of one chunk.
std::string file_header() {
  std::string header(kFileHeaderSize, '\0');
  std::memcpy(header.data(), "ElfFile", 8);
  put_u32(header, 32, 128);                  // header size
  put_u32(header, 36, 1 | (3u << 16));       // minor 1, major 3
  put_u32(header, 40, kFileHeaderSize | (1u << 16));  // block size, one chunk
  put_u32(header, 124, crc(header, 0, 120));
  return header;
}

void fix_chunk_checksums(std::string& file) {
  const size_t chunk = kFileHeaderSize;
  uint32_t free_space = get_u32(file, chunk + 48);
  if (free_space < 512 || free_space > kChunkSize) return;
  put_u32(file, chunk + 52, crc(file, chunk + 512, free_space - 512));
  put_u32(file, chunk + 124, crc(file, chunk + 128, 512 - 128, crc(file, chunk, 120)));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ruledex::fuzz::ResourceGuard guard(size);
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  ruledex::events::EventReaderOptions options;
  if (input.substr(0, 7) == "ElfFile" || size == 0) {
    ruledex::fuzz::read_and_check(input, input, options);
    return 0;
  }
  const uint8_t mode = data[0];
  std::string file = file_header();
  file.append(input.substr(1, kChunkSize));
  file.resize(kFileHeaderSize + kChunkSize, '\0');
  options.evtx_verify_checksums = (mode & 1) == 0;
  if (options.evtx_verify_checksums && (mode & 2)) fix_chunk_checksums(file);
  ruledex::fuzz::read_and_check(file, "", options);
  return 0;
}
