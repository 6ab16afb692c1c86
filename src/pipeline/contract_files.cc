#include "pipeline/contract_files.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numeric>
#include <optional>
#include <thread>
#include <unordered_map>
#include <utility>

#include "core/persian_text.h"
#include "import/import_source.h"
#include "import/interaction_vocabulary.h"
#include "pipeline/channel_uses.h"
#include "pipeline/complaint_source.h"
#include "pipeline/contract_files_clean_balance.h"
#include "pipeline/internal/contract_files_reading.h"
#include "pipeline/internal/parallel_csv_ranges.h"
#include "services/holdings/holdings_import.h"

namespace vafa::pipeline {
namespace {

namespace churn = analytics::churn;
using services::holdings::BalanceRecord;
using services::holdings::RecordPlace;

// The import's interactions columns (import/interaction_import.cc).
constexpr size_t kInCustomer = 0, kInDate = 1, kInType = 2, kInChannel = 3,
                 kInDirection = 4, kInOutcome = 6;

using contract_files_internal::Cell;
using contract_files_internal::FileHolding;
using contract_files_internal::HoldingsRead;
using contract_files_internal::KeyIndex;
using contract_files_internal::ReadHoldings;
using contract_files_internal::ReadSerially;

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
  // The ranges' columns joined, the holdings, days and balances on one
  // thread while the limits and arrears are on another when there are two.
  const auto join_first = [&] {
    for (BalanceColumns& part : parts) {
      Append(rows.balance_holding, part.holding);
      Append(rows.balance_day, part.day);
      Append(rows.balance, part.balance);
    }
  };
  const auto join_second = [&] {
    for (BalanceColumns& part : parts) {
      Append(rows.limit, part.limit);
      Append(rows.arrears, part.arrears);
    }
  };
  if (parts.size() > 1 && options.threads > 1) {
    std::thread second(join_second);
    join_first();
    second.join();
  } else {
    join_first();
    join_second();
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
    VAFA_ASSIGN_OR_RETURN(HoldingsRead read,
                          ReadHoldings(files, bounded.threads));
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

}  // namespace vafa::pipeline
