#include "pipeline/campaign_expectation.h"

#include <soci/soci.h>

#include <cmath>
#include <map>
#include <vector>

#include "core/dates.h"
#include "pipeline/run_reads.h"
#include "pipeline/score_reads.h"
#include "services/marketing/campaigns.h"
#include "store/sql_values.h"

namespace vafa::pipeline {
namespace {

namespace response = analytics::response;
using nlohmann::json;

constexpr char kResponseRun[] = "response";
constexpr int kPage = 5000;
constexpr char kInsertExpectation[] =
    "INSERT INTO campaign_expectations (workspace_id, campaign_id, run_id, "
    "response_learner, uplift_method, uplift_learner, treatment_members, "
    "scored_members, responders, responders_low, responders_high, "
    "incremental_buyers, incremental_buyers_low, incremental_buyers_high, "
    "incremental_revenue_minor, incremental_revenue_low_minor, "
    "incremental_revenue_high_minor, recorded_at) VALUES (:w, :c, :r, :rl, "
    ":um, :ul, :tm, :sm, :re, :rel, :reh, :ib, :ibl, :ibh, :iv, :ivl, :ivh, "
    ":t) ON CONFLICT DO NOTHING";
constexpr char kSelectExpectation[] =
    "SELECT run_id, response_learner, uplift_method, uplift_learner, "
    "treatment_members, scored_members, responders, responders_low, "
    "responders_high, incremental_buyers, incremental_buyers_low, "
    "incremental_buyers_high, incremental_revenue_minor, "
    "incremental_revenue_low_minor, incremental_revenue_high_minor, "
    "recorded_at FROM campaign_expectations WHERE workspace_id = :w AND "
    "campaign_id = :c";

// Every live customer's value of score `name`, in customer order.
Result<std::map<int64_t, double>> ScoreValues(store::Database& db,
                                              int64_t workspace_id,
                                              const std::string& name) {
  std::map<int64_t, double> values;
  ScorePageQuery query;
  query.name = name;
  query.limit = kPage;
  for (;;) {
    VAFA_ASSIGN_OR_RETURN(auto page, ScorePage(db, workspace_id, query));
    for (const ScoreOfCustomer& row : page) {
      if (row.value) values[row.customer_id] = *row.value;
    }
    if (static_cast<int>(page.size()) < query.limit) break;
    query.after = ScorePageQuery::After{0, page.back().customer_id};
  }
  return values;
}

Result<std::vector<int64_t>> TreatedMembers(store::Database& db,
                                            int64_t workspace_id,
                                            int64_t campaign_id) {
  std::vector<int64_t> ids;
  int64_t after = 0;
  for (;;) {
    VAFA_ASSIGN_OR_RETURN(
        auto page,
        services::marketing::ListCampaignMembers(
            db, workspace_id, campaign_id,
            services::marketing::MemberGroup::kTreatment, after, kPage));
    for (const services::marketing::CampaignMember& member : page) {
      ids.push_back(member.customer_id);
    }
    if (static_cast<int>(page.size()) < kPage) break;
    after = page.back().customer_id;
  }
  return ids;
}

// The chosen response learner, uplift method and learner of a summary.
void ChosenModels(const json& summary, CampaignExpectation& expectation) {
  for (const json& model : summary.value("response", json::array())) {
    if (model.value("chosen", false)) {
      expectation.response_learner = model.value("learner", "");
    }
  }
  for (const json& model : summary.value("uplift", json::array())) {
    if (model.value("chosen", false)) {
      expectation.uplift_method = model.value("method", "");
      expectation.uplift_learner = model.value("learner", "");
    }
  }
}

Status InsertExpectation(store::Database& db, int64_t workspace_id,
                         const CampaignExpectation& e) {
  long long w = workspace_id, c = e.campaign_id, run = e.run_id,
            treated = e.treatment_members, scored = e.scored_members,
            at = e.recorded_at;
  double responders = e.responders.value, responders_low = e.responders.low,
         responders_high = e.responders.high,
         buyers = e.incremental_buyers.value,
         buyers_low = e.incremental_buyers.low,
         buyers_high = e.incremental_buyers.high;
  long long revenue = 0, revenue_low = 0, revenue_high = 0;
  soci::indicator money = soci::i_null;
  if (e.incremental_revenue) {
    revenue = std::llround(e.incremental_revenue->value);
    revenue_low = std::llround(e.incremental_revenue->low);
    revenue_high = std::llround(e.incremental_revenue->high);
    money = soci::i_ok;
  }
  soci::indicator money_low = money, money_high = money;
  std::string response_learner = e.response_learner,
              uplift_method = e.uplift_method,
              uplift_learner = e.uplift_learner;
  try {
    db.sql() << kInsertExpectation, soci::use(w), soci::use(c), soci::use(run),
        soci::use(response_learner), soci::use(uplift_method),
        soci::use(uplift_learner), soci::use(treated), soci::use(scored),
        soci::use(responders), soci::use(responders_low),
        soci::use(responders_high), soci::use(buyers), soci::use(buyers_low),
        soci::use(buyers_high), soci::use(revenue, money),
        soci::use(revenue_low, money_low), soci::use(revenue_high, money_high),
        soci::use(at);
  } catch (const std::exception& error) {
    return store::DatabaseError("storing the campaign's expectation", error);
  }
  return Status::Ok();
}

std::optional<response::Expectation> RoundedMoney(
    const response::Expectation& e) {
  if (!std::isfinite(e.value) || !std::isfinite(e.low) ||
      !std::isfinite(e.high)) {
    return std::nullopt;
  }
  return response::Expectation{std::round(e.value), std::round(e.low),
                               std::round(e.high)};
}

}  // namespace

Result<response::ScoredCustomers> LoadResponseScores(store::Database& db,
                                                     int64_t workspace_id) {
  VAFA_ASSIGN_OR_RETURN(auto respond,
                        ScoreValues(db, workspace_id, "response_probability"));
  VAFA_ASSIGN_OR_RETURN(auto uplift,
                        ScoreValues(db, workspace_id, "predicted_uplift"));
  response::ScoredCustomers scored;
  for (const auto& [customer_id, p] : respond) {
    auto found = uplift.find(customer_id);
    if (found == uplift.end()) continue;
    scored.customer_id.push_back(customer_id);
    scored.respond.push_back(p);
    scored.uplift.push_back(found->second);
  }
  return scored;
}

std::array<response::HoldoutUpliftDecile, 10> ChosenUpliftDeciles(
    const json& summary) {
  std::array<response::HoldoutUpliftDecile, 10> deciles{};
  for (const json& model : summary.value("uplift", json::array())) {
    if (!model.value("chosen", false)) continue;
    const json rows = model.value("uplift_by_decile", json::array());
    for (size_t d = 0; d < rows.size() && d < deciles.size(); ++d) {
      auto rate = [&](const char* key) {
        const json value = rows[d].value(key, json());
        return value.is_number() ? value.get<double>() : NAN;
      };
      deciles[d] = {rows[d].value("treated", int64_t{0}),
                    rows[d].value("control", int64_t{0}), rate("treated_rate"),
                    rate("control_rate")};
    }
  }
  return deciles;
}

Result<std::optional<CampaignExpectation>> RecordCampaignExpectation(
    store::Database& db, int64_t workspace_id, int64_t campaign_id,
    UnixSeconds now) {
  VAFA_ASSIGN_OR_RETURN(auto kept,
                        ReadCampaignExpectation(db, workspace_id, campaign_id));
  if (kept) return kept;
  VAFA_ASSIGN_OR_RETURN(auto run,
                        LatestRunOfKind(db, workspace_id, kResponseRun));
  if (!run) return std::optional<CampaignExpectation>();
  const json summary = json::parse(run->summary, nullptr, false);
  if (!summary.is_object()) {
    return Status::Internal("response run " + std::to_string(run->run.id) +
                            ": the summary is not JSON");
  }
  VAFA_ASSIGN_OR_RETURN(std::vector<int64_t> treated,
                        TreatedMembers(db, workspace_id, campaign_id));
  if (treated.empty()) return std::optional<CampaignExpectation>();
  VAFA_ASSIGN_OR_RETURN(response::ScoredCustomers scored,
                        LoadResponseScores(db, workspace_id));
  const json spend = summary.value("spend_per_buyer", json());
  const response::MemberEstimate estimate =
      response::EstimateMembers(scored, ChosenUpliftDeciles(summary), treated,
                                spend.is_number() ? spend.get<double>() : NAN);
  CampaignExpectation expectation;
  expectation.campaign_id = campaign_id;
  expectation.run_id = run->run.id;
  ChosenModels(summary, expectation);
  expectation.treatment_members = estimate.members;
  expectation.scored_members = estimate.scored_members;
  expectation.responders = estimate.responders;
  expectation.incremental_buyers = estimate.incremental_buyers;
  expectation.incremental_revenue = RoundedMoney(estimate.incremental_revenue);
  expectation.recorded_at = now;
  VAFA_RETURN_IF_ERROR(InsertExpectation(db, workspace_id, expectation));
  // Another caller may have kept one meanwhile: the kept one stands.
  return ReadCampaignExpectation(db, workspace_id, campaign_id);
}

Result<std::optional<CampaignExpectation>> ReadCampaignExpectation(
    store::Database& db, int64_t workspace_id, int64_t campaign_id) {
  std::optional<CampaignExpectation> out;
  try {
    long long w = workspace_id, c = campaign_id;
    soci::rowset<soci::row> rows =
        (db.sql().prepare << kSelectExpectation, soci::use(w), soci::use(c));
    for (const soci::row& row : rows) {
      CampaignExpectation e;
      e.campaign_id = campaign_id;
      e.run_id = store::RowInt(row, 0);
      e.response_learner = store::RowText(row, 1);
      e.uplift_method = store::RowText(row, 2);
      e.uplift_learner = store::RowText(row, 3);
      e.treatment_members = store::RowInt(row, 4);
      e.scored_members = store::RowInt(row, 5);
      auto number = [&](size_t column) {
        return store::RowOptionalDouble(row, column).value_or(NAN);
      };
      e.responders = {number(6), number(7), number(8)};
      e.incremental_buyers = {number(9), number(10), number(11)};
      if (!store::RowIsNull(row, 12)) {
        e.incremental_revenue = {number(12), number(13), number(14)};
      }
      e.recorded_at = store::RowInt(row, 15);
      out = std::move(e);
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the campaign's expectation", error);
  }
  return out;
}

Result<ExpectedAgainstActual> CompareCampaignExpectation(store::Database& db,
                                                         int64_t workspace_id,
                                                         int64_t campaign_id,
                                                         UnixSeconds now) {
  VAFA_ASSIGN_OR_RETURN(
      services::marketing::CampaignHead head,
      services::marketing::LoadCampaignHead(db, workspace_id, campaign_id));
  ExpectedAgainstActual out;
  VAFA_ASSIGN_OR_RETURN(out.expectation,
                        ReadCampaignExpectation(db, workspace_id, campaign_id));
  // As the campaign report measures it: orders in [starts_at, this).
  out.window_closes_at =
      head.ends_at +
      static_cast<int64_t>(head.attribution_days) * kSecondsPerDay + 1;
  out.over = head.drawn && now >= out.window_closes_at;
  if (!out.over) return out;
  VAFA_ASSIGN_OR_RETURN(
      services::marketing::CampaignOutcomes outcomes,
      services::marketing::MeasureCampaign(
          db, workspace_id, campaign_id, head.starts_at, out.window_closes_at));
  const services::marketing::CampaignFigures f =
      services::marketing::ComputeCampaignFigures(
          outcomes.treatment, outcomes.control, head.cost_minor);
  out.has_control = f.has_control;
  out.responders.value = static_cast<double>(outcomes.treatment.responded);
  if (f.has_control) {
    const auto treated = static_cast<double>(outcomes.treatment.members);
    out.incremental_buyers = {f.uplift * treated, f.uplift_low * treated,
                              f.uplift_high * treated, std::nullopt};
    out.incremental_revenue.value = f.incremental_revenue_minor;
    if (std::isfinite(f.incremental_revenue_low_minor)) {
      out.incremental_revenue.low = f.incremental_revenue_low_minor;
      out.incremental_revenue.high = f.incremental_revenue_high_minor;
    }
  }
  if (out.expectation) {
    const CampaignExpectation& e = *out.expectation;
    auto inside = [](const response::Expectation& expected,
                     const MeasuredFigure& actual) -> std::optional<bool> {
      if (!actual.value) return std::nullopt;
      return response::WithinInterval(expected, *actual.value);
    };
    out.responders.inside = inside(e.responders, out.responders);
    out.incremental_buyers.inside =
        inside(e.incremental_buyers, out.incremental_buyers);
    if (e.incremental_revenue) {
      out.incremental_revenue.inside =
          inside(*e.incremental_revenue, out.incremental_revenue);
    }
  }
  return out;
}

}  // namespace vafa::pipeline
