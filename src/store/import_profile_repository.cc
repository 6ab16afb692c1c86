#include "store/import_profile_repository.h"

#include <soci/soci.h>

#include "store/sql_values.h"

namespace vafa::store {
namespace {

constexpr char kSelectProfiles[] =
    "SELECT id, workspace_id, name, kind, mapping, created_at, created_by "
    "FROM import_profiles WHERE workspace_id = :w";
constexpr char kByName[] = " AND name = :n";
constexpr char kOrderByName[] = " ORDER BY name";
constexpr char kUpdateProfile[] =
    "UPDATE import_profiles SET kind = :k, mapping = :m WHERE workspace_id = "
    ":w AND name = :n";
constexpr char kInsertProfile[] =
    "INSERT INTO import_profiles (workspace_id, name, kind, mapping, "
    "created_at, created_by) VALUES (:w, :n, :k, :m, :t, :by)";
constexpr char kDeleteProfile[] =
    "DELETE FROM import_profiles WHERE workspace_id = :w AND name = :n";

ImportProfile ProfileFromRow(const soci::row& row) {
  ImportProfile p;
  p.id = RowInt(row, 0);
  p.workspace_id = RowInt(row, 1);
  p.name = RowText(row, 2);
  p.kind = RowText(row, 3);
  p.mapping = RowText(row, 4);
  p.created_at = RowInt(row, 5);
  p.created_by = RowText(row, 6);
  return p;
}

}  // namespace

Status ImportProfileRepository::Save(ImportProfile& profile) {
  try {
    long long w = profile.workspace_id;
    soci::statement update =
        (db_.sql().prepare << kUpdateProfile, soci::use(profile.kind),
         soci::use(profile.mapping), soci::use(w), soci::use(profile.name));
    update.execute(true);
    if (update.get_affected_rows() == 0) {
      if (profile.created_at == 0) profile.created_at = NowSeconds();
      long long at = profile.created_at;
      NullableText by(profile.created_by);
      db_.sql() << kInsertProfile, soci::use(w), soci::use(profile.name),
          soci::use(profile.kind), soci::use(profile.mapping), soci::use(at),
          by.use();
    }
    VAFA_ASSIGN_OR_RETURN(ImportProfile saved,
                          Get(profile.workspace_id, profile.name));
    profile = saved;
    return Status::Ok();
  } catch (const std::exception& error) {
    return DatabaseError("saving import profile", error);
  }
}

Result<ImportProfile> ImportProfileRepository::Get(int64_t workspace_id,
                                                   const std::string& name) {
  try {
    long long w = workspace_id;
    std::string n = name;
    soci::row row;
    db_.sql() << std::string(kSelectProfiles) + kByName, soci::use(w),
        soci::use(n), soci::into(row);
    if (!db_.sql().got_data()) {
      return Status::NotFound("import profile \"" + name + "\" does not exist");
    }
    return ProfileFromRow(row);
  } catch (const std::exception& error) {
    return DatabaseError("reading import profile", error);
  }
}

Result<std::vector<ImportProfile>> ImportProfileRepository::List(
    int64_t workspace_id) {
  std::vector<ImportProfile> profiles;
  try {
    long long w = workspace_id;
    soci::rowset<soci::row> rows =
        (db_.sql().prepare << std::string(kSelectProfiles) + kOrderByName,
         soci::use(w));
    for (const soci::row& row : rows) profiles.push_back(ProfileFromRow(row));
  } catch (const std::exception& error) {
    return DatabaseError("listing import profiles", error);
  }
  return profiles;
}

Status ImportProfileRepository::Delete(int64_t workspace_id,
                                       const std::string& name) {
  try {
    long long w = workspace_id;
    std::string n = name;
    soci::statement remove =
        (db_.sql().prepare << kDeleteProfile, soci::use(w), soci::use(n));
    remove.execute(true);
    if (remove.get_affected_rows() == 0) {
      return Status::NotFound("import profile \"" + name + "\" does not exist");
    }
    return Status::Ok();
  } catch (const std::exception& error) {
    return DatabaseError("deleting import profile", error);
  }
}

}  // namespace vafa::store
