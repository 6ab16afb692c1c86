#include "demo/demo_campaign_history.h"

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "analytics/response/planted_campaigns.h"
#include "core/hash.h"
#include "import/importer.h"
#include "pipeline/campaign_history.h"
#include "services/marketing/campaigns.h"
#include "services/marketing/segment_rules.h"
#include "store/customer_repository.h"

namespace vafa::demo {
namespace {

namespace response = analytics::response;

constexpr int64_t kDay = 86400;
constexpr int kRunDays = 14, kAttributionDays = 7, kControlPercent = 20;
constexpr double kMemberShare = 0.3;
// The product every planted campaign purchase is of (the demo's catalogue).
constexpr char kOfferProduct[] = "DAT-340";
constexpr int64_t kUsualOrderMinor = 1500000;

// A uniform draw fixed by the seed, the campaign, the customer and `salt`.
double Unit(uint64_t seed, int64_t campaign, int64_t customer, uint64_t salt) {
  return UnitInterval(
      Mix64(seed ^ Mix64(static_cast<uint64_t>(campaign) * kGoldenGamma ^
                         Mix64(static_cast<uint64_t>(customer) + salt))));
}

struct PlantedOutcome {
  int64_t customer_id = 0;
  UnixSeconds ordered_at = 0;  // 0: no planted purchase
  int64_t amount_minor = 0;
  UnixSeconds responded_at = 0;  // 0: no response
};

// What each member of the campaign just drawn does, from their features
// at the draw.
Result<std::vector<PlantedOutcome>> PlantOutcomes(store::Database& db,
                                                  int64_t workspace_id,
                                                  uint64_t seed,
                                                  int64_t campaign,
                                                  UnixSeconds draw) {
  pipeline::CampaignHistoryOptions options;
  options.now = draw;
  options.only_campaign = campaign;
  options.lifetime = false;
  options.threads = 1;
  VAFA_ASSIGN_OR_RETURN(
      pipeline::CampaignHistory history,
      pipeline::LoadCampaignHistory(db, workspace_id, options));
  const response::CampaignMemberRows& rows = history.rows;
  std::vector<PlantedOutcome> outcomes;
  for (int64_t i = 0; i < rows.rows; ++i) {
    const float* row = &rows.x[static_cast<size_t>(i) * rows.cols];
    const response::DrawTruth truth = response::PlantedTruthAtDraw(row);
    const int64_t customer = rows.customer_id[i];
    const bool treated = rows.treated[i] != 0;
    PlantedOutcome outcome;
    outcome.customer_id = customer;
    const double buy = treated ? truth.buy_treated : truth.buy_held_out;
    if (Unit(seed, campaign, customer, 1) < buy) {
      const double day = std::floor(Unit(seed, campaign, customer, 2) * 13);
      outcome.ordered_at = draw + (1 + static_cast<int64_t>(day)) * kDay;
      const float usual = row[2];  // mean_order_value
      outcome.amount_minor =
          std::isnan(usual) ? kUsualOrderMinor : std::llround(usual);
    }
    if (treated && Unit(seed, campaign, customer, 3) < truth.respond) {
      const double day = std::floor(Unit(seed, campaign, customer, 4) * 4);
      outcome.responded_at = draw + (1 + static_cast<int64_t>(day)) * kDay;
      if (outcome.ordered_at != 0) {
        outcome.responded_at =
            std::min(outcome.responded_at, outcome.ordered_at);
      }
    }
    if (outcome.ordered_at != 0 || outcome.responded_at != 0) {
      outcomes.push_back(outcome);
    }
  }
  return outcomes;
}

// Imports the planted purchases as a transactions file.
Status ImportPlantedOrders(store::Database& db, int64_t workspace_id,
                           int64_t campaign,
                           const std::vector<PlantedOutcome>& outcomes,
                           int64_t* imported) {
  std::vector<int64_t> ids;
  for (const PlantedOutcome& o : outcomes) {
    if (o.ordered_at != 0) ids.push_back(o.customer_id);
  }
  *imported = static_cast<int64_t>(ids.size());
  if (ids.empty()) return Status::Ok();
  VAFA_ASSIGN_OR_RETURN(
      std::vector<store::Customer> customers,
      store::CustomerRepository(db).GetMany(workspace_id, ids));
  std::unordered_map<int64_t, std::string> keys;
  for (const store::Customer& c : customers) keys[c.id] = c.external_id;
  const auto path = std::filesystem::temp_directory_path() /
                    ("vafa-demo-campaign-" + std::to_string(::getpid()) + "-" +
                     std::to_string(campaign) + ".csv");
  {
    std::ofstream out(path);
    out << "customer_id,date,order_id,product,amount,channel\n";
    for (const PlantedOutcome& o : outcomes) {
      if (o.ordered_at == 0) continue;
      out << keys[o.customer_id] << "," << FormatGregorian(DayOf(o.ordered_at))
          << ",CAMPAIGN-" << campaign << "-" << o.customer_id << ","
          << kOfferProduct << "," << o.amount_minor << ",campaign\n";
    }
  }
  import::ImportOptions options;
  options.path = path.string();
  options.file_name = "campaign " + std::to_string(campaign) + " purchases";
  options.created_by = "vafa demo";
  auto report = import::ImportTransactions(db, workspace_id, options);
  std::filesystem::remove(path);
  return report.ok() ? Status::Ok() : report.status();
}

}  // namespace

Result<DemoCampaignHistory> OpenDemoCampaignHistory(store::Database& db,
                                                    int64_t workspace_id,
                                                    uint64_t seed,
                                                    UnixSeconds end,
                                                    int campaigns) {
  const UnixSeconds now = store::NowSeconds();
  const nlohmann::json buyers = nlohmann::json::parse(
      R"({"match": "all", "conditions": [
          {"field": "orders_count", "op": ">=", "value": 1}]})");
  VAFA_ASSIGN_OR_RETURN(services::marketing::SegmentRules rules,
                        services::marketing::ParseSegmentRules(buyers));
  int64_t segment = 0;
  std::vector<int64_t> customers;
  VAFA_RETURN_IF_ERROR(store::InTransaction(db, [&]() -> Status {
    VAFA_ASSIGN_OR_RETURN(
        segment, services::marketing::InsertSegment(db, workspace_id, "Buyers",
                                                    "Everyone who has bought",
                                                    buyers.dump(), now));
    VAFA_ASSIGN_OR_RETURN(customers,
                          services::marketing::SegmentCustomerIds(
                              db, workspace_id, rules, now, 0, 1000000000));
    return Status::Ok();
  }));
  DemoCampaignHistory report;
  for (int c = 0; c < campaigns; ++c) {
    // Four weeks apart; the last window closes five weeks before `end`.
    const UnixSeconds draw =
        end - static_cast<int64_t>(campaigns + 1 - c) * 28 * kDay + 10 * 3600;
    services::marketing::NewCampaign offer;
    offer.name = "Monthly offer " + std::to_string(c + 1);
    offer.goal = "retention";
    offer.channel = c % 3 == 2 ? "email" : "sms";
    offer.segment_id = segment;
    offer.status = "completed";
    offer.offer = "10% off for two weeks";
    offer.starts_at = draw;
    offer.ends_at = draw + kRunDays * kDay;
    offer.attribution_days = kAttributionDays;
    offer.control_percent = kControlPercent;
    offer.created_at = draw;
    int64_t campaign = 0;
    std::vector<PlantedOutcome> outcomes;
    VAFA_RETURN_IF_ERROR(store::InTransaction(db, [&]() -> Status {
      VAFA_ASSIGN_OR_RETURN(campaign, services::marketing::InsertCampaign(
                                          db, workspace_id, offer));
      std::vector<int64_t> chosen;
      for (int64_t id : customers) {
        if (Unit(seed, campaign, id, 0) < kMemberShare) chosen.push_back(id);
      }
      VAFA_ASSIGN_OR_RETURN(
          services::marketing::DrawReport drawn,
          services::marketing::DrawCampaignMembersFrom(
              db, workspace_id, campaign, chosen, kControlPercent, draw));
      report.members += drawn.members;
      VAFA_ASSIGN_OR_RETURN(
          outcomes, PlantOutcomes(db, workspace_id, seed, campaign, draw));
      return Status::Ok();
    }));
    int64_t imported = 0;
    VAFA_RETURN_IF_ERROR(
        ImportPlantedOrders(db, workspace_id, campaign, outcomes, &imported));
    report.planted_orders += imported;
    std::vector<services::marketing::CampaignResponse> responses;
    for (const PlantedOutcome& o : outcomes) {
      if (o.responded_at == 0) continue;
      responses.push_back({o.customer_id, o.responded_at, o.ordered_at,
                           o.ordered_at != 0 ? o.amount_minor : -1});
    }
    report.responses += static_cast<int64_t>(responses.size());
    VAFA_RETURN_IF_ERROR(store::InTransaction(db, [&]() -> Status {
      return services::marketing::RecordCampaignResponses(db, workspace_id,
                                                          campaign, responses);
    }));
    ++report.campaigns;
  }
  return report;
}

}  // namespace vafa::demo
