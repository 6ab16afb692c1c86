#include "store/workspace_repository.h"

#include <soci/soci.h>

#include "store/sql_values.h"

namespace vafa::store {
namespace {

constexpr char kColumns[] =
    "id, slug, name, currency, money_display, timezone, created_at";

Workspace WorkspaceFromRow(const soci::row& row) {
  Workspace w;
  w.id = RowInt(row, 0);
  w.slug = RowText(row, 1);
  w.name = RowText(row, 2);
  w.currency = RowText(row, 3);
  w.money_display = RowText(row, 4);
  w.timezone = RowText(row, 5);
  w.created_at = RowInt(row, 6);
  return w;
}

Status CheckSlug(const std::string& slug) {
  if (slug.empty() || slug.size() > 63) {
    return Status::Invalid("workspace slug must be 1 to 63 characters", "slug");
  }
  for (char c : slug) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
      return Status::Invalid(
          "workspace slug \"" + slug + "\" may hold only a-z, 0-9 and -",
          "slug");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<Workspace> WorkspaceRepository::Create(const std::string& slug,
                                              const std::string& name,
                                              const std::string& currency) {
  VAFA_RETURN_IF_ERROR(CheckSlug(slug));
  auto existing = GetBySlug(slug);
  if (existing.ok()) {
    return Status(StatusCode::kAlreadyExists,
                  "workspace \"" + slug + "\" already exists");
  }
  try {
    long long now = NowSeconds();
    db_.sql() << "INSERT INTO workspaces (slug, name, currency, created_at) "
                 "VALUES (:s, :n, :c, :t)",
        soci::use(slug), soci::use(name), soci::use(currency), soci::use(now);
  } catch (const std::exception& error) {
    return DatabaseError("creating workspace", error);
  }
  return GetBySlug(slug);
}

Result<Workspace> WorkspaceRepository::GetBySlug(const std::string& slug) {
  try {
    soci::row row;
    db_.sql() << std::string("SELECT ") + kColumns +
                     " FROM workspaces WHERE slug = :s",
        soci::use(slug), soci::into(row);
    if (!db_.sql().got_data()) {
      return Status::NotFound("workspace \"" + slug + "\" does not exist");
    }
    return WorkspaceFromRow(row);
  } catch (const std::exception& error) {
    return DatabaseError("reading workspace", error);
  }
}

Result<Workspace> WorkspaceRepository::Get(int64_t id) {
  try {
    soci::row row;
    long long wanted = id;
    db_.sql() << std::string("SELECT ") + kColumns +
                     " FROM workspaces WHERE id = :id",
        soci::use(wanted), soci::into(row);
    if (!db_.sql().got_data()) {
      return Status::NotFound("workspace " + std::to_string(id) +
                              " does not exist");
    }
    return WorkspaceFromRow(row);
  } catch (const std::exception& error) {
    return DatabaseError("reading workspace", error);
  }
}

Result<Workspace> WorkspaceRepository::GetOrCreate(const std::string& slug) {
  auto existing = GetBySlug(slug);
  if (existing.ok() || existing.status().code() != StatusCode::kNotFound) {
    return existing;
  }
  return Create(slug, slug);
}

Result<std::vector<Workspace>> WorkspaceRepository::List() {
  std::vector<Workspace> all;
  try {
    soci::rowset<soci::row> rows =
        (db_.sql().prepare << std::string("SELECT ") + kColumns +
                                  " FROM workspaces ORDER BY id");
    for (const soci::row& row : rows) all.push_back(WorkspaceFromRow(row));
  } catch (const std::exception& error) {
    return DatabaseError("listing workspaces", error);
  }
  return all;
}

Status WorkspaceRepository::UpdateSettings(const Workspace& workspace) {
  if (workspace.money_display != "toman" && workspace.money_display != "rial") {
    return Status::Invalid("money_display is toman or rial", "money_display");
  }
  if (workspace.name.empty() || workspace.name.size() > 200) {
    return Status::Invalid("name must be 1 to 200 bytes", "name");
  }
  try {
    long long id = workspace.id;
    db_.sql() << "UPDATE workspaces SET name = :n, money_display = :m WHERE "
                 "id = :id",
        soci::use(workspace.name), soci::use(workspace.money_display),
        soci::use(id);
  } catch (const std::exception& error) {
    return DatabaseError("updating workspace", error);
  }
  return Status::Ok();
}

}  // namespace vafa::store
