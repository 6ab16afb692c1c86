// Fuzzes one HTTP request through the real router (api/routes.cc) over a
// scratch SQLite store that holds a small demo workspace "demo" (imported
// through the API from the demo generator's files) and a signed-in owner.
//
// The input is a request in HTTP/1.1's own shape, so seeds are readable:
//   POST /api/v1/workspaces/demo/customers?limit=5
//   content-type: application/json
//
//   {"name": "مریم رضایی"}
// The request carries the owner's session token unless it names its own
// Authorization or Cookie, or has "x-fuzz-as: key" (the workspace API key
// instead) or "x-fuzz-as: nobody" (no credential). After each request the
// store is restored to its first state, so inputs replay the same way.
// With VAFA_FUZZ_STRICT=1 in the environment a 500 answer aborts too (an
// internal error a client could cause); by default 500s are only counted.
#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>

#include "api/access.h"
#include "api/http.h"
#include "api/routes.h"
#include "auth/password.h"
#include "auth/token.h"
#include "auth/user_repository.h"
#include "demo/generator.h"
#include "fuzz/fuzz_check.h"
#include "fuzz/scratch_store.h"
#include "store/workspace_repository.h"

namespace {

using vafa::api::HttpRequest;
using vafa::api::HttpResponse;

struct Harness {
  vafa::api::Router router;
  vafa::api::ApiContext context;
  int64_t workspace_id = 0;
  std::string session_token;
  std::string api_key;
  sqlite3* pristine = nullptr;  // the first state, in memory
  sqlite3* restorer = nullptr;  // a connection that writes it back
  bool strict = false;
  int64_t server_errors = 0;
};

void Die(const std::string& what) {
  std::fprintf(stderr, "http_request_fuzzer: %s\n", what.c_str());
  std::abort();
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Copies database "main" of `from` over "main" of `to`.
bool CopyDatabase(sqlite3* from, sqlite3* to) {
  sqlite3_backup* backup = sqlite3_backup_init(to, "main", from, "main");
  if (backup == nullptr) return false;
  int step = sqlite3_backup_step(backup, -1);
  sqlite3_backup_finish(backup);
  return step == SQLITE_DONE;
}

// Waits until no analysis of the workspace runs, so the restore does not
// race a job's own connection.
void WaitForAnalyses(const Harness& harness) {
  auto db = harness.context.database();
  if (!db.ok()) Die(db.status().message());
  for (;;) {
    auto running =
        harness.context.analysis_jobs->Running(**db, harness.workspace_id);
    if (!running.ok()) Die(running.status().message());
    if (!running->has_value()) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

Harness& Setup() {
  static Harness* harness = [] {
    auto* h = new Harness;
    auto& store = vafa::fuzz::OpenScratchStore();
    const std::string path = store.path;
    h->strict = std::getenv("VAFA_FUZZ_STRICT") != nullptr &&
                std::string_view(std::getenv("VAFA_FUZZ_STRICT")) == "1";
    h->context.database = [path]() -> vafa::Result<vafa::store::Database*> {
      thread_local std::unique_ptr<vafa::store::Database> db;
      if (db == nullptr) {
        auto opened = vafa::store::Database::Open(path, /*migrate=*/false);
        if (!opened.ok()) return opened.status();
        db = std::move(opened).value();
      }
      return db.get();
    };
    h->context.fast_password_hashing = true;
    vafa::api::AddApiRoutes(h->router, h->context);

    vafa::store::WorkspaceRepository workspaces(*store.db);
    auto workspace = workspaces.Create("demo", "فروشگاه نمونه");
    if (!workspace.ok()) Die(workspace.status().message());
    h->workspace_id = workspace->id;
    vafa::auth::UserRepository users(*store.db);
    auto hash = vafa::auth::HashPassword("fuzz-password-1", /*fast=*/true);
    if (!hash.ok()) Die(hash.status().message());
    auto user = users.Create("owner@example.com", "مالک", *hash,
                             /*is_admin=*/true);
    if (!user.ok()) Die(user.status().message());
    if (!users.SetRole(h->workspace_id, user->id, vafa::auth::Role::kOwner)
             .ok()) {
      Die("cannot make the owner");
    }
    const int64_t year = 365LL * 24 * 3600;
    auto session = vafa::auth::MakeToken(vafa::auth::TokenKind::kSession);
    auto key = vafa::auth::MakeToken(vafa::auth::TokenKind::kApiKey);
    if (!users
             .AddCredential(vafa::auth::TokenKind::kSession, user->id,
                            std::nullopt, "fuzz", session,
                            vafa::store::NowSeconds() + 20 * year)
             .ok() ||
        !users
             .AddCredential(vafa::auth::TokenKind::kApiKey, user->id,
                            h->workspace_id, "fuzz", key, std::nullopt)
             .ok()) {
      Die("cannot add the credentials");
    }
    h->session_token = session.token;
    h->api_key = key.token;

    // A small demo business, imported through the API as a user would.
    vafa::demo::DemoOptions demo;
    demo.customers = 40;
    demo.years = 1;
    demo.end_day = 20426;  // 2025-12-04
    auto counts = vafa::demo::WriteDemoFiles(demo, store.folder);
    if (!counts.ok()) Die(counts.status().message());
    for (const char* kind : {"customers", "transactions", "interactions"}) {
      HttpRequest request;
      request.method = "POST";
      request.path = "/api/v1/workspaces/demo/import-batches";
      request.query["kind"] = kind;
      request.query["create_missing_customers"] = "true";
      request.headers["content-type"] = "text/csv";
      request.headers["authorization"] = "Bearer " + h->session_token;
      request.body = ReadFile(store.folder + "/" + kind + ".csv");
      HttpResponse response = h->router.Dispatch(request);
      if (response.status / 100 != 2) {
        Die(std::string("importing the demo ") + kind + ": " +
            std::to_string(response.status) + " " + response.body);
      }
    }

    if (sqlite3_open(":memory:", &h->pristine) != SQLITE_OK ||
        sqlite3_open(path.c_str(), &h->restorer) != SQLITE_OK) {
      Die("cannot open the copies of the store");
    }
    sqlite3_busy_timeout(h->restorer, 10000);
    std::atexit([] {
      std::fprintf(stderr, "http_request_fuzzer: %lld answers were 500\n",
                   static_cast<long long>(Setup().server_errors));
    });
    if (!CopyDatabase(h->restorer, h->pristine)) Die("cannot copy the store");
    return h;
  }();
  return *harness;
}

std::string_view NextLine(std::string_view& rest) {
  size_t end = rest.find('\n');
  std::string_view line = rest.substr(0, end);
  rest = end == std::string_view::npos ? "" : rest.substr(end + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

// The request the server would build from these bytes (as ToRequest in
// api/http_server.cc does from Beast's parse).
HttpRequest ToRequest(std::string_view input, std::string& as) {
  HttpRequest request;
  std::string_view line = NextLine(input);
  size_t space = line.find(' ');
  request.method = std::string(line.substr(0, space));
  std::string_view target =
      space == std::string_view::npos ? "/" : line.substr(space + 1);
  if (size_t version = target.rfind(" HTTP/"); version != target.npos) {
    target = target.substr(0, version);
  }
  size_t question = target.find('?');
  if (!vafa::api::PercentDecode(target.substr(0, question), false,
                                request.path)) {
    request.path = std::string(target.substr(0, question));
  }
  if (question != std::string_view::npos) {
    vafa::api::ParseQuery(target.substr(question + 1), request.query);
  }
  while (!input.empty()) {
    std::string_view header = NextLine(input);
    if (header.empty()) break;
    size_t colon = header.find(':');
    if (colon == std::string_view::npos) continue;
    std::string name(header.substr(0, colon));
    for (char& c : name)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string_view value = header.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
      value.remove_prefix(1);
    }
    if (name == "x-fuzz-as") {
      as = std::string(value);
      continue;
    }
    request.headers[name] = std::string(value);
  }
  request.body = std::string(input);
  request.remote_address = "192.0.2.7";
  return request;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  Setup();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Harness& harness = Setup();
  std::string as;
  HttpRequest request = ToRequest(
      std::string_view(reinterpret_cast<const char*>(data), size), as);
  if (!request.headers.contains("authorization") &&
      !request.headers.contains("cookie")) {
    if (as == "key") {
      request.headers["authorization"] = "Bearer " + harness.api_key;
    } else if (as != "nobody") {
      request.headers["authorization"] = "Bearer " + harness.session_token;
    }
  }
  HttpResponse response = harness.router.Dispatch(request);
  WaitForAnalyses(harness);
  VAFA_FUZZ_CHECK(response.status >= 100 && response.status <= 599,
                  "an HTTP status out of range");
  if (response.status == 500) {
    ++harness.server_errors;
    std::fprintf(stderr, "http_request_fuzzer: 500 for %s %s: %s\n",
                 request.method.c_str(), request.path.c_str(),
                 response.body.substr(0, 300).c_str());
    if (harness.strict) {
      VAFA_FUZZ_CHECK(false, "500 for " + request.method + " " + request.path +
                                 ": " + response.body);
    }
  }
  if (!CopyDatabase(harness.pristine, harness.restorer)) {
    Die(std::string("cannot restore the store: ") +
        sqlite3_errmsg(harness.restorer));
  }
  return 0;
}
