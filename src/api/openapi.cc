// OpenApiDocument (routes.h): the embedded src/api/openapi.json.
#include "api/routes.h"

extern const char kEmbeddedOpenApi[];

namespace vafa::api {

const std::string& OpenApiDocument() {
  static const std::string document(kEmbeddedOpenApi);
  return document;
}

}  // namespace vafa::api
