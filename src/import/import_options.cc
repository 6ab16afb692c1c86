// ImportCurrency, ResolveColumnMapping and ParseAnonymousSales: see
// importer.h.
#include <algorithm>

#include "import/importer.h"
#include "store/import_profile_repository.h"
#include "store/workspace_repository.h"

namespace vafa::import {

Result<AnonymousSales> ParseAnonymousSales(std::string_view name) {
  if (name.empty() || name == "reject") return AnonymousSales::kReject;
  if (name == "skip") return AnonymousSales::kSkip;
  if (name == "keep") return AnonymousSales::kKeep;
  return Status::Invalid(
      "anonymous: \"" + std::string(name) + "\" is not reject, skip or keep",
      "anonymous");
}

Result<std::vector<ColumnOverride>> ResolveColumnMapping(
    store::Database& db, int64_t workspace_id, std::string_view kind,
    const std::string& profile, std::string_view map) {
  std::vector<ColumnOverride> mapping;
  if (!profile.empty()) {
    store::ImportProfileRepository profiles(db);
    VAFA_ASSIGN_OR_RETURN(store::ImportProfile saved,
                          profiles.Get(workspace_id, profile));
    if (saved.kind != kind) {
      return Status::Invalid("import profile \"" + profile + "\" is for " +
                             saved.kind + " files");
    }
    VAFA_ASSIGN_OR_RETURN(mapping, ParseColumnMapping(saved.mapping));
  }
  VAFA_ASSIGN_OR_RETURN(auto given, ParseColumnMapping(map));
  for (ColumnOverride& item : given) {
    std::erase_if(mapping, [&](const ColumnOverride& old) {
      return old.source == item.source;
    });
    mapping.push_back(std::move(item));
  }
  return mapping;
}

Result<std::string> ImportCurrency(store::Database& db, int64_t workspace_id,
                                   const ImportOptions& options) {
  if (!options.currency.empty()) return options.currency;
  store::WorkspaceRepository workspaces(db);
  VAFA_ASSIGN_OR_RETURN(store::Workspace workspace,
                        workspaces.Get(workspace_id));
  return workspace.currency;
}

}  // namespace vafa::import
