// Runs the reference cases in tests/data/analytics/ (see its README.md).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "analytics/report_tables.h"
#include "core/report_table_csv.h"

namespace vafa::analytics {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Reads "customer_id,order_id,day,amount" rows.
TransactionLog ReadOrders(const std::string& path) {
  std::istringstream in(ReadFile(path));
  std::string row;
  std::getline(in, row);  // header
  TransactionLogBuilder builder;
  while (std::getline(in, row)) {
    std::vector<std::string> field;
    std::istringstream cells(row);
    for (std::string cell; std::getline(cells, cell, ',');) {
      field.push_back(cell);
    }
    EXPECT_EQ(field.size(), 4u) << path << ": " << row;
    if (field.size() != 4) continue;
    OrderLine line{.customer_key = field[0],
                   .order_key = field[1],
                   .product_key = "p",
                   .at = std::stoll(field[2]) * 86400,
                   .amount_minor = std::stoll(field[3])};
    EXPECT_TRUE(builder.Add(line).ok()) << row;
  }
  return builder.Finish();
}

TEST(ReferenceCases, RfmSmall) {
  const std::string dir = "tests/data/analytics/";
  TransactionLog log = ReadOrders(dir + "rfm_small_orders.csv");
  EXPECT_EQ(RenderReportCsv(RfmTable(log.customer_keys,
                                     ScoreRfm(SummarizeCustomers(log, 100)))),
            ReadFile(dir + "rfm_small_expected.csv"));
}

}  // namespace
}  // namespace vafa::analytics
