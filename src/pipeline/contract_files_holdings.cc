// The customers and holdings files of a bank's book (contract_files.h):
// the customers' ordinals and the holdings as a store would number them,
// read on several threads when the files allow it.
#include <algorithm>
#include <thread>
#include <unordered_map>
#include <utility>

#include "import/customer_row.h"
#include "pipeline/contract_files.h"
#include "pipeline/internal/contract_files_reading.h"
#include "pipeline/internal/parallel_csv_ranges.h"
#include "services/holdings/holdings_import.h"

namespace vafa::pipeline {
namespace contract_files_internal {
namespace {

using services::holdings::HoldingRecord;
using services::holdings::RecordPlace;

// The external id of a customers record as the import keys it; false (the
// error added) when it is not one.
bool CustomerKeyOf(const import::ColumnMap& columns,
                   std::span<const std::string_view> fields, int64_t line,
                   import::ImportErrors& errors, std::string& key) {
  key.clear();
  const std::string_view text = Cell(columns, fields, import::kCuExternalId);
  if (text.empty()) return true;
  auto normal =
      import::NormalizeCustomerKey(store::CustomerKey::kExternalId, text);
  if (!normal.ok()) {
    errors.Add(line, "external_id", text, normal.status().message());
    return false;
  }
  key = std::move(*normal);
  return true;
}

// The customers' keys read on `threads` threads, in file order; false when
// the file cannot be read so or a record is refused (the serial reader
// then says why).
Result<bool> ReadCustomerKeysInParallel(const std::string& path, int threads,
                                        KeyIndex& ordinal) {
  VAFA_ASSIGN_OR_RETURN(
      import::ImportSource source,
      import::OpenImportSource(path, 0, import::FieldSpecsOf("customers")));
  std::vector<std::vector<std::string>> parts(static_cast<size_t>(threads));
  std::vector<import::ImportErrors> errors(parts.size());
  const bool read = ReadCsvRangesInParallel(
      path, source, threads,
      [&](int range, std::span<const std::string_view> fields) {
        std::string key;
        if (!CustomerKeyOf(source.columns, fields, 0, errors[range], key)) {
          return false;
        }
        if (!key.empty()) parts[range].push_back(std::move(key));
        return true;
      });
  if (!read) return false;
  for (std::vector<std::string>& part : parts) {
    for (std::string& key : part) {
      ordinal.try_emplace(std::move(key), static_cast<int32_t>(ordinal.size()));
    }
  }
  return true;
}

// Every customer's ordinal: the id order a store would give them.
Result<KeyIndex> ReadCustomerKeys(const std::string& path, int threads = 1) {
  KeyIndex ordinal;
  if (threads > 1) {
    VAFA_ASSIGN_OR_RETURN(bool read,
                          ReadCustomerKeysInParallel(path, threads, ordinal));
    if (read) return ordinal;
    ordinal.clear();
  }
  VAFA_RETURN_IF_ERROR(ReadSerially(
      path, import::FieldSpecsOf("customers"),
      [&](const import::ColumnMap& columns,
          std::span<const std::string_view> fields, int64_t line,
          import::ImportErrors& errors) {
        std::string key;
        if (!CustomerKeyOf(columns, fields, line, errors, key)) return;
        if (key.empty()) return;
        ordinal.try_emplace(key, static_cast<int32_t>(ordinal.size()));
      }));
  return ordinal;
}

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

// One range's holdings rows, in file order, with the product types it
// named first.
struct HoldingRowsRange {
  std::vector<std::string> customer_key, number;
  std::vector<churn::ContractKind> kind;
  std::vector<DayNumber> opened, closed;
  std::unordered_map<std::string, std::string> product_types;
  import::ImportErrors errors;
};

// Whether the ranges agree on every product's type, so that each range's
// rows read as they would after the ranges before it.
bool ProductTypesAgree(const std::vector<HoldingRowsRange>& parts) {
  std::unordered_map<std::string, std::string> first;
  for (const HoldingRowsRange& part : parts) {
    for (const auto& [code, type] : part.product_types) {
      auto known = first.emplace(code, type).first;
      if (known->second != type) return false;
    }
  }
  return true;
}

// The holdings file read on `threads` threads, the customers' ordinals in
// `ordinal` (those of the customers file, when given, before); false when
// the file cannot be read so, a record is refused or a product's type
// would read differently (the serial reader then reads it, with its
// messages).
Result<bool> ReadHoldingsInParallel(const ContractFiles& files, int threads,
                                    KeyIndex& ordinal, HoldingsRead& out) {
  VAFA_ASSIGN_OR_RETURN(
      import::ImportSource source,
      import::OpenImportSource(files.holdings, 0,
                               services::holdings::HoldingFieldSpecs()));
  const bool closed_list = !files.customers.empty();
  const import::DateFormat dates;
  std::vector<HoldingRowsRange> parts(static_cast<size_t>(threads));
  const auto known = [&](const std::string& key) {
    return !closed_list || ordinal.contains(key);
  };
  const bool read = ReadCsvRangesInParallel(
      files.holdings, source, threads,
      [&](int range, std::span<const std::string_view> fields) {
        HoldingRowsRange& to = parts[range];
        HoldingRecord record = services::holdings::ReadHoldingRecord(
            RecordPlace{source.columns, fields, 0, to.errors},
            store::CustomerKey::kExternalId, dates, known, to.product_types);
        if (!to.errors.empty()) return false;
        to.product_types.emplace(record.product_code, record.product_type);
        to.customer_key.push_back(std::move(record.customer_key));
        to.number.push_back(std::move(record.number));
        to.kind.push_back(churn::ContractKindOf(record.product_type));
        to.opened.push_back(DayOfIso(record.opened_on));
        to.closed.push_back(DayOfIso(record.closed_on));
        return true;
      });
  if (!read || !ProductTypesAgree(parts)) return false;
  for (HoldingRowsRange& part : parts) {
    for (size_t k = 0; k < part.number.size(); ++k) {
      const int32_t customer =
          ordinal
              .try_emplace(std::move(part.customer_key[k]),
                           static_cast<int32_t>(ordinal.size()))
              .first->second;
      auto slot =
          out.by_number.try_emplace(std::move(part.number[k]),
                                    static_cast<int32_t>(out.by_number.size()));
      if (slot.second) {
        out.holdings.push_back({.first_row = slot.first->second});
      }
      FileHolding& h = out.holdings[slot.first->second];
      h.customer = customer;
      h.kind = part.kind[k];
      h.opened = part.opened[k];
      h.closed = part.closed[k];
    }
    part.customer_key = {};
    part.number = {};
  }
  out.customer_keys.assign(ordinal.size(), {});
  for (auto& [key, index] : ordinal) out.customer_keys[index] = key;
  return true;
}

}  // namespace

Result<HoldingsRead> ReadHoldings(const ContractFiles& files, int threads) {
  HoldingsRead out;
  if (threads > 1) {
    KeyIndex ordinal;
    if (!files.customers.empty()) {
      VAFA_ASSIGN_OR_RETURN(ordinal,
                            ReadCustomerKeys(files.customers, threads));
    }
    VAFA_ASSIGN_OR_RETURN(bool read,
                          ReadHoldingsInParallel(files, threads, ordinal, out));
    if (read) return out;
    out = {};
  }
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

}  // namespace contract_files_internal

using contract_files_internal::ReadHoldingRows;
using services::holdings::HoldingRecord;

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
