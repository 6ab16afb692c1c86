// The address of the client behind a request. Behind a reverse proxy every
// connection comes from the proxy, so the server reads X-Forwarded-For, but
// only when the connection comes from a proxy the operator trusts (serve
// --trusted-proxy CIDR): anyone else could write any address there. In the
// chain "client, proxy1, proxy2" each trusted proxy appends the address it
// was reached from, so the client is the right-most address that is not a
// trusted proxy; everything left of it was written by the client.
//
// Addresses are returned in canonical text (inet_ntop; IPv4-mapped IPv6 as
// IPv4), so that one client has one spelling for throttling and audit.
// Immutable after setup; safe to share between threads.
#ifndef VAFA_API_CLIENT_ADDRESS_H_
#define VAFA_API_CLIENT_ADDRESS_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace vafa::api {

// An IPv4 or IPv6 address: IPv4 is held as IPv4-mapped IPv6.
struct IpAddress {
  std::array<uint8_t, 16> bytes{};
  bool is_v4 = false;
  std::string Text() const;
};

// "203.0.113.7", "2001:db8::1", "::ffff:203.0.113.7"; with a port
// ("203.0.113.7:443", "[2001:db8::1]:443") as some proxies write it.
std::optional<IpAddress> ParseIpAddress(std::string_view text);

struct IpNetwork {
  IpAddress base;
  int prefix_bits = 0;  // of the 128 bits (an IPv4 /8 is 96 + 8)
  bool Contains(const IpAddress& address) const;
};

// "10.0.0.0/8", "fd00::/8", or one address ("127.0.0.1" is a /32).
// Invalid naming the text when it is not a network.
Result<IpNetwork> ParseCidr(std::string_view text);

class TrustedProxies {
 public:
  Status Add(std::string_view cidr);
  bool empty() const { return networks_.empty(); }
  bool Contains(const IpAddress& address) const;

  // The client's address: `peer` (the connection's address) unless the peer
  // is trusted, else the right-most address of `forwarded_for` that is not
  // trusted (the left-most when all are; at an unreadable entry, the last
  // trusted hop, since a trusted proxy writes only addresses).
  std::string ClientOf(std::string_view peer,
                       std::string_view forwarded_for) const;

 private:
  std::vector<IpNetwork> networks_;
};

}  // namespace vafa::api

#endif  // VAFA_API_CLIENT_ADDRESS_H_
