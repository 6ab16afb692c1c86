// The hash chain that makes the audit log tamper-evident. Each entry's hash
// is SHA-256 (libsodium) over the previous entry's hash and the entry's
// canonical form: every stored field, in a fixed order, length-prefixed, so
// that no two different entries serialise alike. Changing, removing or
// inserting an entry anywhere but at the end breaks the chain at that
// entry, and the head row (audit_chain) names the last entry, so cutting
// the end off shows too. What it does not stop: someone with write access
// to the store who recomputes every later hash. Keeping the head hash that
// VerifyAuditChain reports somewhere else (a ticket, a mail) closes that.
#ifndef VAFA_AUTH_AUDIT_CHAIN_H_
#define VAFA_AUTH_AUDIT_CHAIN_H_

#include <cstdint>
#include <string>

#include "auth/audit_log.h"
#include "core/result.h"
#include "store/database.h"

namespace soci {
class row;
}

namespace vafa::auth {

// The canonical form of an entry: every field but the hashes.
std::string CanonicalAuditEntry(const AuditEntry& entry);

// Hex SHA-256 of `previous_hash` and the entry's canonical form.
std::string AuditEntryHash(const std::string& previous_hash,
                           const AuditEntry& entry);

struct AuditVerification {
  int64_t entries = 0;   // entries checked and found in the chain
  int64_t unsealed = 0;  // entries of an earlier release not yet sealed
  bool intact = true;
  int64_t broken_id = 0;  // the first entry that breaks the chain
  std::string problem;    // what differs there
  std::string head_hash;  // the last entry's hash, when intact
};

// Walks the whole log in id order (streamed, O(1) memory) and stops at the
// first broken link.
Result<AuditVerification> VerifyAuditChain(store::Database& db);

// Seals entries of an earlier release into the chain (one transaction);
// nothing to do once they are. Returns how many were sealed.
Result<int64_t> SealLegacyAuditEntries(store::Database& db);

namespace internal {
// The columns of audit_log in AuditEntry's order, and an entry from them.
extern const char kAuditColumns[];
AuditEntry AuditEntryFromRow(const soci::row& row);
// Under the chain's lock (in the caller's transaction): seals pending
// legacy entries and returns the head (last id, last hash).
Result<std::pair<int64_t, std::string>> LockAuditChainHead(store::Database& db);
// Makes entry `last_id` with `last_hash` the head (throws on a store error).
void MoveAuditChainHead(store::Database& db, int64_t last_id,
                        const std::string& last_hash);
}  // namespace internal

}  // namespace vafa::auth

#endif  // VAFA_AUTH_AUDIT_CHAIN_H_
