#include "auth/audit_log.h"

#include <soci/soci.h>

#include "store/sql_values.h"

namespace vafa::auth {

Status RecordAudit(store::Database& db, AuditEntry entry) {
  if (entry.at == 0) entry.at = store::NowSeconds();
  try {
    long long ws = entry.workspace_id, at = entry.at;
    store::NullableInt user(entry.user_id), entity_id(entry.entity_id);
    store::NullableText before(entry.before_json), after(entry.after_json);
    db.sql() << "INSERT INTO audit_log (workspace_id, user_id, actor, at, "
                "action, entity, entity_id, before_json, after_json) VALUES "
                "(:w, :u, :a, :t, :c, :e, :i, :b, :f)",
        soci::use(ws), user.use(), soci::use(entry.actor), soci::use(at),
        soci::use(entry.action), soci::use(entry.entity), entity_id.use(),
        before.use(), after.use();
  } catch (const std::exception& error) {
    return store::DatabaseError("writing the audit log", error);
  }
  return Status::Ok();
}

Result<std::vector<AuditEntry>> ListAudit(store::Database& db,
                                          int64_t workspace_id,
                                          const AuditQuery& query) {
  std::string sql =
      "SELECT id, workspace_id, user_id, actor, at, action, entity, "
      "entity_id, before_json, after_json FROM audit_log WHERE workspace_id "
      "= :w";
  long long ws = workspace_id, before = query.before_id,
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
    st.exchange(soci::use(ws));
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
    while (st.fetch()) {
      AuditEntry e;
      e.id = store::RowInt(row, 0);
      e.workspace_id = store::RowInt(row, 1);
      e.user_id = store::RowOptionalInt(row, 2);
      e.actor = store::RowText(row, 3);
      e.at = store::RowInt(row, 4);
      e.action = store::RowText(row, 5);
      e.entity = store::RowText(row, 6);
      e.entity_id = store::RowOptionalInt(row, 7);
      e.before_json = store::RowText(row, 8);
      e.after_json = store::RowText(row, 9);
      entries.push_back(std::move(e));
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the audit log", error);
  }
  return entries;
}

}  // namespace vafa::auth
