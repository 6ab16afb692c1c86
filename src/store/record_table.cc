#include "store/record_table.h"

#include <soci/soci.h>
#include <sodium.h>

#include <algorithm>
#include <charconv>
#include <deque>

#include "core/dates.h"
#include "core/json_depth.h"
#include "store/sql_values.h"

namespace vafa::store {
namespace {

using nlohmann::json;

// A field that fails a check: Refused naming it (the API's 422).
Status FieldError(std::string_view field, std::string message) {
  return Status::Refused(std::string(field), std::move(message));
}

const FieldDef* FindField(const TableDef& def, std::string_view name) {
  for (const FieldDef& field : def.fields) {
    if (field.name == name) return &field;
  }
  return nullptr;
}

// Values bound to one statement; a deque keeps their addresses stable.
class Binder {
 public:
  // Adds a parameter and returns its placeholder (unique in the statement:
  // SOCI's PostgreSQL backend numbers every placeholder it meets).
  std::string Add(const json& value, FieldKind kind) {
    Value& v = values_.emplace_back();
    v.kind = kind;
    if (value.is_null()) {
      v.indicator = soci::i_null;
    } else if (kind == FieldKind::kText) {
      v.text = value.get<std::string>();
    } else if (kind == FieldKind::kJson) {
      v.text = value.is_string() ? value.get<std::string>() : value.dump();
    } else if (kind == FieldKind::kReal) {
      v.real = value.get<double>();
    } else {
      v.integer = value.get<int64_t>();
    }
    return ":p" + std::to_string(values_.size());
  }
  std::string AddInt(int64_t value) {
    return Add(json(value), FieldKind::kInt);
  }
  void Bind(soci::statement& st) {
    for (Value& v : values_) {
      switch (v.kind) {
        case FieldKind::kText:
        case FieldKind::kJson:
          st.exchange(soci::use(v.text, v.indicator));
          break;
        case FieldKind::kReal:
          st.exchange(soci::use(v.real, v.indicator));
          break;
        default:
          st.exchange(soci::use(v.integer, v.indicator));
      }
    }
  }

 private:
  struct Value {
    FieldKind kind = FieldKind::kInt;
    std::string text;
    double real = 0;
    long long integer = 0;
    soci::indicator indicator = soci::i_ok;
  };
  std::deque<Value> values_;
};

std::string BaseColumns(const TableDef& def) {
  std::string columns = "id, version, updated_at, deleted_at";
  columns += def.has_created_at ? ", created_at" : ", NULL";
  for (const FieldDef& field : def.fields) columns += ", " + field.name;
  return columns;
}

json RowJson(const TableDef& def, const soci::row& row) {
  json out;
  out["id"] = RowInt(row, 0);
  out["version"] = RowInt(row, 1);
  auto optional = [&](size_t i) -> json {
    auto v = RowOptionalInt(row, i);
    return v ? json(*v) : json(nullptr);
  };
  out["updated_at"] = optional(2);
  out["deleted_at"] = optional(3);
  out["created_at"] = optional(4);
  size_t i = 5;
  for (const FieldDef& field : def.fields) {
    if (RowIsNull(row, i)) {
      out[field.name] = nullptr;
    } else if (field.kind == FieldKind::kText) {
      out[field.name] = RowText(row, i);
    } else if (field.kind == FieldKind::kJson) {
      out[field.name] = json::parse(RowText(row, i), nullptr,
                                    /*allow_exceptions=*/false);
    } else if (field.kind == FieldKind::kReal) {
      out[field.name] = RowOptionalDouble(row, i).value_or(0);
    } else {
      out[field.name] = RowInt(row, i);
    }
    ++i;
  }
  return out;
}

// Runs a SELECT with the binder's parameters, one JSON object per row.
Result<std::vector<json>> Select(Database& db, const TableDef& def,
                                 const std::string& sql, Binder& binder) {
  std::vector<json> rows;
  try {
    soci::statement st(db.sql());
    soci::row row;
    binder.Bind(st);
    st.exchange(soci::into(row));
    st.alloc();
    st.prepare(sql);
    st.define_and_bind();
    st.execute(false);
    while (st.fetch()) rows.push_back(RowJson(def, row));
  } catch (const std::exception& error) {
    return DatabaseError("reading " + def.table, error);
  }
  return rows;
}

Result<int64_t> Execute(Database& db, const std::string& what,
                        const std::string& sql, Binder& binder) {
  try {
    soci::statement st(db.sql());
    binder.Bind(st);
    st.alloc();
    st.prepare(sql);
    st.define_and_bind();
    st.execute(true);
    return static_cast<int64_t>(st.get_affected_rows());
  } catch (const std::exception& error) {
    std::string message = error.what();
    if (message.find("UNIQUE") != std::string::npos ||
        message.find("unique") != std::string::npos) {
      return Status(StatusCode::kAlreadyExists,
                    what + ": another record has the same key");
    }
    return DatabaseError(what, error);
  }
}

}  // namespace

std::string EncodeCursor(const json& value) {
  std::string text = value.dump();
  std::string out(sodium_base64_ENCODED_LEN(
                      text.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                  '\0');
  sodium_bin2base64(out.data(), out.size(),
                    reinterpret_cast<const unsigned char*>(text.data()),
                    text.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::strlen(out.c_str()));
  return out;
}

Result<json> DecodeCursor(const std::string& cursor) {
  std::string bytes(cursor.size(), '\0');
  size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(bytes.data()),
                        bytes.size(), cursor.data(), cursor.size(), nullptr,
                        &length, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    return Status::Invalid("cursor is not one this server gave", "cursor");
  }
  bytes.resize(length);
  json value = JsonDepthWithin(bytes) ? json::parse(bytes, nullptr, false)
                                      : json(json::value_t::discarded);
  if (value.is_discarded()) {
    return Status::Invalid("cursor is not one this server gave", "cursor");
  }
  return value;
}

Result<int64_t> TimeValue(const json& value, std::string_view field) {
  if (value.is_number_integer()) return value.get<int64_t>();
  if (value.is_string()) {
    auto parsed = ParseDateTime(value.get<std::string>());
    if (!parsed.ok()) {
      return FieldError(field,
                        std::string(field) + ": " + parsed.status().message());
    }
    return *parsed;
  }
  return FieldError(field, std::string(field) +
                               " must be Unix seconds or a date such as "
                               "2024-01-05 or 1403/08/15");
}

Result<json> CheckFields(const TableDef& def, const json& body, bool creating,
                         std::initializer_list<std::string_view> also_allowed) {
  json values = json::object();
  for (const auto& [key, value] : body.items()) {
    if (std::find(also_allowed.begin(), also_allowed.end(), key) !=
        also_allowed.end()) {
      continue;
    }
    const FieldDef* field = FindField(def, key);
    if (field == nullptr || !field->writable) {
      if (key == "version" || key == "id") continue;
      return FieldError(key, field == nullptr ? "unknown field \"" + key + "\""
                                              : key + " is set by the server");
    }
    if (value.is_null()) {
      if (field->required) return FieldError(key, key + " is required");
      values[key] = nullptr;
      continue;
    }
    switch (field->kind) {
      case FieldKind::kText: {
        if (!value.is_string()) {
          return FieldError(key, key + " must be a string");
        }
        std::string text = value.get<std::string>();
        if (text.size() > field->max_length) {
          return FieldError(key, key + " is longer than " +
                                     std::to_string(field->max_length) +
                                     " bytes");
        }
        if (!text.empty() && !field->one_of.empty() &&
            std::find(field->one_of.begin(), field->one_of.end(), text) ==
                field->one_of.end()) {
          std::string allowed;
          for (const std::string& v : field->one_of) {
            allowed += (allowed.empty() ? "" : ", ") + v;
          }
          return FieldError(
              key, key + " is one of " + allowed + "; not \"" + text + "\"");
        }
        if (text.empty()) {
          if (field->required) return FieldError(key, key + " is required");
          values[key] = nullptr;
        } else {
          values[key] = text;
        }
        break;
      }
      case FieldKind::kJson:
        if (!value.is_object() && !value.is_array()) {
          return FieldError(key, key + " must be a JSON object or list");
        }
        if (value.dump().size() > field->max_length) {
          return FieldError(key, key + " is longer than " +
                                     std::to_string(field->max_length) +
                                     " bytes");
        }
        values[key] = value;
        break;
      case FieldKind::kInt:
        if (!value.is_number_integer()) {
          return FieldError(key, key + " must be an integer");
        }
        values[key] = value;
        break;
      case FieldKind::kReal:
        if (!value.is_number())
          return FieldError(key, key + " must be a number");
        values[key] = value.get<double>();
        break;
      case FieldKind::kTime: {
        VAFA_ASSIGN_OR_RETURN(int64_t seconds, TimeValue(value, key));
        values[key] = seconds;
        break;
      }
    }
  }
  if (creating) {
    for (const FieldDef& field : def.fields) {
      if (field.required && field.writable && !values.contains(field.name)) {
        return FieldError(field.name, field.name + " is required");
      }
    }
  }
  return values;
}

Result<json> RecordTable::Get(int64_t id, bool deleted_ok) {
  Binder binder;
  std::string sql = "SELECT " + BaseColumns(def_) + " FROM " + def_.table +
                    " WHERE workspace_id = ";
  sql += binder.AddInt(workspace_id_);
  sql += " AND id = ";
  sql += binder.AddInt(id);
  if (!deleted_ok) sql += " AND deleted_at IS NULL";
  VAFA_ASSIGN_OR_RETURN(auto rows, Select(db_, def_, sql, binder));
  if (rows.empty()) {
    return Status::NotFound("no " + def_.entity + " " + std::to_string(id));
  }
  return std::move(rows.front());
}

Result<Page> RecordTable::List(const ListQuery& query) {
  bool descending = !query.sort.empty() && query.sort[0] == '-';
  std::string column = descending ? query.sort.substr(1) : query.sort;
  const FieldDef* sort_field = nullptr;
  if (column != "id") {
    if (std::find(def_.sortable.begin(), def_.sortable.end(), column) ==
        def_.sortable.end()) {
      return Status::Invalid(
          "sort is id or one of the sortable fields, not \"" + query.sort +
              "\"",
          "sort");
    }
    sort_field = FindField(def_, column);
  }
  Binder binder;
  std::string sql = "SELECT " + BaseColumns(def_) + " FROM " + def_.table +
                    " WHERE workspace_id = " + binder.AddInt(workspace_id_) +
                    " AND deleted_at IS " +
                    (query.deleted ? "NOT NULL" : "NULL");
  for (const auto& [name, text] : query.filters) {
    const FieldDef* field = FindField(def_, name);
    if (field == nullptr ||
        std::find(def_.filterable.begin(), def_.filterable.end(), name) ==
            def_.filterable.end()) {
      return Status::Invalid("no filter \"" + name + "\"", name);
    }
    json value = text;
    if (field->kind != FieldKind::kText) {
      int64_t number = 0;
      auto [end, error] =
          std::from_chars(text.data(), text.data() + text.size(), number);
      if (error != std::errc() || end != text.data() + text.size()) {
        return Status::Invalid(name + " must be an integer", name);
      }
      value = number;
    }
    sql += " AND " + name + " = " +
           binder.Add(value, field->kind == FieldKind::kText ? FieldKind::kText
                                                             : FieldKind::kInt);
  }
  const char* op = descending ? "<" : ">";
  if (!query.cursor.empty()) {
    VAFA_ASSIGN_OR_RETURN(json cursor, DecodeCursor(query.cursor));
    if (!cursor.is_array() || cursor.size() != 2 ||
        !cursor[1].is_number_integer()) {
      return Status::Invalid("cursor is not one this server gave", "cursor");
    }
    if (sort_field == nullptr) {
      sql += std::string(" AND id ") + op + " " +
             binder.AddInt(cursor[1].get<int64_t>());
    } else {
      bool text = sort_field->kind == FieldKind::kText;
      if ((text && !cursor[0].is_string()) ||
          (!text && !cursor[0].is_number_integer())) {
        return Status::Invalid("cursor does not fit this sort", "cursor");
      }
      std::string c1 = binder.Add(cursor[0], sort_field->kind);
      std::string c2 = binder.Add(cursor[0], sort_field->kind);
      std::string c3 = binder.AddInt(cursor[1].get<int64_t>());
      sql += " AND (" + column + " " + op + " " + c1 + " OR (" + column +
             " = " + c2 + " AND id " + op + " " + c3 + "))";
    }
  }
  const char* direction = descending ? " DESC" : "";
  sql += " ORDER BY ";
  if (sort_field != nullptr) sql += column + direction + ", ";
  sql += std::string("id") + direction + " LIMIT " +
         binder.AddInt(query.limit + 1);
  VAFA_ASSIGN_OR_RETURN(auto rows, Select(db_, def_, sql, binder));
  Page page;
  bool more = static_cast<int>(rows.size()) > query.limit;
  if (more) rows.resize(query.limit);
  for (json& row : rows) page.items.push_back(std::move(row));
  if (more) {
    const json& last = page.items.back();
    page.next_cursor = EncodeCursor(
        json::array({sort_field ? last[column] : json(nullptr), last["id"]}));
  }
  return page;
}

Result<int64_t> RecordTable::Insert(const json& values) {
  Binder binder;
  int64_t now = NowSeconds();
  std::string columns = "workspace_id, version, updated_at";
  std::string marks = binder.AddInt(workspace_id_) + ", 1, ";
  marks += binder.AddInt(now);
  if (def_.has_created_at) {
    columns += ", created_at";
    marks += ", " + binder.AddInt(now);
  }
  for (const auto& [name, value] : values.items()) {
    const FieldDef* field = FindField(def_, name);
    if (field == nullptr) continue;
    columns += ", " + name;
    marks += ", " + binder.Add(value, field->kind);
  }
  long long id = 0;
  try {
    soci::statement st(db_.sql());
    binder.Bind(st);
    st.exchange(soci::into(id));
    st.alloc();
    st.prepare("INSERT INTO " + def_.table + " (" + columns + ") VALUES (" +
               marks + ") RETURNING id");
    st.define_and_bind();
    st.execute(true);
  } catch (const std::exception& error) {
    std::string message = error.what();
    if (message.find("UNIQUE") != std::string::npos ||
        message.find("unique") != std::string::npos) {
      return Status(StatusCode::kAlreadyExists,
                    "another " + def_.entity + " has the same key");
    }
    return DatabaseError("creating " + def_.entity, error);
  }
  return static_cast<int64_t>(id);
}

Status RecordTable::Update(int64_t id, const json& values, int64_t version) {
  Binder binder;
  std::string sql =
      "UPDATE " + def_.table +
      " SET version = version + 1, updated_at = " + binder.AddInt(NowSeconds());
  for (const auto& [name, value] : values.items()) {
    const FieldDef* field = FindField(def_, name);
    if (field == nullptr) continue;
    sql += ", " + name + " = " + binder.Add(value, field->kind);
  }
  sql += " WHERE workspace_id = " + binder.AddInt(workspace_id_);
  sql += " AND id = " + binder.AddInt(id);
  sql += " AND deleted_at IS NULL AND version = " + binder.AddInt(version);
  VAFA_ASSIGN_OR_RETURN(int64_t changed,
                        Execute(db_, "updating " + def_.entity, sql, binder));
  if (changed == 0) {
    VAFA_ASSIGN_OR_RETURN(json stored, Get(id));
    return Status::Conflict(def_.entity + " " + std::to_string(id) +
                            " is at version " + stored["version"].dump() +
                            ", not " + std::to_string(version) +
                            "; read it again and reapply the change");
  }
  return Status::Ok();
}

Status RecordTable::SetDeleted(int64_t id, bool deleted) {
  Binder binder;
  int64_t now = NowSeconds();
  std::string sql =
      "UPDATE " + def_.table +
      " SET version = version + 1, updated_at = " + binder.AddInt(now);
  sql += ", deleted_at = ";
  sql += deleted ? binder.AddInt(now) : std::string("NULL");
  sql += " WHERE workspace_id = " + binder.AddInt(workspace_id_);
  sql += " AND id = " + binder.AddInt(id);
  sql += std::string(" AND deleted_at IS ") + (deleted ? "NULL" : "NOT NULL");
  VAFA_ASSIGN_OR_RETURN(int64_t changed,
                        Execute(db_, "deleting " + def_.entity, sql, binder));
  if (changed == 0) {
    return Status::NotFound("no " + std::string(deleted ? "" : "deleted ") +
                            def_.entity + " " + std::to_string(id));
  }
  return Status::Ok();
}

Result<bool> LiveRecordExists(Database& db, std::string_view table,
                              int64_t workspace_id, int64_t id) {
  long long ws = workspace_id, wanted = id;
  int found = 0;
  try {
    db.sql() << "SELECT COUNT(*) FROM " + std::string(table) +
                    " WHERE workspace_id = :w AND id = :id AND "
                    "deleted_at IS NULL",
        soci::use(ws), soci::use(wanted), soci::into(found);
  } catch (const std::exception& error) {
    return DatabaseError("reading " + std::string(table), error);
  }
  return found > 0;
}

}  // namespace vafa::store
