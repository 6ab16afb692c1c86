// WorkspaceRepository: workspaces (tenants). Everything a business keeps
// lives in one workspace; a slug names it on the command line.
#ifndef VAFA_STORE_WORKSPACE_REPOSITORY_H_
#define VAFA_STORE_WORKSPACE_REPOSITORY_H_

#include <string>
#include <vector>

#include "core/result.h"
#include "store/database.h"

namespace vafa::store {

struct Workspace {
  int64_t id = 0;
  std::string slug;
  std::string name;
  std::string currency = "IRR";
  std::string money_display = "toman";  // toman | rial (for IRR)
  std::string timezone = "Asia/Tehran";
  int64_t created_at = 0;
};

class WorkspaceRepository {
 public:
  explicit WorkspaceRepository(Database& db) : db_(db) {}

  // AlreadyExists when the slug is taken; slugs are [a-z0-9-], 1..63 long.
  Result<Workspace> Create(const std::string& slug, const std::string& name,
                           const std::string& currency = "IRR");
  Result<Workspace> GetBySlug(const std::string& slug);
  Result<Workspace> Get(int64_t id);
  // The workspace named by slug, created when it does not exist yet.
  Result<Workspace> GetOrCreate(const std::string& slug);
  Result<std::vector<Workspace>> List();
  // Writes the name and money display (toman | rial) of workspace.id.
  Status UpdateSettings(const Workspace& workspace);

 private:
  Database& db_;
};

}  // namespace vafa::store

#endif  // VAFA_STORE_WORKSPACE_REPOSITORY_H_
