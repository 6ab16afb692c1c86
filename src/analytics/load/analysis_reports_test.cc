#include "analytics/load/analysis_reports.h"

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

namespace vafa::analytics {
namespace {

TEST(WriteClvDistributionCsv, TenBandsOfPAliveWithTheirSums) {
  const double nan = std::nan("");
  ClvResult clv;
  // Bands by P(alive): 0.05 -> [0, 0.1); 0.1 -> [0.1, 0.2); 0.95 and 1.0 ->
  // [0.9, 1] (1.0 is in the last band); a customer without a purchase
  // (NaN) is left out.
  clv.p_alive = {0.05, 0.95, 1.0, nan, 0.1};
  clv.expected_purchases = {1.5, 2, 3, nan, 4};
  clv.value = {100.4, 200, 300, nan, 400};
  std::ostringstream out;
  WriteClvDistributionCsv(out, clv);
  EXPECT_EQ(out.str(),
            "p_alive_from,p_alive_to,customers,expected_purchases_1y,clv_1y\n"
            "0.000000,0.100000,1,1.500000,100\n"
            "0.100000,0.200000,1,4.000000,400\n"
            "0.200000,0.300000,0,0.000000,0\n"
            "0.300000,0.400000,0,0.000000,0\n"
            "0.400000,0.500000,0,0.000000,0\n"
            "0.500000,0.600000,0,0.000000,0\n"
            "0.600000,0.700000,0,0.000000,0\n"
            "0.700000,0.800000,0,0.000000,0\n"
            "0.800000,0.900000,0,0.000000,0\n"
            "0.900000,1.000000,2,5.000000,500\n");
}

}  // namespace
}  // namespace vafa::analytics
