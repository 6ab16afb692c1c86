#include "analytics/quality/customer_quality.h"

#include <algorithm>

#include "analytics/quality/internal/iran_places.h"

namespace vafa::analytics::quality {
namespace {

// Every check the report counts, as an index into kChecks.
enum Check {
  kGood = -1,
  kIdNotTenDigits,
  kIdCheckDigit,
  kPhoneNotE164,
  kPhoneIranLength,
  kPhonePlaceholder,
  kEmailSyntax,
  kBirthNotADate,
  kBirthInTheFuture,
  kBirthBefore1900,
  kPurchaseBeforeBirth,
  kFirstNameDigits,
  kLastNameDigits,
  kGenderUnknown,
  kLanguageUnknown,
  kJoinedInTheFuture,
  kProvinceUnknown,
  kCityInOtherProvince,
  kCheckCount,
};

struct CheckRow {
  Field field;
  ProblemKind kind;
  std::string_view code;
  std::string_view description;
};

constexpr CheckRow kChecks[kCheckCount] = {
    {Field::kNationalId, ProblemKind::kValidity, "not_ten_digits",
     "not ten digits"},
    {Field::kNationalId, ProblemKind::kValidity, "wrong_check_digit",
     "check digit wrong"},
    {Field::kPhone, ProblemKind::kValidity, "not_e164",
     "not a phone number in E.164 (+ and 8 to 15 digits)"},
    {Field::kPhone, ProblemKind::kValidity, "wrong_iran_length",
     "Iranian number without ten national digits"},
    {Field::kPhone, ProblemKind::kValidity, "placeholder",
     "placeholder number (last seven digits the same)"},
    {Field::kEmail, ProblemKind::kValidity, "syntax", "not an e-mail address"},
    {Field::kBirthDate, ProblemKind::kValidity, "not_a_date", "not a date"},
    {Field::kBirthDate, ProblemKind::kValidity, "in_the_future",
     "in the future"},
    {Field::kBirthDate, ProblemKind::kValidity, "before_1900", "before 1900"},
    {Field::kBirthDate, ProblemKind::kConsistency, "after_first_purchase",
     "after the customer's first purchase"},
    {Field::kFirstName, ProblemKind::kValidity, "holds_digits", "holds digits"},
    {Field::kLastName, ProblemKind::kValidity, "holds_digits", "holds digits"},
    {Field::kGender, ProblemKind::kValidity, "unknown",
     "neither female nor male"},
    {Field::kLanguage, ProblemKind::kValidity, "unknown", "neither fa nor en"},
    {Field::kJoinedAt, ProblemKind::kValidity, "in_the_future",
     "in the future"},
    {Field::kProvince, ProblemKind::kValidity, "unknown",
     "not one of Iran's provinces"},
    {Field::kCity, ProblemKind::kConsistency, "in_other_province",
     "lies in another province"},
};

constexpr std::string_view kFieldNames[kFieldCount] = {
    "external_id", "first_name", "last_name", "organisation_name",
    "national_id", "phone",      "email",     "gender",
    "birth_date",  "city",       "province",  "acquisition_channel",
    "joined_at",   "language"};

double Share(int64_t part, int64_t whole) {
  return whole == 0 ? 1.0
                    : static_cast<double>(part) / static_cast<double>(whole);
}

Check NationalIdCheck(std::string_view id) {
  switch (CheckNationalId(id)) {
    case ValueProblem::kNotTenDigits:
      return kIdNotTenDigits;
    case ValueProblem::kWrongCheckDigit:
      return kIdCheckDigit;
    default:
      return kGood;
  }
}

Check PhoneCheck(std::string_view phone) {
  switch (CheckPhone(phone)) {
    case ValueProblem::kNotE164:
      return kPhoneNotE164;
    case ValueProblem::kWrongIranLength:
      return kPhoneIranLength;
    case ValueProblem::kPlaceholderPhone:
      return kPhonePlaceholder;
    default:
      return kGood;
  }
}

}  // namespace

std::string_view FieldName(Field field) {
  return kFieldNames[static_cast<int>(field)];
}

std::optional<Field> FieldNamed(std::string_view name) {
  for (int field_idx = 0; field_idx < kFieldCount; ++field_idx) {
    if (kFieldNames[field_idx] == name) return static_cast<Field>(field_idx);
  }
  return std::nullopt;
}

double FieldQuality::Completeness() const { return Share(filled, applicable); }
double FieldQuality::Validity() const {
  return Share(filled - invalid, filled);
}
double FieldQuality::Consistency() const {
  return Share(filled - invalid - inconsistent, filled - invalid);
}
double FieldQuality::Score() const {
  return Share(applicable - Affected(), applicable);
}

QualityTally::QualityTally(UnixSeconds now, int examples)
    : now_(now), examples_(examples), checks_(kCheckCount) {}

void QualityTally::Count(Field field, std::string_view value, int check,
                         int64_t id) {
  FieldCounts& counts = fields_[static_cast<int>(field)];
  ++counts.applicable;
  const bool missing = value.empty();
  if (!missing) ++counts.filled;
  if (!missing && check == kGood) return;
  if (static_cast<int>(counts.examples.size()) < examples_) {
    counts.examples.push_back(id);
  }
  if (missing) return;
  if (kChecks[check].kind == ProblemKind::kValidity) {
    ++counts.invalid;
  } else {
    ++counts.inconsistent;
  }
  CheckCounts& found = checks_[check];
  ++found.customers;
  if (static_cast<int>(found.examples.size()) < examples_) {
    found.examples.push_back(id);
  }
  current_has_problem_ = true;
}

int QualityTally::ProvinceOf(std::string_view name) {
  auto [at, added] = provinces_.try_emplace(std::string(name), kNoProvince);
  if (added) at->second = ProvinceNamed(name);
  return at->second;
}

std::span<const int> QualityTally::CityProvinces(std::string_view name) {
  auto [at, added] = cities_.try_emplace(std::string(name));
  if (added) at->second = ProvincesOfCity(name);
  return at->second;
}

void QualityTally::CheckPlaces(const CustomerFacts& customer) {
  const int province =
      customer.province.empty() ? kNoProvince : ProvinceOf(customer.province);
  Count(Field::kProvince, customer.province,
        province == kNoProvince ? kProvinceUnknown : kGood, customer.id);
  // A city is judged only against a known province, and only when the
  // table knows the city.
  int city_check = kGood;
  if (!customer.city.empty() && province != kNoProvince) {
    std::span<const int> in = CityProvinces(customer.city);
    if (!in.empty() && std::find(in.begin(), in.end(), province) == in.end()) {
      city_check = kCityInOtherProvince;
    }
  }
  Count(Field::kCity, customer.city, city_check, customer.id);
}

void QualityTally::CheckBirth(const CustomerFacts& customer) {
  int check = kGood;
  if (!customer.birth_date.empty()) {
    switch (CheckBirthDate(customer.birth_date, DayOf(now_))) {
      case ValueProblem::kNotADate:
        check = kBirthNotADate;
        break;
      case ValueProblem::kInTheFuture:
        check = kBirthInTheFuture;
        break;
      case ValueProblem::kBefore1900:
        check = kBirthBefore1900;
        break;
      default:
        if (customer.first_purchase_at &&
            DayOf(*customer.first_purchase_at) <
                *ParseStoredDate(customer.birth_date)) {
          check = kPurchaseBeforeBirth;
        }
    }
  }
  Count(Field::kBirthDate, customer.birth_date, check, customer.id);
}

void QualityTally::Add(const CustomerFacts& customer) {
  ++customers_;
  current_has_problem_ = false;
  const int64_t id = customer.id;
  const bool person = !customer.organisation;
  Count(Field::kExternalId, customer.external_id, kGood, id);
  if (person) {
    Count(Field::kFirstName, customer.first_name,
          CheckPersonName(customer.first_name) == ValueProblem::kNone
              ? kGood
              : kFirstNameDigits,
          id);
    Count(Field::kLastName, customer.last_name,
          CheckPersonName(customer.last_name) == ValueProblem::kNone
              ? kGood
              : kLastNameDigits,
          id);
    Count(Field::kNationalId, customer.national_id,
          NationalIdCheck(customer.national_id), id);
  } else {
    Count(Field::kOrganisationName, customer.organisation_name, kGood, id);
  }
  Count(Field::kPhone, customer.phone, PhoneCheck(customer.phone), id);
  Count(
      Field::kEmail, customer.email,
      CheckEmail(customer.email) == ValueProblem::kNone ? kGood : kEmailSyntax,
      id);
  if (person) {
    const bool known_gender =
        customer.gender == "female" || customer.gender == "male";
    Count(Field::kGender, customer.gender,
          known_gender ? kGood : kGenderUnknown, id);
    CheckBirth(customer);
  }
  CheckPlaces(customer);
  Count(Field::kAcquisitionChannel, customer.acquisition_channel, kGood, id);
  Count(Field::kJoinedAt, customer.joined_at ? "set" : "",
        customer.joined_at && *customer.joined_at > now_ ? kJoinedInTheFuture
                                                         : kGood,
        id);
  const bool known_language =
      customer.language == "fa" || customer.language == "en";
  Count(Field::kLanguage, customer.language,
        known_language ? kGood : kLanguageUnknown, id);
  if (current_has_problem_) ++customers_with_problems_;
}

QualityReport QualityTally::Finish(const duplicates::ScanResult& scan,
                                   double min_score, int worst) const {
  QualityReport report;
  report.customers = customers_;
  report.customers_with_problems = customers_with_problems_;
  for (int field_idx = 0; field_idx < kFieldCount; ++field_idx) {
    const FieldCounts& counts = fields_[field_idx];
    report.fields.push_back({.field = static_cast<Field>(field_idx),
                             .applicable = counts.applicable,
                             .filled = counts.filled,
                             .invalid = counts.invalid,
                             .inconsistent = counts.inconsistent,
                             .examples = counts.examples});
  }
  for (int check = 0; check < kCheckCount; ++check) {
    if (checks_[check].customers == 0) continue;
    const CheckRow& row = kChecks[check];
    report.problems.push_back({.field = row.field,
                               .kind = row.kind,
                               .code = row.code,
                               .description = row.description,
                               .customers = checks_[check].customers,
                               .examples = checks_[check].examples});
  }
  std::stable_sort(report.problems.begin(), report.problems.end(),
                   [](const Problem& a, const Problem& b) {
                     return a.customers > b.customers;
                   });
  std::vector<FieldQuality> ranked;
  for (const FieldQuality& field : report.fields) {
    if (field.Affected() > 0) ranked.push_back(field);
  }
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const FieldQuality& a, const FieldQuality& b) {
                     if (a.Score() != b.Score()) return a.Score() < b.Score();
                     return a.Affected() > b.Affected();
                   });
  for (size_t i = 0; i < ranked.size() && static_cast<int>(i) < worst; ++i) {
    report.worst_fields.push_back(ranked[i].field);
  }
  DuplicateFigures& duplicates = report.duplicates;
  duplicates.min_score = min_score;
  duplicates.pairs = static_cast<int64_t>(scan.pairs.size());
  duplicates.groups = static_cast<int64_t>(scan.groups.size());
  for (const std::vector<int64_t>& group : scan.groups) {
    duplicates.customers_in_groups += static_cast<int64_t>(group.size());
    if (static_cast<int>(duplicates.example_groups.size()) < examples_) {
      duplicates.example_groups.push_back(group);
    }
  }
  return report;
}

}  // namespace vafa::analytics::quality
