#pragma once
// IP addresses and CIDR prefixes, IPv4 and IPv6 alike. IPv4 is held as its
// IPv4-mapped IPv6 form (::ffff:a.b.c.d), so `10.0.0.0/8` matches
// `::ffff:10.1.2.3` and `::ffff:0:0/96` matches every IPv4 address.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ruledex::match {

using IpBytes = std::array<uint8_t, 16>;

// An address as written in events: dotted IPv4 or IPv6 text, an IPv6 zone
// (`%eth0`) ignored. Nothing else (no spaces, no brackets, no port).
std::optional<IpBytes> parse_ip(std::string_view text);

struct Prefix {
  IpBytes address;  // host bits cleared
  int length;       // 0..128, in the IPv6 form
};

// `10.0.0.0/8`, `fe80::/10`, or an address alone (/32 or /128). Host bits
// are allowed and cleared (`10.1.2.3/8` is 10.0.0.0/8).
struct PrefixParse {
  std::optional<Prefix> prefix;
  std::string error;
};
PrefixParse parse_prefix(std::string_view text);

class CidrSet {
 public:
  // Every prefix, or the first error (its text and why).
  struct Compiled;
  static Compiled compile(std::span<const std::string_view> prefixes);
  static Compiled compile(std::span<const std::string> prefixes);

  // False also when `address` is not an address.
  bool contains(std::string_view address) const;
  bool contains(const IpBytes& address) const;

 private:
  std::vector<Prefix> prefixes_;
};

struct CidrSet::Compiled {
  std::optional<CidrSet> set;
  std::string error;
};

}  // namespace ruledex::match
