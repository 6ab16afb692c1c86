#include "services/sales/sales.h"

#include <soci/soci.h>

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "core/hash.h"
#include "core/phone.h"
#include "store/customer_repository.h"
#include "store/sql_values.h"

namespace vafa::services::sales {
namespace {

std::string CalendarKey(SalesCalendar calendar) {
  return calendar == SalesCalendar::kJalali ? "jalali" : "gregorian";
}

// Deals of the filter, after "WHERE": bound to :w, :p, :o, :o2, :t, :t2
// (an owner of 0 and a team of "" match every deal).
constexpr char kLastDealStage[] =
    "SELECT to_stage FROM deal_moves WHERE workspace_id = :w AND deal_id = :d "
    "ORDER BY id DESC LIMIT 1";
constexpr char kDealMoves[] =
    "SELECT from_stage, to_stage, user_id, at FROM deal_moves WHERE "
    "workspace_id = :w AND deal_id = :d ORDER BY id";
constexpr char kDealCustomer[] =
    "SELECT customer_id FROM deals WHERE workspace_id = :w AND id = :d";

constexpr char kDealCondition[] =
    "workspace_id = :w AND pipeline = :p AND deleted_at IS NULL AND "
    "(:o = 0 OR owner_user_id = :o2) AND (:t = '' OR team = :t2)";

}  // namespace

std::string DealFilter::TargetOwner() const {
  if (owner_user_id != 0) return "user:" + std::to_string(owner_user_id);
  if (!team.empty()) return "team:" + team;
  return "all";
}

Result<std::vector<Pipeline>> LoadPipelines(store::Database& db,
                                            int64_t workspace_id) {
  std::vector<Pipeline> pipelines;
  try {
    long long workspace = workspace_id;
    soci::rowset<soci::row> rows =
        (db.sql().prepare
             << "SELECT pipeline, stage, name, name_fa, probability, outcome "
                "FROM pipeline_stages WHERE workspace_id = :w "
                "ORDER BY pipeline, position",
         soci::use(workspace));
    for (const soci::row& row : rows) {
      std::string key = store::RowText(row, 0);
      if (pipelines.empty() || pipelines.back().key != key) {
        Pipeline pipeline;
        pipeline.key = key;
        pipelines.push_back(std::move(pipeline));
      }
      Stage stage;
      stage.key = store::RowText(row, 1);
      stage.name = store::RowText(row, 2);
      stage.name_fa = store::RowText(row, 3);
      stage.probability = static_cast<int>(store::RowInt(row, 4));
      stage.outcome =
          ParseDealStatus(store::RowText(row, 5)).value_or(DealStatus::kOpen);
      pipelines.back().stages.push_back(std::move(stage));
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the pipelines", error);
  }
  const bool has_default =
      std::any_of(pipelines.begin(), pipelines.end(),
                  [](const Pipeline& p) { return p.key == "sales"; });
  if (!has_default) pipelines.insert(pipelines.begin(), DefaultPipeline());
  return pipelines;
}

Result<Pipeline> LoadPipeline(store::Database& db, int64_t workspace_id,
                              const std::string& key) {
  VAFA_ASSIGN_OR_RETURN(auto pipelines, LoadPipelines(db, workspace_id));
  for (Pipeline& pipeline : pipelines) {
    if (pipeline.key == key) return std::move(pipeline);
  }
  return Status::NotFound("pipeline \"" + key + "\" does not exist");
}

Status SavePipeline(store::Database& db, int64_t workspace_id,
                    const Pipeline& pipeline) {
  VAFA_RETURN_IF_ERROR(CheckPipeline(pipeline));
  try {
    long long workspace = workspace_id;
    soci::rowset<std::string> used =
        (db.sql().prepare
             << "SELECT DISTINCT stage FROM deals WHERE workspace_id = :w AND "
                "pipeline = :p AND deleted_at IS NULL",
         soci::use(workspace), soci::use(pipeline.key));
    for (const std::string& stage : used) {
      if (pipeline.Find(stage) == nullptr) {
        return Status::Refused("stages", "deals stand at stage \"" + stage +
                                             "\"; move them before removing "
                                             "it");
      }
    }
    db.sql() << "DELETE FROM pipeline_stages WHERE workspace_id = :w AND "
                "pipeline = :p",
        soci::use(workspace), soci::use(pipeline.key);
    for (size_t i = 0; i < pipeline.stages.size(); ++i) {
      const Stage& stage = pipeline.stages[i];
      int position = static_cast<int>(i);
      std::string outcome(DealStatusName(stage.outcome));
      db.sql() << "INSERT INTO pipeline_stages (workspace_id, pipeline, stage, "
                  "position, name, name_fa, probability, outcome) VALUES (:w, "
                  ":p, :s, :i, :n, :f, :b, :o)",
          soci::use(workspace), soci::use(pipeline.key), soci::use(stage.key),
          soci::use(position), soci::use(stage.name), soci::use(stage.name_fa),
          soci::use(stage.probability), soci::use(outcome);
    }
    // Open deals take their stage's probability as it is now.
    for (const Stage& stage : pipeline.stages) {
      db.sql() << "UPDATE deals SET probability = :b WHERE workspace_id = :w "
                  "AND pipeline = :p AND stage = :s AND probability <> :b2",
          soci::use(stage.probability), soci::use(workspace),
          soci::use(pipeline.key), soci::use(stage.key),
          soci::use(stage.probability);
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("saving the pipeline", error);
  }
  return Status::Ok();
}

Status RecordDealMove(store::Database& db, int64_t workspace_id,
                      int64_t deal_id, const std::string& from,
                      const std::string& to, int64_t user_id, UnixSeconds at) {
  try {
    long long workspace = workspace_id, deal = deal_id, user = user_id,
              when = at;
    soci::indicator from_null = from.empty() ? soci::i_null : soci::i_ok;
    soci::indicator user_null = user_id == 0 ? soci::i_null : soci::i_ok;
    db.sql() << "INSERT INTO deal_moves (workspace_id, deal_id, from_stage, "
                "to_stage, user_id, at) VALUES (:w, :d, :f, :t, :u, :a)",
        soci::use(workspace), soci::use(deal), soci::use(from, from_null),
        soci::use(to), soci::use(user, user_null), soci::use(when);
  } catch (const std::exception& error) {
    return store::DatabaseError("recording the deal's move", error);
  }
  return Status::Ok();
}

Result<std::string> LastDealStage(store::Database& db, int64_t workspace_id,
                                  int64_t deal_id) {
  try {
    long long workspace = workspace_id, deal = deal_id;
    std::string stage;
    soci::indicator null = soci::i_ok;
    db.sql() << kLastDealStage, soci::use(workspace), soci::use(deal),
        soci::into(stage, null);
    if (!db.sql().got_data() || null != soci::i_ok) stage.clear();
    return stage;
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the deal's stage", error);
  }
}

Result<std::vector<DealMove>> ListDealMoves(store::Database& db,
                                            int64_t workspace_id,
                                            int64_t deal_id) {
  std::vector<DealMove> moves;
  try {
    long long workspace = workspace_id, deal = deal_id;
    soci::rowset<soci::row> rows =
        (db.sql().prepare << kDealMoves, soci::use(workspace), soci::use(deal));
    for (const soci::row& row : rows) {
      moves.push_back({store::RowText(row, 0), store::RowText(row, 1),
                       store::RowInt(row, 2), store::RowInt(row, 3)});
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the deal's moves", error);
  }
  return moves;
}

Result<std::optional<int64_t>> DealCustomer(store::Database& db,
                                            int64_t workspace_id,
                                            int64_t deal_id) {
  try {
    long long workspace = workspace_id, deal = deal_id, customer = 0;
    soci::indicator null = soci::i_ok;
    db.sql() << kDealCustomer, soci::use(workspace), soci::use(deal),
        soci::into(customer, null);
    if (!db.sql().got_data()) return std::optional<int64_t>();
    return std::optional<int64_t>(null == soci::i_ok ? customer : 0);
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the deal's customer", error);
  }
}

Result<std::vector<DealFacts>> LoadDealFacts(store::Database& db,
                                             int64_t workspace_id,
                                             const DealFilter& filter) {
  std::vector<DealFacts> deals;
  try {
    long long workspace = workspace_id, owner = filter.owner_user_id;
    soci::rowset<soci::row> rows =
        (db.sql().prepare << std::string("SELECT status, value_minor, "
                                         "probability, expected_close_at, "
                                         "closed_at FROM deals WHERE ") +
                                 kDealCondition,
         soci::use(workspace), soci::use(filter.pipeline), soci::use(owner),
         soci::use(owner), soci::use(filter.team), soci::use(filter.team));
    for (const soci::row& row : rows) {
      DealFacts deal;
      deal.status =
          ParseDealStatus(store::RowText(row, 0)).value_or(DealStatus::kOpen);
      deal.value_minor = store::RowInt(row, 1);
      deal.probability = static_cast<int>(store::RowInt(row, 2));
      deal.expected_close_at = store::RowInt(row, 3);
      deal.closed_at = store::RowInt(row, 4);
      deals.push_back(deal);
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the deals", error);
  }
  return deals;
}

Result<std::vector<DealPath>> LoadDealPaths(store::Database& db,
                                            int64_t workspace_id,
                                            const DealFilter& filter) {
  std::vector<DealPath> paths;
  std::unordered_map<int64_t, size_t> index;
  try {
    long long workspace = workspace_id, owner = filter.owner_user_id;
    soci::rowset<soci::row> rows =
        (db.sql().prepare << std::string("SELECT id, status, created_at, "
                                         "closed_at FROM deals WHERE ") +
                                 kDealCondition + " ORDER BY id",
         soci::use(workspace), soci::use(filter.pipeline), soci::use(owner),
         soci::use(owner), soci::use(filter.team), soci::use(filter.team));
    for (const soci::row& row : rows) {
      DealPath path;
      path.status =
          ParseDealStatus(store::RowText(row, 1)).value_or(DealStatus::kOpen);
      path.created_at = store::RowInt(row, 2);
      path.closed_at = store::RowInt(row, 3);
      index[store::RowInt(row, 0)] = paths.size();
      paths.push_back(std::move(path));
    }
    soci::rowset<soci::row> moves =
        (db.sql().prepare
             << "SELECT deal_id, to_stage, at FROM deal_moves WHERE "
                "workspace_id = :w ORDER BY deal_id, id",
         soci::use(workspace));
    for (const soci::row& row : moves) {
      auto it = index.find(store::RowInt(row, 0));
      if (it == index.end()) continue;
      paths[it->second].entries.push_back(
          {store::RowText(row, 1), store::RowInt(row, 2)});
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the deals' moves", error);
  }
  return paths;
}

Result<std::vector<SalesTarget>> ListSalesTargets(store::Database& db,
                                                  int64_t workspace_id,
                                                  SalesCalendar calendar) {
  std::vector<SalesTarget> targets;
  try {
    long long workspace = workspace_id;
    std::string key = CalendarKey(calendar);
    soci::rowset<soci::row> rows =
        (db.sql().prepare << "SELECT period, owner, amount_minor FROM "
                             "sales_targets WHERE workspace_id = :w AND "
                             "calendar = :c ORDER BY period, owner",
         soci::use(workspace), soci::use(key));
    for (const soci::row& row : rows) {
      targets.push_back({store::RowText(row, 0), store::RowText(row, 1),
                         store::RowInt(row, 2)});
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the sales targets", error);
  }
  return targets;
}

namespace {

bool IsMonthLabel(const std::string& text, SalesCalendar calendar) {
  if (text.size() != 7 || text[4] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  const int year = std::stoi(text.substr(0, 4));
  const int month = std::stoi(text.substr(5, 2));
  const bool jalali = calendar == SalesCalendar::kJalali;
  return month >= 1 && month <= 12 &&
         (jalali ? year >= 1300 && year <= 1500 : year >= 1921 && year <= 2121);
}

bool IsTargetOwner(const std::string& owner) {
  if (owner == "all") return true;
  if (owner.starts_with("user:")) {
    std::string id = owner.substr(5);
    return !id.empty() && id.size() < 19 &&
           std::all_of(id.begin(), id.end(),
                       [](char c) { return c >= '0' && c <= '9'; });
  }
  return owner.starts_with("team:") && owner.size() > 5 && owner.size() <= 105;
}

}  // namespace

Status SaveSalesTargets(store::Database& db, int64_t workspace_id,
                        SalesCalendar calendar,
                        const std::vector<SalesTarget>& targets) {
  for (size_t i = 0; i < targets.size(); ++i) {
    const std::string at = "targets[" + std::to_string(i) + "]";
    if (!IsMonthLabel(targets[i].period, calendar)) {
      return Status::Refused(at + ".period",
                             "a period is a month, YYYY-MM, in the " +
                                 CalendarKey(calendar) + " calendar");
    }
    if (!IsTargetOwner(targets[i].owner)) {
      return Status::Refused(at + ".owner",
                             "an owner is \"all\", \"user:ID\" or "
                             "\"team:NAME\"");
    }
    if (targets[i].amount_minor < 0) {
      return Status::Refused(at + ".amount_minor", "a target is >= 0");
    }
  }
  try {
    long long workspace = workspace_id;
    std::string key = CalendarKey(calendar);
    for (const SalesTarget& target : targets) {
      db.sql() << "DELETE FROM sales_targets WHERE workspace_id = :w AND "
                  "calendar = :c AND period = :p AND owner = :o",
          soci::use(workspace), soci::use(key), soci::use(target.period),
          soci::use(target.owner);
      if (target.amount_minor == 0) continue;
      long long amount = target.amount_minor;
      db.sql() << "INSERT INTO sales_targets (workspace_id, calendar, period, "
                  "owner, amount_minor) VALUES (:w, :c, :p, :o, :a)",
          soci::use(workspace), soci::use(key), soci::use(target.period),
          soci::use(target.owner), soci::use(amount);
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("saving the sales targets", error);
  }
  return Status::Ok();
}

Result<int64_t> InsertDeal(store::Database& db, int64_t workspace_id,
                           int64_t customer_id, const std::string& external_id,
                           const std::string& title,
                           const std::string& pipeline, const DealState& state,
                           int64_t value_minor, const std::string& team,
                           int64_t lead_id, int64_t owner_user_id,
                           UnixSeconds expected_close_at,
                           UnixSeconds created_at) {
  try {
    long long workspace = workspace_id, customer = customer_id,
              value = value_minor, lead = lead_id, owner = owner_user_id,
              expected = expected_close_at, entered = state.stage_entered_at,
              closed = state.closed_at, created = created_at, id = 0;
    std::string status(DealStatusName(state.status));
    soci::indicator team_null = team.empty() ? soci::i_null : soci::i_ok;
    soci::indicator lead_null = lead_id == 0 ? soci::i_null : soci::i_ok;
    soci::indicator owner_null = owner_user_id == 0 ? soci::i_null : soci::i_ok;
    soci::indicator closed_null =
        state.closed_at == 0 ? soci::i_null : soci::i_ok;
    soci::indicator reason_null =
        state.close_reason.empty() ? soci::i_null : soci::i_ok;
    db.sql() << "INSERT INTO deals (workspace_id, customer_id, external_id, "
                "title, pipeline, stage, status, probability, value_minor, "
                "owner_user_id, team, lead_id, expected_close_at, "
                "stage_entered_at, closed_at, close_reason, created_at) "
                "VALUES (:w, :c, :e, :t, :p, :s, :st, :b, :v, :o, :tm, :l, "
                ":x, :se, :cl, :r, :ca) RETURNING id",
        soci::use(workspace), soci::use(customer), soci::use(external_id),
        soci::use(title), soci::use(pipeline), soci::use(state.stage),
        soci::use(status), soci::use(state.probability), soci::use(value),
        soci::use(owner, owner_null), soci::use(team, team_null),
        soci::use(lead, lead_null), soci::use(expected), soci::use(entered),
        soci::use(closed, closed_null),
        soci::use(state.close_reason, reason_null), soci::use(created),
        soci::into(id);
    return static_cast<int64_t>(id);
  } catch (const std::exception& error) {
    return store::DatabaseError("writing the deal", error);
  }
}

namespace {

constexpr char kInsertLead[] =
    "INSERT INTO leads (workspace_id, external_id, name, company, phone, "
    "source, status, disqualify_reason, estimated_value_minor, team, "
    "created_at) VALUES (:w, :e, :n, :c, :p, :s, :st, :r, :v, :t, :a)";

}  // namespace

Status InsertLead(store::Database& db, int64_t workspace_id,
                  const NewLead& lead) {
  try {
    long long workspace = workspace_id, value = lead.estimated_value_minor,
              created_at = lead.created_at;
    soci::indicator company_null =
        lead.company.empty() ? soci::i_null : soci::i_ok;
    soci::indicator reason_null =
        lead.disqualify_reason.empty() ? soci::i_null : soci::i_ok;
    db.sql() << kInsertLead, soci::use(workspace), soci::use(lead.external_id),
        soci::use(lead.name), soci::use(lead.company, company_null),
        soci::use(lead.phone), soci::use(lead.source), soci::use(lead.status),
        soci::use(lead.disqualify_reason, reason_null), soci::use(value),
        soci::use(lead.team), soci::use(created_at);
  } catch (const std::exception& error) {
    return store::DatabaseError("writing the lead", error);
  }
  return Status::Ok();
}

Result<LeadConversion> ConvertLead(store::Database& db, int64_t workspace_id,
                                   int64_t lead_id,
                                   const ConvertOptions& options,
                                   int64_t user_id, UnixSeconds now) {
  VAFA_ASSIGN_OR_RETURN(Pipeline pipeline,
                        LoadPipeline(db, workspace_id, options.pipeline));
  std::string name, company, phone, email, status, team;
  std::optional<int64_t> estimate, owner;
  try {
    long long workspace = workspace_id, lead = lead_id;
    soci::row row;
    db.sql() << "SELECT name, company, phone, email, status, team, "
                "estimated_value_minor, owner_user_id FROM leads WHERE "
                "workspace_id = :w AND id = :l AND deleted_at IS NULL",
        soci::use(workspace), soci::use(lead), soci::into(row);
    if (!db.sql().got_data()) {
      return Status::NotFound("lead " + std::to_string(lead_id) +
                              " does not exist");
    }
    name = store::RowText(row, 0);
    company = store::RowText(row, 1);
    phone = store::RowText(row, 2);
    email = store::RowText(row, 3);
    status = store::RowText(row, 4);
    team = store::RowText(row, 5);
    estimate = store::RowOptionalInt(row, 6);
    owner = store::RowOptionalInt(row, 7);
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the lead", error);
  }
  if (status == "converted") {
    return Status::Refused("status", "the lead is converted already");
  }
  if (status == "disqualified") {
    return Status::Refused("status",
                           "a disqualified lead is not converted; requalify "
                           "it first");
  }
  LeadConversion conversion;
  store::CustomerRepository customers(db);
  if (options.customer_id != 0) {
    VAFA_ASSIGN_OR_RETURN(store::Customer customer,
                          customers.Get(workspace_id, options.customer_id));
    if (customer.deleted_at) {
      return Status::Refused("customer_id", "the customer is deleted");
    }
    conversion.customer_id = customer.id;
  } else {
    store::Customer customer;
    customer.workspace_id = workspace_id;
    customer.external_id = "lead-" + std::to_string(lead_id);
    if (!company.empty()) {
      customer.kind = "organisation";
      customer.organisation_name = company;
    } else {
      customer.first_name = name;
    }
    customer.display_name = company.empty() ? name : company;
    if (!phone.empty()) {
      auto normal = NormalizePhone(phone);
      if (!normal.ok()) {
        return Status::Refused(
            "phone", "the lead's phone: " + normal.status().message());
      }
      customer.phone = *normal;
    }
    customer.email = email;
    customer.acquisition_channel = "lead";
    customer.joined_at = now;
    customer.created_at = now;
    customer.updated_at = now;
    VAFA_RETURN_IF_ERROR(customers.Insert(customer));
    conversion.customer_id = customer.id;
    conversion.customer_created = true;
  }
  VAFA_ASSIGN_OR_RETURN(DealState state, OpenDeal(pipeline, "", now));
  const std::string title = !options.deal_title.empty() ? options.deal_title
                            : !company.empty()          ? company
                                                        : name;
  const int64_t value =
      options.value_minor >= 0 ? options.value_minor : estimate.value_or(0);
  VAFA_ASSIGN_OR_RETURN(
      conversion.deal_id,
      InsertDeal(db, workspace_id, conversion.customer_id,
                 "lead-" + std::to_string(lead_id), title, pipeline.key, state,
                 value, team, lead_id, owner.value_or(0),
                 options.expected_close_at != 0 ? options.expected_close_at
                                                : now + 30 * 86400,
                 now));
  VAFA_RETURN_IF_ERROR(RecordDealMove(db, workspace_id, conversion.deal_id, "",
                                      state.stage, user_id, now));
  try {
    long long workspace = workspace_id, lead = lead_id,
              customer = conversion.customer_id, deal = conversion.deal_id,
              when = now;
    db.sql() << "UPDATE leads SET status = 'converted', customer_id = :c, "
                "deal_id = :d, converted_at = :t, updated_at = :t2, version = "
                "version + 1 WHERE workspace_id = :w AND id = :l",
        soci::use(customer), soci::use(deal), soci::use(when), soci::use(when),
        soci::use(workspace), soci::use(lead);
  } catch (const std::exception& error) {
    return store::DatabaseError("converting the lead", error);
  }
  return conversion;
}

}  // namespace vafa::services::sales
