#include "api/client_address.h"

#include <arpa/inet.h>

#include <charconv>

#include "core/trim.h"

namespace vafa::api {
namespace {

constexpr std::array<uint8_t, 12> kMappedPrefix = {0, 0, 0, 0, 0,    0,
                                                   0, 0, 0, 0, 0xff, 0xff};

}  // namespace

std::string IpAddress::Text() const {
  char text[INET6_ADDRSTRLEN] = {};
  if (is_v4) {
    inet_ntop(AF_INET, bytes.data() + 12, text, sizeof text);
  } else {
    inet_ntop(AF_INET6, bytes.data(), text, sizeof text);
  }
  return text;
}

std::optional<IpAddress> ParseIpAddress(std::string_view text) {
  text = TrimBlanks(text);
  if (text.size() > 2 && text.front() == '[') {
    size_t close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    text = text.substr(1, close - 1);
  } else if (size_t colon = text.find(':');
             colon != std::string_view::npos &&
             text.find(':', colon + 1) == std::string_view::npos) {
    text = text.substr(0, colon);  // IPv4 with a port
  }
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return std::nullopt;
  std::string zero_ended(text);
  IpAddress address;
  if (inet_pton(AF_INET, zero_ended.c_str(), address.bytes.data() + 12) == 1) {
    std::copy(kMappedPrefix.begin(), kMappedPrefix.end(),
              address.bytes.begin());
    address.is_v4 = true;
    return address;
  }
  if (inet_pton(AF_INET6, zero_ended.c_str(), address.bytes.data()) != 1) {
    return std::nullopt;
  }
  address.is_v4 = std::equal(kMappedPrefix.begin(), kMappedPrefix.end(),
                             address.bytes.begin());
  return address;
}

bool IpNetwork::Contains(const IpAddress& address) const {
  int bits = prefix_bits;
  for (size_t byte = 0; bits > 0; ++byte, bits -= 8) {
    const uint8_t mask =
        bits >= 8 ? 0xff : static_cast<uint8_t>(0xff << (8 - bits));
    if ((address.bytes[byte] & mask) != (base.bytes[byte] & mask)) {
      return false;
    }
  }
  return true;
}

Result<IpNetwork> ParseCidr(std::string_view text) {
  const std::string quoted = "\"" + std::string(text) + "\"";
  text = TrimBlanks(text);
  size_t slash = text.find('/');
  std::string_view address_text = text.substr(0, slash);
  // A plain address: no brackets, no port (IPv6 has two colons or more).
  const size_t colon = address_text.find(':');
  const bool has_port =
      colon != std::string_view::npos &&
      address_text.find(':', colon + 1) == std::string_view::npos;
  std::optional<IpAddress> base;
  if (address_text.find('[') == std::string_view::npos && !has_port) {
    base = ParseIpAddress(address_text);
  }
  if (!base) {
    return Status::Invalid(quoted + " is not a network (10.0.0.0/8, fd00::/8)");
  }
  IpNetwork network;
  network.base = *base;
  const int max_bits = base->is_v4 ? 32 : 128;
  int bits = max_bits;
  if (slash != std::string_view::npos) {
    std::string_view digits = text.substr(slash + 1);
    auto [end, error] =
        std::from_chars(digits.data(), digits.data() + digits.size(), bits);
    if (digits.empty() || error != std::errc() ||
        end != digits.data() + digits.size() || bits < 0 || bits > max_bits) {
      return Status::Invalid(quoted + ": the prefix length is 0 to " +
                             std::to_string(max_bits));
    }
  }
  network.prefix_bits = base->is_v4 ? 96 + bits : bits;
  return network;
}

Status TrustedProxies::Add(std::string_view cidr) {
  VAFA_ASSIGN_OR_RETURN(IpNetwork network, ParseCidr(cidr));
  networks_.push_back(network);
  return Status::Ok();
}

bool TrustedProxies::Contains(const IpAddress& address) const {
  for (const IpNetwork& network : networks_) {
    if (network.Contains(address)) return true;
  }
  return false;
}

std::string TrustedProxies::ClientOf(std::string_view peer,
                                     std::string_view forwarded_for) const {
  std::optional<IpAddress> hop = ParseIpAddress(peer);
  if (!hop) return std::string(peer);
  if (!Contains(*hop)) return hop->Text();
  // From the right: each trusted hop vouches for the entry before it.
  while (!forwarded_for.empty()) {
    size_t comma = forwarded_for.rfind(',');
    std::string_view entry = comma == std::string_view::npos
                                 ? forwarded_for
                                 : forwarded_for.substr(comma + 1);
    forwarded_for = comma == std::string_view::npos
                        ? std::string_view()
                        : forwarded_for.substr(0, comma);
    if (TrimBlanks(entry).empty()) continue;
    std::optional<IpAddress> next = ParseIpAddress(entry);
    if (!next) break;
    hop = next;
    if (!Contains(*hop)) break;
  }
  return hop->Text();
}

}  // namespace vafa::api
