// The rates of profitability per customer as JSON, one form for the API's
// body and answer (GET, PUT …/holdings/profitability-settings) and the
// CLI's rates file (`vafa profitability --contracts --rates`,
// `--set-rates FILE`):
//   {"spreads": [{"product_type", "valid_from", "basis_points"}],
//    "fees": [{"product_type", "valid_from", "monthly_fee_minor"}],
//    "channel_costs": [{"channel", "valid_from", "cost_minor"}]}
// docs/holdings.md, "Profitability per customer".
#ifndef VAFA_SERVICES_HOLDINGS_PROFITABILITY_RATES_JSON_H_
#define VAFA_SERVICES_HOLDINGS_PROFITABILITY_RATES_JSON_H_

#include <nlohmann/json.hpp>
#include <vector>

#include "core/status.h"
#include "services/holdings/profitability_rates.h"

namespace vafa::services::holdings {

// The stored rates with "defaults" and "updated_at" (null for the
// defaults) beside the three lists.
nlohmann::json ProfitabilityRatesJson(const StoredProfitabilityRates& stored);

// Reads the three lists (each required, every entry's three fields
// required, no other field) and validates the whole set. A bad entry is an
// invalid-argument status whose field names its list, index and field
// ("spreads[1].valid_from").
Result<std::vector<ProfitabilityRate>> ParseProfitabilityRates(
    const nlohmann::json& body);

}  // namespace vafa::services::holdings

#endif  // VAFA_SERVICES_HOLDINGS_PROFITABILITY_RATES_JSON_H_
