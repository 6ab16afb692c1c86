#include "services/messaging/sms_keywords.h"

#include <soci/soci.h>
#include <sodium.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "core/persian_text.h"
#include "core/phone.h"
#include "services/messaging/consent.h"

namespace vafa::services::messaging {
namespace {

constexpr char kCustomersWithPhone[] =
    "SELECT id FROM customers WHERE workspace_id = :w AND phone = :p AND "
    "deleted_at IS NULL ORDER BY id";

// Already folded by NormalizeForSearch (lower case, ASCII digits, Arabic
// letters to Persian).
constexpr std::string_view kKeywords[] = {"لغو", "انصراف", "11", "stop",
                                          "unsubscribe"};

}  // namespace

bool IsOptOutKeyword(std::string_view text) {
  std::string folded = NormalizeForSearch(text);
  // A full stop or an exclamation mark around the word is still the word
  // (ASCII marks only: a byte of a Persian letter must never match).
  const std::string_view marks = ".!?,";
  while (!folded.empty() &&
         marks.find(folded.back()) != std::string_view::npos) {
    folded.pop_back();
  }
  while (!folded.empty() &&
         marks.find(folded.front()) != std::string_view::npos) {
    folded.erase(0, 1);
  }
  while (!folded.empty() && folded.back() == ' ') folded.pop_back();
  while (!folded.empty() && folded.front() == ' ') folded.erase(0, 1);
  for (std::string_view keyword : kKeywords) {
    if (folded == keyword) return true;
  }
  return false;
}

bool SmsInboundTokenMatches(std::string_view given) {
  const char* expected = std::getenv(kSmsInboundTokenVariable);
  if (expected == nullptr) return false;
  const std::string_view want(expected);
  if (want.size() < 16 || given.size() != want.size()) return false;
  return sodium_memcmp(given.data(), want.data(), want.size()) == 0;
}

Result<SmsOptOut> OptOutBySmsKeyword(store::Database& db, int64_t workspace_id,
                                     std::string_view from,
                                     std::string_view text, UnixSeconds now) {
  SmsOptOut out;
  auto phone = NormalizePhone(AsciiDigits(from));
  if (!phone.ok()) {
    return Status::Invalid("from: " + phone.status().message(), "from");
  }
  out.keyword = IsOptOutKeyword(text);
  if (!out.keyword) return out;
  std::vector<long long> customers;
  try {
    long long w = workspace_id;
    std::string p = *phone;
    soci::rowset<long long> rows =
        (db.sql().prepare << kCustomersWithPhone, soci::use(w), soci::use(p));
    customers.assign(rows.begin(), rows.end());
  } catch (const std::exception& error) {
    return store::DatabaseError("finding the customers of a phone", error);
  }
  for (long long customer : customers) {
    VAFA_RETURN_IF_ERROR(RecordConsent(db, workspace_id, customer,
                                       ChannelKind::kSms, /*opted_in=*/false,
                                       "sms-keyword", now));
    VAFA_RETURN_IF_ERROR(MarkSmsOptOut(db, workspace_id, customer, now));
    ++out.customers;
  }
  return out;
}

}  // namespace vafa::services::messaging
