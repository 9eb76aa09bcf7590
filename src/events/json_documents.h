#pragma once
// Splits a JSON event stream into its top-level documents without parsing
// them: a JSON array of events (each element), one object, objects one after
// another (pretty-printed or not), or JSON Lines. Streaming, in blocks: only
// the document being read is kept, and one over max_document_bytes is
// reported and skipped without being kept.
//
// Recovery after an invalid document: a JSON string never holds a raw line
// end, so a line end inside one ends the document as invalid; in JSON Lines
// (the first document is on one line) a line end inside a document does; in
// a stream of pretty-printed objects, a `{` at the start of a line inside an
// open document starts the next one. Reading goes on from there.
//
// In JSON Lines, a line is first offered whole, unscanned: most lines are one
// valid event, which the JSON parser finds without this scan.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "events/byte_source.h"

namespace ruledex::events {

class JsonDocuments {
 public:
  // What the sink did with a document. `rescan` only for an unscanned line
  // (the rest of a JSON Lines line from a `{`): it is not one valid event
  // followed by blanks, so it is scanned as usual and what it holds offered.
  enum class Verdict { next, stop, rescan };
  // A document and its 1-based first line. The view has
  // simdjson::SIMDJSON_PADDING readable bytes after it.
  using DocumentSink = std::function<Verdict(std::string_view document, uint64_t line, bool unscanned)>;
  using LineProblemSink = std::function<void(uint64_t line, const std::string& message)>;

  JsonDocuments(ByteSource& source, size_t max_document_bytes);
  // False when on_document stopped the reading.
  bool run(const DocumentSink& on_document, const LineProblemSink& on_problem);

 private:
  bool refill();
  bool offer_line();
  void top_level_byte();
  void start_document();
  void scan_document();
  void scan_junk();
  void finish_document(size_t end);
  void break_document(const char* why);

  ByteSource& source_;
  size_t max_document_bytes_;
  const DocumentSink* on_document_ = nullptr;
  const LineProblemSink* on_problem_ = nullptr;

  std::vector<char> buffer_;  // bytes [0, size_) read, pos_ the next to scan
  size_t size_ = 0;
  size_t pos_ = 0;
  bool end_of_input_ = false;
  bool stopped_ = false;
  uint64_t line_ = 1;

  bool seen_document_ = false;
  bool in_array_ = false;
  bool mode_decided_ = false;
  bool lines_mode_ = false;

  // The open document.
  bool in_document_ = false;
  bool junk_ = false;      // not an object: skipped to the end of its line
  bool skipping_ = false;  // over max_document_bytes: scanned, not kept
  size_t start_ = 0;
  uint64_t start_line_ = 0;
  int64_t depth_ = 0;
  bool in_string_ = false;
  bool escaped_ = false;
};

}  // namespace ruledex::events
