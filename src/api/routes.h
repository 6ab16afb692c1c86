// The read API over the store that `vafa serve` offers before sign-in and
// roles exist (see docs/api.md): health, workspaces, customers (search and
// keyset pages), one customer with its recent orders, import batches, and a
// workspace summary. Every route is scoped by the workspace slug in the
// path; an id from another workspace is 404. Because nothing is
// authenticated yet, `vafa serve` listens on 127.0.0.1 unless told
// otherwise.
#ifndef VAFA_API_ROUTES_H_
#define VAFA_API_ROUTES_H_

#include <functional>
#include <string>

#include "api/http.h"
#include "core/result.h"
#include "store/database.h"

namespace vafa::api {

// Returns this thread's connection to the store.
using DatabaseSource = std::function<Result<store::Database*>()>;

void AddStoreRoutes(Router& router, DatabaseSource database);

// GET /api/v1/workspaces/{workspace}/analytics/reports/{name}: the reports
// of `vafa analyze` (summary rfm pareto value matrix kpis cohorts clv basket)
// computed on the workspace's current data, as JSON {columns, rows} or, with
// format=csv, exactly the CSV the CLI writes. Query: as_of, calendar
// (gregorian|jalali), model, min_support.
void AddAnalyticsRoutes(Router& router, DatabaseSource database);

// Serves files under `root` for paths no route matched: correct content
// types, ETag/Last-Modified with 304, long caching for hashed assets under
// /assets/, and index.html for unknown paths that are not files (the
// single-page UI routes itself). Never serves outside `root`.
void ServeStaticFiles(Router& router, std::string root);

}  // namespace vafa::api

#endif  // VAFA_API_ROUTES_H_
