#include "services/messaging/link_tracking.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <stdexcept>

namespace vafa::services::messaging {
namespace {

constexpr std::string_view kUnsubscribeEnd = "/unsubscribe/{token}";

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }

bool StartsWithNoCase(std::string_view text, size_t at,
                      std::string_view prefix) {
  if (text.size() - at < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (Lower(text[at + i]) != prefix[i]) return false;
  }
  return true;
}

bool IsAsciiWordByte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_';
}

// The length of the text that ends a link at `at`: a space or control
// character, a quote or bracket of markup, or a Persian punctuation mark
// (UTF-8: ، ؛ ؟ « », the zero-width non-joiner, the no-break space); 0
// when the link goes on.
size_t LinkEndAt(std::string_view text, size_t at) {
  const auto c = static_cast<unsigned char>(text[at]);
  if (c <= 0x20 || c == 0x7f) return 1;
  if (std::strchr("<>\"'`", static_cast<char>(c)) != nullptr) return 1;
  for (std::string_view mark : {"\xD8\x8C", "\xD8\x9B", "\xD8\x9F", "\xC2\xAB",
                                "\xC2\xBB", "\xE2\x80\x8C", "\xC2\xA0"}) {
    if (text.substr(at, mark.size()) == mark) return mark.size();
  }
  return 0;
}

struct Span {
  size_t start = 0;
  size_t end = 0;
};

// Trailing punctuation belongs to the sentence, a closing bracket only
// when the link opened none.
size_t TrimLinkEnd(std::string_view text, size_t start, size_t end) {
  while (end > start) {
    const char last = text[end - 1];
    if (std::strchr(".,;:!?", last) != nullptr) {
      --end;
      continue;
    }
    if (last == ')') {
      const std::string_view url = text.substr(start, end - start);
      if (std::count(url.begin(), url.end(), ')') >
          std::count(url.begin(), url.end(), '(')) {
        --end;
        continue;
      }
    }
    break;
  }
  return end;
}

// The http and https links of `text`, in order.
std::vector<Span> FindLinks(std::string_view text) {
  std::vector<Span> out;
  size_t at = 0;
  while (at < text.size()) {
    size_t scheme = 0;
    if (StartsWithNoCase(text, at, "https://")) scheme = 8;
    if (StartsWithNoCase(text, at, "http://")) scheme = 7;
    if (scheme == 0 || (at > 0 && IsAsciiWordByte(text[at - 1]))) {
      ++at;
      continue;
    }
    size_t end = at + scheme;
    while (end < text.size() && LinkEndAt(text, end) == 0) ++end;
    end = TrimLinkEnd(text, at + scheme, end);
    if (end > at + scheme) out.push_back({at, end});
    at = std::max(end, at + scheme);
  }
  return out;
}

// Inside an attribute's quotes (`="` or `='` just before), where markup
// writes & as &amp;.
bool InAttribute(std::string_view text, size_t start) {
  if (start < 2) return false;
  const char quote = text[start - 1];
  return (quote == '"' || quote == '\'') && text[start - 2] == '=';
}

std::string DecodeAmpersands(std::string_view url) {
  std::string out;
  for (size_t i = 0; i < url.size(); ++i) {
    out += url[i];
    if (url.substr(i, 5) == "&amp;") i += 4;
  }
  return out;
}

std::string EscapeHtml(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// The value of the attribute whose name ends at `at` ("href", "src"):
// after optional spaces, '=' and an optional quote, up to the closing
// quote (or a space or '>' when unquoted). nullopt when no '=' follows.
std::optional<std::string_view> AttributeValue(std::string_view text,
                                               size_t at) {
  while (at < text.size() && (text[at] == ' ' || text[at] == '\t')) ++at;
  if (at >= text.size() || text[at] != '=') return std::nullopt;
  ++at;
  while (at < text.size() && (text[at] == ' ' || text[at] == '\t')) ++at;
  if (at >= text.size()) return std::string_view();
  const char quote = text[at];
  if (quote == '"' || quote == '\'') {
    const size_t close = text.find(quote, at + 1);
    return text.substr(at + 1, close == std::string_view::npos
                                   ? std::string_view::npos
                                   : close - at - 1);
  }
  size_t end = at;
  while (end < text.size() && text[end] > ' ' && text[end] != '>') ++end;
  return text.substr(at, end - at);
}

// What a browser would take for the scheme: control characters and
// spaces, which it skips, removed; lower case.
bool IsHostileAddress(std::string_view value) {
  std::string folded;
  for (char c : value) {
    if (static_cast<unsigned char>(c) > 0x20) folded += Lower(c);
    if (folded.size() >= 11) break;
  }
  for (std::string_view scheme : {"javascript:", "vbscript:", "data:"}) {
    if (folded.rfind(scheme, 0) == 0) return true;
  }
  return false;
}

}  // namespace

std::string PublicBaseOf(std::string_view unsubscribe_url) {
  if (unsubscribe_url.size() <= kUnsubscribeEnd.size() ||
      unsubscribe_url.substr(unsubscribe_url.size() - kUnsubscribeEnd.size()) !=
          kUnsubscribeEnd) {
    return "";
  }
  std::string base(unsubscribe_url.substr(
      0, unsubscribe_url.size() - kUnsubscribeEnd.size()));
  return IsTrackableTarget(base + "/") ? base : "";
}

bool IsTrackingToken(std::string_view text) {
  return text.size() == 32 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

std::string NewTrackingToken() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium did not start");
  unsigned char bytes[16];
  randombytes_buf(bytes, sizeof bytes);
  char hex[2 * sizeof bytes + 1];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  return hex;
}

std::string OpenPixelUrl(std::string_view base, std::string_view token) {
  return std::string(base) + "/open/" + std::string(token);
}

std::string TrackedLinkUrl(std::string_view base, std::string_view token,
                           int index) {
  return std::string(base) + "/link/" + std::string(token) + "/" +
         std::to_string(index);
}

bool IsTrackableTarget(std::string_view url) {
  if (url.size() > kMaxLinkTarget) return false;
  size_t scheme = 0;
  if (StartsWithNoCase(url, 0, "https://")) scheme = 8;
  if (StartsWithNoCase(url, 0, "http://")) scheme = 7;
  if (scheme == 0) return false;
  for (char c : url) {
    const auto b = static_cast<unsigned char>(c);
    if (b <= 0x20 || b == 0x7f || c == '\\' || c == '"' || c == '<' ||
        c == '>') {
      return false;
    }
  }
  const size_t authority_end = url.find_first_of("/?#", scheme);
  const std::string_view authority = url.substr(
      scheme, authority_end == std::string_view::npos ? std::string_view::npos
                                                      : authority_end - scheme);
  return !authority.empty() && authority.find('@') == std::string_view::npos &&
         authority.front() != '.' && authority.front() != ':';
}

int LinkTable::IndexOf(const std::string& target) {
  auto known = index_of.find(target);
  if (known != index_of.end()) return known->second;
  const int index = next_index++;
  index_of.emplace(target, index);
  added.emplace_back(index, target);
  return index;
}

Status CheckLinks(std::string_view text, std::string_view field) {
  for (size_t at = 0; at < text.size(); ++at) {
    size_t name = 0;
    if (StartsWithNoCase(text, at, "href")) name = 4;
    if (StartsWithNoCase(text, at, "src")) name = 3;
    if (name == 0 || (at > 0 && IsAsciiWordByte(text[at - 1]))) continue;
    auto value = AttributeValue(text, at + name);
    if (value && IsHostileAddress(*value)) {
      return Status::Invalid(
          std::string(field) + ": the link \"" +
              std::string(value->substr(0, 40)) +
              "\" is refused: only http, https, mailto and tel links are sent",
          std::string(field));
    }
  }
  return Status::Ok();
}

Result<std::string> RewriteLinks(std::string_view text, std::string_view base,
                                 std::string_view token, LinkTable& links,
                                 std::string_view field) {
  if (Status s = CheckLinks(text, field); !s.ok()) return s;
  if (base.empty()) return std::string(text);
  const std::string ours = std::string(base) + "/";
  std::string out;
  size_t copied = 0;
  for (const Span& link : FindLinks(text)) {
    const std::string_view url = text.substr(link.start, link.end - link.start);
    const std::string target = InAttribute(text, link.start)
                                   ? DecodeAmpersands(url)
                                   : std::string(url);
    const bool tracked_already = target.rfind(ours + "link/", 0) == 0 ||
                                 target.rfind(ours + "open/", 0) == 0 ||
                                 target.rfind(ours + "unsubscribe/", 0) == 0;
    if (tracked_already || !IsTrackableTarget(target)) continue;
    out.append(text.substr(copied, link.start - copied));
    out += TrackedLinkUrl(base, token, links.IndexOf(target));
    copied = link.end;
  }
  out.append(text.substr(copied));
  return out;
}

std::string EmailHtmlPart(std::string_view text,
                          std::string_view unsubscribe_link,
                          std::string_view pixel_url) {
  std::string body;
  size_t copied = 0;
  for (const Span& link : FindLinks(text)) {
    body += EscapeHtml(text.substr(copied, link.start - copied));
    const std::string url =
        EscapeHtml(text.substr(link.start, link.end - link.start));
    body += "<a href=\"" + url + "\">" + url + "</a>";
    copied = link.end;
  }
  body += EscapeHtml(text.substr(copied));
  const std::string unsubscribe = EscapeHtml(unsubscribe_link);
  return "<!doctype html><html><head><meta charset=\"utf-8\"></head><body>"
         "<div dir=\"auto\" style=\"white-space:pre-wrap\">" +
         body +
         "</div><p dir=\"auto\">--<br>لغو عضویت / Unsubscribe: <a href=\"" +
         unsubscribe + "\">" + unsubscribe + "</a></p><img src=\"" +
         EscapeHtml(pixel_url) +
         "\" width=\"1\" height=\"1\" alt=\"\" style=\"border:0\"></body>"
         "</html>\n";
}

}  // namespace vafa::services::messaging
