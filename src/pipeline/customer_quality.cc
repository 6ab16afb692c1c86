#include "pipeline/customer_quality.h"

#include <soci/soci.h>

#include <chrono>
#include <utility>
#include <vector>

#include "analytics/duplicates/duplicate_scan.h"
#include "pipeline/quality_json.h"
#include "pipeline/quality_runs.h"
#include "store/customer_repository.h"
#include "store/sql_values.h"

namespace vafa::pipeline {
namespace {

namespace dup = analytics::duplicates;
namespace quality = analytics::quality;

// Each customer's earliest live order, in customer order, to walk beside
// the customers read by id.
constexpr char kFirstPurchases[] =
    "SELECT customer_id, MIN(ordered_at) FROM orders WHERE workspace_id = :w "
    "AND customer_id IS NOT NULL AND deleted_at IS NULL GROUP BY customer_id "
    "ORDER BY customer_id";

Result<std::vector<std::pair<int64_t, int64_t>>> ReadFirstPurchases(
    store::Database& db, int64_t workspace_id) {
  std::vector<std::pair<int64_t, int64_t>> firsts;
  try {
    long long workspace = workspace_id;
    soci::rowset<soci::row> rows =
        (db.sql().prepare << kFirstPurchases, soci::use(workspace));
    for (const soci::row& row : rows) {
      firsts.emplace_back(store::RowInt(row, 0), store::RowInt(row, 1));
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading first purchases", error);
  }
  return firsts;
}

quality::CustomerFacts FactsOf(const store::Customer& customer) {
  return {.id = customer.id,
          .organisation = customer.kind == "organisation",
          .external_id = customer.external_id,
          .first_name = customer.first_name,
          .last_name = customer.last_name,
          .organisation_name = customer.organisation_name,
          .national_id = customer.national_id,
          .phone = customer.phone,
          .email = customer.email,
          .gender = customer.gender,
          .birth_date = customer.birth_date,
          .city = customer.city,
          .province = customer.province,
          .acquisition_channel = customer.acquisition_channel,
          .language = customer.language,
          .joined_at = customer.joined_at,
          .first_purchase_at = std::nullopt};
}

dup::PersonRecord PersonOf(store::Customer& customer) {
  dup::PersonRecord person;
  person.id = customer.id;
  person.name = customer.display_name.empty() ? store::DisplayNameOf(customer)
                                              : customer.display_name;
  person.national_id = std::move(customer.national_id);
  person.phone = std::move(customer.phone);
  person.email = std::move(customer.email);
  person.birth_date = std::move(customer.birth_date);
  person.city = std::move(customer.city);
  return person;
}

}  // namespace

Result<quality::QualityReport> AssessCustomerQuality(store::Database& db,
                                                     int64_t workspace_id,
                                                     UnixSeconds now,
                                                     double min_score) {
  VAFA_ASSIGN_OR_RETURN(auto firsts, ReadFirstPurchases(db, workspace_id));
  constexpr int kPage = 2000;
  store::CustomerRepository customers(db);
  quality::QualityTally tally(now);
  std::vector<dup::PersonRecord> people;
  size_t first_idx = 0;
  int64_t after = 0;
  while (true) {
    VAFA_ASSIGN_OR_RETURN(std::vector<store::Customer> page,
                          customers.List(workspace_id, after, kPage));
    for (store::Customer& customer : page) {
      quality::CustomerFacts facts = FactsOf(customer);
      while (first_idx < firsts.size() &&
             firsts[first_idx].first < customer.id) {
        ++first_idx;
      }
      if (first_idx < firsts.size() && firsts[first_idx].first == customer.id) {
        facts.first_purchase_at = firsts[first_idx].second;
      }
      tally.Add(facts);
      // The facts view the customer's strings: move them only after.
      people.push_back(PersonOf(customer));
    }
    if (static_cast<int>(page.size()) < kPage) break;
    after = page.back().id;
  }
  dup::ScanOptions options;
  options.min_score = min_score;
  const dup::ScanResult scan = dup::ScanForDuplicates(people, options);
  return tally.Finish(scan, min_score);
}

Result<nlohmann::json> RunCustomerQuality(store::Database& db,
                                          int64_t workspace_id,
                                          UnixSeconds now) {
  const auto started = std::chrono::steady_clock::now();
  VAFA_ASSIGN_OR_RETURN(quality::QualityReport report,
                        AssessCustomerQuality(db, workspace_id, now,
                                              dup::ScanOptions{}.min_score));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started)
          .count();
  nlohmann::json body = QualityReportJson(report);
  body["seconds"] = seconds;
  VAFA_ASSIGN_OR_RETURN(int64_t run_id,
                        SaveQualityRun(db, workspace_id, now, report, body));
  // This run and the one before it (another may be stored meanwhile).
  VAFA_ASSIGN_OR_RETURN(std::vector<QualityRunRecord> runs,
                        LatestQualityRuns(db, workspace_id, 2, run_id));
  if (runs.empty() || runs[0].id != run_id) {
    return Status::Internal("quality run " + std::to_string(run_id) +
                            " was not found after storing it");
  }
  return QualityRunJson(runs[0], runs.size() > 1 ? &runs[1] : nullptr);
}

}  // namespace vafa::pipeline
