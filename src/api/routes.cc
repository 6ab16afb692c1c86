#include "api/routes.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <soci/soci.h>

#include <charconv>

#include "store/customer_repository.h"
#include "store/import_batch_repository.h"
#include "store/workspace_repository.h"

namespace vafa::api {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void Text(Writer& w, const char* key, const std::string& value) {
  w.Key(key);
  if (value.empty()) {
    w.Null();
  } else {
    w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
  }
}

void CustomerJson(Writer& w, const store::Customer& c) {
  w.StartObject();
  w.Key("id");
  w.Int64(c.id);
  Text(w, "external_id", c.external_id);
  Text(w, "kind", c.kind);
  Text(w, "display_name", c.display_name);
  Text(w, "first_name", c.first_name);
  Text(w, "last_name", c.last_name);
  Text(w, "organisation_name", c.organisation_name);
  w.Key("parent_id");
  if (c.parent_id != 0) {
    w.Int64(c.parent_id);
  } else {
    w.Null();
  }
  Text(w, "national_id", c.national_id);
  Text(w, "phone", c.phone);
  Text(w, "email", c.email);
  Text(w, "gender", c.gender);
  Text(w, "birth_date", c.birth_date);
  Text(w, "city", c.city);
  Text(w, "province", c.province);
  Text(w, "acquisition_channel", c.acquisition_channel);
  Text(w, "language", c.language);
  w.Key("joined_at");
  if (c.joined_at) {
    w.Int64(*c.joined_at);
  } else {
    w.Null();
  }
  w.Key("version");
  w.Int(c.version);
  w.EndObject();
}

Result<int64_t> IntParam(const std::string& text, const char* name,
                         int64_t fallback) {
  if (text.empty()) return fallback;
  int64_t value = 0;
  auto [end, error] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 0) {
    return Status::Invalid(
        std::string(name) + " must be a non-negative integer", name);
  }
  return value;
}

// The pieces every workspace route needs.
struct Scope {
  store::Database* db = nullptr;
  store::Workspace workspace;
};

Result<Scope> Resolve(const DatabaseSource& source,
                      const HttpRequest& request) {
  Scope scope;
  VAFA_ASSIGN_OR_RETURN(scope.db, source());
  store::WorkspaceRepository workspaces(*scope.db);
  auto found = workspaces.GetBySlug(request.params.at("workspace"));
  if (!found.ok()) {
    if (found.status().code() == StatusCode::kNotFound) {
      return Status::NotFound("no workspace \"" +
                              request.params.at("workspace") + "\"");
    }
    return found.status();
  }
  scope.workspace = std::move(found).value();
  return scope;
}

HttpResponse Ok(rapidjson::StringBuffer& buffer) {
  return HttpResponse::Json(200, buffer.GetString());
}

}  // namespace

void AddStoreRoutes(Router& router, DatabaseSource source) {
  router.Add("GET", "/api/v1/health", [source](const HttpRequest&) {
    auto db = source();
    if (!db.ok()) return HttpResponse::Error(db.status());
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.StartObject();
    w.Key("status");
    w.String("ok");
    w.Key("backend");
    w.String((*db)->backend() == store::Backend::kSqlite ? "sqlite"
                                                         : "postgresql");
    w.EndObject();
    return Ok(buffer);
  });

  router.Add("GET", "/api/v1/workspaces", [source](const HttpRequest&) {
    auto db = source();
    if (!db.ok()) return HttpResponse::Error(db.status());
    store::WorkspaceRepository workspaces(**db);
    auto all = workspaces.List();
    if (!all.ok()) return HttpResponse::Error(all.status());
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.StartObject();
    w.Key("items");
    w.StartArray();
    for (const store::Workspace& ws : *all) {
      w.StartObject();
      Text(w, "slug", ws.slug);
      Text(w, "name", ws.name);
      Text(w, "currency", ws.currency);
      Text(w, "money_display", ws.money_display);
      Text(w, "timezone", ws.timezone);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    return Ok(buffer);
  });

  router.Add("GET", "/api/v1/workspaces/{workspace}/customers",
             [source](const HttpRequest& request) {
               auto scope = Resolve(source, request);
               if (!scope.ok()) return HttpResponse::Error(scope.status());
               auto limit = IntParam(request.Query("limit"), "limit", 50);
               auto after = IntParam(request.Query("after"), "after", 0);
               if (!limit.ok()) return HttpResponse::Error(limit.status());
               if (!after.ok()) return HttpResponse::Error(after.status());
               int n = static_cast<int>(std::clamp<int64_t>(*limit, 1, 500));
               store::CustomerRepository repo(*scope->db);
               std::string q = request.Query("q");
               auto page = q.empty() ? repo.List(scope->workspace.id, *after, n)
                                     : repo.Search(scope->workspace.id, q, n);
               if (!page.ok()) return HttpResponse::Error(page.status());
               rapidjson::StringBuffer buffer;
               Writer w(buffer);
               w.StartObject();
               w.Key("items");
               w.StartArray();
               for (const store::Customer& c : *page) CustomerJson(w, c);
               w.EndArray();
               w.Key("next_after");
               if (q.empty() && static_cast<int>(page->size()) == n) {
                 w.Int64(page->back().id);
               } else {
                 w.Null();
               }
               w.EndObject();
               return Ok(buffer);
             });

  router.Add(
      "GET", "/api/v1/workspaces/{workspace}/customers/{id}",
      [source](const HttpRequest& request) {
        auto scope = Resolve(source, request);
        if (!scope.ok()) return HttpResponse::Error(scope.status());
        auto id = IntParam(request.params.at("id"), "id", 0);
        if (!id.ok())
          return HttpResponse::Error(404, "not_found", "no such customer");
        store::CustomerRepository repo(*scope->db);
        auto customer = repo.Get(scope->workspace.id, *id);
        if (!customer.ok()) return HttpResponse::Error(customer.status());
        rapidjson::StringBuffer buffer;
        Writer w(buffer);
        w.StartObject();
        w.Key("customer");
        CustomerJson(w, *customer);
        w.Key("recent_orders");
        w.StartArray();
        try {
          long long ws = scope->workspace.id, cid = *id;
          soci::rowset<soci::row> rows =
              (scope->db->sql().prepare
                   << "SELECT id, external_id, ordered_at, channel, branch, "
                      "total_minor, "
                      "discount_minor, line_count FROM orders WHERE "
                      "workspace_id = :w AND "
                      "customer_id = :c ORDER BY ordered_at DESC LIMIT 20",
               soci::use(ws), soci::use(cid));
          for (const soci::row& row : rows) {
            auto as_int = [&](size_t i) -> int64_t {
              if (row.get_indicator(i) == soci::i_null) return 0;
              switch (row.get_properties(i).get_data_type()) {
                case soci::dt_integer:
                  return row.get<int>(i);
                case soci::dt_long_long:
                  return row.get<long long>(i);
                case soci::dt_unsigned_long_long:
                  return static_cast<int64_t>(row.get<unsigned long long>(i));
                case soci::dt_double:
                  return static_cast<int64_t>(row.get<double>(i));
                default:
                  return std::stoll(row.get<std::string>(i));
              }
            };
            auto as_text = [&](size_t i) {
              return row.get_indicator(i) == soci::i_null
                         ? std::string()
                         : row.get<std::string>(i);
            };
            w.StartObject();
            w.Key("id");
            w.Int64(as_int(0));
            Text(w, "external_id", as_text(1));
            w.Key("ordered_at");
            w.Int64(as_int(2));
            Text(w, "channel", as_text(3));
            Text(w, "branch", as_text(4));
            w.Key("total_minor");
            w.Int64(as_int(5));
            w.Key("discount_minor");
            w.Int64(as_int(6));
            w.Key("line_count");
            w.Int64(as_int(7));
            w.EndObject();
          }
        } catch (const std::exception& error) {
          return HttpResponse::Error(
              store::DatabaseError("reading orders", error));
        }
        w.EndArray();
        w.Key("scores");
        w.StartObject();
        try {
          long long ws = scope->workspace.id, cid = *id;
          std::string name, label;
          double value = 0;
          long long computed = 0;
          soci::indicator value_ind = soci::i_ok, label_ind = soci::i_ok;
          soci::statement st =
              (scope->db->sql().prepare
                   << "SELECT name, value, label, computed_at FROM scores "
                      "WHERE "
                      "workspace_id = :w AND customer_id = :c ORDER BY name",
               soci::use(ws), soci::use(cid), soci::into(name),
               soci::into(value, value_ind), soci::into(label, label_ind),
               soci::into(computed));
          st.execute();
          while (st.fetch()) {
            w.Key(name.c_str());
            w.StartObject();
            w.Key("value");
            if (value_ind == soci::i_null) {
              w.Null();
            } else {
              w.Double(value);
            }
            Text(w, "label", label_ind == soci::i_null ? std::string() : label);
            w.Key("computed_at");
            w.Int64(computed);
            w.EndObject();
          }
        } catch (const std::exception& error) {
          return HttpResponse::Error(
              store::DatabaseError("reading scores", error));
        }
        w.EndObject();
        w.EndObject();
        return Ok(buffer);
      });

  // How customers spread over the labels of one score (e.g. rfm_segment,
  // abc_class), from the latest analysis run: counts and mean value.
  router.Add(
      "GET", "/api/v1/workspaces/{workspace}/analytics/scores/{name}",
      [source](const HttpRequest& request) {
        auto scope = Resolve(source, request);
        if (!scope.ok()) return HttpResponse::Error(scope.status());
        rapidjson::StringBuffer buffer;
        Writer w(buffer);
        w.StartObject();
        Text(w, "name", request.params.at("name"));
        w.Key("groups");
        w.StartArray();
        try {
          long long ws = scope->workspace.id;
          std::string name = request.params.at("name");
          std::string label;
          long long customers = 0;
          double mean = 0;
          soci::indicator label_ind = soci::i_ok, mean_ind = soci::i_ok;
          soci::statement st =
              (scope->db->sql().prepare
                   << "SELECT label, COUNT(*), AVG(value) FROM scores WHERE "
                      "workspace_id = :w "
                      "AND name = :n GROUP BY label ORDER BY COUNT(*) DESC",
               soci::use(ws), soci::use(name), soci::into(label, label_ind),
               soci::into(customers), soci::into(mean, mean_ind));
          st.execute();
          while (st.fetch()) {
            w.StartObject();
            Text(w, "label", label_ind == soci::i_null ? std::string() : label);
            w.Key("customers");
            w.Int64(customers);
            w.Key("mean_value");
            if (mean_ind == soci::i_null) {
              w.Null();
            } else {
              w.Double(mean);
            }
            w.EndObject();
          }
        } catch (const std::exception& error) {
          return HttpResponse::Error(
              store::DatabaseError("reading scores", error));
        }
        w.EndArray();
        w.EndObject();
        return Ok(buffer);
      });

  router.Add("GET", "/api/v1/workspaces/{workspace}/import-batches",
             [source](const HttpRequest& request) {
               auto scope = Resolve(source, request);
               if (!scope.ok()) return HttpResponse::Error(scope.status());
               store::ImportBatchRepository batches(*scope->db);
               auto all = batches.List(scope->workspace.id, 100);
               if (!all.ok()) return HttpResponse::Error(all.status());
               rapidjson::StringBuffer buffer;
               Writer w(buffer);
               w.StartObject();
               w.Key("items");
               w.StartArray();
               for (const store::ImportBatch& b : *all) {
                 w.StartObject();
                 w.Key("id");
                 w.Int64(b.id);
                 Text(w, "kind", b.kind);
                 Text(w, "file_name", b.file_name);
                 Text(w, "status", b.status);
                 w.Key("rows_total");
                 w.Int64(b.rows_total);
                 w.Key("rows_created");
                 w.Int64(b.rows_created);
                 w.Key("rows_updated");
                 w.Int64(b.rows_updated);
                 w.Key("started_at");
                 w.Int64(b.started_at);
                 w.EndObject();
               }
               w.EndArray();
               w.EndObject();
               return Ok(buffer);
             });
}

}  // namespace vafa::api
