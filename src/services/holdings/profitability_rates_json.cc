#include "services/holdings/profitability_rates_json.h"

#include <algorithm>
#include <string>
#include <string_view>

namespace vafa::services::holdings {
namespace {

using nlohmann::json;

// The three lists of the body, their subject and value fields.
struct RateList {
  std::string_view kind, list, subject, value;
};
constexpr RateList kLists[] = {
    {kSpreadRate, "spreads", "product_type", "basis_points"},
    {kFeeRate, "fees", "product_type", "monthly_fee_minor"},
    {kChannelCostRate, "channel_costs", "channel", "cost_minor"},
};

Status FieldProblem(const std::string& field, const std::string& message) {
  return Status::Invalid(message, field);
}

// One entry of a list: {subject, valid_from, value}, every field required.
Result<ProfitabilityRate> ParseRate(const json& entry, const RateList& list,
                                    const std::string& place) {
  if (!entry.is_object()) {
    return FieldProblem(place, place + " is not an object");
  }
  for (const auto& [key, value] : entry.items()) {
    if (key != list.subject && key != "valid_from" && key != list.value) {
      return FieldProblem(
          place + "." + key,
          place + "." + key + " is not a field of " + std::string(list.list));
    }
  }
  ProfitabilityRate rate;
  rate.kind = std::string(list.kind);
  for (auto [field, target] :
       {std::pair{list.subject, &rate.subject},
        std::pair{std::string_view("valid_from"), &rate.valid_from}}) {
    const std::string name = place + "." + std::string(field);
    auto found = entry.find(std::string(field));
    if (found == entry.end() || !found->is_string()) {
      return FieldProblem(name, name + " is required, as text");
    }
    *target = found->get<std::string>();
  }
  const std::string name = place + "." + std::string(list.value);
  auto value = entry.find(std::string(list.value));
  if (value == entry.end() || !value->is_number_integer()) {
    return FieldProblem(name, name + " is required, as a whole number");
  }
  rate.value = value->get<int64_t>();
  return rate;
}

}  // namespace

json ProfitabilityRatesJson(const StoredProfitabilityRates& stored) {
  json out = {{"defaults", stored.defaults},
              {"updated_at",
               stored.defaults ? json(nullptr) : json(stored.updated_at)}};
  for (const RateList& list : kLists) {
    json items = json::array();
    for (const ProfitabilityRate& rate : stored.rates) {
      if (rate.kind != list.kind) continue;
      items.push_back({{std::string(list.subject), rate.subject},
                       {"valid_from", rate.valid_from},
                       {std::string(list.value), rate.value}});
    }
    out[std::string(list.list)] = std::move(items);
  }
  return out;
}

Result<std::vector<ProfitabilityRate>> ParseProfitabilityRates(
    const json& body) {
  if (!body.is_object()) {
    return Status::Invalid(
        "the rates are an object of spreads, fees and channel_costs");
  }
  for (auto it = body.begin(); it != body.end(); ++it) {
    const std::string& key = it.key();
    const bool known =
        std::any_of(std::begin(kLists), std::end(kLists),
                    [&key](const RateList& list) { return list.list == key; });
    if (!known) {
      return FieldProblem(key, key +
                                   " is not a field (spreads, fees, "
                                   "channel_costs)");
    }
  }
  std::vector<ProfitabilityRate> rates;
  for (const RateList& list : kLists) {
    const std::string name(list.list);
    auto found = body.find(name);
    if (found == body.end() || !found->is_array()) {
      return FieldProblem(name, name + " is required, as a list");
    }
    for (size_t i = 0; i < found->size(); ++i) {
      VAFA_ASSIGN_OR_RETURN(
          ProfitabilityRate rate,
          ParseRate((*found)[i], list, name + "[" + std::to_string(i) + "]"));
      rates.push_back(std::move(rate));
    }
  }
  VAFA_RETURN_IF_ERROR(ValidateProfitabilityRates(rates));
  return rates;
}

}  // namespace vafa::services::holdings
