// ImportHoldings and ImportBalances: see holdings_import.h.
#include "services/holdings/holdings_import.h"

#include <soci/soci.h>

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/dates.h"
#include "core/persian_text.h"
#include "import/customer_row.h"
#include "import/date_format.h"
#include "import/import_source.h"
#include "import/transaction_row.h"
#include "services/holdings/holdings.h"
#include "store/customer_repository.h"

namespace vafa::services::holdings {
namespace {

using import::ColumnMap;
using import::FieldSpec;
using import::ImportErrors;
using import::ImportOptions;
using import::ImportReport;

// Longer keys and names are refused rather than stored: no bank numbers
// an account with more, and a cell of megabytes is an accident or an
// attack.
constexpr size_t kMaxKeyBytes = 64;
constexpr size_t kMaxNameBytes = 200;

enum HoldingField : size_t {
  kHoNumber,
  kHoCustomer,
  kHoProduct,
  kHoProductName,
  kHoProductType,
  kHoOpened,
  kHoClosed,
  kHoStatus,
  kHoBranch,
  kHoManager,
};

enum BalanceField : size_t {
  kBaNumber,
  kBaDate,
  kBaBalance,
  kBaLimit,
  kBaArrears,
};

const FieldSpec kNumberSpec = {
    "account_number",
    {"account", "account_no", "account_id", "holding_id", "contract_number",
     "contract", "policy_number", "card_number", "loan_number", "external_id",
     "شماره حساب", "شماره قرارداد", "شماره کارت", "شماره بیمه نامه",
     "شماره تسهیلات", "حساب"},
    true};

const std::vector<FieldSpec>& HoldingSpecs() {
  static const std::vector<FieldSpec> specs = {
      kNumberSpec,
      {"customer_id",
       {"customer", "customer_key", "customer_code", "customer_number", "cif",
        "کد مشتری", "شناسه مشتری", "شماره مشتری", "مشتری"},
       true},
      {"product",
       {"product_code", "product_id", "کد محصول", "کد خدمت", "محصول"},
       true},
      {"product_name", {"نام محصول", "عنوان محصول"}, false},
      {"product_type",
       {"type", "category", "نوع محصول", "نوع", "نوع حساب"},
       false},
      {"open_date",
       {"opened_on", "opened", "opening_date", "open", "start_date",
        "تاریخ افتتاح", "تاریخ گشایش", "تاریخ شروع"},
       true},
      {"close_date",
       {"closed_on", "closed", "closing_date", "end_date", "تاریخ بستن",
        "تاریخ بسته شدن", "تاریخ ابطال", "تاریخ پایان"},
       false},
      {"status", {"state", "وضعیت"}, false},
      {"branch",
       {"branch_code", "branch_name", "شعبه", "کد شعبه", "نام شعبه"},
       false},
      {"manager",
       {"relationship_manager", "account_manager", "rm", "officer", "مدیر حساب",
        "مدیر ارتباط", "کارشناس"},
       false},
  };
  return specs;
}

const std::vector<FieldSpec>& BalanceSpecs() {
  static const std::vector<FieldSpec> specs = {
      kNumberSpec,
      {"date",
       {"as_of", "balance_date", "day", "month_end", "تاریخ", "تاریخ مانده"},
       true},
      {"balance",
       {"amount", "balance_amount", "مانده", "موجودی", "مانده حساب"},
       true},
      {"credit_limit", {"limit", "سقف اعتبار", "سقف"}, false},
      {"arrears",
       {"overdue", "past_due", "overdue_amount", "معوقه", "مبلغ معوق"},
       false},
  };
  return specs;
}

// A record's cells by field, trimmed; "" for a column the file lacks.
class Cells {
 public:
  Cells(const ColumnMap& columns, std::span<const std::string_view> fields)
      : columns_(columns), fields_(fields) {}
  std::string_view operator()(size_t field) const {
    const int column = columns_.column(field);
    if (column < 0 || static_cast<size_t>(column) >= fields_.size()) return {};
    return import::TrimField(fields_[column]);
  }
  std::span<const std::string_view> fields() const { return fields_; }

 private:
  const ColumnMap& columns_;
  std::span<const std::string_view> fields_;
};

// What the two imports share around their rows.
struct RowContext {
  std::span<const FieldSpec> specs;
  ImportErrors& errors;
  int64_t line = 0;
  void Add(size_t field, std::string_view value, std::string reason) const {
    // An error's value is shown to the user: a huge cell is cut short.
    if (value.size() > kMaxNameBytes) value = value.substr(0, kMaxNameBytes);
    errors.Add(line, specs[field].name, value, std::move(reason));
  }
};

// A key or name of at most `limit` bytes, display-normalised; "" (with an
// error when required) otherwise.
std::string Text(const RowContext& row, size_t field, std::string_view value,
                 size_t limit, bool required) {
  if (value.empty()) {
    if (required) row.Add(field, "", "is empty");
    return "";
  }
  if (value.size() > limit) {
    row.Add(field, value, "is longer than " + std::to_string(limit) + " bytes");
    return "";
  }
  return NormalizePersianDisplay(AsciiDigits(value));
}

// The day of a date cell; false (with an error when the cell is not empty,
// or empty and required) when there is none.
bool DayOfCell(const RowContext& row, size_t field, std::string_view value,
               const import::DateFormat& format, bool required,
               DayNumber& day) {
  if (value.empty()) {
    if (required) row.Add(field, "", "is empty");
    return false;
  }
  auto at = import::ReadDate(format, value);
  if (!at.ok()) {
    row.Add(field, value, at.status().message());
    return false;
  }
  day = DayOf(*at);
  return true;
}

// An ISO day from a date cell; "" (with an error when the cell is not
// empty, or empty and required) otherwise.
std::string Day(const RowContext& row, size_t field, std::string_view value,
                const import::DateFormat& format, bool required) {
  DayNumber day = 0;
  if (!DayOfCell(row, field, value, format, required, day)) return "";
  return FormatGregorian(day);
}

// The part every import shares: the file, the batch, the transaction, the
// rejects file and the report. `handle_row` validates one record, adding
// its errors, and writes it when `write` says it may.
using RowHandler = std::function<Status(const Cells&, const RowContext&,
                                        bool skip, ImportReport&)>;
using Prepare =
    std::function<Result<RowHandler>(const store::ImportBatch& batch)>;

Result<ImportReport> RunImport(store::Database& db, int64_t workspace_id,
                               const ImportOptions& options,
                               std::span<const FieldSpec> specs,
                               const std::string& kind, const Prepare& prepare,
                               const std::function<Status()>& finish = {}) {
  VAFA_ASSIGN_OR_RETURN(import::ImportSource source,
                        import::OpenImportSource(options, specs));
  const std::string& file = source.file_name;
  ImportReport report;
  report.dry_run = options.dry_run;
  report.date_format = options.date_format;
  ImportErrors errors(
      options.error_report != nullptr ? options.error_report->examples() : 5);
  const bool skip = options.on_error == import::OnError::kSkip;
  VAFA_ASSIGN_OR_RETURN(std::unique_ptr<import::RejectsFile> rejects,
                        import::OpenRejectsFile(options, source, report));
  try {
    soci::transaction transaction(db.sql());
    store::TakeWriteLock(db);
    VAFA_ASSIGN_OR_RETURN(
        store::ImportBatch batch,
        import::BeginBatch(db, workspace_id, kind, file, "upsert",
                           std::string(store::CustomerKeyName(options.key)),
                           options));
    VAFA_ASSIGN_OR_RETURN(RowHandler handle_row, prepare(batch));
    std::vector<std::string_view> fields;
    while (true) {
      VAFA_ASSIGN_OR_RETURN(bool more, source.NextRecord(fields));
      if (!more) break;
      const int64_t line = source.reader->line();
      ++report.rows;
      const int64_t errors_before = errors.total();
      if (source.CheckFieldCount(fields.size(), line, errors)) {
        const RowContext row{.specs = specs, .errors = errors, .line = line};
        VAFA_RETURN_IF_ERROR(
            handle_row(Cells(source.columns, fields), row, skip, report));
      }
      if (errors.total() != errors_before) {
        if (skip) ++report.skipped;
        if (rejects != nullptr)
          rejects->Write(fields, errors.last_row_reason());
      }
    }
    if (options.error_report != nullptr) *options.error_report = errors;
    if (!skip && !errors.empty()) return Status::Invalid(errors.Format(file));
    if (finish) VAFA_RETURN_IF_ERROR(finish());
    VAFA_RETURN_IF_ERROR(import::CloseRejectsFile(rejects.get(), report));
    batch.rows_skipped = report.skipped;
    VAFA_RETURN_IF_ERROR(
        import::CommitBatch(db, batch, report, transaction, options));
  } catch (const std::exception& error) {
    return store::DatabaseError("importing " + file, error);
  }
  return report;
}

Result<std::unordered_map<std::string, int64_t>> CustomerIndex(
    store::Database& db, int64_t workspace_id, store::CustomerKey key) {
  store::CustomerRepository repo(db);
  VAFA_ASSIGN_OR_RETURN(auto pairs, repo.KeyIndex(workspace_id, key));
  return std::unordered_map<std::string, int64_t>(pairs.begin(), pairs.end());
}

// The state of a holdings import: the keys known so far, extended by the
// products, branches and managers the file names for the first time.
struct HoldingKeysInUse {
  std::unordered_map<std::string, int64_t> customers, products, branches,
      managers, holdings;
  std::unordered_map<std::string, std::string> product_types;
};

Result<HoldingKeysInUse> LoadHoldingKeys(store::Database& db,
                                         int64_t workspace_id,
                                         store::CustomerKey key) {
  HoldingKeysInUse keys;
  VAFA_ASSIGN_OR_RETURN(keys.customers, CustomerIndex(db, workspace_id, key));
  VAFA_ASSIGN_OR_RETURN(
      keys.products, HoldingKeys(db, workspace_id, HoldingKeyTable::kProducts));
  VAFA_ASSIGN_OR_RETURN(
      keys.branches, HoldingKeys(db, workspace_id, HoldingKeyTable::kBranches));
  VAFA_ASSIGN_OR_RETURN(
      keys.managers, HoldingKeys(db, workspace_id, HoldingKeyTable::kManagers));
  VAFA_ASSIGN_OR_RETURN(
      keys.holdings, HoldingKeys(db, workspace_id, HoldingKeyTable::kHoldings));
  VAFA_ASSIGN_OR_RETURN(keys.product_types,
                        ProductTypesByCode(db, workspace_id));
  return keys;
}

// Reads and checks one holdings record; errors go to `row`.
HoldingRecord ReadHolding(
    const Cells& cells, const RowContext& row, store::CustomerKey key_kind,
    const import::DateFormat& dates,
    const std::function<bool(const std::string&)>& known_customer,
    const std::unordered_map<std::string, std::string>& product_types) {
  HoldingRecord out;
  out.number = Text(row, kHoNumber, cells(kHoNumber), kMaxKeyBytes, true);
  const std::string_view customer_text = cells(kHoCustomer);
  if (customer_text.empty()) {
    row.Add(kHoCustomer, "", "is empty");
  } else if (auto key = import::NormalizeCustomerKey(key_kind, customer_text);
             !key.ok()) {
    row.Add(kHoCustomer, customer_text, key.status().message());
  } else if (known_customer(*key)) {
    out.customer_key = *key;
  } else {
    row.Add(kHoCustomer, customer_text,
            "no customer has this " +
                std::string(store::CustomerKeyName(key_kind)));
  }
  out.product_code =
      Text(row, kHoProduct, cells(kHoProduct), kMaxKeyBytes, true);
  out.product_name =
      Text(row, kHoProductName, cells(kHoProductName), kMaxNameBytes, false);
  if (!cells(kHoProductType).empty()) {
    auto type = ParseProductType(cells(kHoProductType));
    if (type.ok()) {
      out.product_type = *type;
    } else {
      row.Add(kHoProductType, cells(kHoProductType), type.status().message());
    }
  }
  if (auto known = product_types.find(out.product_code);
      known != product_types.end()) {
    if (!out.product_type.empty() && out.product_type != known->second) {
      row.Add(kHoProductType, cells(kHoProductType),
              "product " + out.product_code + " is a " + known->second);
    }
    out.product_type = known->second;
  } else if (!out.product_code.empty() && out.product_type.empty() &&
             cells(kHoProductType).empty()) {
    row.Add(kHoProductType, "",
            "is needed for product " + out.product_code + ", which is new");
  }
  out.opened_on = Day(row, kHoOpened, cells(kHoOpened), dates, true);
  out.closed_on = Day(row, kHoClosed, cells(kHoClosed), dates, false);
  if (!out.opened_on.empty() && !out.closed_on.empty() &&
      out.closed_on < out.opened_on) {
    row.Add(kHoClosed, cells(kHoClosed),
            "is before the open date " + out.opened_on);
  }
  out.status = out.closed_on.empty() ? "open" : "closed";
  if (!cells(kHoStatus).empty()) {
    auto status = ParseHoldingStatus(cells(kHoStatus));
    if (!status.ok()) {
      row.Add(kHoStatus, cells(kHoStatus), status.status().message());
    } else if (*status == "closed" && cells(kHoClosed).empty()) {
      row.Add(kHoStatus, cells(kHoStatus), "is closed but close_date is empty");
    } else if (*status != "closed" && !out.closed_on.empty()) {
      row.Add(kHoStatus, cells(kHoStatus),
              "is " + *status + " but close_date is " + out.closed_on);
    } else {
      out.status = *status;
    }
  }
  out.branch = Text(row, kHoBranch, cells(kHoBranch), kMaxNameBytes, false);
  out.manager = Text(row, kHoManager, cells(kHoManager), kMaxNameBytes, false);
  return out;
}

// Reads and checks one balances record; errors go to `row`.
BalanceRecord ReadBalance(
    const Cells& cells, const RowContext& row,
    const import::AmountFormat& amounts, bool strict_amounts,
    const import::DateFormat& dates,
    const std::function<bool(const std::string&)>& known_holding) {
  BalanceRecord out;
  out.number = Text(row, kBaNumber, cells(kBaNumber), kMaxKeyBytes, true);
  if (!out.number.empty() && !known_holding(out.number)) {
    row.Add(kBaNumber, cells(kBaNumber), "no holding has this number");
  }
  DayOfCell(row, kBaDate, cells(kBaDate), dates, true, out.day);
  auto amount = [&](size_t field) -> std::optional<int64_t> {
    if (cells(field).empty()) {
      if (field == kBaBalance) row.Add(field, "", "is empty");
      return std::nullopt;
    }
    bool rounded = false;
    auto value =
        import::ReadAmount(cells(field), amounts, strict_amounts, rounded);
    if (!value.ok()) {
      row.Add(field, cells(field), value.status().message());
      return std::nullopt;
    }
    out.rounded += rounded ? 1 : 0;
    return *value;
  };
  out.balance_minor = amount(kBaBalance).value_or(0);
  out.credit_limit_minor = amount(kBaLimit);
  out.arrears_minor = amount(kBaArrears);
  return out;
}

// A holdings row, validated.
struct HoldingRow {
  Holding holding;
  std::string product_code, product_name, product_type;
  std::string branch, manager;
};

// Reads and checks one holdings record for the import; errors go to `row`.
HoldingRow ReadHoldingRow(const Cells& cells, const RowContext& row,
                          const HoldingKeysInUse& keys,
                          const ImportOptions& options,
                          const import::DateFormat& dates) {
  HoldingRecord read = ReadHolding(
      cells, row, options.key, dates,
      [&](const std::string& key) { return keys.customers.contains(key); },
      keys.product_types);
  HoldingRow out;
  Holding& h = out.holding;
  h.external_id = std::move(read.number);
  if (!read.customer_key.empty()) {
    h.customer_id = keys.customers.at(read.customer_key);
  }
  out.product_code = std::move(read.product_code);
  out.product_name = std::move(read.product_name);
  out.product_type = std::move(read.product_type);
  h.opened_on = std::move(read.opened_on);
  h.closed_on = std::move(read.closed_on);
  h.status = std::move(read.status);
  out.branch = std::move(read.branch);
  out.manager = std::move(read.manager);
  return out;
}

// The id of `code` in `ids`, added through `add` when new.
template <typename Add>
Result<std::optional<int64_t>> IdOf(
    std::unordered_map<std::string, int64_t>& ids, const std::string& code,
    Add add) {
  if (code.empty()) return std::optional<int64_t>();
  if (auto found = ids.find(code); found != ids.end()) return {found->second};
  VAFA_ASSIGN_OR_RETURN(int64_t id, add());
  ids.emplace(code, id);
  return {id};
}

Status WriteHoldingRow(store::Database& db, int64_t workspace_id,
                       HoldingRow& row, HoldingKeysInUse& keys,
                       HoldingWriter& writer, const store::ImportBatch& batch,
                       int64_t now, ImportReport& report) {
  Holding& h = row.holding;
  h.workspace_id = workspace_id;
  h.batch_id = batch.id;
  VAFA_ASSIGN_OR_RETURN(
      auto product, IdOf(keys.products, row.product_code, [&] {
        return AddHoldingProduct(
            db, workspace_id, row.product_code,
            row.product_name.empty() ? row.product_code : row.product_name,
            row.product_type, now);
      }));
  h.product_id = *product;
  VAFA_ASSIGN_OR_RETURN(h.branch_id, IdOf(keys.branches, row.branch, [&] {
                          return AddBranch(db, workspace_id, row.branch,
                                           row.branch, now);
                        }));
  VAFA_ASSIGN_OR_RETURN(h.manager_id, IdOf(keys.managers, row.manager, [&] {
                          return AddRelationshipManager(
                              db, workspace_id, row.manager, row.manager,
                              h.branch_id, now);
                        }));
  if (keys.holdings.contains(h.external_id)) {
    ++report.updated;
    // It may be a holding this file added, still held back by the writer.
    VAFA_RETURN_IF_ERROR(writer.Flush());
    return UpdateHolding(db, h, now);
  }
  VAFA_RETURN_IF_ERROR(writer.Add(h, now));
  keys.holdings.emplace(h.external_id, h.id);
  ++report.created;
  return Status::Ok();
}

Result<import::DateFormat> DatesOf(const ImportOptions& options) {
  if (options.date_format.empty()) return import::DateFormat{};
  return import::ParseDateFormat(options.date_format);
}

}  // namespace

Result<ImportReport> ImportHoldings(store::Database& db, int64_t workspace_id,
                                    const ImportOptions& options) {
  VAFA_ASSIGN_OR_RETURN(const import::DateFormat dates, DatesOf(options));
  auto keys = std::make_shared<HoldingKeysInUse>();
  const int64_t now = store::NowSeconds();
  std::shared_ptr<HoldingWriter> writer;
  return RunImport(
      db, workspace_id, options, HoldingSpecs(), "holdings",
      [&](const store::ImportBatch& batch) -> Result<RowHandler> {
        VAFA_ASSIGN_OR_RETURN(*keys,
                              LoadHoldingKeys(db, workspace_id, options.key));
        writer = std::make_shared<HoldingWriter>(db);
        return RowHandler([&, keys, writer, batch](
                              const Cells& cells, const RowContext& row,
                              bool skip, ImportReport& report) -> Status {
          const int64_t before = row.errors.total();
          HoldingRow read = ReadHoldingRow(cells, row, *keys, options, dates);
          if (row.errors.total() != before) return Status::Ok();
          // A product a good row names is known to the rows after it,
          // whether or not this one is written.
          keys->product_types.emplace(read.product_code, read.product_type);
          if (!skip && !row.errors.empty()) return Status::Ok();
          return WriteHoldingRow(db, workspace_id, read, *keys, *writer, batch,
                                 now, report);
        });
      },
      [&] { return writer != nullptr ? writer->Flush() : Status::Ok(); });
}

Result<ImportReport> ImportBalances(store::Database& db, int64_t workspace_id,
                                    const ImportOptions& options) {
  VAFA_ASSIGN_OR_RETURN(const import::DateFormat dates, DatesOf(options));
  VAFA_ASSIGN_OR_RETURN(const std::string currency,
                        import::ImportCurrency(db, workspace_id, options));
  VAFA_ASSIGN_OR_RETURN(const import::AmountFormat amounts,
                        import::AmountFormatFor(currency));
  auto holdings = std::make_shared<std::unordered_map<std::string, int64_t>>();
  std::shared_ptr<BalanceWriter> writer;
  return RunImport(
      db, workspace_id, options, BalanceSpecs(), "balances",
      [&](const store::ImportBatch& batch) -> Result<RowHandler> {
        VAFA_ASSIGN_OR_RETURN(
            *holdings,
            HoldingKeys(db, workspace_id, HoldingKeyTable::kHoldings));
        writer = std::make_shared<BalanceWriter>(db);
        return RowHandler([&, holdings, writer, batch](
                              const Cells& cells, const RowContext& row,
                              bool skip, ImportReport& report) -> Status {
          report.currency = currency;
          const int64_t before = row.errors.total();
          HoldingBalance balance{.workspace_id = workspace_id,
                                 .batch_id = batch.id};
          BalanceRecord read =
              ReadBalance(cells, row, amounts, options.strict_amounts, dates,
                          [&](const std::string& number) {
                            return holdings->contains(number);
                          });
          if (!read.number.empty()) {
            if (auto found = holdings->find(read.number);
                found != holdings->end()) {
              balance.holding_id = found->second;
            }
          }
          balance.as_of = FormatGregorian(read.day);
          balance.balance_minor = read.balance_minor;
          balance.credit_limit_minor = read.credit_limit_minor;
          balance.arrears_minor = read.arrears_minor;
          report.rounded += read.rounded;
          if (row.errors.total() != before || (!skip && !row.errors.empty())) {
            return Status::Ok();
          }
          VAFA_RETURN_IF_ERROR(writer->Put(balance));
          ++report.created;
          return Status::Ok();
        });
      },
      [&] { return writer != nullptr ? writer->Flush() : Status::Ok(); });
}

std::span<const FieldSpec> HoldingFieldSpecs() { return HoldingSpecs(); }
std::span<const FieldSpec> BalanceFieldSpecs() { return BalanceSpecs(); }

HoldingRecord ReadHoldingRecord(
    const RecordPlace& place, store::CustomerKey key,
    const import::DateFormat& dates,
    const std::function<bool(const std::string&)>& known_customer,
    const std::unordered_map<std::string, std::string>& product_types) {
  const RowContext row{
      .specs = HoldingSpecs(), .errors = place.errors, .line = place.line};
  return ReadHolding(Cells(place.columns, place.fields), row, key, dates,
                     known_customer, product_types);
}

BalanceRecord ReadBalanceRecord(
    const RecordPlace& place, const import::AmountFormat& amounts,
    bool strict_amounts, const import::DateFormat& dates,
    const std::function<bool(const std::string&)>& known_holding) {
  const RowContext row{
      .specs = BalanceSpecs(), .errors = place.errors, .line = place.line};
  return ReadBalance(Cells(place.columns, place.fields), row, amounts,
                     strict_amounts, dates, known_holding);
}

}  // namespace vafa::services::holdings
