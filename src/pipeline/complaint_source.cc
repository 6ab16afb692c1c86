#include "pipeline/complaint_source.h"

#include <soci/soci.h>

#include <algorithm>
#include <unordered_map>
#include <utility>

#include "core/dates.h"
#include "core/persian_text.h"
#include "import/import_source.h"
#include "import/interaction_vocabulary.h"
#include "store/sql_values.h"

namespace vafa::pipeline {
namespace churn = analytics::churn;

namespace {

struct Complaint {
  int32_t customer;
  DayNumber day;
  DayNumber resolved_day;  // churn::kNever: not resolved
  DayNumber due_day = churn::kNever;
  int8_t satisfaction = 0;
};

bool IsResolved(std::string_view outcome) {
  std::string normalized = NormalizeForSearch(outcome);
  return normalized == "resolved" || normalized == NormalizeForSearch("حل شده");
}

churn::ComplaintLog ToLog(std::vector<Complaint>& complaints,
                          int32_t customers) {
  // One complaint per customer and day: a complaint logged as a call and
  // taken as a ticket the same day is one complaint, resolved on the first
  // resolution either record gives, due on the earlier due day, rated by the
  // lower rating.
  std::sort(complaints.begin(), complaints.end(),
            [](const Complaint& a, const Complaint& b) {
              return a.customer != b.customer ? a.customer < b.customer
                                              : a.day < b.day;
            });
  size_t kept = 0;
  for (size_t k = 0; k < complaints.size(); ++k) {
    if (kept > 0 && complaints[kept - 1].customer == complaints[k].customer &&
        complaints[kept - 1].day == complaints[k].day) {
      Complaint& same = complaints[kept - 1];
      same.resolved_day =
          std::min(same.resolved_day, complaints[k].resolved_day);
      same.due_day = std::min(same.due_day, complaints[k].due_day);
      if (complaints[k].satisfaction != 0 &&
          (same.satisfaction == 0 ||
           complaints[k].satisfaction < same.satisfaction)) {
        same.satisfaction = complaints[k].satisfaction;
      }
      continue;
    }
    complaints[kept++] = complaints[k];
  }
  complaints.resize(kept);
  churn::ComplaintLog log;
  log.begin.assign(static_cast<size_t>(customers) + 1, 0);
  for (const Complaint& c : complaints) ++log.begin[c.customer + 1];
  for (int32_t c = 0; c < customers; ++c) log.begin[c + 1] += log.begin[c];
  log.day.resize(complaints.size());
  log.resolved_day.resize(complaints.size());
  log.due_day.resize(complaints.size());
  log.satisfaction.resize(complaints.size());
  std::vector<int64_t> at(log.begin.begin(), log.begin.end() - 1);
  for (const Complaint& c : complaints) {
    const int64_t k = at[c.customer]++;
    log.day[k] = c.day;
    log.resolved_day[k] = c.resolved_day;
    log.due_day[k] = c.due_day;
    log.satisfaction[k] = c.satisfaction;
  }
  if (complaints.empty()) log.begin.clear();
  return log;
}

}  // namespace

bool IsResolvedOutcome(std::string_view outcome) { return IsResolved(outcome); }

churn::ComplaintLog ComplaintLogOfInteractions(
    const std::vector<InteractionComplaint>& complaints, int32_t customers) {
  std::vector<Complaint> all;
  all.reserve(complaints.size());
  for (const InteractionComplaint& c : complaints) {
    all.push_back({c.customer, c.day, c.resolved ? c.day : churn::kNever});
  }
  return ToLog(all, customers);
}

Result<churn::ComplaintLog> LoadComplaintsFromStore(store::Database& db,
                                                    int64_t workspace_id,
                                                    const LoadedLog& loaded) {
  return LoadComplaintsOfCustomers(db, workspace_id, loaded.customer_ids);
}

Result<churn::ComplaintLog> LoadComplaintsOfCustomers(
    store::Database& db, int64_t workspace_id,
    const std::vector<int64_t>& customer_ids) {
  std::unordered_map<int64_t, int32_t> index;
  index.reserve(customer_ids.size());
  for (size_t c = 0; c < customer_ids.size(); ++c)
    index.emplace(customer_ids[c], static_cast<int32_t>(c));
  std::vector<Complaint> complaints;
  try {
    long long workspace = workspace_id;
    soci::rowset<soci::row> rows =
        (db.sql().prepare << "SELECT customer_id, occurred_at, outcome FROM "
                             "interactions WHERE workspace_id = :w AND type = "
                             "'complaint'",
         soci::use(workspace));
    for (const soci::row& row : rows) {
      auto found = index.find(store::RowInt(row, 0));
      if (found == index.end()) continue;
      std::string outcome = row.get_indicator(2) == soci::i_null
                                ? std::string()
                                : row.get<std::string>(2);
      // A call log's outcome is what the call reached that day.
      const DayNumber day = DayOf(store::RowInt(row, 1));
      complaints.push_back(
          {found->second, day, IsResolved(outcome) ? day : churn::kNever});
    }
    // Complaints taken as service tickets: resolved once resolved or closed.
    soci::rowset<soci::row> tickets =
        (db.sql().prepare << "SELECT customer_id, opened_at, resolved_at, "
                             "resolution_due_at, satisfaction FROM tickets "
                             "WHERE workspace_id = :w AND type = 'complaint' "
                             "AND deleted_at IS NULL",
         soci::use(workspace));
    for (const soci::row& row : tickets) {
      auto found = index.find(store::RowInt(row, 0));
      if (found == index.end()) continue;
      const auto resolved = store::RowOptionalInt(row, 2);
      complaints.push_back(
          {found->second, DayOf(store::RowInt(row, 1)),
           resolved ? DayOf(*resolved) : churn::kNever,
           DayOf(store::RowInt(row, 3)),
           static_cast<int8_t>(store::RowOptionalInt(row, 4).value_or(0))});
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the complaints", error);
  }
  return ToLog(complaints, static_cast<int32_t>(customer_ids.size()));
}

Result<churn::ComplaintLog> LoadComplaintsCsv(const std::string& path,
                                              const LoadedLog& loaded) {
  constexpr size_t kCustomer = 0, kDate = 1, kType = 2, kOutcome = 6;
  auto specs = import::FieldSpecsOf("interactions");
  VAFA_ASSIGN_OR_RETURN(import::ImportSource source,
                        import::OpenImportSource(path, 0, specs));
  std::unordered_map<std::string_view, int32_t> index;
  const auto& keys = loaded.log.customer_keys;
  index.reserve(keys.size());
  for (size_t c = 0; c < keys.size(); ++c)
    index.emplace(keys[c], static_cast<int32_t>(c));
  std::vector<Complaint> complaints;
  std::vector<std::string_view> fields;
  auto field = [&](size_t spec) -> std::string_view {
    int column = source.columns.column(spec);
    return column >= 0 && static_cast<size_t>(column) < fields.size()
               ? import::TrimField(fields[column])
               : std::string_view();
  };
  while (true) {
    VAFA_ASSIGN_OR_RETURN(bool more, source.NextRecord(fields));
    if (!more) break;
    // As the import stores it: «شکایت» is a complaint.
    if (import::CanonicalInteractionType(NormalizeForSearch(field(kType))) !=
        "complaint") {
      continue;
    }
    auto found = index.find(field(kCustomer));
    if (found == index.end()) continue;
    auto at = ParseDateTime(field(kDate));
    if (!at.ok()) {
      return Status::Invalid(source.file_name + ":" +
                             std::to_string(source.reader->line()) +
                             ": column \"" + std::string(specs[kDate].name) +
                             "\": " + at.status().message());
    }
    const DayNumber day = DayOf(*at);
    complaints.push_back({found->second, day,
                          IsResolved(field(kOutcome)) ? day : churn::kNever});
  }
  return ToLog(complaints, loaded.log.customer_count());
}

}  // namespace vafa::pipeline
