#include "import/customer_row.h"

#include <gmock/gmock.h>

namespace vafa::import {
namespace {

using ::testing::HasSubstr;

TEST(CustomerRowTest, AppliesOnlyPresentColumns) {
  std::vector<std::string_view> header = {"external_id", "phone"};
  ColumnMap columns = *MatchColumns(header, CustomerFieldSpecs(), "c.csv");
  store::Customer c;
  c.first_name = "Ali";
  c.city = "Tehran";
  std::vector<std::string_view> fields = {"C1", "9121234567"};
  std::string_view parent;
  ImportErrors errors;
  ASSERT_TRUE(ParseCustomerRecord(columns, fields, *AmountFormatFor("IRR"), 2,
                                  c, parent, errors));
  EXPECT_EQ(c.first_name, "Ali");
  EXPECT_EQ(c.city, "Tehran");
  EXPECT_EQ(c.phone, "+989121234567");
  EXPECT_EQ(c.display_name, "Ali");
}

TEST(CustomerRowTest, NormalisesEnumeratedValuesInBothLanguages) {
  std::vector<std::string_view> header = {"کد",   "نوع",        "جنسیت",
                                          "زبان", "تاریخ تولد", "هزینه جذب"};
  ColumnMap columns = *MatchColumns(header, CustomerFieldSpecs(), "c.csv");
  store::Customer c;
  std::vector<std::string_view> fields = {"C1",    "حقیقی",      "زن",
                                          "فارسی", "1370/01/01", "۲۵۰٬۰۰۰"};
  std::string_view parent;
  ImportErrors errors;
  ASSERT_TRUE(ParseCustomerRecord(columns, fields, *AmountFormatFor("toman"), 2,
                                  c, parent, errors))
      << errors.Format("c.csv");
  EXPECT_EQ(c.kind, "person");
  EXPECT_EQ(c.gender, "female");
  EXPECT_EQ(c.language, "fa");
  EXPECT_EQ(c.birth_date, "1991-03-21");
  EXPECT_EQ(c.acquisition_cost_minor, 2500000);
}

TEST(CustomerRowTest, BadValuesAreNamed) {
  std::vector<std::string_view> header = {"external_id", "gender", "kind",
                                          "language"};
  ColumnMap columns = *MatchColumns(header, CustomerFieldSpecs(), "c.csv");
  store::Customer c;
  std::vector<std::string_view> fields = {"C1", "robot", "alien", "de"};
  std::string_view parent;
  ImportErrors errors;
  EXPECT_FALSE(ParseCustomerRecord(columns, fields, *AmountFormatFor("IRR"), 9,
                                   c, parent, errors));
  std::string report = errors.Format("c.csv");
  EXPECT_THAT(report, HasSubstr("c.csv:9: column \"gender\": \"robot\""));
  EXPECT_THAT(report, HasSubstr("c.csv:9: column \"kind\": \"alien\""));
  EXPECT_THAT(report, HasSubstr("c.csv:9: column \"language\": \"de\""));
}

TEST(CustomerRowTest, KeysNormaliseAsTheStoreKeepsThem) {
  EXPECT_EQ(*NormalizeCustomerKey(store::CustomerKey::kPhone, "0912 123 4567"),
            "+989121234567");
  EXPECT_EQ(*NormalizeCustomerKey(store::CustomerKey::kEmail, " A@B.IR "),
            "a@b.ir");
  EXPECT_EQ(*NormalizeCustomerKey(store::CustomerKey::kExternalId, " C1 "),
            "C1");
  EXPECT_FALSE(
      NormalizeCustomerKey(store::CustomerKey::kNationalId, "123").ok());
}

}  // namespace
}  // namespace vafa::import
