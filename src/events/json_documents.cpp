#include "events/json_documents.h"

#include <simdjson.h>

#include <algorithm>
#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace ruledex::events {

namespace {
// The buffer starts small (inputs are often small) and doubles when the open
// document leaves less than kMinRead free.
constexpr size_t kInitialBuffer = 64 << 10;
constexpr size_t kMinRead = 16 << 10;

// The first byte in [at, end) that is one of `Bytes`, or `end`. 16 bytes at a
// time where SSE2 is there: the buffer's padding makes reading past `end` safe.
template <char... Bytes>
size_t find_first_of(const char* data, size_t at, size_t end) {
#ifdef __SSE2__
  for (; at < end; at += 16) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + at));
    __m128i hits = _mm_setzero_si128();
    ((hits = _mm_or_si128(hits, _mm_cmpeq_epi8(block, _mm_set1_epi8(Bytes)))), ...);
    if (const int mask = _mm_movemask_epi8(hits)) return std::min(end, at + __builtin_ctz(mask));
  }
  return end;
#else
  for (; at < end; ++at)
    if (((data[at] == Bytes) || ...)) return at;
  return end;
#endif
}
}  // namespace

JsonDocuments::JsonDocuments(ByteSource& source, size_t max_document_bytes)
    : source_(source), max_document_bytes_(max_document_bytes), buffer_(kInitialBuffer + simdjson::SIMDJSON_PADDING) {}

bool JsonDocuments::run(const DocumentSink& on_document, const LineProblemSink& on_problem) {
  on_document_ = &on_document;
  on_problem_ = &on_problem;
  while (!stopped_) {
    if (pos_ == size_ && !refill()) break;
    if (!in_document_) {
      if (!offer_line()) top_level_byte();
    }
    else if (junk_) scan_junk();
    else scan_document();
  }
  if (in_document_ && !junk_ && !skipping_ && !stopped_)
    on_problem(start_line_, "invalid JSON: the input ends inside the event");
  return !stopped_;
}

// Keeps the open document (unless it is being skipped) at the front of the
// buffer and reads the next block behind it.
bool JsonDocuments::refill() {
  if (end_of_input_) return false;
  const bool keep = in_document_ && !junk_ && !skipping_;
  if (keep && size_ - start_ > max_document_bytes_) {
    (*on_problem_)(start_line_, "event larger than max_event_bytes (" + std::to_string(max_document_bytes_) +
                                    " bytes): skipped");
    skipping_ = true;
  }
  const size_t from = in_document_ && !junk_ && !skipping_ ? start_ : pos_;
  std::memmove(buffer_.data(), buffer_.data() + from, size_ - from);
  size_ -= from;
  pos_ -= from;
  if (in_document_) start_ -= std::min(start_, from);
  if (buffer_.size() < size_ + kMinRead + simdjson::SIMDJSON_PADDING) buffer_.resize(2 * buffer_.size());
  const size_t got = source_.read(buffer_.data() + size_, buffer_.size() - simdjson::SIMDJSON_PADDING - size_);
  if (got == 0) {
    end_of_input_ = true;
    if (!source_.error().empty()) (*on_problem_)(line_, "read error: " + source_.error());
    return false;
  }
  size_ += got;
  return true;
}

// True when the rest of the line was taken whole as one event (or stopped).
bool JsonDocuments::offer_line() {
  if (!lines_mode_ || buffer_[pos_] != '{') return false;
  const char* begin = buffer_.data() + pos_;
  const char* end = static_cast<const char*>(std::memchr(begin, '\n', size_ - pos_));
  if (!end || static_cast<size_t>(end - begin) > max_document_bytes_) return false;
  const Verdict verdict = (*on_document_)(std::string_view(begin, end - begin), line_, true);
  if (verdict == Verdict::rescan) return false;
  stopped_ = verdict == Verdict::stop;
  pos_ = static_cast<size_t>(end - buffer_.data()) + 1;
  ++line_;
  return true;
}

void JsonDocuments::top_level_byte() {
  const char c = buffer_[pos_];
  switch (c) {
    case '\n':
      ++line_;
      [[fallthrough]];
    case ' ':
    case '\t':
    case '\r':
      ++pos_;
      return;
    case '[':
      if (!seen_document_ && !in_array_) {
        in_array_ = true;
        ++pos_;
        return;
      }
      break;
    case ',':
    case ']':
      if (in_array_) {
        in_array_ = c == ',';
        ++pos_;
        return;
      }
      break;
    default:
      break;
  }
  start_document();
}

void JsonDocuments::start_document() {
  in_document_ = true;
  seen_document_ = true;
  junk_ = buffer_[pos_] != '{';
  skipping_ = false;
  start_ = pos_;
  start_line_ = line_;
  depth_ = 0;
  in_string_ = escaped_ = false;
  if (junk_) (*on_problem_)(start_line_, "invalid JSON: an event is an object, this is not one");
}

// Not an event: skipped to the end of its line.
void JsonDocuments::scan_junk() {
  const char* at = static_cast<const char*>(std::memchr(buffer_.data() + pos_, '\n', size_ - pos_));
  if (!at) {
    pos_ = size_;
    return;
  }
  pos_ = static_cast<size_t>(at - buffer_.data()) + 1;
  ++line_;
  in_document_ = false;
}

// Jumps from one byte that matters to the next: quotes, backslashes and line
// ends inside strings; quotes, brackets and line ends outside.
void JsonDocuments::scan_document() {
  const char* data = buffer_.data();
  size_t at = pos_;
  while (at < size_) {
    if (in_string_) {
      if (escaped_) {
        escaped_ = false;
        ++at;
        continue;
      }
      at = find_first_of<'"', '\\', '\n'>(data, at, size_);
      if (at == size_) break;
      const char c = data[at++];
      if (c == '\\') escaped_ = true;
      else if (c == '"') in_string_ = false;
      else {
        pos_ = at - 1;
        return break_document("invalid JSON: a line ends inside a string");
      }
      continue;
    }
    at = find_first_of<'"', '{', '[', '}', ']', '\n'>(data, at, size_);
    if (at == size_) break;
    switch (data[at]) {
      case '"':
        in_string_ = true;
        break;
      case '{':
      case '[':
        ++depth_;
        break;
      case '}':
      case ']':
        if (--depth_ == 0) return finish_document(at + 1);
        break;
      default:  // '\n'
        if (lines_mode_) {
          pos_ = at;
          return break_document("invalid JSON: the line ends inside the event");
        }
        if (!in_array_ && at + 1 < size_ && data[at + 1] == '{') {
          pos_ = at;
          return break_document("invalid JSON: the event is not closed before the next one starts");
        }
        ++line_;
        break;
    }
    ++at;
  }
  pos_ = size_;
}

void JsonDocuments::finish_document(size_t end) {
  in_document_ = false;
  pos_ = end;
  if (!mode_decided_) {
    // The first event on one line: JSON Lines.
    mode_decided_ = true;
    lines_mode_ = !in_array_ && start_line_ == line_;
  }
  if (skipping_) return;
  if (end - start_ > max_document_bytes_) {
    (*on_problem_)(start_line_, "event larger than max_event_bytes (" + std::to_string(max_document_bytes_) +
                                    " bytes): skipped");
    return;
  }
  if ((*on_document_)(std::string_view(buffer_.data() + start_, end - start_), start_line_, false) == Verdict::stop)
    stopped_ = true;
}

// The open document is invalid; reading goes on after the line end at pos_.
void JsonDocuments::break_document(const char* why) {
  if (!skipping_) (*on_problem_)(start_line_, why);
  in_document_ = false;
  ++pos_;
  ++line_;
}

}  // namespace ruledex::events
