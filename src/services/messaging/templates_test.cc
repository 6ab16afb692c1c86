#include "services/messaging/templates.h"

#include <gtest/gtest.h>

namespace vafa::services::messaging {
namespace {

PlaceholderValues Sara() {
  PlaceholderValues values;
  values.first_name = "سارا";
  values.points = "1200";
  values.ticket_subject = "تاخیر ارسال";
  values.day = DaysFromGregorian({2024, 12, 5});
  return values;
}

TEST(TemplatesTest, FillsEachPlaceholderAndDoubledBraces) {
  auto text = FillTemplate("{first_name} عزیز، {points} امتیاز {{هدیه}}",
                           Sara(), "body_fa");
  ASSERT_TRUE(text.ok()) << text.status().message();
  EXPECT_EQ(*text, "سارا عزیز، 1200 امتیاز {هدیه}");
}

TEST(TemplatesTest, DateFollowsTheTemplatesCalendar) {
  PlaceholderValues values = Sara();
  EXPECT_EQ(*FillTemplate("{date}", values, "body_fa"), "1403-09-15");
  values.calendar = TemplateCalendar::kGregorian;
  EXPECT_EQ(*FillTemplate("{date}", values, "body_en"), "2024-12-05");
}

TEST(TemplatesTest, StaffPlaceholdersShowTheDueMomentInLocalTime) {
  PlaceholderValues values = Sara();
  values.task_title = "تماس با سارا";
  values.customer_name = "سارا رضایی";
  values.link = "/#/customers/7";
  // 2024-12-05 10:45 UTC is 14:15 at UTC+03:30, 1403-09-15 in Jalali.
  values.due = DaysFromGregorian({2024, 12, 5}) * 86400LL + 10 * 3600 + 45 * 60;
  values.utc_offset_minutes = 210;
  EXPECT_EQ(*FillTemplate("{task_title}، {customer_name}، {due}، {link}",
                          values, "body_fa"),
            "تماس با سارا، سارا رضایی، 1403-09-15 14:15، /#/customers/7");
  values.calendar = TemplateCalendar::kGregorian;
  // 22:00 UTC is past local midnight: the next day.
  values.due = DaysFromGregorian({2024, 12, 5}) * 86400LL + 22 * 3600;
  EXPECT_EQ(*FillTemplate("{due}", values, "body_en"), "2024-12-06 01:30");
}

TEST(TemplatesTest, UnknownPlaceholderOrStrayBraceIsRefusedNamingTheField) {
  auto typo = FillTemplate("Hi {frist_name}", Sara(), "body_en");
  ASSERT_FALSE(typo.ok());
  EXPECT_EQ(typo.status().field(), "body_en");
  EXPECT_NE(typo.status().message().find("{frist_name}"), std::string::npos);
  EXPECT_FALSE(CheckTemplate("open { brace", "subject_fa").ok());
  EXPECT_FALSE(CheckTemplate("close } brace", "subject_fa").ok());
  EXPECT_TRUE(CheckTemplate("{ticket_subject} {date}", "subject_fa").ok());
}

TEST(TemplatesTest, GsmTextTakes160InOnePartAnd153WhenSplit) {
  EXPECT_EQ(MeasureSms("").parts, 0);
  EXPECT_EQ(MeasureSms(std::string(160, 'a')).parts, 1);
  EXPECT_EQ(MeasureSms(std::string(161, 'a')).parts, 2);
  EXPECT_EQ(MeasureSms(std::string(306, 'a')).parts, 2);
  EXPECT_EQ(MeasureSms(std::string(307, 'a')).parts, 3);
  EXPECT_FALSE(MeasureSms("Hello @ £5").unicode);
  // The extension table's characters take an escape and themselves.
  SmsLength braces = MeasureSms(std::string(80, '{'));
  EXPECT_FALSE(braces.unicode);
  EXPECT_EQ(braces.units, 160);
  EXPECT_EQ(MeasureSms(std::string(81, '{')).parts, 2);
}

TEST(TemplatesTest, OnePersianLetterMakesTheTextUcs2Of70And67) {
  std::string seventy;
  for (int i = 0; i < 70; ++i) seventy += "س";
  SmsLength one = MeasureSms(seventy);
  EXPECT_TRUE(one.unicode);
  EXPECT_EQ(one.units, 70);
  EXPECT_EQ(one.parts, 1);
  EXPECT_EQ(MeasureSms(seventy + "a").parts, 2);
  std::string mixed = std::string(133, 'a') + "س";  // 134 = 2 x 67
  EXPECT_EQ(MeasureSms(mixed).parts, 2);
  EXPECT_EQ(MeasureSms(mixed + "a").parts, 3);
  // A character outside the BMP is two UTF-16 units.
  EXPECT_EQ(MeasureSms("\xF0\x9F\x98\x80").units, 2);
}

}  // namespace
}  // namespace vafa::services::messaging
