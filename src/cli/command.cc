#include "cli/command.h"

#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <string_view>

namespace vafa::cli {

Result<std::unique_ptr<store::Database>> CommandContext::Open() const {
  return store::Database::Open(db_location);
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
