#include "analytics/quality/customer_quality.h"

#include <gmock/gmock.h>

namespace vafa::analytics::quality {
namespace {

using ::testing::ElementsAre;

const UnixSeconds kNow =
    static_cast<UnixSeconds>(DaysFromGregorian({2026, 12, 5})) * 86400;
const UnixSeconds kJoined =
    static_cast<UnixSeconds>(DaysFromGregorian({2020, 1, 1})) * 86400;

const FieldQuality& FieldOf(const QualityReport& report, Field field) {
  return report.fields[static_cast<int>(field)];
}

const Problem* ProblemOf(const QualityReport& report, Field field,
                         std::string_view code) {
  for (const Problem& problem : report.problems) {
    if (problem.field == field && problem.code == code) return &problem;
  }
  return nullptr;
}

// Five customers, counted by hand in the comments.
QualityReport FiveCustomers() {
  QualityTally tally(kNow);
  // 1: every field good.
  tally.Add({.id = 1,
             .external_id = "C1",
             .first_name = "سارا",
             .last_name = "رحیمی",
             .national_id = "1234567891",
             .phone = "+989121234567",
             .email = "sara@example.com",
             .gender = "female",
             .birth_date = "1990-05-01",
             .city = "Tehran",
             .province = "تهران",
             .acquisition_channel = "web",
             .language = "fa",
             .joined_at = kJoined});
  // 2: national id check digit, placeholder phone, Shiraz is not in
  // Tehran; no e-mail, gender, birth date, channel or language.
  tally.Add({.id = 2,
             .external_id = "C2",
             .first_name = "مریم",
             .last_name = "کریمی",
             .national_id = "1234567890",
             .phone = "+989120000000",
             .city = "شیراز",
             .province = "Tehran",
             .joined_at = kJoined});
  // 3: name with a digit, bad e-mail, born in the future, unknown
  // province (so the city is not judged); no national id or phone.
  tally.Add({.id = 3,
             .external_id = "C3",
             .first_name = "Ali2",
             .last_name = "Ahmadi",
             .email = "bad@",
             .gender = "male",
             .birth_date = "2030-01-01",
             .city = "Shiraz",
             .province = "Atlantis",
             .acquisition_channel = "shop",
             .joined_at = kJoined});
  // 4: an organisation: Iranian phone one digit short, language "de".
  tally.Add({.id = 4,
             .organisation = true,
             .external_id = "C4",
             .organisation_name = "Acme",
             .phone = "+98912123456",
             .acquisition_channel = "web",
             .language = "de",
             .joined_at = kJoined});
  // 5: bought before being born; Mashhad is in Razavi Khorasan.
  tally.Add(
      {.id = 5,
       .external_id = "C5",
       .first_name = "Reza",
       .last_name = "Karimi",
       .gender = "female",
       .birth_date = "1995-01-01",
       .city = "Mashhad",
       .province = "Razavi Khorasan",
       .acquisition_channel = "web",
       .language = "en",
       .joined_at = kJoined,
       .first_purchase_at =
           static_cast<UnixSeconds>(DaysFromGregorian({1994, 6, 1})) * 86400});
  duplicates::ScanResult scan;
  scan.pairs.push_back({.first = 1, .second = 5, .score = 0.9});
  scan.groups.push_back({1, 5});
  return tally.Finish(scan, 0.8);
}

TEST(QualityTallyTest, CountsEachFieldOfAHandCheckedCase) {
  const QualityReport report = FiveCustomers();
  EXPECT_EQ(report.customers, 5);
  EXPECT_EQ(report.customers_with_problems, 4);  // all but 1

  const FieldQuality& phone = FieldOf(report, Field::kPhone);
  EXPECT_EQ(phone.applicable, 5);
  EXPECT_EQ(phone.filled, 3);
  EXPECT_EQ(phone.invalid, 2);
  EXPECT_EQ(phone.Affected(), 4);
  EXPECT_DOUBLE_EQ(phone.Completeness(), 0.6);
  EXPECT_DOUBLE_EQ(phone.Validity(), 1.0 / 3.0);

  const FieldQuality& national_id = FieldOf(report, Field::kNationalId);
  EXPECT_EQ(national_id.applicable, 4);  // persons only
  EXPECT_EQ(national_id.filled, 2);
  EXPECT_EQ(national_id.invalid, 1);

  const FieldQuality& birth = FieldOf(report, Field::kBirthDate);
  EXPECT_EQ(birth.applicable, 4);
  EXPECT_EQ(birth.filled, 3);
  EXPECT_EQ(birth.invalid, 1);
  EXPECT_EQ(birth.inconsistent, 1);
  EXPECT_DOUBLE_EQ(birth.Consistency(), 0.5);

  const FieldQuality& city = FieldOf(report, Field::kCity);
  EXPECT_EQ(city.filled, 4);
  EXPECT_EQ(city.invalid, 0);
  EXPECT_EQ(city.inconsistent, 1);
  EXPECT_EQ(FieldOf(report, Field::kProvince).invalid, 1);
  EXPECT_EQ(FieldOf(report, Field::kOrganisationName).applicable, 1);
  EXPECT_EQ(FieldOf(report, Field::kFirstName).invalid, 1);
  EXPECT_EQ(FieldOf(report, Field::kLastName).Affected(), 0);
  EXPECT_EQ(FieldOf(report, Field::kLanguage).invalid, 1);
  EXPECT_EQ(FieldOf(report, Field::kGender).Affected(), 1);
}

TEST(QualityTallyTest, NamesEachProblemWithItsCustomers) {
  const QualityReport report = FiveCustomers();
  auto examples = [&](Field field, std::string_view code) {
    const Problem* problem = ProblemOf(report, field, code);
    return problem == nullptr ? std::vector<int64_t>{} : problem->examples;
  };
  EXPECT_THAT(examples(Field::kNationalId, "wrong_check_digit"),
              ElementsAre(2));
  EXPECT_THAT(examples(Field::kPhone, "placeholder"), ElementsAre(2));
  EXPECT_THAT(examples(Field::kPhone, "wrong_iran_length"), ElementsAre(4));
  EXPECT_THAT(examples(Field::kCity, "in_other_province"), ElementsAre(2));
  EXPECT_THAT(examples(Field::kBirthDate, "in_the_future"), ElementsAre(3));
  EXPECT_THAT(examples(Field::kBirthDate, "after_first_purchase"),
              ElementsAre(5));
  EXPECT_THAT(examples(Field::kEmail, "syntax"), ElementsAre(3));
  EXPECT_THAT(examples(Field::kProvince, "unknown"), ElementsAre(3));
  EXPECT_THAT(examples(Field::kFirstName, "holds_digits"), ElementsAre(3));
  EXPECT_THAT(examples(Field::kLanguage, "unknown"), ElementsAre(4));
  EXPECT_EQ(report.problems.size(), 10u);
  EXPECT_EQ(ProblemOf(report, Field::kCity, "in_other_province")->kind,
            ProblemKind::kConsistency);
}

// Scores (good among applicable): phone 1/5, e-mail 1/5, national id 1/4,
// birth date 1/4, language 2/5; ties keep the field order.
TEST(QualityTallyTest, RanksTheWorstFieldsByTheirShareOfGoodValues) {
  const QualityReport report = FiveCustomers();
  EXPECT_THAT(report.worst_fields,
              ElementsAre(Field::kPhone, Field::kEmail, Field::kNationalId,
                          Field::kBirthDate, Field::kLanguage));
  EXPECT_EQ(report.duplicates.pairs, 1);
  EXPECT_EQ(report.duplicates.groups, 1);
  EXPECT_EQ(report.duplicates.customers_in_groups, 2);
  EXPECT_DOUBLE_EQ(report.duplicates.min_score, 0.8);
}

// Phone: 3 and 5 have none, 2 is a placeholder, 4 one digit short; city:
// 2's is in another province, 4 has none.
TEST(QualityTallyTest, NamesTheCustomersEachFieldAffects) {
  const QualityReport report = FiveCustomers();
  EXPECT_THAT(FieldOf(report, Field::kPhone).examples, ElementsAre(2, 3, 4, 5));
  EXPECT_THAT(FieldOf(report, Field::kCity).examples, ElementsAre(2, 4));
  EXPECT_THAT(FieldOf(report, Field::kBirthDate).examples,
              ElementsAre(2, 3, 5));
  EXPECT_THAT(FieldOf(report, Field::kLastName).examples, ElementsAre());
}

TEST(QualityTallyTest, KeepsTheFirstFewExamplesAndCountsAll) {
  QualityTally tally(kNow, 3);
  for (int64_t id = 1; id <= 10; ++id) {
    tally.Add({.id = id, .email = "not-an-address"});
  }
  const QualityReport report = tally.Finish({}, 0.8);
  const Problem* email = ProblemOf(report, Field::kEmail, "syntax");
  ASSERT_NE(email, nullptr);
  EXPECT_EQ(email->customers, 10);
  EXPECT_THAT(email->examples, ElementsAre(1, 2, 3));
  EXPECT_THAT(FieldOf(report, Field::kEmail).examples, ElementsAre(1, 2, 3));
  EXPECT_EQ(report.customers_with_problems, 10);
}

TEST(QualityTallyTest, JudgesCityAndProvinceInEitherScript) {
  QualityTally tally(kNow);
  tally.Add({.id = 1, .city = "شيراز", .province = "Fars"});
  tally.Add({.id = 2, .city = "Shiraz", .province = "استان فارس"});
  tally.Add({.id = 3, .city = "Springfield", .province = "فارس"});
  tally.Add({.id = 4, .city = "Isfahan", .province = "استان فارس"});
  const QualityReport report = tally.Finish({}, 0.8);
  EXPECT_EQ(FieldOf(report, Field::kCity).inconsistent, 1);
  EXPECT_THAT(ProblemOf(report, Field::kCity, "in_other_province")->examples,
              ElementsAre(4));
  EXPECT_EQ(FieldOf(report, Field::kProvince).invalid, 0);
}

TEST(QualityTallyTest, AnEmptyWorkspaceHasNothingToReport) {
  const QualityReport report = QualityTally(kNow).Finish({}, 0.8);
  EXPECT_EQ(report.customers, 0);
  EXPECT_TRUE(report.problems.empty());
  EXPECT_TRUE(report.worst_fields.empty());
  EXPECT_DOUBLE_EQ(FieldOf(report, Field::kPhone).Completeness(), 1.0);
}

}  // namespace
}  // namespace vafa::analytics::quality
