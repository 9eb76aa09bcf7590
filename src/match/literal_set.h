#pragma once
// Many literals, one scan: which of them occur in a text. The evaluator
// compiles the literals every rule requires (thousands) and scans each event
// once to find the rules that can match it. A literal may be tied to the
// text's start, end or whole (a startswith, endswith or equality): those are
// found by walking a trie from that end, in as many steps as the longest that
// fits. Literals anywhere go through Hyperscan when there are many and the CPU
// runs it (hs_valid_platform: SSSE3), else a search each in the folded text.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ruledex::match {

class LiteralSet {
 public:
  enum class Anchor : uint8_t { anywhere, start, end, whole };
  struct Entry {
    std::string literal;
    uint32_t id;           // reported when the literal occurs; ids may repeat
    bool caseless = true;  // ASCII case folded
    Anchor anchor = Anchor::anywhere;
  };
  // Fewer literals anywhere than this are searched one by one (Hyperscan's
  // fixed cost per scan is more than a few short searches).
  static constexpr size_t kHyperscanFrom = 16;
  // Long literals (11 bytes and more) anywhere have a table of their own from
  // this many (Hyperscan slows down with thousands over one alphabet, such as
  // hashes); fewer join the others.
  static constexpr size_t kLongTableFrom = 64;
  enum class Backend { automatic, fallback };

  // Throws std::runtime_error when Hyperscan refuses the set (it names why).
  explicit LiteralSet(std::vector<Entry> entries, Backend backend = Backend::automatic);
  LiteralSet(LiteralSet&&) noexcept;
  LiteralSet& operator=(LiteralSet&&) noexcept;
  ~LiteralSet();

  // The ids whose literal occurs in `text`, sorted, each once (replacing `ids`).
  // An empty literal occurs in every text (an empty whole one in the empty text).
  void scan(std::string_view text, std::vector<uint32_t>& ids) const;

  // Whether any literal occurs in `text` (the scan stops at the first).
  bool any_in(std::string_view text) const;

  bool uses_hyperscan() const;

 private:
  template <typename OnMatch>
  void each_match(std::string_view text, OnMatch&& on_match) const;

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ruledex::match
