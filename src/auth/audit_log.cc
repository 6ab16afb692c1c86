#include "auth/audit_log.h"

#include <soci/soci.h>

#include <nlohmann/json.hpp>

#include "auth/audit_chain.h"
#include "store/sql_values.h"

namespace vafa::auth {
namespace {

constexpr char kInsertEntry[] =
    "INSERT INTO audit_log (id, workspace_id, user_id, actor, at, action, "
    "entity, entity_id, before_json, after_json, client_address, "
    "previous_hash, hash) VALUES (:id, :w, :u, :a, :t, :c, :e, :i, :b, :f, "
    ":addr, :p, :h)";

Status Append(store::Database& db, AuditEntry& entry) {
  VAFA_ASSIGN_OR_RETURN(auto head, internal::LockAuditChainHead(db));
  entry.id = head.first + 1;
  entry.previous_hash = head.second;
  entry.hash = AuditEntryHash(entry.previous_hash, entry);
  long long id = entry.id, at = entry.at;
  store::NullableInt ws(entry.workspace_id), user(entry.user_id),
      entity_id(entry.entity_id);
  store::NullableText before(entry.before_json), after(entry.after_json),
      address(entry.client_address), previous(entry.previous_hash);
  db.sql() << kInsertEntry, soci::use(id), ws.use(), user.use(),
      soci::use(entry.actor), soci::use(at), soci::use(entry.action),
      soci::use(entry.entity), entity_id.use(), before.use(), after.use(),
      address.use(), previous.use(), soci::use(entry.hash);
  internal::MoveAuditChainHead(db, entry.id, entry.hash);
  return Status::Ok();
}

}  // namespace

Status RecordAudit(store::Database& db, AuditEntry entry) {
  if (entry.at == 0) entry.at = store::NowSeconds();
  try {
    if (store::InOpenTransaction(db)) return Append(db, entry);
    return store::InTransaction(db, [&] { return Append(db, entry); });
  } catch (const std::exception& error) {
    return store::DatabaseError("writing the audit log", error);
  }
}

Status RecordImportAudit(store::Database& db, const store::ImportBatch& batch,
                         AuditEntry who) {
  who.workspace_id = batch.workspace_id;
  who.action = "import";
  who.entity = "import_batch";
  who.entity_id = batch.id;
  who.before_json.clear();
  who.after_json =
      nlohmann::json{{"id", batch.id},
                     {"kind", batch.kind},
                     {"file_name", batch.file_name},
                     {"mode", batch.mode},
                     {"match_key", batch.match_key},
                     {"status", batch.status},
                     {"rows_total", batch.rows_total},
                     {"rows_created", batch.rows_created},
                     {"rows_updated", batch.rows_updated},
                     {"rows_unchanged", batch.rows_unchanged},
                     {"created_by", batch.created_by}}
          .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return RecordAudit(db, std::move(who));
}

Result<std::vector<AuditEntry>> ListAudit(store::Database& db,
                                          std::optional<int64_t> workspace_id,
                                          const AuditQuery& query) {
  std::string sql = std::string("SELECT ") + internal::kAuditColumns +
                    " FROM audit_log WHERE ";
  sql += workspace_id ? "workspace_id = :w" : "workspace_id IS NULL";
  long long ws = workspace_id.value_or(0), before = query.before_id,
            entity_id = query.entity_id.value_or(0),
            user_id = query.user_id.value_or(0), limit = query.limit;
  std::string entity = query.entity;
  if (!entity.empty()) sql += " AND entity = :e";
  if (!entity.empty() && query.entity_id) sql += " AND entity_id = :i";
  if (query.user_id) sql += " AND user_id = :u";
  if (before > 0) sql += " AND id < :b";
  sql += " ORDER BY id DESC LIMIT :n";
  std::vector<AuditEntry> entries;
  try {
    soci::statement st(db.sql());
    soci::row row;
    if (workspace_id) st.exchange(soci::use(ws));
    if (!entity.empty()) st.exchange(soci::use(entity));
    if (!entity.empty() && query.entity_id) st.exchange(soci::use(entity_id));
    if (query.user_id) st.exchange(soci::use(user_id));
    if (before > 0) st.exchange(soci::use(before));
    st.exchange(soci::use(limit));
    st.exchange(soci::into(row));
    st.alloc();
    st.prepare(sql);
    st.define_and_bind();
    st.execute(false);
    while (st.fetch()) entries.push_back(internal::AuditEntryFromRow(row));
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the audit log", error);
  }
  return entries;
}

}  // namespace vafa::auth
