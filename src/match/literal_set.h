#pragma once
// Many literals, one scan: which of them occur in a text. The evaluator
// compiles the literals every rule requires (thousands) and scans each event
// once to find the rules that can match it. Hyperscan when the CPU runs it
// (hs_valid_platform: SSSE3), else a plain search per literal.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ruledex::match {

class LiteralSet {
 public:
  struct Entry {
    std::string literal;
    uint32_t id;           // reported when the literal occurs; ids may repeat
    bool caseless = true;  // ASCII case folded
  };
  enum class Backend { automatic, fallback };

  // Throws std::runtime_error when Hyperscan refuses the set (it names why).
  explicit LiteralSet(std::vector<Entry> entries, Backend backend = Backend::automatic);
  LiteralSet(LiteralSet&&) noexcept;
  LiteralSet& operator=(LiteralSet&&) noexcept;
  ~LiteralSet();

  // The ids whose literal occurs in `text`, sorted, each once (replacing `ids`).
  // An empty literal occurs in every text.
  void scan(std::string_view text, std::vector<uint32_t>& ids) const;

  bool uses_hyperscan() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ruledex::match
