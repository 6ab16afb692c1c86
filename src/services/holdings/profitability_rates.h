// The rates a contractual workspace's profitability per customer is
// computed from (docs/holdings.md, "Profitability per customer"; table
// profitability_rates, migration 0023): per product type the yearly
// interest spread in basis points and the monthly fee, per channel the cost
// of one use, each valid from a day until the next of its kind and
// subject. A workspace that has stored none uses DefaultProfitabilityRates.
// Money is integer minor units of the workspace currency. Throws nothing.
#ifndef VAFA_SERVICES_HOLDINGS_PROFITABILITY_RATES_H_
#define VAFA_SERVICES_HOLDINGS_PROFITABILITY_RATES_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/database.h"

namespace vafa::services::holdings {

// The kinds of rate, and the list each is given in (API, docs).
inline constexpr std::string_view kSpreadRate = "spread";  // spreads
inline constexpr std::string_view kFeeRate = "fee";        // fees
inline constexpr std::string_view kChannelCostRate = "channel_cost";

struct ProfitabilityRate {
  std::string kind;        // spread, fee or channel_cost
  std::string subject;     // a product type, or a channel
  std::string valid_from;  // "YYYY-MM-DD"
  // spread: basis points a year (400 = 4%); fee: minor units a month;
  // channel_cost: minor units a use.
  int64_t value = 0;
};

// The channels a bank serves its customers through, in the order the
// reports show them; other channel names are accepted too.
std::span<const std::string_view> ServiceChannels();

// What a workspace with no stored rates uses, valid from 2000-01-01, in
// rial (a workspace of another currency sets its own): spreads account
// 4%, deposit 3%, card 12%, loan 5%, policy and plan 0; fees a month
// account 50,000, card 100,000, loan 200,000, others 0; a use of the
// branch 250,000, the call centre 120,000, the ATM 40,000, internet
// banking 20,000, the mobile app 10,000.
std::vector<ProfitabilityRate> DefaultProfitabilityRates();

// Checks a whole set of rates: kind known; a spread's or fee's subject a
// product type, a channel's a word of a-z, 0-9 and _ (at most 40); a real
// ISO day; a spread from -10,000 to 10,000 basis points, a fee and a cost
// from 0 to 10^15; no two rates of one kind and subject on the same day.
// The message names the field as the API's body does
// ("spreads[2].basis_points: ..."): index i of the rates of that kind.
Status ValidateProfitabilityRates(std::span<const ProfitabilityRate> rates);

struct StoredProfitabilityRates {
  std::vector<ProfitabilityRate> rates;  // by kind, subject, valid_from
  bool defaults = false;   // nothing stored: these are the defaults
  int64_t updated_at = 0;  // 0 for the defaults
};
Result<StoredProfitabilityRates> ProfitabilityRatesOf(store::Database& db,
                                                      int64_t workspace_id);

// Replaces every rate of the workspace with `rates` (validated first:
// nothing changes when they fail). An empty set goes back to the defaults.
// Runs in the caller's transaction.
Status ReplaceProfitabilityRates(store::Database& db, int64_t workspace_id,
                                 std::span<const ProfitabilityRate> rates,
                                 int64_t now);

}  // namespace vafa::services::holdings

#endif  // VAFA_SERVICES_HOLDINGS_PROFITABILITY_RATES_H_
