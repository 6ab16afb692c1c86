// The audit log: who changed what, when, from which address, with the
// entity's JSON before and after. Written in the same transaction as the
// change it records, so the log and the data never disagree (RecordAudit
// opens a transaction of its own only when its caller has none). Entries
// of a workspace carry its id; account-level entries (sign-in, passwords,
// profiles, users) carry none. Every entry is chained to the one before it
// by a hash (auth/audit_chain.h). Read newest first in keyset pages.
#ifndef VAFA_AUTH_AUDIT_LOG_H_
#define VAFA_AUTH_AUDIT_LOG_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/database.h"
#include "store/import_batch_repository.h"

namespace vafa::auth {

struct AuditEntry {
  int64_t id = 0;                       // given by RecordAudit, in chain order
  std::optional<int64_t> workspace_id;  // empty for account-level entries
  std::optional<int64_t> user_id;       // empty for the command line
  std::string actor;                    // e-mail, or "cli:<login>"
  int64_t at = 0;
  std::string action;  // create | update | delete | sign_in | revoke | ...
  std::string entity;  // customer | product | user | session | api_key...
  std::optional<int64_t> entity_id;
  std::string before_json;     // empty for a create
  std::string after_json;      // empty for a hard delete
  std::string client_address;  // empty when not over HTTP
  std::string previous_hash;   // the hash of the entry before (hex)
  std::string hash;            // of this entry and previous_hash (hex)
};

struct AuditQuery {
  std::string entity;                // empty: any
  std::optional<int64_t> entity_id;  // only with entity
  std::optional<int64_t> user_id;
  int64_t before_id = 0;  // keyset: entries older than this id; 0 = newest
  int limit = 50;
};

// Appends `entry` to the chain: takes the chain's head under its row lock
// (PostgreSQL) or the write lock (SQLite), gives the entry the next id and
// its hash, and moves the head. Entries of an earlier release not yet in
// the chain are sealed first.
Status RecordAudit(store::Database& db, AuditEntry entry);

// The entry of an import: `who` names the actor (user_id, actor,
// client_address); the batch gives the rest. For ImportOptions'
// before_commit, so the entry commits with the import.
Status RecordImportAudit(store::Database& db, const store::ImportBatch& batch,
                         AuditEntry who);

// Entries of a workspace, or the account-level entries when
// `workspace_id` is empty.
Result<std::vector<AuditEntry>> ListAudit(store::Database& db,
                                          std::optional<int64_t> workspace_id,
                                          const AuditQuery& query);

}  // namespace vafa::auth

#endif  // VAFA_AUTH_AUDIT_LOG_H_
