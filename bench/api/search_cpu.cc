// CPU time of each search query of the API benchmark, run in process
// (CustomerRepository::Search, the call the search route makes), so that a
// slow plan shows as a slow query whatever else the machine runs. Reads the
// URL-encoded queries bench/api/run.sh writes (one a line), runs each
// REPEAT times and prints the SLOWEST queries by CPU per search, the total,
// and the number of results of each, in the order found.
//
//   search_cpu STORE WORKSPACE QUERIES [REPEAT] [SLOWEST] [LIMIT]
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "store/customer_repository.h"
#include "store/database.h"
#include "store/workspace_repository.h"

namespace {

std::string UrlDecoded(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += text[i] == '+' ? ' ' : text[i];
    }
  }
  return out;
}

double ThreadCpuMs() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * 1e3 + now.tv_nsec / 1e6;
}

struct Timed {
  double ms = 0;
  size_t found = 0;
  std::string query;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: search_cpu STORE WORKSPACE QUERIES [REPEAT] "
                 "[SLOWEST] [LIMIT]\n";
    return 2;
  }
  const int repeat = argc > 4 ? std::stoi(argv[4]) : 3;
  const size_t slowest = argc > 5 ? std::stoul(argv[5]) : 10;
  const int limit = argc > 6 ? std::stoi(argv[6]) : 20;
  auto db = vafa::store::Database::Open(argv[1]);
  if (!db.ok()) {
    std::cerr << db.status().message() << "\n";
    return 1;
  }
  auto workspace = vafa::store::WorkspaceRepository(**db).GetBySlug(argv[2]);
  if (!workspace.ok()) {
    std::cerr << workspace.status().message() << "\n";
    return 1;
  }
  vafa::store::CustomerRepository customers(**db);
  std::vector<Timed> timed;
  std::ifstream lines(argv[3]);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) continue;
    Timed one{0, 0, UrlDecoded(line)};
    for (int r = 0; r < repeat; ++r) {
      const double start = ThreadCpuMs();
      auto found = customers.Search(workspace->id, one.query, limit);
      const double ms = ThreadCpuMs() - start;
      if (!found.ok()) {
        std::cerr << one.query << ": " << found.status().message() << "\n";
        return 1;
      }
      one.found = found->size();
      // The best of the repeats: the first may pay for cold pages.
      one.ms = r == 0 ? ms : std::min(one.ms, ms);
    }
    timed.push_back(one);
  }
  double total = 0;
  for (const Timed& one : timed) total += one.ms;
  std::sort(timed.begin(), timed.end(),
            [](const Timed& a, const Timed& b) { return a.ms > b.ms; });
  std::printf("%zu queries, CPU %.1f ms in all (best of %d), %.3f ms each\n",
              timed.size(), total, repeat, total / timed.size());
  for (size_t i = 0; i < timed.size() && i < slowest; ++i) {
    std::printf("%8.2f ms  %3zu found  %s\n", timed[i].ms, timed[i].found,
                timed[i].query.c_str());
  }
  return 0;
}
