// The holdings domain (docs/holdings.md): the branches, relationship
// managers and products of a bank, an insurer or a subscription business,
// the holdings its customers open and close, and each holding's balances
// over time. This module owns the tables of migration 0017 and their SQL.
//
// Days are ISO Gregorian dates ("2024-01-05"), money is integer minor units
// of the workspace currency. Rows of other workspaces are never read or
// written. Calls throw nothing: failures of the store come back as a
// Status naming what was being done. Not thread-safe: one Database per
// thread, as everywhere.
#ifndef VAFA_SERVICES_HOLDINGS_HOLDINGS_H_
#define VAFA_SERVICES_HOLDINGS_HOLDINGS_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "store/database.h"

namespace vafa::services::holdings {

// The kinds of product a customer can hold, in their canonical English
// names: "account", "deposit", "card", "loan", "policy", "plan".
std::span<const std::string_view> ProductTypes();
// The canonical type for an English or Persian name ("Loan", "وام",
// "تسهیلات", "سپرده"); an error that lists the accepted names otherwise.
Result<std::string> ParseProductType(std::string_view text);

// The statuses of a holding: "open", "dormant", "frozen", "closed".
// Persian names (باز، فعال، راکد، مسدود، بسته) read as these.
Result<std::string> ParseHoldingStatus(std::string_view text);

struct Holding {
  int64_t id = 0;  // set by InsertHolding
  int64_t workspace_id = 0;
  int64_t customer_id = 0;
  int64_t product_id = 0;
  std::string external_id;  // the account, card, loan or policy number
  std::string opened_on;    // "YYYY-MM-DD"
  std::string closed_on;    // "" while open
  std::string status;       // open, dormant, frozen or closed
  std::optional<int64_t> branch_id;
  std::optional<int64_t> manager_id;
  int64_t batch_id = 0;  // 0: not from an import
};

struct HoldingBalance {
  int64_t workspace_id = 0;
  int64_t holding_id = 0;
  std::string as_of;  // "YYYY-MM-DD"
  int64_t balance_minor = 0;
  std::optional<int64_t> credit_limit_minor;
  std::optional<int64_t> arrears_minor;
  int64_t batch_id = 0;  // 0: not from an import
};

// The tables whose rows have a key unique in the workspace.
enum class HoldingKeyTable { kBranches, kManagers, kProducts, kHoldings };

// Key (code, or a holding's external id) -> id of every row of `table` in
// the workspace, for an import to resolve the keys of a file.
Result<std::unordered_map<std::string, int64_t>> HoldingKeys(
    store::Database& db, int64_t workspace_id, HoldingKeyTable table);
// Product code -> type, for an import to check a file against the products
// already known.
Result<std::unordered_map<std::string, std::string>> ProductTypesByCode(
    store::Database& db, int64_t workspace_id);
// Product code -> name, for what a page shows of a product named by code.
Result<std::unordered_map<std::string, std::string>> ProductNamesByCode(
    store::Database& db, int64_t workspace_id);

// Adds a row and returns its id; Conflict when the code is taken.
Result<int64_t> AddBranch(store::Database& db, int64_t workspace_id,
                          const std::string& code, const std::string& name,
                          int64_t now);
Result<int64_t> AddRelationshipManager(
    store::Database& db, int64_t workspace_id, const std::string& code,
    const std::string& name, std::optional<int64_t> branch_id, int64_t now);
Result<int64_t> AddHoldingProduct(store::Database& db, int64_t workspace_id,
                                  const std::string& code,
                                  const std::string& name,
                                  const std::string& type, int64_t now);

// Inserts `holding` and sets its id; Conflict when its external id is
// taken in the workspace.
Status InsertHolding(store::Database& db, Holding& holding, int64_t now);
// Rewrites the holding with `holding.external_id` (its customer, product,
// dates, status, branch and manager); NotFound when there is none.
Status UpdateHolding(store::Database& db, const Holding& holding, int64_t now);
// Writes the balance of a holding on a day, replacing one already there.
Status PutBalance(store::Database& db, const HoldingBalance& balance);

// Holdings new to the store, as an import adds them: each gets its id at
// once (store::NextIdForBulk, which on PostgreSQL locks the table against
// other writers until the transaction ends) and the rows go in bulk
// (store/bulk_insert.h), so a holding costs no round trip of its own. The
// caller knows the number is new (InsertHolding checks it; this does not).
// Flush() before the holdings are read or updated again and before the
// transaction commits. Not thread-safe.
class HoldingWriter {
 public:
  explicit HoldingWriter(store::Database& db);
  ~HoldingWriter();
  HoldingWriter(const HoldingWriter&) = delete;
  HoldingWriter& operator=(const HoldingWriter&) = delete;
  // Gives `holding` its id and keeps it to write.
  Status Add(Holding& holding, int64_t now);
  // Writes what Add has kept back and moves the id sequence past it.
  Status Flush();

 private:
  struct Rows;
  store::Database& db_;
  std::unique_ptr<Rows> rows_;
};

// PutBalance for many balances, as an import writes them. On SQLite one
// statement prepared once and executed per balance, so no SQL is parsed
// per row; on PostgreSQL (where each statement is a round trip) the
// balances are copied into a temporary table (COPY, store/bulk_insert.h)
// and upserted from it a chunk at a time, the last of a holding's day in
// the file winning as on SQLite. Lives inside the caller's transaction
// (the temporary table ends with it); Flush() before it commits. Not
// thread-safe.
class BalanceWriter {
 public:
  explicit BalanceWriter(store::Database& db);
  ~BalanceWriter();
  BalanceWriter(const BalanceWriter&) = delete;
  BalanceWriter& operator=(const BalanceWriter&) = delete;
  Status Put(const HoldingBalance& balance);
  // Writes what Put has kept back (PostgreSQL).
  Status Flush();

 private:
  struct Statement;
  struct Copy;
  store::Database& db_;
  std::unique_ptr<Statement> statement_;
  std::unique_ptr<Copy> copy_;
};

// A holding as the customer's page shows it, with its balances oldest
// first.
struct CustomerHolding {
  int64_t id = 0;
  std::string external_id;
  std::string product_code;
  std::string product_name;
  std::string product_type;
  std::string opened_on;
  std::string closed_on;  // "" while open
  std::string status;
  std::string branch;   // the branch's name, "" when none
  std::string manager;  // the manager's name, "" when none
  std::vector<HoldingBalance> balances;
};
// The customer's holdings, open ones first, then by opening day (latest
// first) and id; at most `limit` holdings, each with at most
// `balances_per_holding` latest balances (returned oldest first).
Result<std::vector<CustomerHolding>> HoldingsOfCustomer(
    store::Database& db, int64_t workspace_id, int64_t customer_id, int limit,
    int balances_per_holding);

// A holding's life, for retention, churn and the next product: who held
// which product, where, from when until when.
struct HoldingSpan {
  int64_t customer_id = 0;
  std::string product_type;
  std::string branch;     // the branch's name, "" when none
  std::string opened_on;  // "YYYY-MM-DD"
  std::string closed_on;  // "" while open
  int64_t holding_id = 0;
  std::string product_code;
};
// Every holding of the workspace, by customer then opening day.
Result<std::vector<HoldingSpan>> HoldingSpans(store::Database& db,
                                              int64_t workspace_id);

// Every balance of every holding of the workspace, in no order (the
// caller sorts what it needs: a sorted read walks the primary key and
// fetches every row from elsewhere in the table, twice the work).
Result<std::vector<HoldingBalance>> BalancesOfWorkspace(store::Database& db,
                                                        int64_t workspace_id);

// One balance as ForEachBalanceOfWorkspace hands it over; `as_of` is valid
// only during the call.
struct BalanceRow {
  int64_t holding_id = 0;
  std::string_view as_of;  // "YYYY-MM-DD"
  int64_t balance_minor = 0;
  std::optional<int64_t> credit_limit_minor;
  std::optional<int64_t> arrears_minor;
};
// BalancesOfWorkspace's rows, in the same (no) order, handed to `each` a
// fetch of some thousands at a time instead of collected: at a million
// customers they are tens of millions, and a vector of HoldingBalance
// (about 100 bytes each) would take gigabytes.
Status ForEachBalanceOfWorkspace(
    store::Database& db, int64_t workspace_id,
    const std::function<void(const BalanceRow&)>& each);

}  // namespace vafa::services::holdings

#endif  // VAFA_SERVICES_HOLDINGS_HOLDINGS_H_
