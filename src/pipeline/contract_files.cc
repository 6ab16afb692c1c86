#include "pipeline/contract_files.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numeric>
#include <optional>
#include <unordered_map>
#include <utility>

#include "core/persian_text.h"
#include "import/customer_row.h"
#include "import/import_source.h"
#include "import/interaction_vocabulary.h"
#include "pipeline/channel_uses.h"
#include "pipeline/complaint_source.h"
#include "pipeline/contract_files_clean_balance.h"
#include "pipeline/internal/parallel_csv_ranges.h"
#include "services/holdings/holdings_import.h"

namespace vafa::pipeline {
namespace {

namespace churn = analytics::churn;
using services::holdings::BalanceRecord;
using services::holdings::HoldingRecord;
using services::holdings::RecordPlace;

// The import's interactions columns (import/interaction_import.cc).
constexpr size_t kInCustomer = 0, kInDate = 1, kInType = 2, kInChannel = 3,
                 kInDirection = 4, kInOutcome = 6;

using KeyIndex = std::unordered_map<std::string, int32_t>;

// Calls `take(fields, line, errors)` for every record of `path` read as the
// import reads it, on one thread; the errors, if any, refuse the file.
template <typename Take>
Status ReadSerially(const std::string& path,
                    std::span<const import::FieldSpec> specs, Take take) {
  VAFA_ASSIGN_OR_RETURN(import::ImportSource source,
                        import::OpenImportSource(path, 0, specs));
  import::ImportErrors errors;
  std::vector<std::string_view> fields;
  while (true) {
    VAFA_ASSIGN_OR_RETURN(bool more, source.NextRecord(fields));
    if (!more) break;
    const int64_t line = source.reader->line();
    if (!source.CheckFieldCount(fields.size(), line, errors)) continue;
    take(source.columns, fields, line, errors);
  }
  if (!errors.empty()) return Status::Invalid(errors.Format(source.file_name));
  return Status::Ok();
}

std::string_view Cell(const import::ColumnMap& columns,
                      std::span<const std::string_view> fields, size_t field) {
  const int column = columns.column(field);
  if (column < 0 || static_cast<size_t>(column) >= fields.size()) return {};
  return import::TrimField(fields[column]);
}

DayNumber DayOfIso(const std::string& iso) {
  if (iso.empty()) return churn::kNever;
  auto at = ParseDateTime(iso);
  return at.ok() ? DayOf(*at) : churn::kNever;
}

// Every customer's ordinal: the id order a store would give them.
Result<KeyIndex> ReadCustomerKeys(const std::string& path) {
  KeyIndex ordinal;
  VAFA_RETURN_IF_ERROR(ReadSerially(
      path, import::FieldSpecsOf("customers"),
      [&](const import::ColumnMap& columns,
          std::span<const std::string_view> fields, int64_t line,
          import::ImportErrors& errors) {
        const std::string_view text =
            Cell(columns, fields, import::kCuExternalId);
        if (text.empty()) return;
        auto key =
            import::NormalizeCustomerKey(store::CustomerKey::kExternalId, text);
        if (!key.ok()) {
          errors.Add(line, "external_id", text, key.status().message());
          return;
        }
        ordinal.try_emplace(*key, static_cast<int32_t>(ordinal.size()));
      }));
  return ordinal;
}

struct FileHolding {
  int32_t customer = 0;  // ordinal
  int32_t first_row = 0;
  churn::ContractKind kind = churn::ContractKind::kOther;
  DayNumber opened = 0, closed = churn::kNever;
};

struct HoldingsRead {
  std::vector<std::string> customer_keys;  // by ordinal
  std::vector<FileHolding> holdings;       // by first row
  std::unordered_map<std::string, int32_t> by_number;
};

// Reads the holdings file as the import does (the customers file, when
// given, lists every customer a holding may name): calls take(record,
// customer ordinal, slot) for every row, the slot being the holding's place
// by its first row (a number named again: the same slot). Returns the
// customers' keys by ordinal.
template <typename Take>
Result<std::vector<std::string>> ReadHoldingRows(const std::string& customers,
                                                 const std::string& holdings,
                                                 Take take) {
  KeyIndex ordinal, slot_of;
  const bool closed_list = !customers.empty();
  if (closed_list) {
    VAFA_ASSIGN_OR_RETURN(ordinal, ReadCustomerKeys(customers));
  }
  std::unordered_map<std::string, std::string> product_types;
  const import::DateFormat dates;
  VAFA_RETURN_IF_ERROR(ReadSerially(
      holdings, services::holdings::HoldingFieldSpecs(),
      [&](const import::ColumnMap& columns,
          std::span<const std::string_view> fields, int64_t line,
          import::ImportErrors& errors) {
        const int64_t before = errors.total();
        HoldingRecord read = services::holdings::ReadHoldingRecord(
            RecordPlace{columns, fields, line, errors},
            store::CustomerKey::kExternalId, dates,
            [&](const std::string& key) {
              return !closed_list || ordinal.contains(key);
            },
            product_types);
        if (errors.total() != before) return;
        product_types.emplace(read.product_code, read.product_type);
        auto customer = ordinal.try_emplace(
            read.customer_key, static_cast<int32_t>(ordinal.size()));
        auto slot = slot_of.try_emplace(read.number,
                                        static_cast<int32_t>(slot_of.size()));
        take(read, customer.first->second, slot.first->second);
      }));
  std::vector<std::string> keys(ordinal.size());
  for (auto& [key, index] : ordinal) keys[index] = key;
  return keys;
}

Result<HoldingsRead> ReadHoldings(const ContractFiles& files) {
  HoldingsRead out;
  VAFA_ASSIGN_OR_RETURN(
      out.customer_keys,
      ReadHoldingRows(
          files.customers, files.holdings,
          [&](const HoldingRecord& read, int32_t customer, int32_t slot) {
            if (slot == static_cast<int32_t>(out.holdings.size())) {
              out.holdings.push_back({.first_row = slot});
              out.by_number.emplace(read.number, slot);
            }
            FileHolding& h = out.holdings[slot];
            h.customer = customer;
            h.kind = churn::ContractKindOf(read.product_type);
            h.opened = DayOfIso(read.opened_on);
            h.closed = DayOfIso(read.closed_on);
          }));
  return out;
}

// The holders in ordinal order (`keys`: their keys; the book's keys:
// their ordinals from 1) and the holdings in the store's order (by
// customer, opening day, first row); `position[h]` is holding h's place.
void OrderBook(const HoldingsRead& read, churn::ContractRows& rows,
               std::vector<std::string>& keys, std::vector<int32_t>& position,
               KeyIndex& holder_index) {
  std::vector<int32_t> order(read.holdings.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
    const FileHolding& x = read.holdings[a];
    const FileHolding& y = read.holdings[b];
    if (x.customer != y.customer) return x.customer < y.customer;
    if (x.opened != y.opened) return x.opened < y.opened;
    return x.first_row < y.first_row;
  });
  position.assign(read.holdings.size(), 0);
  int32_t last_customer = -1;
  for (size_t k = 0; k < order.size(); ++k) {
    const FileHolding& h = read.holdings[order[k]];
    position[order[k]] = static_cast<int32_t>(k);
    if (h.customer != last_customer) {
      last_customer = h.customer;
      holder_index.emplace(read.customer_keys[h.customer],
                           static_cast<int32_t>(rows.customer_keys.size()));
      rows.customer_keys.push_back(std::to_string(h.customer + 1));
      keys.push_back(read.customer_keys[h.customer]);
    }
    rows.holding_customer.push_back(
        static_cast<int32_t>(rows.customer_keys.size()) - 1);
    rows.kind.push_back(h.kind);
    rows.opened.push_back(h.opened);
    rows.closed.push_back(h.closed);
  }
}

// One range's balances, in file order.
struct BalanceColumns {
  std::string last_number;  // the holding read last, and its place
  int32_t last_holding = -1;
  std::vector<int32_t> holding;
  std::vector<DayNumber> day;
  std::vector<double> balance, limit, arrears;
  // Empty, keeping the room reserved.
  void Clear() {
    last_number.clear();
    last_holding = -1;
    holding.clear();
    day.clear();
    balance.clear();
    limit.clear();
    arrears.clear();
  }
  void Reserve(size_t count) {
    holding.reserve(count);
    day.reserve(count);
    balance.reserve(count);
    limit.reserve(count);
    arrears.reserve(count);
  }
  // The place of holding `number` in `place`, -1 when none has it.
  int32_t HoldingOf(std::string_view number,
                    const std::unordered_map<std::string, int32_t>& place) {
    // A file lists a holding's balances together, mostly.
    if (last_holding >= 0 && number == last_number) return last_holding;
    auto found = place.find(std::string(number));
    if (found == place.end()) return -1;
    last_number.assign(number);
    last_holding = found->second;
    return last_holding;
  }
  void AddClean(int32_t h, const CleanBalance& read) {
    const double none = std::nan("");
    holding.push_back(h);
    day.push_back(read.day);
    balance.push_back(static_cast<double>(read.balance_minor));
    limit.push_back(read.has_limit ? static_cast<double>(read.limit_minor)
                                   : none);
    arrears.push_back(read.has_arrears ? static_cast<double>(read.arrears_minor)
                                       : none);
  }
  void Add(int32_t h, const BalanceRecord& read) {
    const double none = std::nan("");
    holding.push_back(h);
    day.push_back(read.day);
    balance.push_back(static_cast<double>(read.balance_minor));
    limit.push_back(read.credit_limit_minor
                        ? static_cast<double>(*read.credit_limit_minor)
                        : none);
    arrears.push_back(
        read.arrears_minor ? static_cast<double>(*read.arrears_minor) : none);
  }
};

template <typename T>
void Append(std::vector<T>& to, std::vector<T>& from) {
  if (to.empty()) {
    to.swap(from);  // no copy of the first range's pages
  } else {
    to.insert(to.end(), from.begin(), from.end());
  }
  from = {};
}

// Where the balances' fields are, for the clean reader.
BalanceFileColumns BalanceColumnsOf(const import::ColumnMap& columns) {
  BalanceFileColumns out;
  const auto specs = services::holdings::BalanceFieldSpecs();
  for (size_t field = 0; field < specs.size(); ++field) {
    const std::string_view name = specs[field].name;
    const int column = columns.column(field);
    if (field == 0) out.number = column;  // the holding's number
    if (name == "date") out.date = column;
    if (name == "balance") out.balance = column;
    if (name == "credit_limit") out.limit = column;
    if (name == "arrears") out.arrears = column;
  }
  return out;
}

// Reads balances records into a range's columns: clean cells as they are
// (contract_files_clean_balance.h); anything else, or a number no holding
// has, as the import reads it, with its message.
class BalanceReader {
 public:
  BalanceReader(const import::AmountFormat& amounts,
                const std::unordered_map<std::string, int32_t>& place)
      : amounts_(amounts),
        // Rials (or tomans) have no decimals; a currency with decimals
        // takes the careful reader.
        amount_scale_(amounts.minor_digits == 0 ? amounts.unit.factor : 0),
        place_(place) {}

  bool Read(const import::ColumnMap& columns,
            const BalanceFileColumns& clean_columns,
            std::span<const std::string_view> fields, int64_t line,
            import::ImportErrors& errors, BalanceColumns& to) const {
    CleanBalance clean;
    if (ReadCleanBalance(fields, clean_columns, amount_scale_, clean)) {
      const int32_t holding = to.HoldingOf(clean.number, place_);
      if (holding >= 0) {
        to.AddClean(holding, clean);
        return true;
      }
    }
    const int64_t before = errors.total();
    int32_t holding = -1;
    BalanceRecord read = services::holdings::ReadBalanceRecord(
        RecordPlace{columns, fields, line, errors}, amounts_,
        /*strict_amounts=*/false, dates_, [&](const std::string& number) {
          holding = to.HoldingOf(number, place_);
          return holding >= 0;
        });
    if (errors.total() != before) return false;
    to.Add(holding, read);
    return true;
  }

 private:
  const import::AmountFormat amounts_;
  const int64_t amount_scale_;
  const import::DateFormat dates_;
  const std::unordered_map<std::string, int32_t>& place_;
};

// One range's columns per thread, reserved, not touched: a balances line
// is rarely under 24 bytes. The first range's columns become the book's,
// the others appended to them, so they have room for the whole file.
std::vector<BalanceColumns> ReservedBalanceRanges(const std::string& path,
                                                  int ranges) {
  std::vector<BalanceColumns> parts(static_cast<size_t>(ranges));
  std::error_code no_size;
  const auto bytes = std::filesystem::file_size(path, no_size);
  if (!no_size) {
    parts[0].Reserve(bytes / 24);
    for (size_t r = 1; r < parts.size(); ++r) {
      parts[r].Reserve(bytes / 24 / parts.size());
    }
  }
  return parts;
}

Result<bool> ReadBalances(const std::string& path,
                          const ContractFileOptions& options,
                          const std::unordered_map<std::string, int32_t>& place,
                          churn::ContractRows& rows) {
  VAFA_ASSIGN_OR_RETURN(const import::AmountFormat amounts,
                        import::AmountFormatFor(options.currency));
  const BalanceReader reader(amounts, place);
  std::vector<BalanceColumns> parts =
      ReservedBalanceRanges(path, options.threads);
  bool parallel = false;
  {
    VAFA_ASSIGN_OR_RETURN(
        import::ImportSource source,
        import::OpenImportSource(path, 0,
                                 services::holdings::BalanceFieldSpecs()));
    const BalanceFileColumns clean_columns = BalanceColumnsOf(source.columns);
    std::vector<import::ImportErrors> errors(parts.size());
    parallel = ReadCsvRangesInParallel(
        path, source, options.threads,
        [&](int range, std::span<const std::string_view> fields) {
          return reader.Read(source.columns, clean_columns, fields, 0,
                             errors[range], parts[range]);
        });
  }
  if (!parallel) {
    parts.resize(1);
    parts[0].Clear();
    std::optional<BalanceFileColumns> clean_columns;
    VAFA_RETURN_IF_ERROR(ReadSerially(
        path, services::holdings::BalanceFieldSpecs(),
        [&](const import::ColumnMap& columns,
            std::span<const std::string_view> fields, int64_t line,
            import::ImportErrors& errors) {
          if (!clean_columns) clean_columns = BalanceColumnsOf(columns);
          reader.Read(columns, *clean_columns, fields, line, errors, parts[0]);
        }));
  }
  for (BalanceColumns& part : parts) {
    Append(rows.balance_holding, part.holding);
    Append(rows.balance_day, part.day);
    Append(rows.balance, part.balance);
    Append(rows.limit, part.limit);
    Append(rows.arrears, part.arrears);
  }
  return parallel;
}

// The text read last and what it was read as.
template <typename T>
struct LastRead {
  bool known = false;
  std::string text;
  T value{};
  template <typename Read>
  const T& Of(std::string_view cell, Read read) {
    if (!known || cell != text) {
      value = read(cell);
      text.assign(cell);
      known = true;
    }
    return value;
  }
};

// One range's channel uses and complaints, in file order.
struct InteractionColumns {
  std::vector<int32_t> use_customer;
  std::vector<DayNumber> use_day;
  std::vector<uint8_t> use_at_branch;
  std::vector<InteractionComplaint> complaints;
  // Distinct texts repeat: each read once.
  std::unordered_map<std::string, DayNumber> days;
  std::unordered_map<std::string, int8_t> channels;  // -1 none, 0, 1 branch
  // A file lists a customer's interactions together, mostly, of a few
  // types on a few days: the last of each is kept with what it read as.
  LastRead<std::string> type, direction;
  LastRead<int32_t> holder;  // -1: holds nothing
  LastRead<DayNumber> day;
};

// Reads one interactions record as the import checks it (customer, date,
// type, direction); records of customers holding nothing are skipped.
bool ReadInteraction(const import::ColumnMap& columns,
                     std::span<const std::string_view> fields, int64_t line,
                     import::ImportErrors& errors, const KeyIndex& holders,
                     InteractionColumns& to) {
  static const import::DateFormat kDates;
  auto cell = [&](size_t field) { return Cell(columns, fields, field); };
  const int64_t before = errors.total();
  if (cell(kInCustomer).empty())
    errors.Add(line, "customer_id", "", "is empty");
  // The type as the import stores it: «شکایت» is a complaint.
  const std::string& type = to.type.Of(cell(kInType), [](std::string_view t) {
    return import::CanonicalInteractionType(NormalizeForSearch(t));
  });
  if (type.empty()) errors.Add(line, "type", "", "is empty");
  const std::string& direction =
      to.direction.Of(cell(kInDirection), [](std::string_view d) {
        return import::CanonicalInteractionDirection(NormalizeForSearch(d));
      });
  if (!direction.empty() && direction != "inbound" && direction != "outbound") {
    errors.Add(line, "direction", cell(kInDirection),
               "is not inbound or outbound");
  }
  const std::string_view date = cell(kInDate);
  if (!to.day.known || date != to.day.text) {
    auto known = to.days.find(std::string(date));
    if (known == to.days.end()) {
      auto at = import::ReadDate(kDates, date);
      if (!at.ok()) {
        errors.Add(line, "date", date, at.status().message());
        return false;
      }
      known = to.days.emplace(std::string(date), DayOf(*at)).first;
    }
    to.day.Of(date, [&](std::string_view) { return known->second; });
  }
  const DayNumber day = to.day.value;
  if (errors.total() != before) return false;
  // The import's key of an external id is the trimmed cell.
  const int32_t holder =
      to.holder.Of(cell(kInCustomer), [&](std::string_view key) {
        auto found = holders.find(std::string(key));
        return found == holders.end() ? -1 : found->second;
      });
  if (holder < 0) return true;
  const std::string channel_text(cell(kInChannel));
  auto channel = to.channels.find(channel_text);
  if (channel == to.channels.end()) {
    const std::string channel_name = NormalizeForSearch(channel_text);
    const int8_t kind = channel_name.empty()            ? -1
                        : IsBranchChannel(channel_name) ? 1
                                                        : 0;
    channel = to.channels.emplace(channel_text, kind).first;
  }
  if (channel->second >= 0) {
    to.use_customer.push_back(holder);
    to.use_day.push_back(day);
    to.use_at_branch.push_back(static_cast<uint8_t>(channel->second));
  }
  if (type == "complaint") {
    to.complaints.push_back({holder, day, IsResolvedOutcome(cell(kInOutcome))});
  }
  return true;
}

Result<bool> ReadInteractions(const std::string& path, int threads,
                              const KeyIndex& holders, ContractFileBook& book) {
  const auto specs = import::FieldSpecsOf("interactions");
  std::vector<InteractionColumns> parts(static_cast<size_t>(threads));
  bool parallel = false;
  {
    VAFA_ASSIGN_OR_RETURN(import::ImportSource source,
                          import::OpenImportSource(path, 0, specs));
    std::vector<import::ImportErrors> errors(parts.size());
    parallel = ReadCsvRangesInParallel(
        path, source, threads,
        [&](int range, std::span<const std::string_view> fields) {
          return ReadInteraction(source.columns, fields, 0, errors[range],
                                 holders, parts[range]);
        });
  }
  if (!parallel) {
    parts.assign(1, {});
    VAFA_RETURN_IF_ERROR(ReadSerially(
        path, specs,
        [&](const import::ColumnMap& columns,
            std::span<const std::string_view> fields, int64_t line,
            import::ImportErrors& errors) {
          ReadInteraction(columns, fields, line, errors, holders, parts[0]);
        }));
  }
  std::vector<InteractionComplaint> complaints;
  for (InteractionColumns& part : parts) {
    Append(book.rows.use_customer, part.use_customer);
    Append(book.rows.use_day, part.use_day);
    Append(book.rows.use_at_branch, part.use_at_branch);
    Append(complaints, part.complaints);
  }
  book.complaints = ComplaintLogOfInteractions(
      complaints, static_cast<int32_t>(book.rows.customer_keys.size()));
  return parallel;
}

}  // namespace

Result<ContractFileBook> LoadContractFiles(const ContractFiles& files,
                                           const ContractFileOptions& options) {
  if (files.holdings.empty()) {
    return Status::Invalid("the holdings file is needed");
  }
  ContractFileOptions bounded = options;
  bounded.threads = std::max(1, options.threads);
  ContractFileBook out;
  std::vector<int32_t> position;
  KeyIndex holders;
  {
    VAFA_ASSIGN_OR_RETURN(HoldingsRead read, ReadHoldings(files));
    OrderBook(read, out.rows, out.customer_keys, position, holders);
    for (auto& [number, h] : read.by_number) h = position[h];
    if (!files.balances.empty()) {
      VAFA_ASSIGN_OR_RETURN(
          out.parallel,
          ReadBalances(files.balances, bounded, read.by_number, out.rows));
    }
  }
  if (!files.interactions.empty()) {
    VAFA_ASSIGN_OR_RETURN(
        bool parallel,
        ReadInteractions(files.interactions, bounded.threads, holders, out));
    out.parallel = out.parallel || parallel;
  }
  return out;
}

Result<HoldingSpansOfFiles> LoadHoldingSpansOfFiles(
    const std::string& customers, const std::string& holdings) {
  HoldingSpansOfFiles out;
  VAFA_ASSIGN_OR_RETURN(
      out.customer_keys,
      ReadHoldingRows(
          customers, holdings,
          [&](const HoldingRecord& read, int32_t customer, int32_t slot) {
            if (slot == static_cast<int32_t>(out.spans.size())) {
              out.spans.emplace_back();
            }
            // A store gives customers and holdings ids in the order first
            // named, from 1; a branch is named by the code first given.
            services::holdings::HoldingSpan& span = out.spans[slot];
            span.customer_id = customer + 1;
            span.holding_id = slot + 1;
            span.product_type = read.product_type;
            span.product_code = read.product_code;
            span.branch = read.branch;
            span.opened_on = read.opened_on;
            span.closed_on = read.closed_on;
          }));
  // The store's order: by customer, opening day, holding.
  std::sort(out.spans.begin(), out.spans.end(),
            [](const services::holdings::HoldingSpan& a,
               const services::holdings::HoldingSpan& b) {
              if (a.customer_id != b.customer_id)
                return a.customer_id < b.customer_id;
              if (a.opened_on != b.opened_on) return a.opened_on < b.opened_on;
              return a.holding_id < b.holding_id;
            });
  return out;
}

}  // namespace vafa::pipeline
