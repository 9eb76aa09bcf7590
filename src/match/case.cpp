#include "match/case.h"

#include <algorithm>
#include <array>

#include "match/utf8.h"

namespace ruledex::match {
namespace {

// One run of Unicode's simple case folding (CaseFolding.txt, status C and S):
// every code point of [first, last] folds by adding `delta`; when `alternate`,
// only every other one does (upper/lower pairs: first, first + 2, ...).
struct FoldRun {
  char32_t first;
  char32_t last;
  int delta;
  bool alternate;
};

// Sorted by `first`; runs do not overlap. Checked against Python's
// str.casefold() (single-character results) for U+0000..U+052F.
constexpr std::array kFoldRuns{
    FoldRun{0x0041, 0x005A, 32, false},    // A-Z
    FoldRun{0x00B5, 0x00B5, 775, false},   // micro sign -> Greek mu
    FoldRun{0x00C0, 0x00D6, 32, false},    // Latin-1 capitals
    FoldRun{0x00D8, 0x00DE, 32, false},    // (U+00D7 is the multiplication sign)
    FoldRun{0x0100, 0x012F, 1, true},      // Latin Extended-A pairs
    FoldRun{0x0132, 0x0137, 1, true},      // (U+0130 and U+0131 fold only in full/Turkic folding)
    FoldRun{0x0139, 0x0148, 1, true},
    FoldRun{0x014A, 0x0177, 1, true},
    FoldRun{0x0178, 0x0178, -121, false},  // Y with diaeresis -> U+00FF
    FoldRun{0x0179, 0x017E, 1, true},
    FoldRun{0x017F, 0x017F, -268, false},  // long s -> s
    FoldRun{0x0181, 0x0181, 210, false},   // Latin Extended-B: the irregular ones first
    FoldRun{0x0182, 0x0185, 1, true},
    FoldRun{0x0186, 0x0186, 206, false},
    FoldRun{0x0187, 0x0187, 1, false},
    FoldRun{0x0189, 0x018A, 205, false},
    FoldRun{0x018B, 0x018B, 1, false},
    FoldRun{0x018E, 0x018E, 79, false},
    FoldRun{0x018F, 0x018F, 202, false},
    FoldRun{0x0190, 0x0190, 203, false},
    FoldRun{0x0191, 0x0191, 1, false},
    FoldRun{0x0193, 0x0193, 205, false},
    FoldRun{0x0194, 0x0194, 207, false},
    FoldRun{0x0196, 0x0196, 211, false},
    FoldRun{0x0197, 0x0197, 209, false},
    FoldRun{0x0198, 0x0198, 1, false},
    FoldRun{0x019C, 0x019C, 211, false},
    FoldRun{0x019D, 0x019D, 213, false},
    FoldRun{0x019F, 0x019F, 214, false},
    FoldRun{0x01A0, 0x01A5, 1, true},
    FoldRun{0x01A6, 0x01A6, 218, false},
    FoldRun{0x01A7, 0x01A7, 1, false},
    FoldRun{0x01A9, 0x01A9, 218, false},
    FoldRun{0x01AC, 0x01AC, 1, false},
    FoldRun{0x01AE, 0x01AE, 218, false},
    FoldRun{0x01AF, 0x01AF, 1, false},
    FoldRun{0x01B1, 0x01B2, 217, false},
    FoldRun{0x01B3, 0x01B6, 1, true},
    FoldRun{0x01B7, 0x01B7, 219, false},
    FoldRun{0x01B8, 0x01B8, 1, false},
    FoldRun{0x01BC, 0x01BC, 1, false},
    FoldRun{0x01C4, 0x01C4, 2, false},     // DZ caron: capital and title case -> small
    FoldRun{0x01C5, 0x01C5, 1, false},
    FoldRun{0x01C7, 0x01C7, 2, false},
    FoldRun{0x01C8, 0x01C8, 1, false},
    FoldRun{0x01CA, 0x01CA, 2, false},
    FoldRun{0x01CB, 0x01DC, 1, true},
    FoldRun{0x01DE, 0x01EF, 1, true},
    FoldRun{0x01F1, 0x01F1, 2, false},
    FoldRun{0x01F2, 0x01F4, 1, true},
    FoldRun{0x01F6, 0x01F6, -97, false},
    FoldRun{0x01F7, 0x01F7, -56, false},
    FoldRun{0x01F8, 0x021F, 1, true},
    FoldRun{0x0220, 0x0220, -130, false},
    FoldRun{0x0222, 0x0233, 1, true},
    FoldRun{0x023A, 0x023A, 10795, false},
    FoldRun{0x023B, 0x023B, 1, false},
    FoldRun{0x023D, 0x023D, -163, false},
    FoldRun{0x023E, 0x023E, 10792, false},
    FoldRun{0x0241, 0x0241, 1, false},
    FoldRun{0x0243, 0x0243, -195, false},
    FoldRun{0x0244, 0x0244, 69, false},
    FoldRun{0x0245, 0x0245, 71, false},
    FoldRun{0x0246, 0x024F, 1, true},
    FoldRun{0x0345, 0x0345, 116, false},   // combining ypogegrammeni -> iota
    FoldRun{0x0370, 0x0373, 1, true},      // Greek
    FoldRun{0x0376, 0x0376, 1, false},
    FoldRun{0x037F, 0x037F, 116, false},
    FoldRun{0x0386, 0x0386, 38, false},
    FoldRun{0x0388, 0x038A, 37, false},
    FoldRun{0x038C, 0x038C, 64, false},
    FoldRun{0x038E, 0x038F, 63, false},
    FoldRun{0x0391, 0x03A1, 32, false},
    FoldRun{0x03A3, 0x03AB, 32, false},
    FoldRun{0x03C2, 0x03C2, 1, false},     // final sigma -> sigma
    FoldRun{0x03CF, 0x03CF, 8, false},
    FoldRun{0x03D0, 0x03D0, -30, false},
    FoldRun{0x03D1, 0x03D1, -25, false},
    FoldRun{0x03D5, 0x03D5, -15, false},
    FoldRun{0x03D6, 0x03D6, -22, false},
    FoldRun{0x03D8, 0x03EF, 1, true},
    FoldRun{0x03F0, 0x03F0, -54, false},
    FoldRun{0x03F1, 0x03F1, -48, false},
    FoldRun{0x03F4, 0x03F4, -60, false},
    FoldRun{0x03F5, 0x03F5, -64, false},
    FoldRun{0x03F7, 0x03F7, 1, false},
    FoldRun{0x03F9, 0x03F9, -7, false},
    FoldRun{0x03FA, 0x03FA, 1, false},
    FoldRun{0x03FD, 0x03FF, -130, false},
    FoldRun{0x0400, 0x040F, 80, false},    // Cyrillic
    FoldRun{0x0410, 0x042F, 32, false},
    FoldRun{0x0460, 0x0481, 1, true},
    FoldRun{0x048A, 0x04BF, 1, true},
    FoldRun{0x04C0, 0x04C0, 15, false},
    FoldRun{0x04C1, 0x04CE, 1, true},
    FoldRun{0x04D0, 0x052F, 1, true},
};

constexpr bool runs_sorted() {
  for (size_t i = 1; i < kFoldRuns.size(); ++i)
    if (kFoldRuns[i - 1].last >= kFoldRuns[i].first) return false;
  return true;
}
static_assert(runs_sorted(), "kFoldRuns must be sorted and disjoint");


std::string fold_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

std::string fold_unicode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t at = 0; at < text.size();) {
    const utf8::Decoded decoded = utf8::decode(text, at);
    if (decoded.code_point >= 0x80 && decoded.length == 1)
      out += text[at];  // an invalid byte stays as it is
    else
      utf8::append(out, fold_code_point(decoded.code_point));
    at += decoded.length;
  }
  return out;
}

bool ascii_equal_folded(std::string_view value, std::string_view folded, size_t at) {
  for (size_t i = 0; i < folded.size(); ++i)
    if (ascii_lower(value[at + i]) != folded[i]) return false;
  return true;
}

size_t ascii_find_folded(std::string_view value, std::string_view folded, size_t from) {
  if (folded.empty()) return from <= value.size() ? from : std::string_view::npos;
  if (value.size() < folded.size()) return std::string_view::npos;
  const char first = folded[0];
  const char first_upper = (first >= 'a' && first <= 'z') ? static_cast<char>(first - 'a' + 'A') : first;
  for (size_t at = from; at + folded.size() <= value.size(); ++at) {
    const char c = value[at];
    if ((c == first || c == first_upper) && ascii_equal_folded(value, folded, at)) return at;
  }
  return std::string_view::npos;
}

}  // namespace

char32_t fold_code_point(char32_t code_point) {
  if (code_point < 0x80) return (code_point >= 'A' && code_point <= 'Z') ? code_point + 32 : code_point;
  const auto run = std::upper_bound(kFoldRuns.begin(), kFoldRuns.end(), code_point,
                                    [](char32_t cp, const FoldRun& r) { return cp < r.first; });
  if (run == kFoldRuns.begin()) return code_point;
  const FoldRun& r = *std::prev(run);
  if (code_point > r.last || (r.alternate && (code_point - r.first) % 2 != 0)) return code_point;
  return static_cast<char32_t>(static_cast<int>(code_point) + r.delta);
}

std::string fold(std::string_view text, Case letter_case) {
  switch (letter_case) {
    case Case::sensitive: return std::string(text);
    case Case::ascii_insensitive: return fold_ascii(text);
    case Case::unicode_insensitive: return utf8::is_ascii(text) ? fold_ascii(text) : fold_unicode(text);
  }
  return std::string(text);
}

bool equals(std::string_view a, std::string_view b, Case letter_case) {
  return Needle(b, letter_case).equals(a);
}

Needle::Needle(std::string_view text, Case letter_case) : folded_(fold(text, letter_case)), case_(letter_case) {}

std::string_view Needle::view_of(std::string_view value, std::string& buffer) const {
  if (case_ != Case::unicode_insensitive || utf8::is_ascii(value)) return value;
  buffer = fold_unicode(value);
  return buffer;
}

bool Needle::equals(std::string_view value) const {
  if (case_ == Case::sensitive) return value == folded_;
  std::string buffer;
  const std::string_view v = view_of(value, buffer);
  return v.size() == folded_.size() && ascii_equal_folded(v, folded_, 0);
}

size_t Needle::find(std::string_view value, size_t from) const {
  if (case_ == Case::sensitive) return value.find(folded_, from);
  std::string buffer;
  return ascii_find_folded(view_of(value, buffer), folded_, from);
}

bool Needle::contains(std::string_view value) const { return find(value) != std::string_view::npos; }

bool Needle::starts(std::string_view value) const {
  if (case_ == Case::sensitive) return value.starts_with(folded_);
  std::string buffer;
  const std::string_view v = view_of(value, buffer);
  return v.size() >= folded_.size() && ascii_equal_folded(v, folded_, 0);
}

bool Needle::ends(std::string_view value) const {
  if (case_ == Case::sensitive) return value.ends_with(folded_);
  std::string buffer;
  const std::string_view v = view_of(value, buffer);
  return v.size() >= folded_.size() && ascii_equal_folded(v, folded_, v.size() - folded_.size());
}

}  // namespace ruledex::match
