#include "services/holdings/profitability_rates.h"

#include <soci/soci.h>

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <tuple>

#include "core/dates.h"
#include "services/holdings/holdings.h"
#include "store/sql_values.h"

namespace vafa::services::holdings {
namespace {

constexpr char kRatesOf[] =
    "SELECT kind, subject, valid_from, value, updated_at FROM "
    "profitability_rates WHERE workspace_id = :w ORDER BY kind, subject, "
    "valid_from";
constexpr char kDeleteRates[] =
    "DELETE FROM profitability_rates WHERE workspace_id = :w";
constexpr char kInsertRate[] =
    "INSERT INTO profitability_rates (workspace_id, kind, subject, "
    "valid_from, value, updated_at) VALUES (:w, :k, :s, :f, :v, :t)";

constexpr std::array<std::string_view, 5> kChannels = {
    "branch", "call_centre", "internet", "mobile", "atm"};
constexpr int64_t kMaxMoney = 1'000'000'000'000'000;  // 10^15 minor units
constexpr char kDefaultFrom[] = "2000-01-01";

// The list a kind is given in, and the name of its subject and value.
struct KindNames {
  std::string_view kind, list, subject, value;
};
constexpr std::array<KindNames, 3> kKinds = {{
    {kSpreadRate, "spreads", "product_type", "basis_points"},
    {kFeeRate, "fees", "product_type", "monthly_fee_minor"},
    {kChannelCostRate, "channel_costs", "channel", "cost_minor"},
}};

const KindNames* NamesOf(std::string_view kind) {
  for (const KindNames& names : kKinds) {
    if (names.kind == kind) return &names;
  }
  return nullptr;
}

bool IsIsoDay(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  const int year = std::stoi(text.substr(0, 4));
  const int month = std::stoi(text.substr(5, 2));
  const int day = std::stoi(text.substr(8, 2));
  return year >= 1900 && month >= 1 && month <= 12 && day >= 1 &&
         day <= GregorianMonthLength(year, month);
}

bool IsChannelWord(const std::string& text) {
  return !text.empty() && text.size() <= 40 &&
         std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
         });
}

Status CheckRate(const ProfitabilityRate& rate, const KindNames& names,
                 const std::string& place) {
  const std::string subject = place + "." + std::string(names.subject);
  if (names.kind == kChannelCostRate) {
    if (!IsChannelWord(rate.subject)) {
      return Status::Invalid(subject + ": \"" + rate.subject +
                                 "\" is not a channel (a word of a-z, 0-9 "
                                 "and _, such as branch, call_centre, "
                                 "internet, mobile or atm)",
                             subject);
    }
  } else {
    const auto types = ProductTypes();
    if (std::find(types.begin(), types.end(), rate.subject) == types.end()) {
      return Status::Invalid(subject + ": \"" + rate.subject +
                                 "\" is not a product type (account, "
                                 "deposit, card, loan, policy or plan)",
                             subject);
    }
  }
  if (!IsIsoDay(rate.valid_from)) {
    const std::string field = place + ".valid_from";
    return Status::Invalid(
        field + ": \"" + rate.valid_from + "\" is not a day (YYYY-MM-DD)",
        field);
  }
  const std::string value = place + "." + std::string(names.value);
  if (names.kind == kSpreadRate) {
    if (rate.value < -10'000 || rate.value > 10'000) {
      return Status::Invalid(
          value + ": " + std::to_string(rate.value) +
              " is outside -10000 to 10000 basis points (-100% to 100%)",
          value);
    }
  } else if (rate.value < 0 || rate.value > kMaxMoney) {
    return Status::Invalid(value + ": " + std::to_string(rate.value) +
                               " is outside 0 to 10^15 minor units",
                           value);
  }
  return Status::Ok();
}

}  // namespace

std::span<const std::string_view> ServiceChannels() { return kChannels; }

std::vector<ProfitabilityRate> DefaultProfitabilityRates() {
  std::vector<ProfitabilityRate> out;
  auto add = [&](std::string_view kind, const char* subject, int64_t value) {
    out.push_back({std::string(kind), subject, kDefaultFrom, value});
  };
  for (auto [type, bp] : {std::pair{"account", 400},
                          {"card", 1200},
                          {"deposit", 300},
                          {"loan", 500},
                          {"plan", 0},
                          {"policy", 0}}) {
    add(kSpreadRate, type, bp);
  }
  for (auto [type, fee] : {std::pair{"account", 50'000},
                           {"card", 100'000},
                           {"deposit", 0},
                           {"loan", 200'000},
                           {"plan", 0},
                           {"policy", 0}}) {
    add(kFeeRate, type, fee);
  }
  for (auto [channel, cost] : {std::pair{"atm", 40'000},
                               {"branch", 250'000},
                               {"call_centre", 120'000},
                               {"internet", 20'000},
                               {"mobile", 10'000}}) {
    add(kChannelCostRate, channel, cost);
  }
  // Stored order: kind, subject, valid_from.
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return std::tie(a.kind, a.subject) < std::tie(b.kind, b.subject);
  });
  return out;
}

Status ValidateProfitabilityRates(std::span<const ProfitabilityRate> rates) {
  std::map<std::string, int> index_of_kind;
  std::set<std::tuple<std::string, std::string, std::string>> seen;
  for (const ProfitabilityRate& rate : rates) {
    const KindNames* names = NamesOf(rate.kind);
    if (names == nullptr) {
      return Status::Invalid(
          "kind: \"" + rate.kind + "\" is not spread, fee or channel_cost",
          "kind");
    }
    const int index = index_of_kind[rate.kind]++;
    const std::string place =
        std::string(names->list) + "[" + std::to_string(index) + "]";
    VAFA_RETURN_IF_ERROR(CheckRate(rate, *names, place));
    if (!seen.emplace(rate.kind, rate.subject, rate.valid_from).second) {
      const std::string field = place + ".valid_from";
      return Status::Invalid(field + ": a second " + std::string(names->list) +
                                 " entry for \"" + rate.subject + "\" from " +
                                 rate.valid_from,
                             field);
    }
  }
  return Status::Ok();
}

Result<StoredProfitabilityRates> ProfitabilityRatesOf(store::Database& db,
                                                      int64_t workspace_id) {
  StoredProfitabilityRates out;
  try {
    long long w = workspace_id;
    soci::rowset<soci::row> rows = (db.sql().prepare << kRatesOf, soci::use(w));
    for (const soci::row& row : rows) {
      out.rates.push_back({store::RowText(row, 0), store::RowText(row, 1),
                           store::RowText(row, 2), store::RowInt(row, 3)});
      out.updated_at = std::max(out.updated_at, store::RowInt(row, 4));
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the profitability rates", error);
  }
  if (out.rates.empty()) {
    out.rates = DefaultProfitabilityRates();
    out.defaults = true;
  }
  return out;
}

Status ReplaceProfitabilityRates(store::Database& db, int64_t workspace_id,
                                 std::span<const ProfitabilityRate> rates,
                                 int64_t now) {
  VAFA_RETURN_IF_ERROR(ValidateProfitabilityRates(rates));
  try {
    long long w = workspace_id, t = now;
    db.sql() << kDeleteRates, soci::use(w);
    for (const ProfitabilityRate& rate : rates) {
      long long value = rate.value;
      db.sql() << kInsertRate, soci::use(w), soci::use(rate.kind),
          soci::use(rate.subject), soci::use(rate.valid_from), soci::use(value),
          soci::use(t);
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("storing the profitability rates", error);
  }
  return Status::Ok();
}

}  // namespace vafa::services::holdings
