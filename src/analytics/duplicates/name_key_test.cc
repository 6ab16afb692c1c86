#include "analytics/duplicates/internal/name_key.h"

#include <gtest/gtest.h>

namespace vafa::analytics::duplicates {
namespace {

TEST(NameSkeletonTest, PersianAndLatinSpellingsShareOneSkeleton) {
  for (const char* spelling : {"محمد", "Mohammad", "Mohamad", "Muhammad"}) {
    EXPECT_EQ(NameSkeleton(spelling), "mhmd") << spelling;
  }
  for (const char* spelling : {"حسینی", "Hosseini", "Hoseini"}) {
    EXPECT_EQ(NameSkeleton(spelling), "hsn") << spelling;
  }
  // A final heh is a vowel in both scripts.
  for (const char* spelling : {"فاطمه", "Fatemeh", "Fateme"}) {
    EXPECT_EQ(NameSkeleton(spelling), "ftm") << spelling;
  }
  EXPECT_EQ(NameSkeleton("علی"), "l");
  EXPECT_EQ(NameSkeleton("Ali"), "l");
  // Digraphs and the letters that sound alike.
  EXPECT_EQ(NameSkeleton("خسروی"), "xsr");
  EXPECT_EQ(NameSkeleton("Khosravi"), "xsr");
  EXPECT_EQ(NameSkeleton("قاسمی"), "qsm");
  EXPECT_EQ(NameSkeleton("Ghasemi"), "qsm");
  EXPECT_EQ(NameSkeleton("Qasemi"), "qsm");
  EXPECT_EQ(NameSkeleton("صادقی"), "sdq");
  EXPECT_EQ(NameSkeleton("Sadeghi"), "sdq");
  EXPECT_EQ(NameSkeleton("عبدالله"), "bdl");
  EXPECT_EQ(NameSkeleton("Abdollah"), "bdl");
  EXPECT_EQ(NameSkeleton("رضایی"), "rz");
  EXPECT_EQ(NameSkeleton("Rezaei"), "rz");
  EXPECT_EQ(NameSkeleton("یوسف"), "sf");
  EXPECT_EQ(NameSkeleton("Yousef"), "sf");
  // Arabic letters fold like the Persian ones.
  EXPECT_EQ(NameSkeleton("كريمي"), NameSkeleton("کریمی"));
  EXPECT_EQ(NameSkeleton("aeiou"), "");
}

TEST(NameKeyTest, WordsCompactFormAndSortedSkeletons) {
  EXPECT_EQ(NameWords("  علي   كريمي "),
            (std::vector<std::string>{"علی", "کریمی"}));
  EXPECT_EQ(CompactName("عبد الله رضایی"), CompactName("عبدالله رضایی"));
  EXPECT_EQ(CompactName("عبد\u200cالله"), CompactName("عبدالله"));
  EXPECT_EQ(SortedSkeletons("علی حسینی"), SortedSkeletons("Hosseini Ali"));
  EXPECT_EQ(SortedSkeletons("علی حسینی"), "hsn l");
}

// Published values of the Jaro-Winkler similarity (Winkler 1990, prefix
// scale 0.1, at most four prefix letters).
TEST(JaroWinklerTest, MatchesPublishedValues) {
  EXPECT_NEAR(JaroWinkler("MARTHA", "MARHTA"), 0.9611, 1e-4);
  EXPECT_NEAR(JaroWinkler("DWAYNE", "DUANE"), 0.84, 1e-4);
  EXPECT_NEAR(JaroWinkler("DIXON", "DICKSONX"), 0.8133, 1e-4);
  EXPECT_EQ(JaroWinkler("same", "same"), 1.0);
  EXPECT_EQ(JaroWinkler("", "x"), 0.0);
  EXPECT_EQ(JaroWinkler("abc", "xyz"), 0.0);
}

TEST(NameSimilarityTest, SpellingsOfOneNameAreCloseAndOtherNamesAreNot) {
  EXPECT_GT(NameSimilarity("محمد حسینی", "Mohammad Hosseini"), 0.9);
  EXPECT_GT(NameSimilarity("محمد حسینی", "حسینی محمد"), 0.95);
  EXPECT_GT(NameSimilarity("علی محمدی", "علی محمودی"), 0.85);
  EXPECT_LT(NameSimilarity("علی محمدی", "مریم صادقی"), 0.7);
  EXPECT_EQ(NameSimilarity("", "علی"), 0.0);
}

}  // namespace
}  // namespace vafa::analytics::duplicates
