// Incoming SMS that ask to stop marketing: the gateway forwards each message
// a customer sends to the workspace's number, and a message that is only an
// opt-out keyword ("لغو", "انصراف", "11" in any digits, "STOP",
// "UNSUBSCRIBE", in any case, with spaces or a full stop around it) opts
// every customer of the workspace with that phone out of marketing SMS
// (source "sms-keyword"). Anything else is left alone: a reply that merely
// contains the word is not an opt-out. The gateway proves itself with the
// shared token in $VAFA_SMS_INBOUND_TOKEN. IsOptOutKeyword is pure.
#ifndef VAFA_SERVICES_MESSAGING_SMS_KEYWORDS_H_
#define VAFA_SERVICES_MESSAGING_SMS_KEYWORDS_H_

#include <cstdint>
#include <string_view>

#include "core/dates.h"
#include "core/result.h"
#include "store/database.h"

namespace vafa::services::messaging {

// The name of the environment variable that holds the gateway's token.
inline constexpr char kSmsInboundTokenVariable[] = "VAFA_SMS_INBOUND_TOKEN";

bool IsOptOutKeyword(std::string_view text);

// Whether `given` is $VAFA_SMS_INBOUND_TOKEN (compared in constant time);
// false when the variable is unset or shorter than 16 bytes.
bool SmsInboundTokenMatches(std::string_view given);

struct SmsOptOut {
  bool keyword = false;  // the text was an opt-out keyword
  int customers = 0;     // customers opted out (0 when none has the phone)
};
// Records the opt-out of `text` from `from` (any phone form NormalizePhone
// reads; Invalid naming "from" otherwise).
Result<SmsOptOut> OptOutBySmsKeyword(store::Database& db, int64_t workspace_id,
                                     std::string_view from,
                                     std::string_view text, UnixSeconds now);

}  // namespace vafa::services::messaging

#endif  // VAFA_SERVICES_MESSAGING_SMS_KEYWORDS_H_
