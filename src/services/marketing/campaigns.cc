#include "services/marketing/campaigns.h"

#include <soci/soci.h>

#include <nlohmann/json.hpp>
#include <unordered_set>

#include "core/hash.h"
#include "core/json_depth.h"
#include "core/money.h"
#include "store/bulk_insert.h"
#include "store/sql_values.h"

namespace vafa::services::marketing {
namespace {

constexpr char kCampaignHead[] =
    "SELECT id, segment_id, control_percent, attribution_days, cost_minor, "
    "budget_minor, starts_at, ends_at, drawn_at, status FROM campaigns WHERE "
    "workspace_id = :w AND id = :i AND deleted_at IS NULL";
// Completed with the group's condition and kMembersEnd.
constexpr char kMembers[] =
    "SELECT m.customer_id, c.external_id, c.display_name, c.phone, c.email, "
    "m.control, m.responded_at, m.converted_at FROM campaign_members m JOIN "
    "customers c ON c.workspace_id = m.workspace_id AND c.id = m.customer_id "
    "WHERE m.workspace_id = :w AND m.campaign_id = :c AND m.customer_id > :a";
constexpr char kTreatmentOnly[] = " AND m.control = 0";
constexpr char kControlOnly[] = " AND m.control = 1";
constexpr char kMembersEnd[] = " ORDER BY m.customer_id LIMIT :n";
constexpr char kTreatmentBuyers[] =
    "SELECT m.customer_id, MIN(o.ordered_at), SUM(o.total_minor) FROM "
    "campaign_members m JOIN orders o ON o.workspace_id = m.workspace_id AND "
    "o.customer_id = m.customer_id AND o.ordered_at >= :a AND o.ordered_at < "
    ":b AND o.deleted_at IS NULL WHERE m.workspace_id = :w AND m.campaign_id "
    "= :c AND m.control = 0 GROUP BY m.customer_id ORDER BY m.customer_id";
// Each treatment member with what MeasureCampaign sums for a group.
constexpr char kTreatmentMemberOutcomes[] =
    "SELECT m.customer_id, CASE WHEN m.responded_at IS NOT NULL THEN 1 ELSE 0 "
    "END, CASE WHEN m.converted_at IS NOT NULL THEN 1 ELSE 0 END, "
    "COALESCE(m.revenue_minor, 0), CASE WHEN w.n IS NOT NULL THEN 1 ELSE 0 "
    "END, CASE WHEN p.n IS NULL THEN 1 ELSE 0 END, COALESCE(w.revenue, 0) "
    "FROM campaign_members m LEFT JOIN (SELECT customer_id, COUNT(*) AS n, "
    "SUM(total_minor) AS revenue FROM orders WHERE workspace_id = :w1 AND "
    "deleted_at IS NULL AND ordered_at >= :a AND ordered_at < :b GROUP BY "
    "customer_id) w ON w.customer_id = m.customer_id LEFT JOIN (SELECT "
    "customer_id, COUNT(*) AS n FROM orders WHERE workspace_id = :w2 AND "
    "deleted_at IS NULL AND ordered_at < :a2 GROUP BY customer_id) p ON "
    "p.customer_id = m.customer_id WHERE m.workspace_id = :w3 AND "
    "m.campaign_id = :c AND m.control = 0";
constexpr char kInsertSegment[] =
    "INSERT INTO segments (workspace_id, name, description, rules, "
    "created_at) VALUES (:w, :n, :d, :r, :t) RETURNING id";
constexpr char kInsertCampaign[] =
    "INSERT INTO campaigns (workspace_id, name, goal, channel, segment_id, "
    "status, offer, budget_minor, cost_minor, starts_at, ends_at, "
    "attribution_days, control_percent, created_at) VALUES (:w, :n, :g, :ch, "
    ":s, :st, :o, :bu, :co, :a, :b, :ad, :cp, :t) RETURNING id";
constexpr char kSetCampaignCost[] =
    "UPDATE campaigns SET cost_minor = :c WHERE workspace_id = :w AND id = :i";

// Runs "SELECT <what> FROM customers c WHERE <live in workspace> AND
// <segment> <tail>" and hands each row's first column to `each`.
template <typename Each>
Status SelectSegment(store::Database& db, int64_t workspace_id,
                     const SegmentRules& rules, UnixSeconds now,
                     const std::string& what, const std::string& tail,
                     std::vector<long long> tail_values, Each each) {
  SegmentSql segment = CompileSegment(rules, workspace_id, now);
  const std::string sql = "SELECT " + what +
                          " FROM customers c WHERE c.workspace_id = :w AND "
                          "c.deleted_at IS NULL AND " +
                          segment.where + tail;
  try {
    long long workspace = workspace_id, value = 0;
    soci::statement st(db.sql());
    st.exchange(soci::use(workspace));
    for (std::string& text : segment.texts) st.exchange(soci::use(text));
    for (long long& v : tail_values) st.exchange(soci::use(v));
    st.exchange(soci::into(value));
    st.alloc();
    st.prepare(sql);
    st.define_and_bind();
    st.execute(false);
    while (st.fetch()) each(static_cast<int64_t>(value));
  } catch (const std::exception& error) {
    return store::DatabaseError("evaluating the segment", error);
  }
  return Status::Ok();
}

}  // namespace

Result<SegmentRules> LoadSegmentRules(store::Database& db, int64_t workspace_id,
                                      int64_t segment_id) {
  std::string text;
  try {
    long long workspace = workspace_id, id = segment_id;
    db.sql() << "SELECT rules FROM segments WHERE workspace_id = :w AND id = "
                ":i AND deleted_at IS NULL",
        soci::use(workspace), soci::use(id), soci::into(text);
    if (!db.sql().got_data()) {
      return Status::NotFound("segment " + std::to_string(segment_id) +
                              " does not exist");
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the segment", error);
  }
  auto rules = JsonDepthWithin(text)
                   ? nlohmann::json::parse(text, nullptr, false)
                   : nlohmann::json(nlohmann::json::value_t::discarded);
  return ParseSegmentRules(rules);
}

Result<int64_t> CountSegment(store::Database& db, int64_t workspace_id,
                             const SegmentRules& rules, UnixSeconds now) {
  int64_t count = 0;
  VAFA_RETURN_IF_ERROR(SelectSegment(db, workspace_id, rules, now, "COUNT(*)",
                                     "", {}, [&](int64_t n) { count = n; }));
  return count;
}

Result<std::vector<int64_t>> SegmentCustomerIds(store::Database& db,
                                                int64_t workspace_id,
                                                const SegmentRules& rules,
                                                UnixSeconds now,
                                                int64_t after_id, int limit) {
  std::vector<int64_t> ids;
  VAFA_RETURN_IF_ERROR(
      SelectSegment(db, workspace_id, rules, now, "c.id",
                    " AND c.id > :after ORDER BY c.id LIMIT :n",
                    {after_id, limit}, [&](int64_t id) { ids.push_back(id); }));
  return ids;
}

bool InControlGroup(int64_t campaign_id, int64_t customer_id,
                    int control_percent) {
  const double draw =
      UnitInterval(Mix64(static_cast<uint64_t>(campaign_id) * kGoldenGamma ^
                         Mix64(static_cast<uint64_t>(customer_id))));
  return draw * 100.0 < control_percent;
}

Result<DrawReport> DrawCampaignMembers(store::Database& db,
                                       int64_t workspace_id,
                                       int64_t campaign_id,
                                       const SegmentRules& rules,
                                       int control_percent, UnixSeconds now) {
  std::vector<int64_t> ids;
  VAFA_RETURN_IF_ERROR(SelectSegment(db, workspace_id, rules, now, "c.id",
                                     " ORDER BY c.id", {},
                                     [&](int64_t id) { ids.push_back(id); }));
  return DrawCampaignMembersFrom(db, workspace_id, campaign_id, ids,
                                 control_percent, now);
}

Result<DrawReport> DrawCampaignMembersFrom(
    store::Database& db, int64_t workspace_id, int64_t campaign_id,
    const std::vector<int64_t>& ids, int control_percent, UnixSeconds now) {
  try {
    long long workspace = workspace_id, campaign = campaign_id;
    int drawn = 0;
    db.sql() << "SELECT COUNT(*) FROM campaign_members WHERE workspace_id = "
                ":w AND campaign_id = :c",
        soci::use(workspace), soci::use(campaign), soci::into(drawn);
    if (drawn > 0) {
      return Status::Conflict("the campaign's members were drawn already");
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the campaign's members", error);
  }
  DrawReport report;
  store::BulkInsert insert(
      db, "campaign_members",
      {"workspace_id", "campaign_id", "customer_id", "control"});
  for (int64_t id : ids) {
    const bool control = InControlGroup(campaign_id, id, control_percent);
    insert.Int(workspace_id);
    insert.Int(campaign_id);
    insert.Int(id);
    insert.Int(control ? 1 : 0);
    VAFA_RETURN_IF_ERROR(insert.EndRow());
    ++report.members;
    if (control) ++report.control;
  }
  VAFA_RETURN_IF_ERROR(insert.Flush());
  try {
    long long workspace = workspace_id, campaign = campaign_id,
              members = report.members, control = report.control, at = now;
    db.sql() << "UPDATE campaigns SET members_count = :m, control_count = :k, "
                "drawn_at = :t WHERE workspace_id = :w AND id = :c",
        soci::use(members), soci::use(control), soci::use(at),
        soci::use(workspace), soci::use(campaign);
  } catch (const std::exception& error) {
    return store::DatabaseError("counting the campaign's members", error);
  }
  return report;
}

Status RecordCampaignResponses(store::Database& db, int64_t workspace_id,
                               int64_t campaign_id,
                               const std::vector<CampaignResponse>& responses) {
  try {
    long long workspace = workspace_id, campaign = campaign_id;
    for (size_t i = 0; i < responses.size(); ++i) {
      const CampaignResponse& r = responses[i];
      const std::string at = "items[" + std::to_string(i) + "].customer_id";
      long long customer = r.customer_id;
      int control = -1;
      soci::indicator null = soci::i_ok;
      db.sql() << "SELECT control FROM campaign_members WHERE workspace_id = "
                  ":w AND campaign_id = :c AND customer_id = :u",
          soci::use(workspace), soci::use(campaign), soci::use(customer),
          soci::into(control, null);
      if (!db.sql().got_data()) {
        return Status::Refused(at, "customer " + std::to_string(r.customer_id) +
                                       " is not a member of the campaign");
      }
      if (control == 1) {
        return Status::Refused(at, "customer " + std::to_string(r.customer_id) +
                                       " is in the control group: nothing was "
                                       "sent to them");
      }
      // A conversion is a response too; first times are kept.
      long long responded =
          r.responded_at != 0 ? r.responded_at : r.converted_at;
      long long converted = r.converted_at;
      long long revenue = r.revenue_minor;
      if (responded != 0) {
        db.sql() << "UPDATE campaign_members SET responded_at = :t WHERE "
                    "workspace_id = :w AND campaign_id = :c AND customer_id = "
                    ":u AND (responded_at IS NULL OR responded_at > :t2)",
            soci::use(responded), soci::use(workspace), soci::use(campaign),
            soci::use(customer), soci::use(responded);
      }
      if (converted != 0) {
        db.sql() << "UPDATE campaign_members SET converted_at = :t WHERE "
                    "workspace_id = :w AND campaign_id = :c AND customer_id = "
                    ":u AND (converted_at IS NULL OR converted_at > :t2)",
            soci::use(converted), soci::use(workspace), soci::use(campaign),
            soci::use(customer), soci::use(converted);
      }
      if (revenue >= 0) {
        db.sql() << "UPDATE campaign_members SET revenue_minor = :r WHERE "
                    "workspace_id = :w AND campaign_id = :c AND customer_id = "
                    ":u",
            soci::use(revenue), soci::use(workspace), soci::use(campaign),
            soci::use(customer);
      }
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("recording the responses", error);
  }
  return Status::Ok();
}

Result<CampaignOutcomes> MeasureCampaign(store::Database& db,
                                         int64_t workspace_id,
                                         int64_t campaign_id, UnixSeconds from,
                                         UnixSeconds to) {
  CampaignOutcomes outcomes;
  try {
    long long w1 = workspace_id, w2 = workspace_id, w3 = workspace_id,
              campaign = campaign_id, a = from, b = to, a2 = from;
    soci::rowset<soci::row> rows =
        (db.sql().prepare
             << "SELECT m.control, COUNT(*), "
                "SUM(CASE WHEN m.responded_at IS NOT NULL THEN 1 ELSE 0 END), "
                "SUM(CASE WHEN m.converted_at IS NOT NULL THEN 1 ELSE 0 END), "
                "SUM(COALESCE(m.revenue_minor, 0)), "
                "SUM(CASE WHEN w.n IS NOT NULL THEN 1 ELSE 0 END), "
                "SUM(CASE WHEN w.n IS NOT NULL AND p.n IS NULL THEN 1 ELSE 0 "
                "END), "
                "SUM(CASE WHEN p.n IS NULL THEN 1 ELSE 0 END), "
                "SUM(COALESCE(w.revenue, 0)), "
                "SUM(CAST(COALESCE(w.revenue, 0) AS DOUBLE PRECISION) * "
                "COALESCE(w.revenue, 0)) "
                "FROM campaign_members m "
                "LEFT JOIN (SELECT customer_id, COUNT(*) AS n, "
                "SUM(total_minor) AS revenue FROM orders WHERE workspace_id = "
                ":w1 AND deleted_at IS NULL AND ordered_at >= :a AND "
                "ordered_at < :b GROUP BY customer_id) w ON w.customer_id = "
                "m.customer_id "
                "LEFT JOIN (SELECT customer_id, COUNT(*) AS n FROM orders "
                "WHERE workspace_id = :w2 AND deleted_at IS NULL AND "
                "ordered_at < :a2 GROUP BY customer_id) p ON p.customer_id = "
                "m.customer_id "
                "WHERE m.workspace_id = :w3 AND m.campaign_id = :c "
                "GROUP BY m.control",
         soci::use(w1), soci::use(a), soci::use(b), soci::use(w2),
         soci::use(a2), soci::use(w3), soci::use(campaign));
    for (const soci::row& row : rows) {
      GroupOutcome& group =
          store::RowInt(row, 0) == 1 ? outcomes.control : outcomes.treatment;
      group.members = store::RowInt(row, 1);
      group.responded = store::RowInt(row, 2);
      group.converted = store::RowInt(row, 3);
      group.recorded_revenue_minor = store::RowInt(row, 4);
      group.buyers = store::RowInt(row, 5);
      group.new_buyers = store::RowInt(row, 6);
      group.never_bought = store::RowInt(row, 7);
      group.window_revenue_minor = store::RowInt(row, 8);
      group.window_revenue_squares =
          store::RowOptionalDouble(row, 9).value_or(0);
    }
  } catch (const std::exception& error) {
    Status failed = store::DatabaseError("measuring the campaign", error);
    // Revenues come from clients (responses, orders): a sum past 64 bits
    // is theirs to correct, named, never a wrapped figure.
    if (failed.code() == StatusCode::kFailedPrecondition) {
      return Status::Refused(
          "revenue_minor",
          AmountOverflowMessage("the campaign's sum of revenue_minor"));
    }
    return failed;
  }
  return outcomes;
}

Result<GroupOutcome> MeasureTreatmentAmong(store::Database& db,
                                           int64_t workspace_id,
                                           int64_t campaign_id,
                                           UnixSeconds from, UnixSeconds to,
                                           const std::vector<int64_t>& among) {
  const std::unordered_set<int64_t> chosen(among.begin(), among.end());
  GroupOutcome group;
  try {
    long long w1 = workspace_id, w2 = workspace_id, w3 = workspace_id,
              campaign = campaign_id, a = from, b = to, a2 = from;
    soci::rowset<soci::row> rows =
        (db.sql().prepare << kTreatmentMemberOutcomes, soci::use(w1),
         soci::use(a), soci::use(b), soci::use(w2), soci::use(a2),
         soci::use(w3), soci::use(campaign));
    for (const soci::row& row : rows) {
      if (chosen.count(store::RowInt(row, 0)) == 0) continue;
      const bool bought = store::RowInt(row, 4) == 1,
                 never = store::RowInt(row, 5) == 1;
      ++group.members;
      group.responded += store::RowInt(row, 1);
      group.converted += store::RowInt(row, 2);
      group.buyers += bought ? 1 : 0;
      group.new_buyers += bought && never ? 1 : 0;
      group.never_bought += never ? 1 : 0;
      if (__builtin_add_overflow(group.recorded_revenue_minor,
                                 store::RowInt(row, 3),
                                 &group.recorded_revenue_minor) ||
          __builtin_add_overflow(group.window_revenue_minor,
                                 store::RowInt(row, 6),
                                 &group.window_revenue_minor)) {
        return Status::Refused(
            "revenue_minor",
            AmountOverflowMessage("the campaign's sum of revenue_minor"));
      }
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("measuring the campaign's delivered members",
                                error);
  }
  return group;
}

Result<std::vector<CampaignBuyer>> TreatmentBuyers(store::Database& db,
                                                   int64_t workspace_id,
                                                   int64_t campaign_id,
                                                   UnixSeconds from,
                                                   UnixSeconds to) {
  std::vector<CampaignBuyer> buyers;
  try {
    long long workspace = workspace_id, c = campaign_id, a = from, b = to;
    soci::rowset<soci::row> rows =
        (db.sql().prepare << kTreatmentBuyers, soci::use(a), soci::use(b),
         soci::use(workspace), soci::use(c));
    for (const soci::row& row : rows) {
      buyers.push_back({store::RowInt(row, 0), store::RowInt(row, 1),
                        store::RowInt(row, 2)});
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the campaign's buyers", error);
  }
  return buyers;
}

Result<int64_t> InsertSegment(store::Database& db, int64_t workspace_id,
                              const std::string& name,
                              const std::string& description,
                              const std::string& rules_json,
                              UnixSeconds created_at) {
  try {
    long long workspace = workspace_id, created = created_at, id = 0;
    db.sql() << kInsertSegment, soci::use(workspace), soci::use(name),
        soci::use(description), soci::use(rules_json), soci::use(created),
        soci::into(id);
    return static_cast<int64_t>(id);
  } catch (const std::exception& error) {
    return store::DatabaseError("writing the segment", error);
  }
}

Result<int64_t> InsertCampaign(store::Database& db, int64_t workspace_id,
                               const NewCampaign& campaign) {
  try {
    long long workspace = workspace_id, segment = campaign.segment_id,
              budget = campaign.budget_minor, cost = campaign.cost_minor,
              a = campaign.starts_at, b = campaign.ends_at,
              created = campaign.created_at, id = 0;
    int attribution = campaign.attribution_days,
        control = campaign.control_percent;
    db.sql() << kInsertCampaign, soci::use(workspace), soci::use(campaign.name),
        soci::use(campaign.goal), soci::use(campaign.channel),
        soci::use(segment), soci::use(campaign.status),
        soci::use(campaign.offer), soci::use(budget), soci::use(cost),
        soci::use(a), soci::use(b), soci::use(attribution), soci::use(control),
        soci::use(created), soci::into(id);
    return static_cast<int64_t>(id);
  } catch (const std::exception& error) {
    return store::DatabaseError("writing the campaign", error);
  }
}

Status SetCampaignCost(store::Database& db, int64_t workspace_id,
                       int64_t campaign_id, int64_t cost_minor) {
  try {
    long long workspace = workspace_id, campaign = campaign_id,
              cost = cost_minor;
    db.sql() << kSetCampaignCost, soci::use(cost), soci::use(workspace),
        soci::use(campaign);
  } catch (const std::exception& error) {
    return store::DatabaseError("costing the campaign", error);
  }
  return Status::Ok();
}

Result<CampaignHead> LoadCampaignHead(store::Database& db, int64_t workspace_id,
                                      int64_t campaign_id) {
  CampaignHead c;
  try {
    long long ws = workspace_id, wanted = campaign_id;
    soci::row row;
    db.sql() << kCampaignHead, soci::use(ws), soci::use(wanted),
        soci::into(row);
    if (!db.sql().got_data()) {
      return Status::NotFound("campaign " + std::to_string(campaign_id) +
                              " does not exist");
    }
    c.id = store::RowInt(row, 0);
    c.segment_id = store::RowInt(row, 1);
    c.control_percent = static_cast<int>(store::RowInt(row, 2));
    c.attribution_days = static_cast<int>(store::RowInt(row, 3));
    c.cost_minor = store::RowInt(row, 4);
    c.budget_minor = store::RowOptionalInt(row, 5).value_or(-1);
    c.starts_at = store::RowInt(row, 6);
    c.ends_at = store::RowInt(row, 7);
    c.drawn = !store::RowIsNull(row, 8);
    c.status = store::RowText(row, 9);
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the campaign", error);
  }
  return c;
}

Result<std::vector<CampaignMember>> ListCampaignMembers(
    store::Database& db, int64_t workspace_id, int64_t campaign_id,
    MemberGroup group, int64_t after_id, int64_t limit) {
  std::vector<CampaignMember> members;
  std::string sql = kMembers;
  if (group == MemberGroup::kTreatment) sql += kTreatmentOnly;
  if (group == MemberGroup::kControl) sql += kControlOnly;
  sql += kMembersEnd;
  try {
    long long ws = workspace_id, campaign = campaign_id, from = after_id,
              n = limit;
    soci::rowset<soci::row> rows =
        (db.sql().prepare << sql, soci::use(ws), soci::use(campaign),
         soci::use(from), soci::use(n));
    for (const soci::row& row : rows) {
      members.push_back({.customer_id = store::RowInt(row, 0),
                         .external_id = store::RowText(row, 1),
                         .display_name = store::RowText(row, 2),
                         .phone = store::RowText(row, 3),
                         .email = store::RowText(row, 4),
                         .control = store::RowInt(row, 5) == 1,
                         .responded_at = store::RowInt(row, 6),
                         .converted_at = store::RowInt(row, 7)});
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("listing the campaign's members", error);
  }
  return members;
}

}  // namespace vafa::services::marketing
