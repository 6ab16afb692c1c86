#include "auth/audit_chain.h"

#include <soci/soci.h>
#include <sodium.h>

#include <vector>

#include "store/sql_values.h"

namespace vafa::auth {
namespace {

constexpr char kChainHead[] =
    "SELECT last_id, last_hash, legacy_through FROM audit_chain WHERE id = 1";
// Takes the head row's lock (PostgreSQL) or the database's write lock
// (SQLite) before the head is read, so two appends never read the same head.
constexpr char kLockChainHead[] =
    "UPDATE audit_chain SET last_id = last_id WHERE id = 1";
constexpr char kMoveChainHead[] =
    "UPDATE audit_chain SET last_id = :i, last_hash = :h WHERE id = 1";
constexpr char kLegacyEntries[] =
    "SELECT id, workspace_id, user_id, actor, at, action, entity, entity_id, "
    "before_json, after_json, client_address, previous_hash, hash FROM "
    "audit_log WHERE id > :after AND id <= :through ORDER BY id LIMIT 500";
constexpr char kCountLegacy[] =
    "SELECT COUNT(*) FROM audit_log WHERE id > :after AND id <= :through";
constexpr char kSealEntry[] =
    "UPDATE audit_log SET previous_hash = :p, hash = :h WHERE id = :i";

void TextField(std::string& out, std::string_view name,
               std::string_view value) {
  out += name;
  out += '=';
  out += std::to_string(value.size());
  out += ':';
  out += value;
  out += '\n';
}

void IntField(std::string& out, std::string_view name,
              std::optional<int64_t> value) {
  if (!value) {
    out += name;
    out += "=-\n";
    return;
  }
  TextField(out, name, std::to_string(*value));
}

struct ChainHead {
  int64_t last_id = 0;
  std::string last_hash;
  int64_t legacy_through = 0;
};

Result<ChainHead> ReadChainHead(store::Database& db) {
  soci::row row;
  db.sql() << kChainHead, soci::into(row);
  if (!db.sql().got_data()) {
    return Status::Internal("audit_chain: the head row (id 1) is missing");
  }
  return ChainHead{store::RowInt(row, 0), store::RowText(row, 1),
                   store::RowInt(row, 2)};
}

std::string Short(const std::string& hash) {
  return hash.empty() ? "(none)" : hash.substr(0, 16) + "…";
}

}  // namespace

namespace internal {

const char kAuditColumns[] =
    "id, workspace_id, user_id, actor, at, action, entity, entity_id, "
    "before_json, after_json, client_address, previous_hash, hash";

AuditEntry AuditEntryFromRow(const soci::row& row) {
  AuditEntry e;
  e.id = store::RowInt(row, 0);
  e.workspace_id = store::RowOptionalInt(row, 1);
  e.user_id = store::RowOptionalInt(row, 2);
  e.actor = store::RowText(row, 3);
  e.at = store::RowInt(row, 4);
  e.action = store::RowText(row, 5);
  e.entity = store::RowText(row, 6);
  e.entity_id = store::RowOptionalInt(row, 7);
  e.before_json = store::RowText(row, 8);
  e.after_json = store::RowText(row, 9);
  e.client_address = store::RowText(row, 10);
  e.previous_hash = store::RowText(row, 11);
  e.hash = store::RowText(row, 12);
  return e;
}

Result<std::pair<int64_t, std::string>> LockAuditChainHead(
    store::Database& db) {
  db.sql() << kLockChainHead;
  VAFA_ASSIGN_OR_RETURN(ChainHead head, ReadChainHead(db));
  if (head.last_id < head.legacy_through) {
    // Entries written before the chain existed join it in id order.
    for (;;) {
      std::vector<AuditEntry> batch;
      long long after = head.last_id, through = head.legacy_through;
      soci::rowset<soci::row> rows = (db.sql().prepare << kLegacyEntries,
                                      soci::use(after), soci::use(through));
      for (const soci::row& row : rows) {
        batch.push_back(AuditEntryFromRow(row));
      }
      if (batch.empty()) break;
      for (AuditEntry& e : batch) {
        e.previous_hash = head.last_hash;
        e.hash = AuditEntryHash(head.last_hash, e);
        long long id = e.id;
        db.sql() << kSealEntry, soci::use(e.previous_hash), soci::use(e.hash),
            soci::use(id);
        head.last_id = e.id;
        head.last_hash = e.hash;
      }
    }
    head.last_id = head.legacy_through;
    MoveAuditChainHead(db, head.last_id, head.last_hash);
  }
  return std::make_pair(head.last_id, head.last_hash);
}

void MoveAuditChainHead(store::Database& db, int64_t last_id,
                        const std::string& last_hash) {
  long long id = last_id;
  std::string hash = last_hash;
  db.sql() << kMoveChainHead, soci::use(id), soci::use(hash);
}

}  // namespace internal

std::string CanonicalAuditEntry(const AuditEntry& entry) {
  std::string out = "vafa-audit-1\n";
  IntField(out, "id", entry.id);
  IntField(out, "workspace_id", entry.workspace_id);
  IntField(out, "user_id", entry.user_id);
  TextField(out, "actor", entry.actor);
  IntField(out, "at", entry.at);
  TextField(out, "action", entry.action);
  TextField(out, "entity", entry.entity);
  IntField(out, "entity_id", entry.entity_id);
  TextField(out, "before", entry.before_json);
  TextField(out, "after", entry.after_json);
  TextField(out, "client_address", entry.client_address);
  return out;
}

std::string AuditEntryHash(const std::string& previous_hash,
                           const AuditEntry& entry) {
  static const bool ready = sodium_init() >= 0;
  (void)ready;
  std::string message = previous_hash + "\n" + CanonicalAuditEntry(entry);
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest,
                     reinterpret_cast<const unsigned char*>(message.data()),
                     message.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

Result<AuditVerification> VerifyAuditChain(store::Database& db) {
  AuditVerification result;
  auto broken = [&](int64_t id, std::string problem) {
    result.intact = false;
    result.broken_id = id;
    result.problem = std::move(problem);
    return result;
  };
  try {
    VAFA_ASSIGN_OR_RETURN(ChainHead head, ReadChainHead(db));
    std::string previous;
    int64_t previous_id = 0;
    soci::rowset<soci::row> rows =
        (db.sql().prepare << std::string("SELECT ") + internal::kAuditColumns +
                                 " FROM audit_log ORDER BY id");
    for (const soci::row& row : rows) {
      AuditEntry e = internal::AuditEntryFromRow(row);
      const std::string where = "audit_log entry " + std::to_string(e.id);
      if (e.hash.empty()) {
        if (e.id > head.last_id && e.id <= head.legacy_through) {
          ++result.unsealed;
          continue;
        }
        return broken(e.id, where +
                                ": it has no hash (written outside vafa, "
                                "or its hash was removed)");
      }
      if (result.unsealed > 0) {
        return broken(e.id, where +
                                ": it is hashed but follows entries of "
                                "an earlier release that are not");
      }
      if (e.previous_hash != previous) {
        return broken(
            e.id, where + ": previous_hash is " + Short(e.previous_hash) +
                      " but the entry before it (" +
                      (previous_id == 0 ? std::string("none")
                                        : "id " + std::to_string(previous_id)) +
                      ") has hash " + Short(previous) +
                      ": an entry before it was removed or inserted, or its "
                      "hashes were changed");
      }
      std::string computed = AuditEntryHash(previous, e);
      if (computed != e.hash) {
        return broken(e.id, where +
                                ": its fields do not match its hash "
                                "(stored " +
                                Short(e.hash) + ", computed " +
                                Short(computed) +
                                "): the entry was changed after it was "
                                "written");
      }
      previous = e.hash;
      previous_id = e.id;
      ++result.entries;
    }
    if (head.last_id != previous_id || head.last_hash != previous) {
      return broken(
          std::max(head.last_id, previous_id),
          "audit_chain: the head names entry " + std::to_string(head.last_id) +
              " with hash " + Short(head.last_hash) + ", but the log ends at " +
              (previous_id == 0 ? std::string("no entry")
                                : "entry " + std::to_string(previous_id)) +
              " with hash " + Short(previous) +
              (head.last_id > previous_id
                   ? ": entries at the end were removed"
                   : ": the head or the last entries were changed"));
    }
    result.head_hash = previous;
  } catch (const std::exception& error) {
    return store::DatabaseError("verifying the audit log", error);
  }
  return result;
}

Result<int64_t> SealLegacyAuditEntries(store::Database& db) {
  try {
    VAFA_ASSIGN_OR_RETURN(ChainHead head, ReadChainHead(db));
    if (head.last_id >= head.legacy_through) return int64_t{0};
    long long after = head.last_id, through = head.legacy_through, count = 0;
    db.sql() << kCountLegacy, soci::use(after), soci::use(through),
        soci::into(count);
    VAFA_RETURN_IF_ERROR(store::InTransaction(db, [&]() -> Status {
      return internal::LockAuditChainHead(db).status();
    }));
    return static_cast<int64_t>(count);
  } catch (const std::exception& error) {
    return store::DatabaseError("sealing the audit log", error);
  }
}

}  // namespace vafa::auth
