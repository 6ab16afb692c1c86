// The customers file format: one customer per row. Every column but the key
// is optional; an update applies only the columns the file has, so a file of
// "external_id,phone" changes phones and nothing else.
//
// Columns (canonical name, then aliases; docs/import.md lists all):
//   external_id, kind (person | organisation), first_name, last_name,
//   organisation_name, parent_external_id (the organisation a contact belongs
//   to), national_id, phone, email, gender, birth_date, city, province,
//   acquisition_channel, acquisition_cost (in the import currency),
//   joined_at, language (fa | en)
// Values are normalised as the store keeps them: phone to E.164, national id
// to ten digits (check digit verified), email lower-cased, dates to ISO.
#ifndef VAFA_IMPORT_CUSTOMER_ROW_H_
#define VAFA_IMPORT_CUSTOMER_ROW_H_

#include <span>
#include <string_view>

#include "import/column_match.h"
#include "import/date_format.h"
#include "import/import_error.h"
#include "import/transaction_row.h"
#include "store/customer.h"
#include "store/customer_repository.h"

namespace vafa::import {

enum CustomerField : size_t {
  kCuExternalId,
  kCuKind,
  kCuFirstName,
  kCuLastName,
  kCuOrganisationName,
  kCuParentExternalId,
  kCuNationalId,
  kCuPhone,
  kCuEmail,
  kCuGender,
  kCuBirthDate,
  kCuCity,
  kCuProvince,
  kCuAcquisitionChannel,
  kCuAcquisitionCost,
  kCuJoinedAt,
  kCuLanguage,
  kCuFieldCount,
};

std::span<const FieldSpec> CustomerFieldSpecs();

// Parses one record into `customer`, overwriting only the fields whose
// columns are present (so it can apply a row onto a stored customer). The
// parent is returned in `parent_key` for the caller to resolve. On bad
// fields appends one error per field and returns false. Dates (birth_date,
// joined_at) are read in `dates` (date_format.h; empty: ISO and Jalali).
bool ParseCustomerRecord(const ColumnMap& columns,
                         std::span<const std::string_view> fields,
                         const AmountFormat& format, int64_t line,
                         store::Customer& customer,
                         std::string_view& parent_key, ImportErrors& errors,
                         const DateFormat& dates = {});

// A key value as the store keeps it (phone in E.164, national id in ten
// digits, email lower-cased), for matching rows of other files to customers.
Result<std::string> NormalizeCustomerKey(store::CustomerKey key,
                                         std::string_view text);

}  // namespace vafa::import

#endif  // VAFA_IMPORT_CUSTOMER_ROW_H_
