#include "import/customer_row.h"

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
  const std::span<const FieldSpec> specs = Specs();
  auto present = [&](CustomerField field) { return columns.has(field); };
  auto value = [&](CustomerField field) -> std::string_view {
    int column = columns.column(field);
    if (column < 0 || static_cast<size_t>(column) >= fields.size()) return {};
    return TrimField(fields[column]);
  };
  auto fail = [&](CustomerField field, std::string_view text,
                  std::string reason) {
    errors.Add(line, specs[field].name, text, std::move(reason));
  };
  auto text_field = [&](CustomerField field, std::string& out) {
    if (present(field)) out = NormalizePersianDisplay(value(field));
  };

  if (present(kCuExternalId)) c.external_id = std::string(value(kCuExternalId));
  text_field(kCuFirstName, c.first_name);
  text_field(kCuLastName, c.last_name);
  text_field(kCuOrganisationName, c.organisation_name);
  text_field(kCuCity, c.city);
  text_field(kCuProvince, c.province);
  if (present(kCuAcquisitionChannel)) {
    c.acquisition_channel = Lower(value(kCuAcquisitionChannel));
  }
  parent_key = value(kCuParentExternalId);

  if (present(kCuKind)) {
    std::string_view text = value(kCuKind);
    if (text.empty()) {
      c.kind = "person";
    } else {
      c.kind = Canonical(text, {{"person", "person"},
                                {"individual", "person"},
                                {"حقیقی", "person"},
                                {"شخص", "person"},
                                {"organisation", "organisation"},
                                {"organization", "organisation"},
                                {"company", "organisation"},
                                {"business", "organisation"},
                                {"حقوقی", "organisation"},
                                {"شرکت", "organisation"}});
      if (c.kind.empty()) {
        fail(kCuKind, text, "is not person or organisation");
        c.kind = "person";
      }
    }
  }
  if (present(kCuNationalId)) {
    std::string_view text = value(kCuNationalId);
    c.national_id.clear();
    if (!text.empty()) {
      auto id = NormalizeNationalId(text);
      if (id.ok()) {
        c.national_id = *id;
      } else {
        fail(kCuNationalId, text, id.status().message());
      }
    }
  }
  if (present(kCuPhone)) {
    std::string_view text = value(kCuPhone);
    c.phone.clear();
    if (!text.empty()) {
      auto phone = NormalizePhone(text);
      if (phone.ok()) {
        c.phone = *phone;
      } else {
        fail(kCuPhone, text, phone.status().message());
      }
    }
  }
  if (present(kCuEmail)) {
    std::string_view text = value(kCuEmail);
    c.email = Lower(text);
    size_t at = c.email.find('@');
    if (!text.empty() && (at == std::string::npos || at == 0 ||
                          c.email.find('.', at) == std::string::npos ||
                          c.email.find(' ') != std::string::npos)) {
      fail(kCuEmail, text, "is not an email address");
    }
  }
  if (present(kCuGender)) {
    std::string_view text = value(kCuGender);
    c.gender = text.empty() ? ""
                            : Canonical(text, {{"female", "female"},
                                               {"f", "female"},
                                               {"woman", "female"},
                                               {"زن", "female"},
                                               {"خانم", "female"},
                                               {"male", "male"},
                                               {"m", "male"},
                                               {"man", "male"},
                                               {"مرد", "male"},
                                               {"آقا", "male"}});
    if (!text.empty() && c.gender.empty()) {
      fail(kCuGender, text, "is not female or male");
    }
  }
  if (present(kCuBirthDate)) {
    std::string_view text = value(kCuBirthDate);
    c.birth_date.clear();
    if (!text.empty()) {
      auto at = ReadDate(dates, text);
      if (at.ok()) {
        c.birth_date = FormatGregorian(DayOf(*at));
      } else {
        fail(kCuBirthDate, text, at.status().message());
      }
    }
  }
  if (present(kCuJoinedAt)) {
    std::string_view text = value(kCuJoinedAt);
    c.joined_at.reset();
    if (!text.empty()) {
      auto at = ReadDate(dates, text);
      if (at.ok()) {
        c.joined_at = *at;
      } else {
        fail(kCuJoinedAt, text, at.status().message());
      }
    }
  }
  if (present(kCuAcquisitionCost)) {
    std::string_view text = value(kCuAcquisitionCost);
    c.acquisition_cost_minor.reset();
    if (!text.empty()) {
      auto amount = ParseAmount(text, format.minor_digits, format.unit.factor);
      if (amount.ok()) {
        c.acquisition_cost_minor = *amount;
      } else {
        fail(kCuAcquisitionCost, text, amount.status().message());
      }
    }
  }
  if (present(kCuLanguage)) {
    std::string_view text = value(kCuLanguage);
    c.language = text.empty() ? ""
                              : Canonical(text, {{"fa", "fa"},
                                                 {"persian", "fa"},
                                                 {"farsi", "fa"},
                                                 {"فارسی", "fa"},
                                                 {"en", "en"},
                                                 {"english", "en"},
                                                 {"انگلیسی", "en"}});
    if (!text.empty() && c.language.empty()) {
      fail(kCuLanguage, text, "is not fa or en");
    }
  }
  c.display_name = store::DisplayNameOf(c);
  return errors.total() == errors_before;
}

}  // namespace vafa::import
