// RecordTable: the rows of one workspace in one table, read and written as
// JSON objects: the storage under the API's record routes (products, orders,
// interactions, tickets, leads, deals, tasks, segments, campaigns, surveys).
// A TableDef, owned by the domain whose table it is, names the columns a
// user may see and set, with their kinds and limits; everything else (id,
// workspace, version, timestamps, soft delete) is kept here the same way for
// every table. Table and column names come from a TableDef (ours), never
// from a caller; values are always bound.
//
// Lists are keyset pages: ordered by id or by one sortable column and id,
// continued from an opaque cursor, never counted. Updates carry the version
// the client read; a stale version is 409, so two editors never overwrite
// each other silently. Writes run in the caller's transaction. Expected
// failures are a Status: a field that fails a check is Refused naming it
// (422), a bad sort, filter or cursor is Invalid (400), a stale version is
// Conflict (409), a duplicate key AlreadyExists.
#ifndef VAFA_STORE_RECORD_TABLE_H_
#define VAFA_STORE_RECORD_TABLE_H_

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/database.h"

namespace vafa::store {

enum class FieldKind {
  kText,  // string of at most max_length bytes
  kInt,   // integer (money in minor units, counts)
  kReal,  // number
  kTime,  // Unix seconds; also accepted as an ISO or Jalali date string
  kJson,  // an object or list, stored as its text (max_length bytes)
};

struct FieldDef {
  std::string name;
  FieldKind kind = FieldKind::kText;
  bool required = false;  // on create
  bool writable = true;   // false: set by the server only
  size_t max_length = 200;
  bool money = false;  // shown only to roles that read money_scores
  std::vector<std::string> one_of;  // allowed values of a text field
};

struct TableDef {
  std::string table;   // "products"
  std::string entity;  // "product"
  std::vector<FieldDef> fields;
  std::vector<std::string> filterable;  // equality filters on a list
  std::vector<std::string> sortable;    // besides id; NOT NULL columns
  bool has_created_at = true;
};

struct ListQuery {
  std::map<std::string, std::string> filters;  // column -> text value
  std::string sort = "id";                     // column, "-" for descending
  std::string cursor;                          // from the previous page
  int limit = 50;
  bool deleted = false;  // list the soft-deleted rows instead
};

struct Page {
  nlohmann::json items = nlohmann::json::array();
  std::string next_cursor;  // empty on the last page
};

// Checks a request body against the definition: unknown fields, types,
// lengths and (when `creating`) required fields are 422 naming the field.
// Returns the writable columns present, converted to their stored form.
Result<nlohmann::json> CheckFields(
    const TableDef& def, const nlohmann::json& body, bool creating,
    std::initializer_list<std::string_view> also_allowed = {});

class RecordTable {
 public:
  RecordTable(store::Database& db, const TableDef& def, int64_t workspace_id)
      : db_(db), def_(def), workspace_id_(workspace_id) {}

  // NotFound when absent, in another workspace or (unless `deleted_ok`)
  // soft-deleted.
  Result<nlohmann::json> Get(int64_t id, bool deleted_ok = false);
  Result<Page> List(const ListQuery& query);
  // Inserts the columns of `values` (from CheckFields) and returns the id.
  Result<int64_t> Insert(const nlohmann::json& values);
  // Conflict when the stored version is not `version`; bumps the version.
  Status Update(int64_t id, const nlohmann::json& values, int64_t version);
  Status SetDeleted(int64_t id, bool deleted);

 private:
  store::Database& db_;
  const TableDef& def_;
  int64_t workspace_id_;
};

// An opaque keyset cursor for a JSON value (base64url of its text), and
// back; a cursor that is not one of ours is 400 naming "cursor".
std::string EncodeCursor(const nlohmann::json& value);
Result<nlohmann::json> DecodeCursor(const std::string& cursor);

// The stored form of a time field (seconds, or a parsed date string).
Result<int64_t> TimeValue(const nlohmann::json& value, std::string_view field);

// Whether `table` (a name of ours, never a caller's) has a row `id` in the
// workspace that is not deleted.
Result<bool> LiveRecordExists(Database& db, std::string_view table,
                              int64_t workspace_id, int64_t id);

}  // namespace vafa::store

#endif  // VAFA_STORE_RECORD_TABLE_H_
