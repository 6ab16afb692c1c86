#include "cli/command.h"

#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <string_view>

namespace vafa::cli {

Result<std::unique_ptr<store::Database>> CommandContext::Open() const {
  return store::Database::Open(db_location);
}

Result<std::shared_ptr<store::ReadReplicas>> CommandContext::OpenReadReplicas(
    store::ReadReplicas::LogLine log) const {
  VAFA_ASSIGN_OR_RETURN(std::vector<std::string> locations,
                        store::ParseReadLocations(read_db));
  if (locations.empty()) return std::shared_ptr<store::ReadReplicas>();
  if (!db_location.starts_with("postgresql://") &&
      !db_location.starts_with("postgres://")) {
    return Status::Invalid(
        "--read-db: read replicas follow a PostgreSQL primary; --db is not "
        "one",
        "read_db");
  }
  if (read_db_max_lag < 1) {
    return Status::Invalid("--read-db-max-lag: at least 1 second, not " +
                               std::to_string(read_db_max_lag),
                           "read_db_max_lag");
  }
  return std::make_shared<store::ReadReplicas>(std::move(locations),
                                               read_db_max_lag, std::move(log));
}

// What the command line's replicas report, on stderr.
store::ReadReplicas::LogLine ReplicaLogToStderr() {
  return [](bool, const std::string& line) {
    std::cerr << "vafa: " << line << "\n";
  };
}

Result<store::Workspace> CommandContext::Workspace(store::Database& db,
                                                   bool create) const {
  store::WorkspaceRepository workspaces(db);
  if (create) return workspaces.GetOrCreate(workspace);
  auto found = workspaces.GetBySlug(workspace);
  if (!found.ok() && found.status().code() == StatusCode::kNotFound) {
    return Status::NotFound("no workspace \"" + workspace + "\" in " +
                            db_location + " (vafa workspace create " +
                            workspace + ", or import into it)");
  }
  return found;
}

bool FastPasswordHashingForTests() {
  const char* value = std::getenv("VAFA_TEST_FAST_PASSWORD_HASHING");
  return value != nullptr && std::string_view(value) == "1";
}

std::string CliActor() {
  const char* login = getlogin();
  const char* user = std::getenv("USER");
  return std::string("cli:") + (login != nullptr  ? login
                                : user != nullptr ? user
                                                  : "unknown");
}

int Fail(const Status& status) {
  std::cerr << "vafa: " << status.message() << "\n";
  return 1;
}

}  // namespace vafa::cli
