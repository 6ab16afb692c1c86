// The HTTP API of `vafa serve` (see docs/api.md and the OpenAPI document
// src/api/openapi.json): health, sign-in and accounts (access.h), and under
// /api/v1/workspaces/{workspace}/ the customers, products, orders,
// interactions, import batches, scores, analytics reports and audit log of
// one workspace. Every route but health and sign-in needs a session or an
// API key, and every workspace route checks membership and role.
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

struct ApiContext;

// Every API route.
void AddApiRoutes(Router& router, const ApiContext& context);

// Serves files under `root` for paths no route matched: correct content
// types, ETag/Last-Modified with 304, long caching for hashed assets under
// /assets/, and index.html for unknown paths that are not files (the
// single-page UI routes itself). Never serves outside `root`.
void ServeStaticFiles(Router& router, std::string root);

// The OpenAPI 3 document of the API (embedded at build time).
const std::string& OpenApiDocument();

}  // namespace vafa::api

#endif  // VAFA_API_ROUTES_H_
