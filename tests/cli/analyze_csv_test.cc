// `vafa analyze --csv` as users run it: the transactions file read on every
// core gives the reports one thread gives, byte for byte, and the same
// messages; and `--report X` computes only what X needs. No store is
// involved, so these run once, not per backend.
#include <gmock/gmock.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/cli/run_command.h"

namespace vafa {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string Slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The names of the files in `folder`, sorted.
std::vector<std::string> FilesIn(const std::filesystem::path& folder) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class AnalyzeCsvTest : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = std::filesystem::temp_directory_path() /
              ("vafa_analyze_csv_" + std::to_string(getpid()));
    auto demo = testing::RunVafa({"demo", "--csv-only", "--customers", "300",
                                  "--seed", "5", "--end", "2026-11-20", "--out",
                                  (folder_ / "demo").string()});
    ASSERT_EQ(demo.exit_code, 0) << demo.output;
    transactions_ = (folder_ / "demo" / "transactions.csv").string();
  }
  void TearDown() override { std::filesystem::remove_all(folder_); }

  // Analyses `csv` on one thread and on two into folders one/ and two/
  // under `name`, and checks both print the same and write the same files.
  void ExpectSameOnOneAndTwoThreads(const std::string& csv,
                                    const std::string& name) {
    SCOPED_TRACE(name);
    std::string printed[2];
    for (int threads : {1, 2}) {
      const auto out = folder_ / name / std::to_string(threads);
      auto run =
          testing::RunVafa({"analyze", "--csv", csv, "--currency", "IRR",
                            "--as-of", "2026-11-21", "--threads",
                            std::to_string(threads), "--out", out.string()});
      ASSERT_EQ(run.exit_code, 0) << run.output;
      printed[threads - 1] = run.output.substr(0, run.output.find("reports "));
    }
    EXPECT_EQ(printed[0], printed[1]);
    const auto one = folder_ / name / "1";
    const auto two = folder_ / name / "2";
    ASSERT_EQ(FilesIn(one), FilesIn(two));
    EXPECT_GE(FilesIn(one).size(), 10u);
    for (const std::string& file : FilesIn(one)) {
      EXPECT_TRUE(Slurp(one / file) == Slurp(two / file)) << file << " differs";
    }
  }

  std::filesystem::path folder_;
  std::string transactions_;
};

TEST_F(AnalyzeCsvTest, EveryCoreGivesTheReportsOfOneThread) {
  ExpectSameOnOneAndTwoThreads(transactions_, "plain");
}

// The same lines with a byte-order mark, CRLF line ends, a product name
// quoted around a comma and a line break, blank lines and no final line
// break.
TEST_F(AnalyzeCsvTest, EveryCoreGivesTheSameOnAHostileDialect) {
  std::istringstream in(Slurp(transactions_));
  std::string hostile = "\xEF\xBB\xBF";
  std::string line;
  std::getline(in, line);
  hostile += line + ",note\r\n";
  for (int row = 0; std::getline(in, line); ++row) {
    hostile += line + (row % 3 == 0 ? ",\"gift, wrapped\nby hand\"" : ",") +
               (row % 40 == 0 ? "\r\n\r\n" : "\r\n");
  }
  hostile.resize(hostile.size() - 2);
  const std::string path = (folder_ / "hostile.csv").string();
  std::ofstream(path, std::ios::binary) << hostile;
  ExpectSameOnOneAndTwoThreads(path, "hostile");
}

TEST_F(AnalyzeCsvTest, BadLinesAreNamedOnEveryCore) {
  std::string text = Slurp(transactions_);
  const size_t second_line = text.find('\n') + 1;
  const size_t third_line = text.find('\n', second_line) + 1;
  const std::string path = (folder_ / "bad.csv").string();
  // The second line's first cell (its customer) emptied.
  const size_t comma = text.find(',', second_line);
  std::ofstream(path, std::ios::binary)
      << text.substr(0, second_line) << text.substr(comma, third_line - comma)
      << text.substr(third_line);
  std::string messages[2];
  for (int threads : {1, 2}) {
    auto run = testing::RunVafa(
        {"analyze", "--csv", path, "--threads", std::to_string(threads)});
    EXPECT_NE(run.exit_code, 0);
    messages[threads - 1] = run.output;
  }
  EXPECT_THAT(messages[1], HasSubstr(path + ":2: column \"customer_id\""));
  EXPECT_EQ(messages[0], messages[1]);
}

// The parts a run names with --timings ("timing <part> <seconds>" on
// stderr), sorted.
std::vector<std::string> TimedParts(const std::string& output) {
  std::vector<std::string> parts;
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.starts_with("timing ")) continue;
    std::istringstream fields(line.substr(7));
    std::string part;
    double seconds = -1;
    fields >> part >> seconds;
    EXPECT_GE(seconds, 0) << line;
    parts.push_back(part);
  }
  std::sort(parts.begin(), parts.end());
  return parts;
}

// The customer reports are written while the next parts are computed
// (each as soon as what it reads is ready): on one thread and on four they
// are the bytes of each report written alone, after everything, to stdout.
TEST_F(AnalyzeCsvTest, ReportsWrittenDuringTheComputationsAreTheSame) {
  const std::vector<std::string> reports = {"summary", "rfm",    "pareto",
                                            "value",   "matrix", "segments",
                                            "abc",     "kpis",   "cohorts"};
  for (const char* threads : {"1", "4"}) {
    SCOPED_TRACE(threads);
    const auto out = folder_ / "early" / threads;
    std::vector<std::string> args = {"analyze",    "--csv",     transactions_,
                                     "--currency", "IRR",       "--as-of",
                                     "2026-11-21", "--threads", threads,
                                     "--out",      out.string()};
    for (const std::string& report : reports) {
      args.push_back("--report");
      args.push_back(report);
    }
    auto run = testing::RunVafa(args);
    ASSERT_EQ(run.exit_code, 0) << run.output;
    for (const std::string& report : reports) {
      auto alone = testing::RunVafa(
          {"analyze", "--csv", transactions_, "--currency", "IRR", "--as-of",
           "2026-11-21", "--threads", threads, "--report", report},
          /*with_stderr=*/false);
      ASSERT_EQ(alone.exit_code, 0) << alone.output;
      EXPECT_TRUE(Slurp(out / (report + ".csv")) == alone.output)
          << report << " differs";
    }
  }
  for (const std::string& report : reports) {
    EXPECT_TRUE(Slurp(folder_ / "early" / "1" / (report + ".csv")) ==
                Slurp(folder_ / "early" / "4" / (report + ".csv")))
        << report << " differs between one thread and four";
  }
}

// What each set of reports computes, as --timings names it: RFM alone runs
// the summary (without its distinct counts) and the scores, and no Pareto,
// profitability, lifetime value, KPIs or cohorts; the five core reports
// everything but the lifetime value; KPIs alone no per-customer summary.
TEST_F(AnalyzeCsvTest, TimingsNameOnlyThePartsTheReportsNeed) {
  auto parts_of = [&](std::vector<std::string> reports) {
    std::vector<std::string> args = {
        "analyze",    "--csv",     transactions_, "--as-of",
        "2026-11-21", "--timings", "--out",       (folder_ / "timed").string()};
    for (const std::string& report : reports) {
      args.push_back("--report");
      args.push_back(report);
    }
    auto run = testing::RunVafa(args);
    EXPECT_EQ(run.exit_code, 0) << run.output;
    return TimedParts(run.output);
  };
  using Parts = std::vector<std::string>;
  EXPECT_EQ(parts_of({"rfm"}), (Parts{"load", "reports", "rfm", "summary"}));
  EXPECT_EQ(parts_of({"kpis"}), (Parts{"kpis", "load", "reports"}));
  EXPECT_EQ(parts_of({"pareto"}),
            (Parts{"key_customers", "load", "reports", "summary"}));
  EXPECT_EQ(parts_of({"summary", "rfm", "pareto", "abc", "matrix", "kpis",
                      "cohorts"}),
            (Parts{"cohorts", "key_customers", "kpis", "load", "profitability",
                   "reports", "rfm", "summary"}));
  EXPECT_EQ(parts_of({"clv_model"}),
            (Parts{"lifetime_value", "load", "reports", "summary"}));
  // Without --timings nothing is printed about the parts.
  auto quiet = testing::RunVafa({"analyze", "--csv", transactions_, "--report",
                                 "rfm", "--out", (folder_ / "quiet").string()});
  ASSERT_EQ(quiet.exit_code, 0) << quiet.output;
  EXPECT_THAT(quiet.output, Not(HasSubstr("timing ")));
}

// A report alone writes only its file and prints the reading of what was
// computed for it: RFM needs no Pareto, KPIs, cohorts or lifetime value.
TEST_F(AnalyzeCsvTest, OneReportComputesOnlyWhatItNeeds) {
  const auto rfm = folder_ / "rfm";
  auto run = testing::RunVafa({"analyze", "--csv", transactions_, "--report",
                               "rfm", "--out", rfm.string()});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(FilesIn(rfm), std::vector<std::string>{"rfm.csv"});
  EXPECT_THAT(run.output, HasSubstr("RFM segments:"));
  EXPECT_THAT(run.output, Not(HasSubstr("of revenue")));
  EXPECT_THAT(run.output, Not(HasSubstr("Last complete month")));
  EXPECT_THAT(run.output, Not(HasSubstr("ifetime value")));

  const auto kpis = folder_ / "kpis";
  run = testing::RunVafa({"analyze", "--csv", transactions_, "--report", "kpis",
                          "--out", kpis.string()});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(FilesIn(kpis), std::vector<std::string>{"kpis.csv"});
  EXPECT_THAT(run.output, HasSubstr("Last complete month"));
  EXPECT_THAT(run.output, Not(HasSubstr("RFM segments")));
  EXPECT_THAT(run.output, Not(HasSubstr("of revenue")));

  // All reports (the default) still read in full.
  run = testing::RunVafa(
      {"analyze", "--csv", transactions_, "--out", (folder_ / "all").string()});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr("of revenue"));
  EXPECT_THAT(run.output, HasSubstr("RFM segments:"));
  EXPECT_THAT(run.output, HasSubstr("ifetime value"));
}

}  // namespace
}  // namespace vafa
