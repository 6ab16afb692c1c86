#include "analytics/duplicates/duplicate_scan.h"

#include <gmock/gmock.h>

#include <array>
#include <set>

#include "analytics/duplicates/planted_duplicates.h"

namespace vafa::analytics::duplicates {
namespace {

PersonRecord Person(int64_t id, std::string name, std::string phone = "",
                    std::string national_id = "") {
  PersonRecord person;
  person.id = id;
  person.name = std::move(name);
  person.phone = std::move(phone);
  person.national_id = std::move(national_id);
  return person;
}

TEST(ScorePairTest, SharedKeysWithAlikeNamesAreDuplicates) {
  const DuplicatePair transliterated =
      ScorePair(Person(1, "محمد حسینی", "09121234567"),
                Person(2, "Mohammad Hosseini", "+98 912 123 4567"));
  EXPECT_GE(transliterated.score, 0.8);
  EXPECT_THAT(transliterated.reasons, ::testing::HasSubstr("phone equal"));
  EXPECT_EQ(transliterated.first, 1);
  EXPECT_EQ(transliterated.second, 2);
  // 0013542419 has a valid check digit.
  EXPECT_GE(ScorePair(Person(1, "علی کریمی", "", "0013542419"),
                      Person(2, "کریمی علی", "", "۰۰۱۳۵۴۲۴۱۹"))
                .score,
            0.9);
}

TEST(ScorePairTest, ANameAloneOrAFamilyPhoneIsNot) {
  // Two people with one common name and nothing else in common.
  EXPECT_LT(ScorePair(Person(1, "علی محمدی"), Person(2, "علی محمدی")).score,
            0.8);
  // A family: one phone, one family name, two first names.
  EXPECT_LT(ScorePair(Person(1, "علی محمدی", "09121234567"),
                      Person(2, "مریم محمدی", "09121234567"))
                .score,
            0.8);
  // The same name and phone, but two valid national ids.
  EXPECT_LT(ScorePair(Person(1, "علی محمدی", "09121234567", "0013542419"),
                      Person(2, "علی محمدی", "09121234567", "0067749828"))
                .score,
            0.8);
}

TEST(ScanForDuplicatesTest, GroupsConnectedPairsAndComparesOnlyBlocks) {
  std::vector<PersonRecord> people = {
      Person(10, "سارا رحیمی", "09120000001"),
      Person(11, "Sara Rahimi", "00989120000001"),
      Person(12, "سارا رحيمي", "9120000001"),
      Person(13, "امیر یزدانی", "09120000002"),
  };
  const ScanResult result = ScanForDuplicates(people);
  EXPECT_EQ(result.pairs.size(), 3u);
  ASSERT_EQ(result.groups.size(), 1u);
  EXPECT_THAT(result.groups[0], ::testing::ElementsAre(10, 11, 12));
  EXPECT_LE(result.compared, 6);
}

// The planted population: every kind of duplicate is found, and the
// common names and shared family phones are not taken for duplicates.
TEST(ScanForDuplicatesTest, FindsPlantedDuplicatesWithHighPrecision) {
  const PlantedPopulation population = PlantDuplicates(20000, 0.05, 11);
  const ScanResult result = ScanForDuplicates(population.people);
  std::set<std::pair<int64_t, int64_t>> truth;
  for (const PlantedPair& pair : population.truth) {
    truth.insert({pair.original, pair.duplicate});
  }
  int64_t true_positives = 0;
  for (const DuplicatePair& pair : result.pairs) {
    true_positives += truth.contains({pair.first, pair.second});
  }
  std::set<std::pair<int64_t, int64_t>> found;
  for (const DuplicatePair& pair : result.pairs) {
    found.insert({pair.first, pair.second});
  }
  std::array<int, kPlantedKinds> planted{}, recalled{};
  for (const PlantedPair& pair : population.truth) {
    const int kind = static_cast<int>(pair.kind);
    ++planted[kind];
    recalled[kind] += found.contains({pair.original, pair.duplicate});
  }
  for (int kind = 0; kind < kPlantedKinds; ++kind) {
    SCOPED_TRACE(PlantedKindName(static_cast<PlantedKind>(kind)));
    ASSERT_GT(planted[kind], 100);
    EXPECT_GE(recalled[kind], 0.9 * planted[kind]) << recalled[kind];
  }
  const double precision =
      static_cast<double>(true_positives) / result.pairs.size();
  const double recall =
      static_cast<double>(true_positives) / population.truth.size();
  EXPECT_GE(precision, 0.95);
  EXPECT_GE(recall, 0.95);
  // Blocking: a few comparisons per customer, not all pairs.
  EXPECT_LT(result.compared,
            40 * static_cast<int64_t>(population.people.size()));
}

}  // namespace
}  // namespace vafa::analytics::duplicates
