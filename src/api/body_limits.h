// How large a request body the API reads for a caller, asked by the HTTP
// server before it reads a body larger than what anyone may send
// (ServerOptions::max_anonymous_body): a signed-in caller (session or API
// key) may send a JSON body up to kMaxJsonBody, and a file upload
// (text/csv, e.g. POST import-batches or campaign responses) up to
// kMaxUploadBody; anyone else only the anonymous size, so a client that has
// not signed in cannot make the server buffer more than 64 KiB.
#ifndef VAFA_API_BODY_LIMITS_H_
#define VAFA_API_BODY_LIMITS_H_

#include <cstddef>
#include <functional>

#include "api/http.h"

namespace vafa::api {

struct ApiContext;

inline constexpr size_t kMaxUploadBody = 16 << 20;

// The body limit for `request` (method, path and headers; no body yet):
// kMaxUploadBody or kMaxJsonBody for an authenticated caller, 0 otherwise.
std::function<size_t(const HttpRequest&)> BodyLimitFor(
    const ApiContext& context);

}  // namespace vafa::api

#endif  // VAFA_API_BODY_LIMITS_H_
