#include "import/customer_row.h"

#include <optional>
#include <type_traits>

#include "core/dates.h"
#include "core/money.h"
#include "core/national_id.h"
#include "core/persian_text.h"
#include "core/phone.h"
#include "import/import_source.h"

namespace vafa::import {
namespace {

const std::vector<FieldSpec>& Specs() {
  static const std::vector<FieldSpec> specs = {
      {"external_id",
       {"customer_id", "id", "customer_code", "code", "کد مشتری", "شناسه مشتری",
        "شماره مشتری", "کد"},
       false},
      {"kind", {"type", "customer_type", "نوع", "نوع مشتری"}, false},
      {"first_name", {"firstname", "given_name", "name", "نام"}, false},
      {"last_name",
       {"lastname", "surname", "family_name", "family", "نام خانوادگی"},
       false},
      {"organisation_name",
       {"organization_name", "organisation", "organization", "company",
        "company_name", "business", "نام شرکت", "شرکت", "سازمان"},
       false},
      {"parent_external_id",
       {"parent_id", "parent", "company_id", "organisation_id",
        "organization_id", "کد شرکت", "کد سازمان"},
       false},
      {"national_id",
       {"national_code", "melli_code", "code_melli", "کد ملی", "شماره ملی"},
       false},
      {"phone",
       {"mobile", "phone_number", "mobile_number", "cell", "tel", "telephone",
        "موبایل", "تلفن", "شماره تلفن", "تلفن همراه", "شماره موبایل"},
       false},
      {"email",
       {"e_mail", "mail", "email_address", "ایمیل", "پست الکترونیک"},
       false},
      {"gender", {"sex", "جنسیت"}, false},
      {"birth_date",
       {"birthdate", "date_of_birth", "dob", "birthday", "تاریخ تولد"},
       false},
      {"city", {"town", "شهر"}, false},
      {"province", {"state", "region", "استان"}, false},
      {"acquisition_channel",
       {"channel", "source", "acquisition_source", "lead_source", "کانال جذب",
        "منبع"},
       false},
      {"acquisition_cost",
       {"cac", "acquisition_cost_amount", "هزینه جذب"},
       false},
      {"joined_at",
       {"joined", "signup_date", "registered_at", "created_at", "join_date",
        "تاریخ عضویت", "تاریخ ثبت نام"},
       false},
      {"language", {"lang", "locale", "زبان"}, false},
  };
  return specs;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Maps the accepted spellings of an enumerated value to its stored form,
// "" when not recognised.
std::string Canonical(
    std::string_view text,
    std::initializer_list<std::pair<const char*, const char*>> table) {
  std::string key = Lower(NormalizeForSearch(text));
  for (const auto& [spelling, value] : table) {
    if (key == NormalizeForSearch(spelling)) return value;
  }
  return "";
}

// The cells of one customer record, and where its errors go.
class CustomerCells {
 public:
  CustomerCells(const ColumnMap& columns,
                std::span<const std::string_view> fields, int64_t line,
                ImportErrors& errors)
      : columns_(columns), fields_(fields), line_(line), errors_(errors) {}

  bool present(CustomerField field) const { return columns_.has(field); }

  std::string_view value(CustomerField field) const {
    int column = columns_.column(field);
    if (column < 0 || static_cast<size_t>(column) >= fields_.size()) return {};
    return TrimField(fields_[column]);
  }

  void Fail(CustomerField field, std::string_view text,
            std::string reason) const {
    errors_.Add(line_, Specs()[field].name, text, std::move(reason));
  }

  // The cell read by `parse` (which returns a Result): nullopt when the cell
  // is empty or bad; a bad one is the row's error.
  template <typename Parse>
  auto Parsed(CustomerField field, Parse parse) const
      -> std::optional<std::decay_t<decltype(*parse(std::string_view()))>> {
    std::string_view text = value(field);
    if (text.empty()) return std::nullopt;
    auto parsed = parse(text);
    if (!parsed.ok()) {
      Fail(field, text, parsed.status().message());
      return std::nullopt;
    }
    return std::move(parsed).value();
  }

  // The stored form of an enumerated cell (Canonical's `table`):
  // `otherwise` when the cell is empty, and when it is not recognised, which
  // is the row's error (`reason`).
  std::string Choice(
      CustomerField field,
      std::initializer_list<std::pair<const char*, const char*>> table,
      const char* otherwise, const char* reason) const {
    std::string_view text = value(field);
    if (text.empty()) return otherwise;
    std::string choice = Canonical(text, table);
    if (!choice.empty()) return choice;
    Fail(field, text, reason);
    return otherwise;
  }

 private:
  const ColumnMap& columns_;
  std::span<const std::string_view> fields_;
  int64_t line_;
  ImportErrors& errors_;
};

// The free-text cells: the key, names, places and the acquisition channel.
void ReadNames(const CustomerCells& cells, store::Customer& c) {
  auto text_field = [&](CustomerField field, std::string& out) {
    if (cells.present(field)) out = NormalizePersianDisplay(cells.value(field));
  };
  if (cells.present(kCuExternalId)) {
    c.external_id = std::string(cells.value(kCuExternalId));
  }
  text_field(kCuFirstName, c.first_name);
  text_field(kCuLastName, c.last_name);
  text_field(kCuOrganisationName, c.organisation_name);
  text_field(kCuCity, c.city);
  text_field(kCuProvince, c.province);
  if (cells.present(kCuAcquisitionChannel)) {
    c.acquisition_channel = Lower(cells.value(kCuAcquisitionChannel));
  }
}

void ReadKind(const CustomerCells& cells, store::Customer& c) {
  if (!cells.present(kCuKind)) return;
  c.kind = cells.Choice(kCuKind,
                        {{"person", "person"},
                         {"individual", "person"},
                         {"حقیقی", "person"},
                         {"شخص", "person"},
                         {"organisation", "organisation"},
                         {"organization", "organisation"},
                         {"company", "organisation"},
                         {"business", "organisation"},
                         {"حقوقی", "organisation"},
                         {"شرکت", "organisation"}},
                        "person", "is not person or organisation");
}

// National id, phone and email: normalised as the store keeps them.
void ReadContactKeys(const CustomerCells& cells, store::Customer& c) {
  if (cells.present(kCuNationalId)) {
    c.national_id =
        cells.Parsed(kCuNationalId, NormalizeNationalId).value_or("");
  }
  if (cells.present(kCuPhone)) {
    c.phone = cells.Parsed(kCuPhone, NormalizePhone).value_or("");
  }
  if (cells.present(kCuEmail)) {
    std::string_view text = cells.value(kCuEmail);
    c.email = Lower(text);
    size_t at = c.email.find('@');
    if (!text.empty() && (at == std::string::npos || at == 0 ||
                          c.email.find('.', at) == std::string::npos ||
                          c.email.find(' ') != std::string::npos)) {
      cells.Fail(kCuEmail, text, "is not an email address");
    }
  }
}

void ReadGender(const CustomerCells& cells, store::Customer& c) {
  if (!cells.present(kCuGender)) return;
  c.gender = cells.Choice(kCuGender,
                          {{"female", "female"},
                           {"f", "female"},
                           {"woman", "female"},
                           {"زن", "female"},
                           {"خانم", "female"},
                           {"male", "male"},
                           {"m", "male"},
                           {"man", "male"},
                           {"مرد", "male"},
                           {"آقا", "male"}},
                          "", "is not female or male");
}

// Birth date, joining time and acquisition cost.
void ReadDatesAndCost(const CustomerCells& cells, const AmountFormat& format,
                      const DateFormat& dates, store::Customer& c) {
  auto read_date = [&](std::string_view text) { return ReadDate(dates, text); };
  if (cells.present(kCuBirthDate)) {
    auto at = cells.Parsed(kCuBirthDate, read_date);
    c.birth_date = at ? FormatGregorian(DayOf(*at)) : "";
  }
  if (cells.present(kCuJoinedAt)) {
    c.joined_at = cells.Parsed(kCuJoinedAt, read_date);
  }
  if (cells.present(kCuAcquisitionCost)) {
    c.acquisition_cost_minor =
        cells.Parsed(kCuAcquisitionCost, [&](std::string_view text) {
          return ParseAmount(text, format.minor_digits, format.unit.factor);
        });
  }
}

void ReadLanguage(const CustomerCells& cells, store::Customer& c) {
  if (!cells.present(kCuLanguage)) return;
  c.language = cells.Choice(kCuLanguage,
                            {{"fa", "fa"},
                             {"persian", "fa"},
                             {"farsi", "fa"},
                             {"فارسی", "fa"},
                             {"en", "en"},
                             {"english", "en"},
                             {"انگلیسی", "en"}},
                            "", "is not fa or en");
}

}  // namespace

std::span<const FieldSpec> CustomerFieldSpecs() { return Specs(); }

Result<std::string> NormalizeCustomerKey(store::CustomerKey key,
                                         std::string_view text) {
  switch (key) {
    case store::CustomerKey::kExternalId:
      return std::string(TrimField(text));
    case store::CustomerKey::kNationalId:
      return NormalizeNationalId(text);
    case store::CustomerKey::kPhone:
      return NormalizePhone(text);
    case store::CustomerKey::kEmail:
      return Lower(TrimField(text));
  }
  return std::string(text);
}

bool ParseCustomerRecord(const ColumnMap& columns,
                         std::span<const std::string_view> fields,
                         const AmountFormat& format, int64_t line,
                         store::Customer& c, std::string_view& parent_key,
                         ImportErrors& errors, const DateFormat& dates) {
  const int64_t errors_before = errors.total();
  const CustomerCells cells(columns, fields, line, errors);
  // The errors come in the order of the checks below.
  ReadNames(cells, c);
  parent_key = cells.value(kCuParentExternalId);
  ReadKind(cells, c);
  ReadContactKeys(cells, c);
  ReadGender(cells, c);
  ReadDatesAndCost(cells, format, dates, c);
  ReadLanguage(cells, c);
  c.display_name = store::DisplayNameOf(c);
  return errors.total() == errors_before;
}

}  // namespace vafa::import
