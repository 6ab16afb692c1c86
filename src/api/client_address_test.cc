#include "api/client_address.h"

#include <gtest/gtest.h>

namespace vafa::api {
namespace {

bool In(std::string_view cidr, std::string_view address) {
  auto network = ParseCidr(cidr);
  EXPECT_TRUE(network.ok()) << cidr;
  auto parsed = ParseIpAddress(address);
  EXPECT_TRUE(parsed.has_value()) << address;
  return network.ok() && parsed && network->Contains(*parsed);
}

TEST(ClientAddressTest, CidrMatchesIPv4AndIPv6AtTheirPrefix) {
  EXPECT_TRUE(In("10.0.0.0/8", "10.255.1.2"));
  EXPECT_FALSE(In("10.0.0.0/8", "11.0.0.1"));
  EXPECT_TRUE(In("192.168.4.0/22", "192.168.7.255"));
  EXPECT_FALSE(In("192.168.4.0/22", "192.168.8.0"));
  EXPECT_TRUE(In("127.0.0.1", "127.0.0.1"));
  EXPECT_FALSE(In("127.0.0.1", "127.0.0.2"));
  EXPECT_TRUE(In("0.0.0.0/0", "8.8.8.8"));
  EXPECT_FALSE(In("0.0.0.0/0", "2001:db8::1")) << "IPv4 /0 is not IPv6 too";
  EXPECT_TRUE(In("fd00::/8", "fd12:3456::1"));
  EXPECT_FALSE(In("fd00::/8", "fe80::1"));
  EXPECT_TRUE(In("2001:db8::/127", "2001:db8::1"));
  EXPECT_FALSE(In("2001:db8::/127", "2001:db8::2"));
  EXPECT_TRUE(In("::1", "::1"));
  // An IPv4-mapped IPv6 peer (a dual-stack socket) is the IPv4 address.
  EXPECT_TRUE(In("10.0.0.0/8", "::ffff:10.1.2.3"));
}

TEST(ClientAddressTest, BadNetworksAreRefusedNamingTheText) {
  for (const char* bad :
       {"", "10.0.0.0/33", "fd00::/129", "10.0.0/8", "10.0.0.0/", "10.0.0.0/8x",
        "example.com", "10.0.0.1:80", "[::1]", "::1/-1"}) {
    auto network = ParseCidr(bad);
    EXPECT_FALSE(network.ok()) << bad;
    EXPECT_NE(network.status().message().find(std::string("\"") + bad + "\""),
              std::string::npos)
        << network.status().message();
  }
}

TEST(ClientAddressTest, AnUntrustedPeerIsTheClientWhateverItForwards) {
  TrustedProxies proxies;
  ASSERT_TRUE(proxies.Add("10.0.0.0/8").ok());
  EXPECT_EQ(proxies.ClientOf("203.0.113.5", "1.2.3.4"), "203.0.113.5");
  TrustedProxies none;
  EXPECT_EQ(none.ClientOf("10.0.0.2", "1.2.3.4"), "10.0.0.2");
}

TEST(ClientAddressTest, TheRightMostUntrustedAddressOfTheChainIsTheClient) {
  TrustedProxies proxies;
  ASSERT_TRUE(proxies.Add("10.0.0.0/8").ok());
  ASSERT_TRUE(proxies.Add("fd00::/8").ok());
  // The client wrote "6.6.6.6" itself; the proxy appended its real address.
  EXPECT_EQ(proxies.ClientOf("10.0.0.2", "6.6.6.6, 198.51.100.7"),
            "198.51.100.7");
  // Two proxies: the inner one's address is skipped.
  EXPECT_EQ(proxies.ClientOf("10.0.0.2", "6.6.6.6, 198.51.100.7, 10.9.9.9"),
            "198.51.100.7");
  EXPECT_EQ(proxies.ClientOf("fd00::2", "2001:db8::7, fd00::3"), "2001:db8::7");
  EXPECT_EQ(proxies.ClientOf("10.0.0.2", "[2001:DB8::7]:443"), "2001:db8::7");
  EXPECT_EQ(proxies.ClientOf("10.0.0.2", "198.51.100.7:5000"), "198.51.100.7");
  // No header: the proxy itself.
  EXPECT_EQ(proxies.ClientOf("10.0.0.2", ""), "10.0.0.2");
  // Every hop trusted: the left-most.
  EXPECT_EQ(proxies.ClientOf("10.0.0.2", "10.0.0.7, 10.0.0.8"), "10.0.0.7");
  // Garbage where an address should be: the last hop that vouched for it.
  EXPECT_EQ(proxies.ClientOf("10.0.0.2", "198.51.100.7, <script>, 10.0.0.8"),
            "10.0.0.8");
  // One spelling per client.
  EXPECT_EQ(proxies.ClientOf("::ffff:10.0.0.2", "::ffff:198.51.100.7"),
            "198.51.100.7");
  EXPECT_EQ(proxies.ClientOf("10.0.0.2", " , 198.51.100.7 ,"), "198.51.100.7");
}

}  // namespace
}  // namespace vafa::api
