#pragma once
// Where the readers take their bytes from: a file, memory, or gzip over either,
// read in blocks so that memory stays bounded whatever the input's size.

#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ruledex::events {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Up to `size` bytes into `out`; 0 at the end or on an error (then error() says which).
  virtual size_t read(char* out, size_t size) = 0;
  const std::string& error() const { return error_; }

  // Reads until `size` bytes or the end: fewer only at the end or on an error.
  size_t read_full(char* out, size_t size);

 protected:
  std::string error_;
};

class FileSource : public ByteSource {
 public:
  explicit FileSource(const std::filesystem::path& path);
  ~FileSource() override;
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;
  bool is_open() const { return file_ != nullptr; }
  size_t read(char* out, size_t size) override;

 private:
  std::FILE* file_ = nullptr;
};

class MemorySource : public ByteSource {
 public:
  explicit MemorySource(std::string_view bytes) : bytes_(bytes) {}
  size_t read(char* out, size_t size) override;

 private:
  std::string_view bytes_;
};

// Bytes already taken from `rest` (to look at them) come first, then the rest.
class PrefixedSource : public ByteSource {
 public:
  PrefixedSource(std::string prefix, ByteSource& rest) : prefix_(std::move(prefix)), rest_(rest) {}
  size_t read(char* out, size_t size) override;

 private:
  std::string prefix_;
  size_t at_ = 0;
  ByteSource& rest_;
};

// gzip (one member or several one after another) over `compressed`.
class GzipSource : public ByteSource {
 public:
  explicit GzipSource(ByteSource& compressed);
  ~GzipSource() override;
  GzipSource(const GzipSource&) = delete;
  GzipSource& operator=(const GzipSource&) = delete;
  size_t read(char* out, size_t size) override;

 private:
  ByteSource& compressed_;
  z_stream stream_{};
  std::vector<char> input_;
  bool finished_ = false;
};

// The first `size` bytes of `source` (fewer at its end), and `source` with them put back.
struct Peeked {
  std::string head;
  std::unique_ptr<ByteSource> source;
};
Peeked peek(ByteSource& source, size_t size);

}  // namespace ruledex::events
