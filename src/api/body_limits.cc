#include "api/body_limits.h"

#include "api/access.h"
#include "api/json_io.h"

namespace vafa::api {

std::function<size_t(const HttpRequest&)> BodyLimitFor(
    const ApiContext& context) {
  return [context](const HttpRequest& request) -> size_t {
    auto db = context.database();
    if (!db.ok()) return 0;
    if (!Authenticate(context, **db, request).ok()) return 0;
    if (request.Header("content-type").find("csv") != std::string::npos) {
      return kMaxUploadBody;
    }
    return kMaxJsonBody;
  };
}

}  // namespace vafa::api
