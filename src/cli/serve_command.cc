// vafa serve: the HTTP API and the web UI over the store.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "api/access.h"
#include "api/body_limits.h"
#include "api/http_server.h"
#include "api/quality_routes.h"
#include "api/response_jobs.h"
#include "api/routes.h"
#include "api/server_log.h"
#include "auth/audit_chain.h"
#include "auth/stored_throttle.h"
#include "auth/user_repository.h"
#include "cli/command.h"
#include "cli/serve_config.h"
#include "services/loyalty/expiry_sweeper.h"
#include "services/messaging/sender_loop.h"

namespace vafa::cli {
namespace {

// "12h", "30m", "90s" or "0" (off), in seconds.
Result<int64_t> ParseIdleTimeout(const std::string& text) {
  const Status bad = Status::Invalid(
      "--session-idle-timeout " + text +
      ": a number with s, m or h (\"12h\", \"30m\"), or 0 for none");
  if (text == "0") return int64_t{0};
  if (text.size() < 2 || text.size() > 9) return bad;
  int64_t unit = text.back() == 's'   ? 1
                 : text.back() == 'm' ? 60
                 : text.back() == 'h' ? 3600
                                      : 0;
  int64_t number = 0;
  for (size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return bad;
    number = number * 10 + (text[i] - '0');
  }
  if (unit == 0 || number == 0) return bad;
  return number * unit;
}

struct ServeFlags {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;
  int threads = 0;
  std::string web;
  bool secure_cookies = false;
  int64_t session_hours = 7 * 24;
  int max_connections = 1000;
  int header_timeout = 15;
  std::string session_idle_timeout = "12h";
  std::vector<std::string> trusted_proxies;
  bool no_loyalty_expiry = false;
  int send_every = 15;  // seconds; 0: no sender loop
  int send_batch = 200;
  int64_t quality_max_customers = 250000;
  std::string config;
  std::string log_format = "text";
  int job_lease_seconds = 30;
  int shutdown_grace = 30;  // seconds
  bool aggregate_in_db = false;
};

void AddServeOptions(CLI::App* serve, ServeFlags& flags) {
  serve
      ->add_option("--address", flags.address,
                   "Listen address (loopback by default; 0.0.0.0 for every "
                   "interface, best behind a TLS proxy with --secure-cookies)")
      ->capture_default_str();
  serve->add_option("--port", flags.port, "TCP port (0: any free port)")
      ->capture_default_str();
  serve->add_option("--threads", flags.threads,
                    "Worker threads (0: one per core)");
  serve->add_option(
      "--web", flags.web,
      "Folder of the web UI (default: web/dist, built by scripts/build-web, "
      "else the installed ../share/vafa/web beside the binary)");
  serve->add_flag("--secure-cookies", flags.secure_cookies,
                  "Mark the session cookie Secure (when served over HTTPS)");
  serve->add_flag("--aggregate-in-db", flags.aggregate_in_db,
                  "Analysis jobs have PostgreSQL compute the per-customer "
                  "summary instead of reading every order line (PostgreSQL "
                  "only; no KPIs, cohorts or churn in such a run)");
  serve
      ->add_option("--session-hours", flags.session_hours,
                   "How long a browser session lasts")
      ->capture_default_str()
      ->check(CLI::Range(1, 24 * 365));
  serve
      ->add_option("--max-connections", flags.max_connections,
                   "Connections served at once; past it a new one gets 503")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  serve
      ->add_option("--header-timeout", flags.header_timeout,
                   "Seconds a request's headers may take to arrive (and an "
                   "idle keep-alive connection stays open)")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  serve
      ->add_option("--session-idle-timeout", flags.session_idle_timeout,
                   "A browser session unused this long ends (12h, 30m, 90s; "
                   "0: only --session-hours ends it)")
      ->capture_default_str();
  serve->add_option(
      "--trusted-proxy", flags.trusted_proxies,
      "A reverse proxy (CIDR: 10.0.0.0/8, fd00::/8, or one address) whose "
      "X-Forwarded-For names the client; repeat for several");
  serve->add_flag("--no-loyalty-expiry", flags.no_loyalty_expiry,
                  "Do not record due loyalty expiries at start and daily "
                  "(vafa loyalty expire does it on demand)");
  serve
      ->add_option("--send-every", flags.send_every,
                   "Seconds between runs of the message sender (needs "
                   "VAFA_SECRET_KEY; 0: no sender, vafa send does it)")
      ->capture_default_str();
  serve
      ->add_option("--send-batch", flags.send_batch,
                   "Messages one run of the sender delivers at most")
      ->capture_default_str();
  serve
      ->add_option("--quality-max-customers", flags.quality_max_customers,
                   "Customers a workspace may have for the API to run its "
                   "quality report (vafa quality has no bound)")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{0}, int64_t{100000000}));
  serve->add_option("--config", flags.config,
                    "A file of key = value lines, one per flag of vafa serve "
                    "(and db); the command line wins (docs/install.md)");
  serve
      ->add_option("--log-format", flags.log_format,
                   "The log on standard error: text, or json (one object a "
                   "line: time, level, message, request_id, method, path, "
                   "status, duration_ms)")
      ->capture_default_str();
  serve
      ->add_option("--shutdown-grace", flags.shutdown_grace,
                   "Seconds a stopped server (SIGTERM, Ctrl-C) waits for "
                   "running analysis and training jobs to stop (each is "
                   "handed back, to be run again by another server or the "
                   "next start); one still running then is recorded failed")
      ->capture_default_str()
      ->check(CLI::Range(0, 3600));
  // Tests only: how long an analysis job's lease lasts before another
  // process may take the job over (docs/scale.md).
  serve->add_option("--job-lease-seconds", flags.job_lease_seconds)
      ->check(CLI::Range(1, 3600))
      ->group("");
}

// Each worker thread keeps its own connection. One the database server
// dropped (a restart, say) is replaced on the next request; while it cannot
// be reopened, requests are answered 503, and the reason is logged once per
// outage and thread.
api::DatabaseSource ConnectionPerThread(std::string location) {
  return [location = std::move(location)]() -> Result<store::Database*> {
    thread_local std::unique_ptr<store::Database> db;
    thread_local bool outage_logged = false;
    if (db != nullptr && !db->Connected()) db.reset();
    if (db == nullptr) {
      auto opened = store::Database::Open(location, /*migrate=*/false);
      if (!opened.ok()) {
        if (!outage_logged) {
          api::Log(api::LogLevel::kError, opened.status().ToString());
          outage_logged = true;
        }
        return Status::Unavailable(
            "the database cannot be reached; try again shortly");
      }
      db = std::move(opened).value();
      outage_logged = false;
    }
    return db.get();
  };
}

// The session, proxy and quality report settings of the flags.
Status ConfigureSessions(const ServeFlags& flags, api::ApiContext& context) {
  context.secure_cookies = flags.secure_cookies;
  context.session_seconds = flags.session_hours * 3600;
  auto idle = ParseIdleTimeout(flags.session_idle_timeout);
  if (!idle.ok()) return idle.status();
  context.session_idle_seconds = *idle;
  auto proxies = std::make_shared<api::TrustedProxies>();
  for (const std::string& cidr : flags.trusted_proxies) {
    Status added = proxies->Add(cidr);
    if (!added.ok()) {
      return Status::Invalid("--trusted-proxy: " + added.message());
    }
  }
  context.trusted_proxies = proxies;
  api::SetQualityRunMaxCustomers(flags.quality_max_customers);
  return Status::Ok();
}

// The web UI an installed vafa carries: ../share/vafa/web beside the
// binary (/usr/share/vafa/web for /usr/bin/vafa), or "" when there is none.
std::string InstalledWebUi() {
  std::error_code error;
  const auto binary = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) return "";
  const auto web =
      binary.parent_path().parent_path() / "share" / "vafa" / "web";
  return std::filesystem::exists(web / "index.html", error) ? web.string() : "";
}

// The web UI: --web, else the built one in web/dist, else the installed
// one. Without one the API is still served (integrations need no UI), and
// the reason is logged.
Status AddWebUi(const std::string& web, api::Router& router) {
  if (!web.empty()) {
    if (!std::filesystem::exists(std::filesystem::path(web) / "index.html")) {
      return Status::Invalid("--web " + web + ": no index.html there");
    }
    api::ServeStaticFiles(router, web);
  } else if (std::filesystem::exists("web/dist/index.html")) {
    api::ServeStaticFiles(router, "web/dist");
  } else if (std::string installed = InstalledWebUi(); !installed.empty()) {
    api::ServeStaticFiles(router, installed);
  } else {
    api::Log(api::LogLevel::kWarning,
             "no web UI in web/dist (build it with scripts/build-web, or "
             "pass --web DIR); serving the API only");
  }
  return Status::Ok();
}

// Audit entries of a release before the chain join it now, before any
// request appends to it (docs/security.md); ended credentials go.
Status PrepareStore(const api::ApiContext& context, store::Database& db) {
  auto sealed = auth::SealLegacyAuditEntries(db);
  if (!sealed.ok()) return sealed.status();
  if (*sealed > 0) {
    api::Log(api::LogLevel::kInfo,
             "sealed " + std::to_string(*sealed) +
                 " audit entries of an earlier release into the chain");
  }
  api::PurgeEndedCredentialsNowAndThen(context, db, store::NowSeconds());
  return Status::Ok();
}

void PrintServing(const CommandContext& context, const ServeFlags& flags,
                  const std::string& location, uint16_t port,
                  store::Database& db) {
  std::string host = flags.address == "0.0.0.0" ? "127.0.0.1" : flags.address;
  std::cout << "vafa is serving " << location << " (workspace \""
            << context.workspace << "\") at http://" << host << ":" << port
            << "/\n";
  auth::UserRepository users(db);
  auto count = users.Count();
  if (count.ok() && *count == 0) {
    std::cout << "no one can sign in yet: add the first user with\n"
                 "  vafa user add EMAIL --admin --role owner "
                 "--password-stdin\n";
  }
  std::cout << std::flush;
}

// The outbox's sender on a thread of its own, every --send-every seconds;
// none when that is 0 or the secret key is not set (it says so).
std::unique_ptr<services::messaging::SenderLoop> StartSender(
    const ServeFlags& flags, const std::string& location) {
  if (flags.send_every <= 0) return nullptr;
  auto key = services::messaging::SecretKeyFromEnvironment();
  if (!key.ok()) {
    api::Log(api::LogLevel::kWarning,
             "messaging: no sender loop: " + key.status().message());
    return nullptr;
  }
  return std::make_unique<services::messaging::SenderLoop>(
      [location] { return store::Database::Open(location, false); }, *key,
      std::chrono::seconds(flags.send_every), std::max(1, flags.send_batch),
      [](const std::string& line) { api::Log(api::LogLevel::kInfo, line); });
}

// The server's jobs at its stop: each is asked to stop as its next stage
// starts (and is handed back, api/analysis_jobs.h), and waited for
// --shutdown-grace seconds. A job still running
// then is recorded failed and the process ends at once (std::_Exit), since
// its thread cannot be joined and must not outlive what it uses (found by
// AddressSanitizer: a job thread read objects that exit had destroyed).
void StopJobs(const ServeFlags& flags, const api::ApiContext& api_context) {
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::seconds(flags.shutdown_grace);
  api::AnalysisJobs& trainings = api::ResponseJobs();
  api_context.analysis_jobs->RequestStop();
  trainings.RequestStop();
  bool ended =
      api_context.analysis_jobs->AwaitStop(deadline, api_context.database);
  ended = trainings.AwaitStop(deadline, api_context.database) && ended;
  if (ended) return;
  api::Log(api::LogLevel::kWarning,
           "stopping without waiting for the jobs above (--shutdown-grace " +
               std::to_string(flags.shutdown_grace) + ")");
  std::cout.flush();
  std::cerr.flush();
  std::_Exit(0);
}

int RunServe(const CommandContext& context, const ServeFlags& flags) {
  auto log_format = api::ParseLogFormat(flags.log_format);
  if (!log_format.ok()) return Fail(log_format.status());
  api::SetLogFormat(*log_format);
  // Migrate once up front so request threads open a ready store.
  auto first = context.Open();
  if (!first.ok()) return Fail(first.status());
  std::string location = context.db_location;
  api::Router router;
  api::ApiContext api_context;
  api_context.database = ConnectionPerThread(location);
  // What every process of this store must agree on lives in the store:
  // failed sign-ins, analysis and training jobs (docs/scale.md).
  api_context.throttle =
      std::make_shared<auth::StoredThrottle>(api_context.database);
  if (flags.aggregate_in_db &&
      (*first)->backend() != store::Backend::kPostgres) {
    return Fail(Status::Invalid(
        "--aggregate-in-db works on PostgreSQL only (this store is SQLite)",
        "aggregate-in-db"));
  }
  api_context.analysis_jobs = std::make_shared<api::AnalysisJobs>(
      flags.job_lease_seconds, flags.aggregate_in_db);
  auto replicas = context.OpenReadReplicas([](bool trouble,
                                              const std::string& line) {
    api::Log(trouble ? api::LogLevel::kWarning : api::LogLevel::kInfo, line);
  });
  if (!replicas.ok()) return Fail(replicas.status());
  api_context.read_replicas = *replicas;
  api_context.analysis_jobs->LoadFrom(*replicas);
  Status configured = ConfigureSessions(flags, api_context);
  if (configured.ok()) configured = PrepareStore(api_context, **first);
  if (!configured.ok()) return Fail(configured);
  api_context.fast_password_hashing = FastPasswordHashingForTests();
  if (api_context.fast_password_hashing) {
    api::Log(api::LogLevel::kWarning,
             "VAFA_TEST_FAST_PASSWORD_HASHING is set: new passwords are "
             "hashed at the lowest cost (tests only)");
  }
  api::AddApiRoutes(router, api_context);
  Status web = AddWebUi(flags.web, router);
  if (!web.ok()) return Fail(web);
  api::ServerOptions options;
  options.address = flags.address;
  options.port = flags.port;
  options.threads = flags.threads;
  options.max_connections = flags.max_connections;
  options.header_timeout_seconds = flags.header_timeout;
  options.hsts = flags.secure_cookies;
  options.body_limit = api::BodyLimitFor(api_context);
  auto server = api::HttpServer::Start(options, router);
  if (!server.ok()) return Fail(server.status());
  // The job keepers start once nothing can fail before serving, so that
  // every return after them is the one that stops them (StopJobs).
  api_context.analysis_jobs->Keep(api_context.database);
  api::ResponseJobs(flags.job_lease_seconds).Keep(api_context.database);
  PrintServing(context, flags, location, (*server)->port(), **first);
  // Loyalty points expire at start and then daily, on a thread of their
  // own; it stops when the server does.
  std::unique_ptr<services::loyalty::ExpirySweeper> expiry;
  if (!flags.no_loyalty_expiry) {
    expiry = std::make_unique<services::loyalty::ExpirySweeper>(
        [location] { return store::Database::Open(location, false); },
        std::chrono::hours(24),
        [](const std::string& line) { api::Log(api::LogLevel::kInfo, line); });
  }
  std::unique_ptr<services::messaging::SenderLoop> sender =
      StartSender(flags, location);
  (*server)->Run();
  // Stopped: the listening socket closes (and a second SIGTERM or Ctrl-C
  // ends the process at once), the loops end, then the jobs.
  server->reset();
  sender.reset();
  expiry.reset();
  StopJobs(flags, api_context);
  return 0;
}

}  // namespace

void AddServeCommand(CLI::App& app, CommandContext& context) {
  auto flags = std::make_shared<ServeFlags>();
  CLI::App* serve = app.add_subcommand("serve", "Serve the API and the web UI");
  AddServeOptions(serve, *flags);
  serve->callback([&app, &context, serve, flags] {
    Status configured = flags->config.empty()
                            ? Status::Ok()
                            : ApplyServeConfig(flags->config, app, *serve);
    context.run = [&context, flags, configured] {
      if (!configured.ok()) return Fail(configured);
      return RunServe(context, *flags);
    };
  });
}

}  // namespace vafa::cli
