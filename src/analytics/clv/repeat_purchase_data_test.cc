#include "analytics/clv/repeat_purchase_data.h"

#include <gtest/gtest.h>

namespace vafa::analytics::clv {
namespace {

RepeatPurchaseData Valid() {
  RepeatPurchaseData data;
  data.frequency = {0, 2, 2, 0, 2};
  data.recency = {0, 5, 5, 0, 6};
  data.age = {10, 10, 10, 10, 10};
  return data;
}

TEST(RepeatPurchaseData, ValidationNamesRowAndField) {
  EXPECT_TRUE(ValidateRepeatPurchaseData(Valid()).ok());
  RepeatPurchaseData late = Valid();
  late.recency[2] = 11;
  const Status status = ValidateRepeatPurchaseData(late);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.field(), "recency");
  EXPECT_NE(status.message().find("row 2"), std::string::npos);
  RepeatPurchaseData fractional = Valid();
  fractional.frequency[1] = 1.5;
  EXPECT_EQ(ValidateRepeatPurchaseData(fractional).field(), "frequency");
  RepeatPurchaseData no_age = Valid();
  no_age.age[0] = 0;
  EXPECT_EQ(ValidateRepeatPurchaseData(no_age).field(), "age");
  RepeatPurchaseData idle_recency = Valid();
  idle_recency.recency[0] = 1;
  EXPECT_EQ(ValidateRepeatPurchaseData(idle_recency).field(), "recency");
  RepeatPurchaseData short_column = Valid();
  short_column.age.pop_back();
  EXPECT_FALSE(ValidateRepeatPurchaseData(short_column).ok());
}

TEST(RepeatPurchaseData, CompressionCountsIdenticalRows) {
  const CompressedPurchaseData c = CompressRepeatPurchaseData(Valid());
  ASSERT_EQ(c.size(), 3u);  // (0,0,10) x2, (2,5,10) x2, (2,6,10)
  EXPECT_EQ(c.weight, (std::vector<double>{2, 2, 1}));
  EXPECT_EQ(c.distinct_frequency, (std::vector<double>{0, 2}));
  EXPECT_EQ(c.frequency_index, (std::vector<int>{0, 1, 1}));
  // 3 rows and 4 distinct times: a time table would not pay.
  EXPECT_TRUE(c.distinct_time.empty());
}

TEST(RepeatPurchaseData, CompressionIndexesTimesWhenTheyRepeat) {
  RepeatPurchaseData data;
  for (int i = 0; i < 40; ++i) {
    data.frequency.push_back(i);
    data.recency.push_back(i == 0 ? 0 : 3 + i % 2);
    data.age.push_back(10);
  }
  const CompressedPurchaseData c = CompressRepeatPurchaseData(data);
  ASSERT_EQ(c.distinct_time, (std::vector<double>{0, 3, 4, 10}));
  for (std::size_t row = 0; row < c.size(); ++row) {
    EXPECT_EQ(c.distinct_time[c.recency_time_index[row]], c.recency[row]);
    EXPECT_EQ(c.distinct_time[c.age_time_index[row]], c.age[row]);
  }
}

TEST(RepeatPurchaseData, TimePointsIndexEachRowsRecencyAndAge) {
  CompressedPurchaseData c = CompressRepeatPurchaseData(Valid());
  EXPECT_TRUE(c.point_frequency.empty());
  AddTimePoints(c);
  // Points (0,0), (0,10), (2,5), (2,6), (2,10).
  EXPECT_EQ(c.point_frequency, (std::vector<double>{0, 0, 2, 2, 2}));
  EXPECT_EQ(c.point_time, (std::vector<double>{0, 10, 5, 6, 10}));
  EXPECT_EQ(c.recency_point, (std::vector<int>{0, 2, 3}));
  EXPECT_EQ(c.age_point, (std::vector<int>{1, 4, 4}));
}

TEST(RepeatPurchaseData, ConvertsDaysToWeeks) {
  RepeatPurchaseData days = Valid();
  days.recency[1] = 14;
  days.age = {28, 28, 28, 28, 28};
  const RepeatPurchaseData weeks = ConvertDaysTo(days, TimeUnit::kWeek);
  EXPECT_EQ(weeks.recency[1], 2);
  EXPECT_EQ(weeks.age[0], 4);
  EXPECT_EQ(weeks.frequency, days.frequency);
}

}  // namespace
}  // namespace vafa::analytics::clv
