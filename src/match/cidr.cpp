#include "match/cidr.h"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace ruledex::match {
namespace {

bool prefix_holds(const Prefix& prefix, const IpBytes& address) {
  const int whole = prefix.length / 8, rest = prefix.length % 8;
  if (!std::equal(address.begin(), address.begin() + whole, prefix.address.begin())) return false;
  if (rest == 0) return true;
  const auto mask = static_cast<uint8_t>(0xFF << (8 - rest));
  return (address[whole] & mask) == prefix.address[whole];
}

void clear_host_bits(Prefix& prefix) {
  for (int bit = prefix.length; bit < 128; ++bit)
    prefix.address[bit / 8] &= static_cast<uint8_t>(~(0x80 >> (bit % 8)));
}

}  // namespace

std::optional<IpBytes> parse_ip(std::string_view text) {
  if (const size_t zone = text.find('%'); zone != std::string_view::npos) {
    if (zone + 1 == text.size() || text.find(':') == std::string_view::npos) return std::nullopt;
    text = text.substr(0, zone);
  }
  if (text.empty() || text.size() > 45) return std::nullopt;
  char buffer[46];
  text.copy(buffer, text.size());
  buffer[text.size()] = '\0';
  IpBytes bytes{};
  if (text.find(':') == std::string_view::npos) {
    in_addr v4;
    if (inet_pton(AF_INET, buffer, &v4) != 1) return std::nullopt;
    bytes[10] = bytes[11] = 0xFF;
    std::memcpy(bytes.data() + 12, &v4, 4);
    return bytes;
  }
  in6_addr v6;
  if (inet_pton(AF_INET6, buffer, &v6) != 1) return std::nullopt;
  std::memcpy(bytes.data(), &v6, 16);
  return bytes;
}

PrefixParse parse_prefix(std::string_view text) {
  const size_t slash = text.find('/');
  const std::string_view address_text = text.substr(0, slash);
  const auto address = parse_ip(address_text);
  if (!address) return {std::nullopt, "not an IP address: '" + std::string(address_text) + "'"};
  const bool v4 = address_text.find(':') == std::string_view::npos;
  const int max_length = v4 ? 32 : 128;
  int length = max_length;
  if (slash != std::string_view::npos) {
    const std::string_view digits = text.substr(slash + 1);
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), length);
    if (digits.empty() || digits.size() > 3 || ec != std::errc{} || end != digits.data() + digits.size() ||
        length < 0 || length > max_length)
      return {std::nullopt, "invalid prefix length '" + std::string(digits) + "' in '" + std::string(text) +
                                "' (0 to " + std::to_string(max_length) + ")"};
  }
  Prefix prefix{*address, v4 ? length + 96 : length};
  clear_host_bits(prefix);
  return {prefix, {}};
}

CidrSet::Compiled CidrSet::compile(std::span<const std::string_view> prefixes) {
  CidrSet set;
  for (const std::string_view text : prefixes) {
    PrefixParse parsed = parse_prefix(text);
    if (!parsed.prefix) return {std::nullopt, std::move(parsed.error)};
    set.prefixes_.push_back(*parsed.prefix);
  }
  return {std::move(set), {}};
}

CidrSet::Compiled CidrSet::compile(std::span<const std::string> prefixes) {
  const std::vector<std::string_view> views(prefixes.begin(), prefixes.end());
  return compile(std::span<const std::string_view>(views));
}

bool CidrSet::contains(const IpBytes& address) const {
  return std::any_of(prefixes_.begin(), prefixes_.end(), [&](const Prefix& p) { return prefix_holds(p, address); });
}

bool CidrSet::contains(std::string_view address) const {
  const auto bytes = parse_ip(address);
  return bytes && contains(*bytes);
}

}  // namespace ruledex::match
