// Shared pieces of the importer tests: a workspace on a scratch database of
// each backend, and CSV files written into a temporary folder.
#ifndef VAFA_IMPORT_IMPORT_TEST_SUPPORT_H_
#define VAFA_IMPORT_IMPORT_TEST_SUPPORT_H_

#include <soci/soci.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "import/importer.h"
#include "store/store_test_support.h"
#include "store/workspace_repository.h"

namespace vafa::import {

class ImportTest : public store::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    store::WorkspaceRepository workspaces(db());
    workspace_ = workspaces.Create("shop", "Shop")->id;
    // The test's name ("Name/sqlite") as one folder, so that TearDown
    // removes it whole.
    std::string name =
        ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::replace(name.begin(), name.end(), '/', '_');
    folder_ = std::filesystem::temp_directory_path() /
              ("vafa_import_" + std::to_string(::getpid()) + "_" + name);
    std::error_code ignored;
    std::filesystem::remove_all(folder_, ignored);  // a killed test's
    std::filesystem::create_directories(folder_);
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(folder_, ignored);
  }

  std::string Write(const std::string& name, const std::string& text) {
    std::string path = (folder_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  ImportOptions Options(const std::string& path) {
    ImportOptions options;
    options.path = path;
    return options;
  }

  long long Count(const std::string& table) {
    long long n = 0;
    db().sql() << "SELECT COUNT(*) FROM " + table, soci::into(n);
    return n;
  }

  // A table's rows as text, for comparing states before and after.
  std::string Dump(const std::string& table, const std::string& order_by) {
    soci::rowset<soci::row> rows =
        (db().sql().prepare
         << "SELECT * FROM " + table + " ORDER BY " + order_by);
    std::string out;
    for (const soci::row& row : rows) {
      for (size_t i = 0; i < row.size(); ++i) {
        if (row.get_indicator(i) == soci::i_null) {
          out += "NULL";
        } else {
          switch (row.get_properties(i).get_data_type()) {
            case soci::dt_string:
              out += row.get<std::string>(i);
              break;
            case soci::dt_double:
              out += std::to_string(row.get<double>(i));
              break;
            case soci::dt_integer:
              out += std::to_string(row.get<int>(i));
              break;
            case soci::dt_long_long:
              out += std::to_string(row.get<long long>(i));
              break;
            case soci::dt_unsigned_long_long:
              out += std::to_string(row.get<unsigned long long>(i));
              break;
            default:
              out += "?";
          }
        }
        out += '|';
      }
      out += '\n';
    }
    return out;
  }

  std::string DumpAll() {
    return Dump("customers", "id") +
           Dump("customer_search_terms", "term, customer_id") +
           Dump("products", "id") + Dump("orders", "id") +
           Dump("order_lines", "line_key") + Dump("interactions", "id") +
           Dump("customer_versions", "batch_id, customer_id");
  }

  int64_t workspace_ = 0;
  std::filesystem::path folder_;
};

}  // namespace vafa::import

#endif  // VAFA_IMPORT_IMPORT_TEST_SUPPORT_H_
