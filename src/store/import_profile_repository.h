// ImportProfileRepository: named column mappings a workspace keeps for the
// files it imports (`vafa import transactions FILE --profile NAME`, the
// /import-profiles routes, the web import page). A profile is the text of
// --map ("Source Column=field,...") for one kind of import; names are
// unique within a workspace. Not thread-safe (one per Database).
#ifndef VAFA_STORE_IMPORT_PROFILE_REPOSITORY_H_
#define VAFA_STORE_IMPORT_PROFILE_REPOSITORY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/database.h"

namespace vafa::store {

struct ImportProfile {
  int64_t id = 0;
  int64_t workspace_id = 0;
  std::string name;
  std::string kind;     // customers | transactions | interactions
  std::string mapping;  // "Source Column=field,..."
  int64_t created_at = 0;
  std::string created_by;
};

class ImportProfileRepository {
 public:
  explicit ImportProfileRepository(Database& db) : db_(db) {}

  // Creates the profile, or replaces kind and mapping of the one with the
  // same name; sets profile.id.
  Status Save(ImportProfile& profile);
  // NotFound naming the profile.
  Result<ImportProfile> Get(int64_t workspace_id, const std::string& name);
  // By name.
  Result<std::vector<ImportProfile>> List(int64_t workspace_id);
  // NotFound when there is none of that name.
  Status Delete(int64_t workspace_id, const std::string& name);

 private:
  Database& db_;
};

}  // namespace vafa::store

#endif  // VAFA_STORE_IMPORT_PROFILE_REPOSITORY_H_
