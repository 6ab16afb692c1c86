// The audit log: who changed what, when, with the entity's JSON before and
// after. Written in the same transaction as the change it records, so the
// log and the data never disagree. Read newest first in keyset pages.
#ifndef VAFA_AUTH_AUDIT_LOG_H_
#define VAFA_AUTH_AUDIT_LOG_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/database.h"

namespace vafa::auth {

struct AuditEntry {
  int64_t id = 0;
  int64_t workspace_id = 0;
  std::optional<int64_t> user_id;  // empty for the command line
  std::string actor;               // e-mail, or "cli:<login>"
  int64_t at = 0;
  std::string action;  // create | update | delete | restore | revoke | ...
  std::string entity;  // customer | product | order | interaction | member...
  std::optional<int64_t> entity_id;
  std::string before_json;  // empty for a create
  std::string after_json;   // empty for a hard delete
};

struct AuditQuery {
  std::string entity;                // empty: any
  std::optional<int64_t> entity_id;  // only with entity
  std::optional<int64_t> user_id;
  int64_t before_id = 0;  // keyset: entries older than this id; 0 = newest
  int limit = 50;
};

Status RecordAudit(store::Database& db, AuditEntry entry);
Result<std::vector<AuditEntry>> ListAudit(store::Database& db,
                                          int64_t workspace_id,
                                          const AuditQuery& query);

}  // namespace vafa::auth

#endif  // VAFA_AUTH_AUDIT_LOG_H_
