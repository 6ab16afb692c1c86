// Merging two records of one customer (docs/duplicates.md), and undoing it.
//
// MergeCustomers keeps one customer and, in one transaction: sets its
// fields to the values chosen field by field (by default the most recent
// non-empty, the checksum-valid national id, the earliest joining date);
// moves every row of the other customer to the kept one (orders and their
// lines, interactions, tickets and their events, leads, deals, tasks,
// loyalty ledger entries, campaign memberships, survey responses, holdings
// (with their balances, which follow the holding), and the
// contacts of an organisation); removes both customers' scores, which the
// next analysis computes again; rewrites the kept customer's search terms;
// hides the other customer (deleted_at, merged_into) with no search terms;
// records all of it in customer_merges and its side tables; and writes the
// audit entry. Loyalty balances combine because the ledger rows move; the
// tier is computed from the ledger and orders on each read, so it follows.
//
// UnmergeCustomers puts every row back exactly as it was before the merge
// (a whole-store checksum after merge and unmerge equals the one before,
// the merge records and the audit log aside), or refuses, naming the reason,
// when that is no longer possible: a later merge of either customer is not
// undone, either customer changed after the merge, or a moved row no longer
// belongs to the kept customer. Rows the kept customer gained after the
// merge stay with it.
//
// Writes run in their own transaction (on SQLite with the write lock taken
// first). Not thread-safe: one Database per thread, as everywhere.
#ifndef VAFA_SERVICES_CUSTOMERS_CUSTOMER_MERGE_H_
#define VAFA_SERVICES_CUSTOMERS_CUSTOMER_MERGE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/customer.h"
#include "store/database.h"

namespace vafa::services::customers {

// Which customer a field's value comes from.
enum class MergeSide { kKept, kOther };

// The fields a merge may take from either customer, in a fixed order.
const std::vector<std::string>& MergeableFields();

// Parses "phone=other" or "email=kept"; errors name the text.
Result<std::pair<std::string, MergeSide>> ParseFieldChoice(
    std::string_view text);

// The side each field's value comes from by default: the customer updated
// more recently when its value is non-empty, else the other; for the
// national id the one whose check digit is valid, the kept one first; for
// the joining date (and the acquisition channel and cost with it) the one
// who joined first. `choices` override field by field.
std::map<std::string, MergeSide> ChooseMergeFields(
    const store::Customer& kept, const store::Customer& other,
    const std::map<std::string, MergeSide>& choices);

// The kept customer's row after the merge (fields only; ids, version and
// times are the kept customer's).
store::Customer MergedCustomer(const store::Customer& kept,
                               const store::Customer& other,
                               const std::map<std::string, MergeSide>& sides);

// The customer's id, external id, name, version and mergeable fields, as
// the audit log records both sides of a merge.
nlohmann::json MergeFieldsJson(const store::Customer& customer);

// One field of a merge to come: both customers' values (null when empty)
// and the side the merge takes by default.
struct MergeFieldPreview {
  std::string field;
  nlohmann::json kept;
  nlohmann::json other;
  MergeSide side = MergeSide::kKept;
};

// Every mergeable field of the pair, in MergeableFields() order, with the
// side ChooseMergeFields picks when the user names none.
std::vector<MergeFieldPreview> PreviewMergeFields(const store::Customer& kept,
                                                  const store::Customer& other);

struct MergePreview {
  store::Customer kept;
  store::Customer other;
  std::vector<MergeFieldPreview> fields;
};

// Who merges: for the audit log and the merge record.
struct MergeActor {
  std::optional<int64_t> user_id;  // empty for the command line
  std::string actor;               // e-mail, or "cli:<login>"
  std::string client_address;      // empty when not over HTTP
};

struct MergeRequest {
  int64_t workspace_id = 0;
  int64_t kept_id = 0;
  int64_t other_id = 0;
  std::map<std::string, MergeSide> choices;  // fields not named: default
  std::string batch;                         // auto-merge run, "" by hand
  // Runs inside the transaction after the rows have moved and before the
  // customers are written: a test's chance to pause or kill a merge
  // halfway. Empty in normal use.
  std::function<void()> halfway;
};

// Rows a merge moved (or removed and kept for undo) in one table.
struct MergeTableCount {
  std::string table;
  int64_t rows = 0;
};

struct MergeRecord {
  int64_t id = 0;
  int64_t workspace_id = 0;
  int64_t kept_id = 0;
  int64_t other_id = 0;
  std::string batch;
  std::vector<std::string> fields_from_other;
  std::string merged_by;
  int64_t merged_at = 0;
  std::string undone_by;
  std::optional<int64_t> undone_at;
  std::vector<MergeTableCount> moved;  // tables with rows moved, in order
};

// Merges request.other_id into request.kept_id. Refuses (naming the
// customer or campaign, with the field kept_id or other_id) a customer
// merged into itself, a customer deleted or already merged, a person with
// an organisation or an organisation with its own contact, and two
// customers one in the treatment and one in the control group of the same
// campaign; NotFound for a customer missing or of another workspace.
Result<MergeRecord> MergeCustomers(store::Database& db,
                                   const MergeRequest& request,
                                   const MergeActor& actor, int64_t now);

// What merging other_id into kept_id would do to the fields, written
// nowhere: both customers and each field's default side. Refuses as
// MergeCustomers would (the same messages and fields), so a review page
// learns of a forbidden merge before the user chooses anything.
Result<MergePreview> PreviewMerge(store::Database& db, int64_t workspace_id,
                                  int64_t kept_id, int64_t other_id);

// Undoes merge `merge_id` of the workspace (see the file comment).
Result<MergeRecord> UnmergeCustomers(store::Database& db, int64_t workspace_id,
                                     int64_t merge_id, const MergeActor& actor,
                                     int64_t now);

// The workspace's merges, newest first: ids below `before_id` (0: from the
// newest), at most `limit`; only those of `batch` when it is not empty.
Result<std::vector<MergeRecord>> ListMerges(store::Database& db,
                                            int64_t workspace_id,
                                            const std::string& batch,
                                            int64_t before_id, int limit);

// How the merge treats each column that names a customer, by table: the
// schema test compares this with every such column of the schema, so a new
// table with a customer column fails it until the merge handles it.
struct CustomerColumnHandling {
  std::string table;
  std::string column;
  std::string how;  // moved | removed and kept | left as history | ...
};
const std::vector<CustomerColumnHandling>& CustomerColumnsHandled();

}  // namespace vafa::services::customers

#endif  // VAFA_SERVICES_CUSTOMERS_CUSTOMER_MERGE_H_
