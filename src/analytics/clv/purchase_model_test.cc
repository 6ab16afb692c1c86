#include "analytics/clv/purchase_model.h"

#include <gtest/gtest.h>

#include <cmath>

#include "analytics/clv/internal/test_data.h"

namespace vafa::analytics::clv {
namespace {

TEST(PurchaseModel, NamesRoundTripAndUnknownNamesAreRejected) {
  for (PurchaseModelKind kind :
       {PurchaseModelKind::kBgNbd, PurchaseModelKind::kMbgNbd,
        PurchaseModelKind::kParetoNbd}) {
    const auto parsed = ParsePurchaseModelKind(PurchaseModelName(kind));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, kind);
  }
  const auto unknown = ParsePurchaseModelKind("pareto");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().field(), "model");
  EXPECT_EQ(ParameterNames(PurchaseModelKind::kParetoNbd)[3], "beta");
}

TEST(PurchaseModel, FitRejectsInvalidRowsWithTheirPlace) {
  RepeatPurchaseData data;
  data.frequency = {1, 2};
  data.recency = {3, 9};
  data.age = {5, 8};
  const auto model = FitPurchaseModel(PurchaseModelKind::kBgNbd, data);
  ASSERT_FALSE(model.ok());
  EXPECT_EQ(model.status().field(), "recency");
  EXPECT_NE(model.status().message().find("row 1"), std::string::npos);
  EXPECT_FALSE(
      FitPurchaseModel(PurchaseModelKind::kBgNbd, RepeatPurchaseData{}).ok());
}

TEST(PurchaseModel, MbgNbdFitsCdnowAndLetsIdleCustomersDropOut) {
  const auto model =
      FitPurchaseModel(PurchaseModelKind::kMbgNbd, testing::ReadCdnowSummary());
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  for (int k = 0; k < 4; ++k) {
    EXPECT_TRUE(std::isfinite(model->standard_errors[k]));
  }
  // Fits CDNOW about as well as BG/NBD (-9582.4): same data, one more toss.
  EXPECT_NEAR(model->log_likelihood, -9582.4, 5);
  // Unlike BG/NBD, a customer without repeat purchases may be gone, and the
  // longer they stay idle the likelier it is.
  const double soon = ProbabilityAlive(*model, 0, 0, 5);
  const double later = ProbabilityAlive(*model, 0, 0, 39);
  EXPECT_LT(soon, 1.0);
  EXPECT_LT(later, soon);
  // Total expected purchases equals P(alive) times purchases if alive.
  EXPECT_NEAR(ConditionalExpectedPurchases(*model, 3, 20, 39, 10),
              ProbabilityAlive(*model, 3, 20, 39) *
                  ExpectedPurchasesIfAlive(*model, 3, 39, 10),
              1e-12);
}

}  // namespace
}  // namespace vafa::analytics::clv
