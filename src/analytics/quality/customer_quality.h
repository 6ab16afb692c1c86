// The quality of a workspace's customer data (docs/quality.md): per field,
// completeness (share of the customers it applies to that have a value),
// validity (value checks: national-id check digit, phone plausibility,
// e-mail syntax, dates in range; analytics/quality/value_checks.h) and
// consistency (city in the customer's province, no purchase before birth),
// with the duplicates the scan found (analytics/duplicates); each problem
// with how many customers it affects and a few of their ids, and the
// fields ranked worst first.
//
// QualityTally takes the customers one at a time (the caller reads them in
// pages and keeps nothing), in O(1) memory per distinct city and province
// name; Finish turns the counts into the report. Pure; a tally is not
// thread-safe, one per thread.
#ifndef VAFA_ANALYTICS_QUALITY_CUSTOMER_QUALITY_H_
#define VAFA_ANALYTICS_QUALITY_CUSTOMER_QUALITY_H_

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analytics/duplicates/duplicate_scan.h"
#include "analytics/quality/value_checks.h"
#include "core/dates.h"

namespace vafa::analytics::quality {

// One customer as the report sees it: views of the stored fields (empty:
// not known), valid while Add runs.
struct CustomerFacts {
  int64_t id = 0;
  bool organisation = false;
  std::string_view external_id;
  std::string_view first_name;
  std::string_view last_name;
  std::string_view organisation_name;
  std::string_view national_id;
  std::string_view phone;
  std::string_view email;
  std::string_view gender;
  std::string_view birth_date;
  std::string_view city;
  std::string_view province;
  std::string_view acquisition_channel;
  std::string_view language;
  std::optional<UnixSeconds> joined_at;
  std::optional<UnixSeconds> first_purchase_at;  // the earliest order
};

// The customer fields, in the order the report lists them.
enum class Field {
  kExternalId,
  kFirstName,
  kLastName,
  kOrganisationName,
  kNationalId,
  kPhone,
  kEmail,
  kGender,
  kBirthDate,
  kCity,
  kProvince,
  kAcquisitionChannel,
  kJoinedAt,
  kLanguage,
};
inline constexpr int kFieldCount = 14;
// The column's name in the customers table ("national_id"), and back.
std::string_view FieldName(Field field);
std::optional<Field> FieldNamed(std::string_view name);

struct FieldQuality {
  Field field = Field::kExternalId;
  int64_t applicable = 0;    // customers the field applies to
  int64_t filled = 0;        // of those, with a value
  int64_t invalid = 0;       // of those, failing a value check
  int64_t inconsistent = 0;  // valid, but contradicting another field
  // The first few affected customers' ids, ascending (not stored per run).
  std::vector<int64_t> examples;
  // Customers with the field missing, invalid or inconsistent.
  int64_t Affected() const {
    return applicable - filled + invalid + inconsistent;
  }
  // Shares 0 to 1 (1 when there is nothing to count).
  double Completeness() const;
  double Validity() const;     // valid among the filled
  double Consistency() const;  // consistent among the valid
  double Score() const;  // good (filled, valid, consistent) among applicable
};

enum class ProblemKind { kValidity, kConsistency };

// A check that failed, and where.
struct Problem {
  Field field = Field::kExternalId;
  ProblemKind kind = ProblemKind::kValidity;
  std::string_view code;         // "wrong_check_digit"
  std::string_view description;  // "check digit wrong"
  int64_t customers = 0;
  std::vector<int64_t> examples;  // the first few ids, ascending
};

struct DuplicateFigures {
  double min_score = 0;
  int64_t pairs = 0;
  int64_t groups = 0;
  int64_t customers_in_groups = 0;
  std::vector<std::vector<int64_t>> example_groups;  // the first few
};

struct QualityReport {
  int64_t customers = 0;
  int64_t customers_with_problems = 0;  // any validity or consistency problem
  std::vector<FieldQuality> fields;     // in Field order
  std::vector<Problem> problems;        // those found, most customers first
  std::vector<Field> worst_fields;      // lowest score first, affected > 0
  DuplicateFigures duplicates;
};

class QualityTally {
 public:
  // `now`: the instant dates are judged against; `examples`: ids kept per
  // problem.
  explicit QualityTally(UnixSeconds now, int examples = 5);

  void Add(const CustomerFacts& customer);

  // The report; `scan` is the duplicate scan of the same customers, made
  // with `min_score`. `worst` fields at most are named worst.
  QualityReport Finish(const duplicates::ScanResult& scan, double min_score,
                       int worst = 5) const;

 private:
  struct FieldCounts {
    int64_t applicable = 0;
    int64_t filled = 0;
    int64_t invalid = 0;
    int64_t inconsistent = 0;
    std::vector<int64_t> examples;  // the first few affected
  };
  struct CheckCounts {
    int64_t customers = 0;
    std::vector<int64_t> examples;
  };
  enum class Outcome { kGood, kInvalid, kInconsistent };

  // Counts the field for a customer it applies to, with the problem found.
  void Count(Field field, std::string_view value, int check, int64_t id);
  int ProvinceOf(std::string_view name);
  std::span<const int> CityProvinces(std::string_view name);
  void CheckPlaces(const CustomerFacts& customer);
  void CheckBirth(const CustomerFacts& customer);

  UnixSeconds now_;
  int examples_;
  int64_t customers_ = 0;
  int64_t customers_with_problems_ = 0;
  bool current_has_problem_ = false;
  std::array<FieldCounts, kFieldCount> fields_{};
  std::vector<CheckCounts> checks_;
  // Place names repeat: each distinct one is looked up once.
  std::unordered_map<std::string, int> provinces_;
  std::unordered_map<std::string, std::span<const int>> cities_;
};

}  // namespace vafa::analytics::quality

#endif  // VAFA_ANALYTICS_QUALITY_CUSTOMER_QUALITY_H_
