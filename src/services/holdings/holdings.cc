#include "services/holdings/holdings.h"

#include <soci/soci.h>

#include <algorithm>
#include <array>

#include "core/persian_text.h"
#include "store/bulk_insert.h"
#include "store/sql_values.h"

namespace vafa::services::holdings {
namespace {

constexpr std::array<std::string_view, 6> kProductTypes = {
    "account", "deposit", "card", "loan", "policy", "plan"};

// Other names of the product types, folded by NormalizeForSearch.
struct Alias {
  std::string_view name;
  std::string_view canonical;
};
constexpr Alias kProductTypeAliases[] = {
    {"accounts", "account"},  {"current account", "account"},
    {"حساب", "account"},      {"حساب جاری", "account"},
    {"deposits", "deposit"},  {"savings", "deposit"},
    {"سپرده", "deposit"},     {"cards", "card"},
    {"credit card", "card"},  {"کارت", "card"},
    {"loans", "loan"},        {"وام", "loan"},
    {"تسهیلات", "loan"},      {"policies", "policy"},
    {"insurance", "policy"},  {"بیمه", "policy"},
    {"بیمه نامه", "policy"},  {"plans", "plan"},
    {"subscription", "plan"}, {"اشتراک", "plan"},
    {"طرح", "plan"},
};
constexpr Alias kStatusAliases[] = {
    {"open", "open"},       {"active", "open"},     {"باز", "open"},
    {"فعال", "open"},       {"dormant", "dormant"}, {"inactive", "dormant"},
    {"راکد", "dormant"},    {"frozen", "frozen"},   {"blocked", "frozen"},
    {"مسدود", "frozen"},    {"closed", "closed"},   {"بسته", "closed"},
    {"بسته شده", "closed"},
};

constexpr char kBranchKeys[] =
    "SELECT code, id FROM branches WHERE workspace_id = :w";
constexpr char kManagerKeys[] =
    "SELECT code, id FROM relationship_managers WHERE workspace_id = :w";
constexpr char kProductKeys[] =
    "SELECT code, id FROM holding_products WHERE workspace_id = :w";
constexpr char kHoldingKeys[] =
    "SELECT external_id, id FROM holdings WHERE workspace_id = :w";
constexpr char kProductTypesByCode[] =
    "SELECT code, type FROM holding_products WHERE workspace_id = :w";
constexpr char kProductNamesByCode[] =
    "SELECT code, name FROM holding_products WHERE workspace_id = :w";
constexpr char kBranchTaken[] =
    "SELECT COUNT(*) FROM branches WHERE workspace_id = :w AND code = :c";
constexpr char kManagerTaken[] =
    "SELECT COUNT(*) FROM relationship_managers WHERE workspace_id = :w AND "
    "code = :c";
constexpr char kProductTaken[] =
    "SELECT COUNT(*) FROM holding_products WHERE workspace_id = :w AND "
    "code = :c";
constexpr char kHoldingTaken[] =
    "SELECT COUNT(*) FROM holdings WHERE workspace_id = :w AND "
    "external_id = :e";
constexpr char kInsertBranch[] =
    "INSERT INTO branches (workspace_id, code, name, created_at) VALUES (:w, "
    ":c, :n, :t) RETURNING id";
constexpr char kInsertManager[] =
    "INSERT INTO relationship_managers (workspace_id, code, name, branch_id, "
    "created_at) VALUES (:w, :c, :n, :b, :t) RETURNING id";
constexpr char kInsertProduct[] =
    "INSERT INTO holding_products (workspace_id, code, name, type, "
    "created_at) VALUES (:w, :c, :n, :y, :t) RETURNING id";
constexpr char kInsertHolding[] =
    "INSERT INTO holdings (workspace_id, customer_id, product_id, external_id, "
    "opened_on, closed_on, status, branch_id, manager_id, created_at, "
    "updated_at, batch_id) VALUES (:w, :c, :p, :e, :o, :cl, :s, :b, :m, :t, "
    ":t2, :bt) RETURNING id";
constexpr char kUpdateHolding[] =
    "UPDATE holdings SET customer_id = :c, product_id = :p, opened_on = :o, "
    "closed_on = :cl, status = :s, branch_id = :b, manager_id = :m, "
    "updated_at = :t WHERE workspace_id = :w AND external_id = :e";
// ON CONFLICT ... DO UPDATE reads the same on SQLite (3.24+) and
// PostgreSQL.
constexpr char kPutBalance[] =
    "INSERT INTO holding_balances (workspace_id, holding_id, as_of, "
    "balance_minor, credit_limit_minor, arrears_minor, batch_id) VALUES (:w, "
    ":h, :a, :bal, :l, :ar, :bt) ON CONFLICT (holding_id, as_of) DO UPDATE "
    "SET balance_minor = excluded.balance_minor, credit_limit_minor = "
    "excluded.credit_limit_minor, arrears_minor = excluded.arrears_minor, "
    "batch_id = excluded.batch_id";
constexpr char kHoldingsOfCustomer[] =
    "SELECT h.id, h.external_id, p.code, p.name, p.type, h.opened_on, "
    "h.closed_on, h.status, b.name, m.name FROM holdings h JOIN "
    "holding_products p ON p.id = h.product_id LEFT JOIN branches b ON b.id = "
    "h.branch_id LEFT JOIN relationship_managers m ON m.id = h.manager_id "
    "WHERE h.workspace_id = :w AND h.customer_id = :c ORDER BY CASE WHEN "
    "h.closed_on IS NULL THEN 0 ELSE 1 END, h.opened_on DESC, h.id DESC "
    "LIMIT :n";
constexpr char kLatestBalances[] =
    "SELECT as_of, balance_minor, credit_limit_minor, arrears_minor, "
    "batch_id FROM holding_balances WHERE workspace_id = :w AND holding_id = "
    ":h ORDER BY as_of DESC LIMIT :n";
constexpr char kHoldingSpans[] =
    "SELECT h.customer_id, p.type, b.name, h.opened_on, h.closed_on, h.id, "
    "p.code "
    "FROM "
    "holdings h JOIN holding_products p ON p.id = h.product_id LEFT JOIN "
    "branches b ON b.id = h.branch_id WHERE h.workspace_id = :w ORDER BY "
    "h.customer_id, h.opened_on, h.id";

constexpr char kBalancesOfWorkspace[] =
    "SELECT holding_id, as_of, balance_minor, credit_limit_minor, "
    "arrears_minor FROM holding_balances WHERE workspace_id = :w";

Result<std::string> FromAliases(std::string_view text,
                                std::span<const Alias> aliases,
                                std::span<const std::string_view> canonical,
                                std::string_view what) {
  const std::string folded = NormalizeForSearch(text);
  for (std::string_view name : canonical) {
    if (folded == name) return std::string(name);
  }
  for (const Alias& alias : aliases) {
    if (folded == NormalizeForSearch(alias.name)) {
      return std::string(alias.canonical);
    }
  }
  std::string names;
  for (std::string_view name : canonical) {
    if (!names.empty()) names += ", ";
    names += name;
  }
  return Status::Invalid("is not a " + std::string(what) + " (one of " + names +
                         ")");
}

Result<bool> KeyTaken(store::Database& db, const char* sql,
                      int64_t workspace_id, const std::string& key) {
  long long w = workspace_id, count = 0;
  db.sql() << sql, soci::use(w), soci::use(key), soci::into(count);
  return count > 0;
}

Result<std::unordered_map<std::string, std::string>> ReadTextPairs(
    store::Database& db, const char* sql, int64_t workspace_id,
    const char* what) {
  std::unordered_map<std::string, std::string> out;
  try {
    long long w = workspace_id;
    soci::rowset<soci::row> rows = (db.sql().prepare << sql, soci::use(w));
    for (const soci::row& row : rows) {
      out.emplace(store::RowText(row, 0), store::RowText(row, 1));
    }
  } catch (const std::exception& error) {
    return store::DatabaseError(what, error);
  }
  return out;
}

// Inserts a row with a code, unless the code is taken (Conflict).
template <typename Insert>
Result<int64_t> AddCoded(store::Database& db, const char* taken_sql,
                         int64_t workspace_id, const std::string& code,
                         std::string_view what, Insert insert) {
  try {
    VAFA_ASSIGN_OR_RETURN(bool taken,
                          KeyTaken(db, taken_sql, workspace_id, code));
    if (taken) {
      return Status::Conflict(std::string(what) + " \"" + code +
                              "\" already exists");
    }
    return insert();
  } catch (const std::exception& error) {
    return store::DatabaseError("adding " + std::string(what) + " " + code,
                                error);
  }
}

}  // namespace

std::span<const std::string_view> ProductTypes() { return kProductTypes; }

Result<std::string> ParseProductType(std::string_view text) {
  return FromAliases(text, kProductTypeAliases, kProductTypes, "product type");
}

Result<std::string> ParseHoldingStatus(std::string_view text) {
  static constexpr std::array<std::string_view, 4> kStatuses = {
      "open", "dormant", "frozen", "closed"};
  return FromAliases(text, kStatusAliases, kStatuses, "holding status");
}

Result<std::unordered_map<std::string, int64_t>> HoldingKeys(
    store::Database& db, int64_t workspace_id, HoldingKeyTable table) {
  const char* sql = kBranchKeys;
  if (table == HoldingKeyTable::kManagers) sql = kManagerKeys;
  if (table == HoldingKeyTable::kProducts) sql = kProductKeys;
  if (table == HoldingKeyTable::kHoldings) sql = kHoldingKeys;
  std::unordered_map<std::string, int64_t> out;
  try {
    long long w = workspace_id;
    soci::rowset<soci::row> rows = (db.sql().prepare << sql, soci::use(w));
    for (const soci::row& row : rows) {
      out.emplace(store::RowText(row, 0), store::RowInt(row, 1));
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the keys of holdings", error);
  }
  return out;
}

Result<std::unordered_map<std::string, std::string>> ProductTypesByCode(
    store::Database& db, int64_t workspace_id) {
  return ReadTextPairs(db, kProductTypesByCode, workspace_id,
                       "reading the holding products");
}

Result<std::unordered_map<std::string, std::string>> ProductNamesByCode(
    store::Database& db, int64_t workspace_id) {
  return ReadTextPairs(db, kProductNamesByCode, workspace_id,
                       "reading the holding products");
}

Result<int64_t> AddBranch(store::Database& db, int64_t workspace_id,
                          const std::string& code, const std::string& name,
                          int64_t now) {
  return AddCoded(db, kBranchTaken, workspace_id, code, "branch", [&] {
    long long w = workspace_id, t = now, id = 0;
    db.sql() << kInsertBranch, soci::use(w), soci::use(code), soci::use(name),
        soci::use(t), soci::into(id);
    return Result<int64_t>(id);
  });
}

Result<int64_t> AddRelationshipManager(
    store::Database& db, int64_t workspace_id, const std::string& code,
    const std::string& name, std::optional<int64_t> branch_id, int64_t now) {
  return AddCoded(
      db, kManagerTaken, workspace_id, code, "relationship manager", [&] {
        long long w = workspace_id, t = now, id = 0;
        store::NullableInt branch(branch_id);
        db.sql() << kInsertManager, soci::use(w), soci::use(code),
            soci::use(name), branch.use(), soci::use(t), soci::into(id);
        return Result<int64_t>(id);
      });
}

Result<int64_t> AddHoldingProduct(store::Database& db, int64_t workspace_id,
                                  const std::string& code,
                                  const std::string& name,
                                  const std::string& type, int64_t now) {
  return AddCoded(db, kProductTaken, workspace_id, code, "product", [&] {
    long long w = workspace_id, t = now, id = 0;
    db.sql() << kInsertProduct, soci::use(w), soci::use(code), soci::use(name),
        soci::use(type), soci::use(t), soci::into(id);
    return Result<int64_t>(id);
  });
}

Status InsertHolding(store::Database& db, Holding& holding, int64_t now) {
  try {
    VAFA_ASSIGN_OR_RETURN(
        bool taken,
        KeyTaken(db, kHoldingTaken, holding.workspace_id, holding.external_id));
    if (taken) {
      return Status::Conflict("holding \"" + holding.external_id +
                              "\" already exists");
    }
    long long w = holding.workspace_id, c = holding.customer_id,
              p = holding.product_id, t = now, t2 = now, id = 0;
    store::NullableText closed(holding.closed_on);
    store::NullableInt branch(holding.branch_id), manager(holding.manager_id);
    store::NullableInt batch(holding.batch_id > 0
                                 ? std::optional<int64_t>(holding.batch_id)
                                 : std::nullopt);
    db.sql() << kInsertHolding, soci::use(w), soci::use(c), soci::use(p),
        soci::use(holding.external_id), soci::use(holding.opened_on),
        closed.use(), soci::use(holding.status), branch.use(), manager.use(),
        soci::use(t), soci::use(t2), batch.use(), soci::into(id);
    holding.id = id;
  } catch (const std::exception& error) {
    return store::DatabaseError("adding holding " + holding.external_id, error);
  }
  return Status::Ok();
}

Status UpdateHolding(store::Database& db, const Holding& holding, int64_t now) {
  try {
    long long w = holding.workspace_id, c = holding.customer_id,
              p = holding.product_id, t = now;
    store::NullableText closed(holding.closed_on);
    store::NullableInt branch(holding.branch_id), manager(holding.manager_id);
    soci::statement st =
        (db.sql().prepare << kUpdateHolding, soci::use(c), soci::use(p),
         soci::use(holding.opened_on), closed.use(), soci::use(holding.status),
         branch.use(), manager.use(), soci::use(t), soci::use(w),
         soci::use(holding.external_id));
    st.execute(true);
    if (st.get_affected_rows() == 0) {
      return Status::NotFound("no holding \"" + holding.external_id + "\"");
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("updating holding " + holding.external_id,
                                error);
  }
  return Status::Ok();
}

struct BalanceWriter::Statement {
  long long workspace = 0, holding = 0, amount = 0, limit = 0, arrears = 0,
            batch = 0;
  std::string as_of;
  soci::indicator limit_set = soci::i_null, arrears_set = soci::i_null,
                  batch_set = soci::i_null;
  soci::statement upsert;
  explicit Statement(store::Database& db)
      : upsert((db.sql().prepare << kPutBalance, soci::use(workspace),
                soci::use(holding), soci::use(as_of), soci::use(amount),
                soci::use(limit, limit_set), soci::use(arrears, arrears_set),
                soci::use(batch, batch_set))) {}
};

struct HoldingWriter::Rows {
  store::BulkInsert insert;
  int64_t next_id = 0;
  int64_t pending = 0;
  explicit Rows(store::Database& db)
      : insert(db, "holdings",
               {"id", "workspace_id", "customer_id", "product_id",
                "external_id", "opened_on", "closed_on", "status", "branch_id",
                "manager_id", "created_at", "updated_at", "batch_id"}),
        next_id(store::NextIdForBulk(db, "holdings")) {}
};

HoldingWriter::HoldingWriter(store::Database& db)
    : db_(db), rows_(std::make_unique<Rows>(db)) {}
HoldingWriter::~HoldingWriter() = default;

Status HoldingWriter::Add(Holding& holding, int64_t now) {
  store::BulkInsert& row = rows_->insert;
  holding.id = rows_->next_id++;
  row.Int(holding.id);
  row.Int(holding.workspace_id);
  row.Int(holding.customer_id);
  row.Int(holding.product_id);
  row.Text(holding.external_id);
  row.Text(holding.opened_on);
  row.TextOrNull(holding.closed_on);
  row.Text(holding.status);
  holding.branch_id ? row.Int(*holding.branch_id) : row.Null();
  holding.manager_id ? row.Int(*holding.manager_id) : row.Null();
  row.Int(now);
  row.Int(now);
  holding.batch_id > 0 ? row.Int(holding.batch_id) : row.Null();
  ++rows_->pending;
  return row.EndRow();
}

Status HoldingWriter::Flush() {
  if (rows_->pending == 0) return Status::Ok();
  VAFA_RETURN_IF_ERROR(rows_->insert.Flush());
  try {
    store::SyncIdSequence(db_, "holdings");
  } catch (const std::exception& error) {
    return store::DatabaseError("writing the holdings", error);
  }
  rows_->pending = 0;
  return Status::Ok();
}

// The balances a PostgreSQL import has copied and not yet upserted.
constexpr char kCreateBalanceLoad[] =
    "CREATE TEMPORARY TABLE IF NOT EXISTS vafa_balance_load (seq BIGINT, "
    "workspace_id BIGINT, holding_id BIGINT, as_of TEXT, balance_minor "
    "BIGINT, credit_limit_minor BIGINT, arrears_minor BIGINT, batch_id "
    "BIGINT) ON COMMIT DROP";
// The last of each holding's day in the chunk (by its place in the file),
// as the per-row upsert leaves it.
constexpr char kUpsertBalanceLoad[] =
    "INSERT INTO holding_balances (workspace_id, holding_id, as_of, "
    "balance_minor, credit_limit_minor, arrears_minor, batch_id) SELECT "
    "DISTINCT ON (holding_id, as_of) workspace_id, holding_id, as_of, "
    "balance_minor, credit_limit_minor, arrears_minor, batch_id FROM "
    "vafa_balance_load ORDER BY holding_id, as_of, seq DESC ON CONFLICT "
    "(holding_id, as_of) DO UPDATE SET balance_minor = "
    "excluded.balance_minor, credit_limit_minor = "
    "excluded.credit_limit_minor, arrears_minor = excluded.arrears_minor, "
    "batch_id = excluded.batch_id";
constexpr int64_t kBalancesPerChunk = 200000;

struct BalanceWriter::Copy {
  store::BulkInsert rows;
  int64_t pending = 0;
  int64_t seq = 0;
  explicit Copy(store::Database& db)
      : rows(db, "vafa_balance_load",
             {"seq", "workspace_id", "holding_id", "as_of", "balance_minor",
              "credit_limit_minor", "arrears_minor", "batch_id"}) {}
};

BalanceWriter::BalanceWriter(store::Database& db) : db_(db) {
  if (db.backend() == store::Backend::kPostgres) {
    db.sql() << kCreateBalanceLoad;  // a failure is the import's error
    copy_ = std::make_unique<Copy>(db);
  } else {
    statement_ = std::make_unique<Statement>(db);
  }
}
BalanceWriter::~BalanceWriter() = default;

Status BalanceWriter::Put(const HoldingBalance& balance) {
  if (copy_ != nullptr) {
    store::BulkInsert& rows = copy_->rows;
    rows.Int(++copy_->seq);
    rows.Int(balance.workspace_id);
    rows.Int(balance.holding_id);
    rows.Text(balance.as_of);
    rows.Int(balance.balance_minor);
    balance.credit_limit_minor ? rows.Int(*balance.credit_limit_minor)
                               : rows.Null();
    balance.arrears_minor ? rows.Int(*balance.arrears_minor) : rows.Null();
    balance.batch_id > 0 ? rows.Int(balance.batch_id) : rows.Null();
    VAFA_RETURN_IF_ERROR(rows.EndRow());
    if (++copy_->pending >= kBalancesPerChunk) return Flush();
    return Status::Ok();
  }
  Statement& s = *statement_;
  s.workspace = balance.workspace_id;
  s.holding = balance.holding_id;
  s.as_of = balance.as_of;
  s.amount = balance.balance_minor;
  s.limit = balance.credit_limit_minor.value_or(0);
  s.limit_set = balance.credit_limit_minor ? soci::i_ok : soci::i_null;
  s.arrears = balance.arrears_minor.value_or(0);
  s.arrears_set = balance.arrears_minor ? soci::i_ok : soci::i_null;
  s.batch = balance.batch_id;
  s.batch_set = balance.batch_id > 0 ? soci::i_ok : soci::i_null;
  try {
    s.upsert.execute(true);
  } catch (const std::exception& error) {
    return store::DatabaseError(
        "writing the balance of a holding on " + balance.as_of, error);
  }
  return Status::Ok();
}

Status BalanceWriter::Flush() {
  if (copy_ == nullptr || copy_->pending == 0) return Status::Ok();
  VAFA_RETURN_IF_ERROR(copy_->rows.Flush());
  try {
    db_.sql() << kUpsertBalanceLoad;
    db_.sql() << "TRUNCATE vafa_balance_load";
  } catch (const std::exception& error) {
    return store::DatabaseError("writing the balances", error);
  }
  copy_->pending = 0;
  return Status::Ok();
}

Status PutBalance(store::Database& db, const HoldingBalance& balance) {
  try {
    long long w = balance.workspace_id, h = balance.holding_id,
              amount = balance.balance_minor;
    store::NullableInt limit(balance.credit_limit_minor),
        arrears(balance.arrears_minor);
    store::NullableInt batch(balance.batch_id > 0
                                 ? std::optional<int64_t>(balance.batch_id)
                                 : std::nullopt);
    db.sql() << kPutBalance, soci::use(w), soci::use(h),
        soci::use(balance.as_of), soci::use(amount), limit.use(), arrears.use(),
        batch.use();
  } catch (const std::exception& error) {
    return store::DatabaseError(
        "writing the balance of a holding on " + balance.as_of, error);
  }
  return Status::Ok();
}

Result<std::vector<CustomerHolding>> HoldingsOfCustomer(
    store::Database& db, int64_t workspace_id, int64_t customer_id, int limit,
    int balances_per_holding) {
  std::vector<CustomerHolding> out;
  try {
    long long w = workspace_id, c = customer_id, n = limit;
    {
      soci::rowset<soci::row> rows = (db.sql().prepare << kHoldingsOfCustomer,
                                      soci::use(w), soci::use(c), soci::use(n));
      for (const soci::row& row : rows) {
        out.push_back({.id = store::RowInt(row, 0),
                       .external_id = store::RowText(row, 1),
                       .product_code = store::RowText(row, 2),
                       .product_name = store::RowText(row, 3),
                       .product_type = store::RowText(row, 4),
                       .opened_on = store::RowText(row, 5),
                       .closed_on = store::RowText(row, 6),
                       .status = store::RowText(row, 7),
                       .branch = store::RowText(row, 8),
                       .manager = store::RowText(row, 9)});
      }
    }
    for (CustomerHolding& holding : out) {
      long long h = holding.id, per = balances_per_holding;
      soci::rowset<soci::row> rows =
          (db.sql().prepare << kLatestBalances, soci::use(w), soci::use(h),
           soci::use(per));
      for (const soci::row& row : rows) {
        const std::optional<int64_t> batch = store::RowOptionalInt(row, 4);
        holding.balances.push_back(
            {.workspace_id = workspace_id,
             .holding_id = holding.id,
             .as_of = store::RowText(row, 0),
             .balance_minor = store::RowInt(row, 1),
             .credit_limit_minor = store::RowOptionalInt(row, 2),
             .arrears_minor = store::RowOptionalInt(row, 3),
             .batch_id = batch.value_or(0)});
      }
      std::reverse(holding.balances.begin(), holding.balances.end());
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the holdings of a customer", error);
  }
  return out;
}

Result<std::vector<HoldingSpan>> HoldingSpans(store::Database& db,
                                              int64_t workspace_id) {
  std::vector<HoldingSpan> out;
  try {
    long long w = workspace_id;
    soci::rowset<soci::row> rows =
        (db.sql().prepare << kHoldingSpans, soci::use(w));
    for (const soci::row& row : rows) {
      out.push_back({.customer_id = store::RowInt(row, 0),
                     .product_type = store::RowText(row, 1),
                     .branch = store::RowText(row, 2),
                     .opened_on = store::RowText(row, 3),
                     .closed_on = store::RowText(row, 4),
                     .holding_id = store::RowInt(row, 5),
                     .product_code = store::RowText(row, 6)});
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the holdings of the workspace", error);
  }
  return out;
}

Result<std::vector<HoldingBalance>> BalancesOfWorkspace(store::Database& db,
                                                        int64_t workspace_id) {
  std::vector<HoldingBalance> out;
  try {
    long long w = workspace_id;
    soci::rowset<soci::row> rows =
        (db.sql().prepare << kBalancesOfWorkspace, soci::use(w));
    for (const soci::row& row : rows) {
      out.push_back({.workspace_id = workspace_id,
                     .holding_id = store::RowInt(row, 0),
                     .as_of = store::RowText(row, 1),
                     .balance_minor = store::RowInt(row, 2),
                     .credit_limit_minor = store::RowOptionalInt(row, 3),
                     .arrears_minor = store::RowOptionalInt(row, 4)});
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the balances of the workspace", error);
  }
  return out;
}

Status ForEachBalanceOfWorkspace(
    store::Database& db, int64_t workspace_id,
    const std::function<void(const BalanceRow&)>& each) {
  // Typed columns fetched in bulk: a soci::row per balance costs more than
  // the rest of the read.
  constexpr size_t kFetchRows = 10000;
  try {
    long long w = workspace_id;
    std::vector<long long> holding(kFetchRows), amount(kFetchRows),
        limit(kFetchRows), arrears(kFetchRows);
    std::vector<std::string> as_of(kFetchRows);
    std::vector<soci::indicator> limit_set(kFetchRows), arrears_set(kFetchRows);
    soci::statement st =
        (db.sql().prepare << kBalancesOfWorkspace, soci::use(w),
         soci::into(holding), soci::into(as_of), soci::into(amount),
         soci::into(limit, limit_set), soci::into(arrears, arrears_set));
    st.execute();
    while (st.fetch()) {
      for (size_t i = 0; i < holding.size(); ++i) {
        BalanceRow row{.holding_id = holding[i],
                       .as_of = as_of[i],
                       .balance_minor = amount[i]};
        if (limit_set[i] == soci::i_ok) row.credit_limit_minor = limit[i];
        if (arrears_set[i] == soci::i_ok) row.arrears_minor = arrears[i];
        each(row);
      }
      for (auto* column : {&holding, &amount, &limit, &arrears}) {
        column->resize(kFetchRows);
      }
      as_of.resize(kFetchRows);
      limit_set.resize(kFetchRows);
      arrears_set.resize(kFetchRows);
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the balances of the workspace", error);
  }
  return Status::Ok();
}

}  // namespace vafa::services::holdings
