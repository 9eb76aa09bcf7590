#include "events/byte_source.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace ruledex::events {

size_t ByteSource::read_full(char* out, size_t size) {
  size_t done = 0;
  while (done < size) {
    const size_t got = read(out + done, size - done);
    if (got == 0) break;
    done += got;
  }
  return done;
}

FileSource::FileSource(const std::filesystem::path& path) : file_(std::fopen(path.c_str(), "rb")) {
  if (!file_) error_ = std::strerror(errno);
}

FileSource::~FileSource() {
  if (file_) std::fclose(file_);
}

size_t FileSource::read(char* out, size_t size) {
  if (!file_) return 0;
  const size_t got = std::fread(out, 1, size, file_);
  if (got == 0 && std::ferror(file_)) error_ = std::strerror(errno);
  return got;
}

size_t MemorySource::read(char* out, size_t size) {
  const size_t got = std::min(size, bytes_.size());
  if (got == 0) return 0;  // an empty view may have no data (memcpy from null is undefined even for 0 bytes)
  std::memcpy(out, bytes_.data(), got);
  bytes_.remove_prefix(got);
  return got;
}

size_t PrefixedSource::read(char* out, size_t size) {
  if (at_ < prefix_.size()) {
    const size_t got = std::min(size, prefix_.size() - at_);
    std::memcpy(out, prefix_.data() + at_, got);
    at_ += got;
    return got;
  }
  const size_t got = rest_.read(out, size);
  if (got == 0) error_ = rest_.error();
  return got;
}

namespace {
constexpr size_t kGzipInputBlock = 256 << 10;
}

GzipSource::GzipSource(ByteSource& compressed) : compressed_(compressed), input_(kGzipInputBlock) {
  // 15 + 16: a gzip header and trailer around the deflate stream.
  if (inflateInit2(&stream_, 15 + 16) != Z_OK) {
    error_ = "zlib: cannot start inflate";
    finished_ = true;
  }
}

GzipSource::~GzipSource() { inflateEnd(&stream_); }

size_t GzipSource::read(char* out, size_t size) {
  stream_.next_out = reinterpret_cast<Bytef*>(out);
  const uInt wanted = static_cast<uInt>(std::min<size_t>(size, 1u << 30));
  stream_.avail_out = wanted;
  while (!finished_ && stream_.avail_out == wanted) {
    if (stream_.avail_in == 0) {
      const size_t got = compressed_.read(input_.data(), input_.size());
      if (got == 0) {
        if (!compressed_.error().empty()) error_ = compressed_.error();
        else if (stream_.total_in != 0 || stream_.total_out != 0) error_ = "gzip: truncated stream";
        finished_ = true;
        break;
      }
      stream_.next_in = reinterpret_cast<Bytef*>(input_.data());
      stream_.avail_in = static_cast<uInt>(got);
    }
    const int status = inflate(&stream_, Z_NO_FLUSH);
    if (status == Z_STREAM_END) {
      // Another member may follow (concatenated gzip files are one stream).
      inflateReset(&stream_);
    } else if (status != Z_OK && status != Z_BUF_ERROR) {
      error_ = std::string("gzip: ") + (stream_.msg ? stream_.msg : "corrupt data");
      finished_ = true;
    }
  }
  return wanted - stream_.avail_out;
}

Peeked peek(ByteSource& source, size_t size) {
  Peeked peeked;
  peeked.head.resize(size);
  peeked.head.resize(source.read_full(peeked.head.data(), size));
  peeked.source = std::make_unique<PrefixedSource>(peeked.head, source);
  return peeked;
}

}  // namespace ruledex::events
