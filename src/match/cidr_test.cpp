#include "match/cidr.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ruledex::match {
namespace {

CidrSet set_of(std::vector<std::string> prefixes) {
  CidrSet::Compiled compiled = CidrSet::compile(std::span<const std::string>(prefixes));
  EXPECT_TRUE(compiled.error.empty()) << compiled.error;
  return std::move(*compiled.set);
}

std::string error_of(std::string prefix) {
  const std::vector<std::string> prefixes{prefix};
  CidrSet::Compiled compiled = CidrSet::compile(std::span<const std::string>(prefixes));
  EXPECT_FALSE(compiled.set.has_value());
  return compiled.error;
}

TEST(Cidr, Ipv4Prefixes) {
  const CidrSet set = set_of({"10.0.0.0/8", "192.168.1.0/24", "172.16.0.0/12"});
  EXPECT_TRUE(set.contains("10.1.2.3"));
  EXPECT_TRUE(set.contains("192.168.1.255"));
  EXPECT_FALSE(set.contains("192.168.2.1"));
  EXPECT_TRUE(set.contains("172.31.255.255"));
  EXPECT_FALSE(set.contains("172.32.0.0"));
  EXPECT_FALSE(set.contains("11.0.0.0"));
}

TEST(Cidr, Ipv6Prefixes) {
  const CidrSet set = set_of({"fe80::/10", "2001:db8::/32"});
  EXPECT_TRUE(set.contains("fe80::1"));
  EXPECT_TRUE(set.contains("FEBF:ffff::1"));
  EXPECT_FALSE(set.contains("fec0::1"));
  EXPECT_TRUE(set.contains("2001:db8:1234::5"));
  EXPECT_FALSE(set.contains("2001:db9::"));
  EXPECT_TRUE(set.contains("fe80::1%eth0"));  // a zone is ignored
}

TEST(Cidr, Ipv4MappedAddressesMeetIpv4Prefixes) {
  EXPECT_TRUE(set_of({"10.0.0.0/8"}).contains("::ffff:10.9.8.7"));
  EXPECT_TRUE(set_of({"::ffff:10.0.0.0/104"}).contains("10.9.8.7"));
  EXPECT_TRUE(set_of({"::ffff:0:0/96"}).contains("8.8.8.8"));
  EXPECT_FALSE(set_of({"::/96"}).contains("8.8.8.8"));
}

TEST(Cidr, AddressWithoutLengthIsOneHost) {
  const CidrSet set = set_of({"127.0.0.1", "::1"});
  EXPECT_TRUE(set.contains("127.0.0.1"));
  EXPECT_FALSE(set.contains("127.0.0.2"));
  EXPECT_TRUE(set.contains("0:0:0:0:0:0:0:1"));
  EXPECT_FALSE(set.contains("::2"));
}

TEST(Cidr, EdgeLengthsAndHostBits) {
  EXPECT_TRUE(set_of({"0.0.0.0/0"}).contains("255.255.255.255"));
  EXPECT_FALSE(set_of({"0.0.0.0/0"}).contains("::1"));  // /0 of IPv4 is every IPv4 address only
  EXPECT_TRUE(set_of({"::/0"}).contains("1.2.3.4"));
  EXPECT_TRUE(set_of({"10.1.2.3/8"}).contains("10.200.0.1"));
  EXPECT_TRUE(set_of({"10.1.2.3/32"}).contains("10.1.2.3"));
  EXPECT_TRUE(set_of({"192.168.0.0/23"}).contains("192.168.1.7"));
  EXPECT_FALSE(set_of({"192.168.0.0/23"}).contains("192.168.2.7"));
}

TEST(Cidr, InvalidPrefixesAreClearErrors) {
  EXPECT_EQ(error_of("10.0.0.0/33"), "invalid prefix length '33' in '10.0.0.0/33' (0 to 32)");
  EXPECT_EQ(error_of("fe80::/129"), "invalid prefix length '129' in 'fe80::/129' (0 to 128)");
  EXPECT_EQ(error_of("10.0.0/8"), "not an IP address: '10.0.0'");
  EXPECT_EQ(error_of("10.0.0.0/"), "invalid prefix length '' in '10.0.0.0/' (0 to 32)");
  EXPECT_EQ(error_of("10.0.0.0/8x"), "invalid prefix length '8x' in '10.0.0.0/8x' (0 to 32)");
  EXPECT_EQ(error_of("10.0.0.0/-1"), "invalid prefix length '-1' in '10.0.0.0/-1' (0 to 32)");
  EXPECT_EQ(error_of(""), "not an IP address: ''");
  EXPECT_EQ(error_of("256.0.0.0/8"), "not an IP address: '256.0.0.0'");
}

TEST(Cidr, InvalidAddressesDoNotMatch) {
  const CidrSet set = set_of({"0.0.0.0/0", "::/0"});
  for (const char* text : {"", "1.2.3", "1.2.3.4.5", "01.2.3.4", " 1.2.3.4", "1.2.3.4 ", "host", ":::", "1.2.3.4%eth0",
                           "fe80::1%", "[::1]", "1.2.3.4:80"})
    EXPECT_FALSE(set.contains(text)) << text;
  EXPECT_FALSE(parse_ip("1.2.3.256").has_value());
  EXPECT_TRUE(parse_ip("::ffff:1.2.3.4").has_value());
}

}  // namespace
}  // namespace ruledex::match
