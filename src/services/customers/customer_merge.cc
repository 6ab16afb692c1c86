#include "services/customers/customer_merge.h"

#include <soci/soci.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>

#include "auth/audit_log.h"
#include "store/customer_repository.h"
#include "store/sql_values.h"

namespace vafa::services::customers {
namespace {

// A table whose rows name a customer in `column` and move with it; `key`
// identifies a row of the workspace's table once the customer is fixed.
struct MovedTable {
  const char* table;
  const char* key;
  const char* column;
};

// Every table whose rows belong to a customer, in the order they move.
// campaign_members moves after the memberships the kept customer shares
// have been set aside, so no key collides.
constexpr MovedTable kMovedTables[] = {
    {"orders", "id", "customer_id"},
    {"order_lines", "line_key", "customer_id"},
    {"interactions", "id", "customer_id"},
    {"tickets", "id", "customer_id"},
    {"ticket_events", "id", "customer_id"},
    {"leads", "id", "customer_id"},
    {"deals", "id", "customer_id"},
    {"tasks", "id", "customer_id"},
    {"loyalty_ledger", "id", "customer_id"},
    {"survey_responses", "id", "customer_id"},
    {"holdings", "id", "customer_id"},
    {"campaign_members", "campaign_id", "customer_id"},
    {"outbox_messages", "id", "customer_id"},  // the messages sent and due
    {"customers", "id", "parent_id"},          // an organisation's contacts
};

// The customers table's columns, as saved before a merge and put back.
constexpr char kCustomerColumns[] =
    "id, workspace_id, external_id, kind, parent_id, first_name, last_name, "
    "organisation_name, display_name, national_id, phone, email, gender, "
    "birth_date, city, province, acquisition_channel, acquisition_cost_minor, "
    "joined_at, language, created_at, updated_at, deleted_at, batch_id, "
    "version, merged_into";

constexpr char kLockCustomersPostgres[] =
    "SELECT id FROM customers WHERE workspace_id = :w AND id IN (:k, :o) "
    "FOR UPDATE";
constexpr char kWorkspaceOfCustomer[] =
    "SELECT workspace_id, merged_into FROM customers WHERE id = :id";
constexpr char kOpposedCampaign[] =
    "SELECT k.campaign_id FROM campaign_members k JOIN campaign_members o ON "
    "o.workspace_id = k.workspace_id AND o.campaign_id = k.campaign_id "
    "WHERE k.workspace_id = :w AND k.customer_id = :k AND o.customer_id = :o "
    "AND k.control <> o.control ORDER BY k.campaign_id LIMIT 1";
constexpr char kInsertMerge[] =
    "INSERT INTO customer_merges (workspace_id, kept_id, other_id, batch, "
    "fields_from_other, kept_version_after, other_version_after, merged_by, "
    "merged_at) VALUES (:w, :k, :o, :b, :f, :kv, :ov, :by, :at) RETURNING id";
constexpr char kSaveScores[] =
    "INSERT INTO customer_merge_scores (merge_id, workspace_id, customer_id, "
    "name, value, label, run_id, computed_at) SELECT CAST(:m AS BIGINT), "
    "workspace_id, customer_id, name, value, label, run_id, computed_at FROM "
    "scores WHERE workspace_id = :w AND customer_id IN (:k, :o)";
constexpr char kDeleteScores[] =
    "DELETE FROM scores WHERE workspace_id = :w AND customer_id IN (:k, :o)";
constexpr char kRestoreScores[] =
    "INSERT INTO scores (workspace_id, customer_id, name, value, label, "
    "run_id, computed_at) SELECT workspace_id, customer_id, name, value, "
    "label, run_id, computed_at FROM customer_merge_scores WHERE merge_id = :m";
constexpr char kSaveTerms[] =
    "INSERT INTO customer_merge_search_terms (merge_id, workspace_id, term, "
    "customer_id) SELECT CAST(:m AS BIGINT), workspace_id, term, customer_id "
    "FROM customer_search_terms WHERE workspace_id = :w AND customer_id IN "
    "(:k, :o)";
constexpr char kDeleteTerms[] =
    "DELETE FROM customer_search_terms WHERE workspace_id = :w AND "
    "customer_id IN (:k, :o)";
constexpr char kRestoreTerms[] =
    "INSERT INTO customer_search_terms (workspace_id, term, customer_id) "
    "SELECT workspace_id, term, customer_id FROM customer_merge_search_terms "
    "WHERE merge_id = :m";
constexpr char kSaveSharedCampaigns[] =
    "INSERT INTO customer_merge_campaign_members (merge_id, workspace_id, "
    "campaign_id, customer_id, control, responded_at, converted_at, "
    "revenue_minor) SELECT CAST(:m AS BIGINT), o.workspace_id, o.campaign_id, "
    "o.customer_id, o.control, o.responded_at, o.converted_at, "
    "o.revenue_minor FROM campaign_members o WHERE o.workspace_id = :w AND "
    "o.customer_id = :o AND EXISTS (SELECT 1 FROM campaign_members k WHERE "
    "k.workspace_id = o.workspace_id AND k.campaign_id = o.campaign_id AND "
    "k.customer_id = :k)";
constexpr char kDeleteSharedCampaigns[] =
    "DELETE FROM campaign_members WHERE workspace_id = :w AND customer_id = :o "
    "AND campaign_id IN (SELECT campaign_id FROM "
    "customer_merge_campaign_members WHERE merge_id = :m)";
constexpr char kRestoreSharedCampaigns[] =
    "INSERT INTO campaign_members (workspace_id, campaign_id, customer_id, "
    "control, responded_at, converted_at, revenue_minor) SELECT workspace_id, "
    "campaign_id, customer_id, control, responded_at, converted_at, "
    "revenue_minor FROM customer_merge_campaign_members WHERE merge_id = :m";
// A campaign counts its members when they are drawn: the other customer's
// membership of a campaign the kept one is also in leaves, and so does its
// count; undo counts it again.
constexpr char kUncountSharedCampaigns[] =
    "UPDATE campaigns SET members_count = members_count - 1, control_count = "
    "control_count - (SELECT s.control FROM customer_merge_campaign_members s "
    "WHERE s.merge_id = :m AND s.campaign_id = campaigns.id) WHERE "
    "workspace_id = :w AND id IN (SELECT campaign_id FROM "
    "customer_merge_campaign_members WHERE merge_id = :m2)";
constexpr char kRecountSharedCampaigns[] =
    "UPDATE campaigns SET members_count = members_count + 1, control_count = "
    "control_count + (SELECT s.control FROM customer_merge_campaign_members s "
    "WHERE s.merge_id = :m AND s.campaign_id = campaigns.id) WHERE "
    "workspace_id = :w AND id IN (SELECT campaign_id FROM "
    "customer_merge_campaign_members WHERE merge_id = :m2)";
constexpr char kHideOther[] =
    "UPDATE customers SET deleted_at = :at, merged_into = :k, updated_at = "
    ":at2, version = version + 1 WHERE workspace_id = :w AND id = :o";
constexpr char kDeleteBothCustomers[] =
    "DELETE FROM customers WHERE workspace_id = :w AND id IN (:k, :o)";
constexpr char kVersionOf[] =
    "SELECT version, merged_into FROM customers WHERE workspace_id = :w AND "
    "id = :id";
constexpr char kMergeColumns[] =
    "SELECT id, workspace_id, kept_id, other_id, batch, fields_from_other, "
    "merged_by, merged_at, undone_by, undone_at, kept_version_after, "
    "other_version_after FROM customer_merges ";
constexpr char kLaterMerge[] =
    "SELECT id FROM customer_merges WHERE workspace_id = :w AND id > :m AND "
    "undone_at IS NULL AND (kept_id IN (:k1, :o1) OR other_id IN (:k2, :o2)) "
    "ORDER BY id LIMIT 1";
constexpr char kMarkUndone[] =
    "UPDATE customer_merges SET undone_by = :by, undone_at = :at WHERE id = :m";
constexpr char kMovedCounts[] =
    "SELECT table_name, COUNT(*) FROM customer_merge_moves WHERE merge_id = :m "
    "GROUP BY table_name";

std::string SaveCustomersSql() {
  return std::string("INSERT INTO customer_merge_customers (merge_id, ") +
         kCustomerColumns + ") SELECT CAST(:m AS BIGINT), " + kCustomerColumns +
         " FROM customers WHERE workspace_id = :w AND id IN (:k, :o)";
}
std::string RestoreCustomersSql() {
  return std::string("INSERT INTO customers (") + kCustomerColumns +
         ") SELECT " + kCustomerColumns +
         " FROM customer_merge_customers WHERE merge_id = :m";
}

// The statements over one moved table; the names come from kMovedTables.
std::string RecordMovesSql(const MovedTable& t) {
  return std::string(
             "INSERT INTO customer_merge_moves (merge_id, "
             "table_name, row_key) SELECT CAST(:m AS BIGINT), '") +
         t.table + "', " + t.key + " FROM " + t.table +
         " WHERE workspace_id = :w AND " + t.column + " = :o";
}
std::string MoveSql(const MovedTable& t) {
  return std::string("UPDATE ") + t.table + " SET " + t.column +
         " = :k WHERE workspace_id = :w AND " + t.column + " = :o";
}
std::string MissingMoveSql(const MovedTable& t) {
  return std::string(
             "SELECT m.row_key FROM customer_merge_moves m WHERE "
             "m.merge_id = :m AND m.table_name = :t AND NOT EXISTS "
             "(SELECT 1 FROM ") +
         t.table + " r WHERE r.workspace_id = :w AND r." + t.key +
         " = m.row_key AND r." + t.column + " = :k) ORDER BY m.row_key LIMIT 1";
}
std::string MoveBackSql(const MovedTable& t) {
  return std::string("UPDATE ") + t.table + " SET " + t.column +
         " = :o WHERE workspace_id = :w AND " + t.column + " = :k AND " +
         t.key +
         " IN (SELECT row_key FROM customer_merge_moves WHERE merge_id = :m "
         "AND table_name = :t)";
}

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& part : parts) {
    if (!out.empty()) out += ',';
    out += part;
  }
  return out;
}

std::vector<std::string> Split(const std::string& text) {
  std::vector<std::string> parts;
  std::stringstream in(text);
  std::string part;
  while (std::getline(in, part, ',')) {
    if (!part.empty()) parts.push_back(part);
  }
  return parts;
}

// The customer `id` of the workspace as a merge may use it, or why not.
Result<store::Customer> MergeableCustomer(store::Database& db,
                                          int64_t workspace_id, int64_t id,
                                          const char* role) {
  long long key = id, workspace = 0, merged_into = 0;
  soci::indicator merged_ind = soci::i_null;
  soci::statement st =
      (db.sql().prepare << kWorkspaceOfCustomer, soci::use(key),
       soci::into(workspace), soci::into(merged_into, merged_ind));
  st.execute(true);
  const std::string name =
      std::string(role) + " customer " + std::to_string(id);
  // One answer for missing and elsewhere: a workspace learns nothing of
  // another's customers.
  if (!st.got_data() || workspace != workspace_id) {
    return Status::NotFound(name + " is not a customer of this workspace");
  }
  if (merged_ind == soci::i_ok) {
    return Status::Refused(std::string(role) + "_id",
                           name + " was already merged into customer " +
                               std::to_string(merged_into));
  }
  VAFA_ASSIGN_OR_RETURN(store::Customer customer,
                        store::CustomerRepository(db).Get(workspace_id, id));
  if (customer.deleted_at) {
    return Status::Refused(std::string(role) + "_id", name + " is deleted");
  }
  return customer;
}

Status CheckMergeRules(store::Database& db, const store::Customer& kept,
                       const store::Customer& other) {
  const std::string pair = "customers " + std::to_string(kept.id) + " and " +
                           std::to_string(other.id);
  if (kept.kind != other.kind) {
    return Status::Refused("other_id", pair + " are a " + kept.kind +
                                           " and a " + other.kind +
                                           ": only two of a kind "
                                           "merge");
  }
  if (kept.parent_id == other.id || other.parent_id == kept.id) {
    return Status::Refused("other_id",
                           pair + " are an organisation and its own contact");
  }
  long long w = kept.workspace_id, k = kept.id, o = other.id, campaign = 0;
  soci::statement st = (db.sql().prepare << kOpposedCampaign, soci::use(w),
                        soci::use(k), soci::use(o), soci::into(campaign));
  st.execute(true);
  if (st.got_data()) {
    return Status::Refused(
        "other_id", pair +
                        " are in the treatment and the control group of "
                        "campaign " +
                        std::to_string(campaign) +
                        ": merging them would spoil its measured uplift");
  }
  return Status::Ok();
}

// Runs `sql` with the merge, workspace, kept and other ids bound in the
// order its placeholders take them (each statement here names a subset).
void Exec(store::Database& db, const std::string& sql,
          std::initializer_list<long long> values) {
  std::vector<long long> bound(values);
  soci::statement st(db.sql());
  st.alloc();
  st.prepare(sql);
  for (long long& value : bound) st.exchange(soci::use(value));
  st.define_and_bind();
  st.execute(true);
}

Status MoveRows(store::Database& db, long long merge_id, long long w,
                long long k, long long o) {
  Exec(db, SaveCustomersSql(), {merge_id, w, k, o});
  Exec(db, kSaveScores, {merge_id, w, k, o});
  Exec(db, kDeleteScores, {w, k, o});
  Exec(db, kSaveTerms, {merge_id, w, k, o});
  Exec(db, kDeleteTerms, {w, k, o});
  Exec(db, kSaveSharedCampaigns, {merge_id, w, o, k});
  Exec(db, kDeleteSharedCampaigns, {w, o, merge_id});
  Exec(db, kUncountSharedCampaigns, {merge_id, w, merge_id});
  for (const MovedTable& table : kMovedTables) {
    Exec(db, RecordMovesSql(table), {merge_id, w, o});
    Exec(db, MoveSql(table), {k, w, o});
  }
  return Status::Ok();
}

std::vector<MergeTableCount> MovedCounts(store::Database& db,
                                         long long merge_id) {
  std::map<std::string, int64_t> counts;
  soci::rowset<soci::row> rows =
      (db.sql().prepare << kMovedCounts, soci::use(merge_id));
  for (const soci::row& row : rows) {
    counts[store::RowText(row, 0)] = store::RowInt(row, 1);
  }
  std::vector<MergeTableCount> out;
  for (const MovedTable& table : kMovedTables) {
    auto found = counts.find(table.table);
    if (found != counts.end()) out.push_back({table.table, found->second});
  }
  return out;
}

MergeRecord MergeFromRow(const soci::row& row) {
  MergeRecord m;
  m.id = store::RowInt(row, 0);
  m.workspace_id = store::RowInt(row, 1);
  m.kept_id = store::RowInt(row, 2);
  m.other_id = store::RowInt(row, 3);
  m.batch = store::RowText(row, 4);
  m.fields_from_other = Split(store::RowText(row, 5));
  m.merged_by = store::RowText(row, 6);
  m.merged_at = store::RowInt(row, 7);
  m.undone_by = store::RowText(row, 8);
  m.undone_at = store::RowOptionalInt(row, 9);
  return m;
}

auth::AuditEntry AuditOf(const MergeActor& actor, int64_t workspace_id,
                         int64_t kept_id, int64_t now) {
  auth::AuditEntry entry;
  entry.workspace_id = workspace_id;
  entry.user_id = actor.user_id;
  entry.actor = actor.actor;
  entry.client_address = actor.client_address;
  entry.at = now;
  entry.entity = "customer";
  entry.entity_id = kept_id;
  return entry;
}

Status WriteMerge(store::Database& db, const MergeRequest& request,
                  const MergeActor& actor, int64_t now, MergeRecord& record) {
  if (db.backend() == store::Backend::kPostgres) {
    long long w = request.workspace_id, k = request.kept_id,
              o = request.other_id;
    db.sql() << kLockCustomersPostgres, soci::use(w), soci::use(k),
        soci::use(o);
  }
  VAFA_ASSIGN_OR_RETURN(
      store::Customer kept,
      MergeableCustomer(db, request.workspace_id, request.kept_id, "kept"));
  VAFA_ASSIGN_OR_RETURN(
      store::Customer other,
      MergeableCustomer(db, request.workspace_id, request.other_id, "other"));
  VAFA_RETURN_IF_ERROR(CheckMergeRules(db, kept, other));

  const std::map<std::string, MergeSide> sides =
      ChooseMergeFields(kept, other, request.choices);
  for (const std::string& field : MergeableFields()) {
    if (sides.at(field) == MergeSide::kOther) {
      record.fields_from_other.push_back(field);
    }
  }
  const std::string fields = Join(record.fields_from_other);
  long long w = kept.workspace_id, k = kept.id, o = other.id,
            kept_after = kept.version + 1, other_after = other.version + 1,
            at = now, merge_id = 0;
  store::NullableText batch(request.batch);
  db.sql() << kInsertMerge, soci::use(w), soci::use(k), soci::use(o),
      batch.use(), soci::use(fields), soci::use(kept_after),
      soci::use(other_after), soci::use(actor.actor), soci::use(at),
      soci::into(merge_id);
  VAFA_RETURN_IF_ERROR(MoveRows(db, merge_id, w, k, o));
  if (request.halfway) request.halfway();

  store::Customer merged = MergedCustomer(kept, other, sides);
  merged.updated_at = now;
  VAFA_RETURN_IF_ERROR(store::CustomerRepository(db).Update(merged));
  Exec(db, kHideOther, {at, k, at, w, o});

  record.id = merge_id;
  record.workspace_id = w;
  record.kept_id = k;
  record.other_id = o;
  record.batch = request.batch;
  record.merged_by = actor.actor;
  record.merged_at = now;
  record.moved = MovedCounts(db, merge_id);

  auth::AuditEntry entry = AuditOf(actor, w, k, now);
  entry.action = "merge";
  entry.before_json = nlohmann::json{{"kept", MergeFieldsJson(kept)},
                                     {"other", MergeFieldsJson(other)}}
                          .dump();
  nlohmann::json moved = nlohmann::json::object();
  for (const MergeTableCount& count : record.moved) {
    moved[count.table] = count.rows;
  }
  entry.after_json = nlohmann::json{
      {"merge_id", merge_id},
      {"batch", request.batch},
      {"other_id", o},
      {"fields_from_other", fields},
      {"kept", MergeFieldsJson(merged)},
      {"moved", moved}}.dump();
  return auth::RecordAudit(db, std::move(entry));
}

// Why merge `m` cannot be undone exactly now, or Ok.
Status CheckUndoable(store::Database& db, const MergeRecord& m,
                     long long kept_after, long long other_after) {
  const std::string merge = "merge " + std::to_string(m.id);
  if (m.undone_at) {
    return Status::Conflict(merge + " was undone already by " + m.undone_by);
  }
  long long w = m.workspace_id, id = m.id, k = m.kept_id, o = m.other_id,
            later = 0;
  soci::statement st = (db.sql().prepare << kLaterMerge, soci::use(w),
                        soci::use(id), soci::use(k), soci::use(o), soci::use(k),
                        soci::use(o), soci::into(later));
  st.execute(true);
  if (st.got_data()) {
    return Status::Conflict("merge " + std::to_string(later) + ", made after " +
                            merge + ", involves customer " + std::to_string(k) +
                            " or " + std::to_string(o) + ": undo it first");
  }
  for (const auto& [customer, version] :
       {std::pair{k, kept_after}, std::pair{o, other_after}}) {
    long long now_version = 0, merged_into = 0;
    soci::indicator merged_ind = soci::i_null;
    long long cid = customer;
    soci::statement read =
        (db.sql().prepare << kVersionOf, soci::use(w), soci::use(cid),
         soci::into(now_version), soci::into(merged_into, merged_ind));
    read.execute(true);
    if (!read.got_data()) {
      return Status::Conflict("customer " + std::to_string(customer) + " of " +
                              merge + " no longer exists");
    }
    if (now_version != version) {
      return Status::Conflict(
          "customer " + std::to_string(customer) + " changed after " + merge +
          " (version " + std::to_string(now_version) + ", the merge left " +
          std::to_string(version) + "): undoing it would lose that change");
    }
  }
  for (const MovedTable& table : kMovedTables) {
    long long row_key = 0;
    const std::string name = table.table;
    soci::statement missing =
        (db.sql().prepare << MissingMoveSql(table), soci::use(id),
         soci::use(name), soci::use(w), soci::use(k), soci::into(row_key));
    missing.execute(true);
    if (missing.got_data()) {
      return Status::Conflict(
          name + " row " + std::to_string(row_key) + ", moved by " + merge +
          ", no longer belongs to customer " + std::to_string(k));
    }
  }
  return Status::Ok();
}

Status WriteUnmerge(store::Database& db, int64_t workspace_id, int64_t merge_id,
                    const MergeActor& actor, int64_t now, MergeRecord& record) {
  long long w = workspace_id, id = merge_id;
  soci::row row;
  soci::statement read = (db.sql().prepare << std::string(kMergeColumns) +
                                                  "WHERE workspace_id = :w "
                                                  "AND id = :m",
                          soci::use(w), soci::use(id), soci::into(row));
  read.execute(true);
  if (!read.got_data()) {
    return Status::NotFound("merge " + std::to_string(merge_id) +
                            " does not exist in this workspace");
  }
  record = MergeFromRow(row);
  VAFA_RETURN_IF_ERROR(CheckUndoable(db, record, store::RowInt(row, 10),
                                     store::RowInt(row, 11)));
  long long k = record.kept_id, o = record.other_id, at = now;
  record.moved = MovedCounts(db, id);
  for (auto table = std::rbegin(kMovedTables); table != std::rend(kMovedTables);
       ++table) {
    const std::string name = table->table;
    soci::statement back =
        (db.sql().prepare << MoveBackSql(*table), soci::use(o), soci::use(w),
         soci::use(k), soci::use(id), soci::use(name));
    back.execute(true);
  }
  Exec(db, kRestoreSharedCampaigns, {id});
  Exec(db, kRecountSharedCampaigns, {id, w, id});
  Exec(db, kDeleteScores, {w, k, o});
  Exec(db, kRestoreScores, {id});
  Exec(db, kDeleteTerms, {w, k, o});
  Exec(db, kRestoreTerms, {id});
  Exec(db, kDeleteBothCustomers, {w, k, o});
  Exec(db, RestoreCustomersSql(), {id});
  db.sql() << kMarkUndone, soci::use(actor.actor), soci::use(at), soci::use(id);
  record.undone_by = actor.actor;
  record.undone_at = now;

  auth::AuditEntry entry = AuditOf(actor, w, k, now);
  entry.action = "unmerge";
  entry.before_json = nlohmann::json{{"merge_id", id}, {"other_id", o}}.dump();
  VAFA_ASSIGN_OR_RETURN(store::Customer kept,
                        store::CustomerRepository(db).Get(workspace_id, k));
  entry.after_json =
      nlohmann::json{{"kept", MergeFieldsJson(kept)}, {"other_id", o}}.dump();
  return auth::RecordAudit(db, std::move(entry));
}

}  // namespace

Result<MergeRecord> MergeCustomers(store::Database& db,
                                   const MergeRequest& request,
                                   const MergeActor& actor, int64_t now) {
  if (request.kept_id == request.other_id) {
    return Status::Refused("other_id", "customer " +
                                           std::to_string(request.kept_id) +
                                           " cannot be merged into itself");
  }
  MergeRecord record;
  VAFA_RETURN_IF_ERROR(store::InTransaction(
      db, [&] { return WriteMerge(db, request, actor, now, record); }));
  return record;
}

Result<MergeRecord> UnmergeCustomers(store::Database& db, int64_t workspace_id,
                                     int64_t merge_id, const MergeActor& actor,
                                     int64_t now) {
  MergeRecord record;
  VAFA_RETURN_IF_ERROR(store::InTransaction(db, [&] {
    return WriteUnmerge(db, workspace_id, merge_id, actor, now, record);
  }));
  return record;
}

Result<MergePreview> PreviewMerge(store::Database& db, int64_t workspace_id,
                                  int64_t kept_id, int64_t other_id) {
  if (kept_id == other_id) {
    return Status::Refused("other_id", "customer " + std::to_string(kept_id) +
                                           " cannot be merged into itself");
  }
  MergePreview preview;
  try {
    VAFA_ASSIGN_OR_RETURN(preview.kept,
                          MergeableCustomer(db, workspace_id, kept_id, "kept"));
    VAFA_ASSIGN_OR_RETURN(
        preview.other, MergeableCustomer(db, workspace_id, other_id, "other"));
    VAFA_RETURN_IF_ERROR(CheckMergeRules(db, preview.kept, preview.other));
  } catch (const std::exception& error) {
    return store::DatabaseError("reading a merge's customers", error);
  }
  preview.fields = PreviewMergeFields(preview.kept, preview.other);
  return preview;
}

Result<std::vector<MergeRecord>> ListMerges(store::Database& db,
                                            int64_t workspace_id,
                                            const std::string& batch,
                                            int64_t before_id, int limit) {
  std::vector<MergeRecord> out;
  try {
    long long w = workspace_id, before = before_id > 0 ? before_id : INT64_MAX,
              n = limit;
    const std::string sql = std::string(kMergeColumns) +
                            "WHERE workspace_id = :w AND id < :b" +
                            (batch.empty() ? "" : " AND batch = :batch") +
                            " ORDER BY id DESC LIMIT :n";
    soci::row row;
    soci::statement st(db.sql());
    st.alloc();
    st.prepare(sql);
    st.exchange(soci::use(w));
    st.exchange(soci::use(before));
    std::string batch_value = batch;
    if (!batch.empty()) st.exchange(soci::use(batch_value));
    st.exchange(soci::use(n));
    st.exchange(soci::into(row));
    st.define_and_bind();
    st.execute(false);
    while (st.fetch()) out.push_back(MergeFromRow(row));
    for (MergeRecord& merge : out) merge.moved = MovedCounts(db, merge.id);
  } catch (const std::exception& error) {
    return store::DatabaseError("listing merges", error);
  }
  return out;
}

const std::vector<CustomerColumnHandling>& CustomerColumnsHandled() {
  static const std::vector<CustomerColumnHandling> handled = [] {
    std::vector<CustomerColumnHandling> out;
    for (const MovedTable& table : kMovedTables) {
      out.push_back({table.table, table.column, "moved"});
    }
    out.push_back({"customers", "merged_into", "set on the merged customer"});
    out.push_back({"scores", "customer_id", "removed and kept for undo"});
    out.push_back({"customer_search_terms", "customer_id",
                   "rewritten for the kept customer, kept for undo"});
    out.push_back({"customer_versions", "customer_id",
                   "left as history: an import's before-images"});
    out.push_back({"message_consents", "customer_id",
                   "left with the merged customer: the kept customer's own "
                   "consent governs (docs/duplicates.md)"});
    out.push_back({"quality_runs", "*", "counts of customers, not references"});
    for (const char* side_table :
         {"customer_merges", "customer_merge_customers",
          "customer_merge_scores", "customer_merge_search_terms",
          "customer_merge_campaign_members"}) {
      out.push_back({side_table, "*", "the merge records"});
    }
    return out;
  }();
  return handled;
}

}  // namespace vafa::services::customers
