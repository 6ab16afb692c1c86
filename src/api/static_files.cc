// ServeStaticFiles: see routes.h.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "api/routes.h"

namespace vafa::api {
namespace {

std::string_view ContentType(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json") return "application/json; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".woff") return "font/woff";
  if (ext == ".ttf") return "font/ttf";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  if (ext == ".map") return "application/json";
  return "application/octet-stream";
}

HttpResponse FileResponse(const HttpRequest& request,
                          const std::filesystem::path& file, bool immutable) {
  std::error_code error;
  auto size = std::filesystem::file_size(file, error);
  auto modified = std::filesystem::last_write_time(file, error);
  if (error) return HttpResponse::Error(404, "not_found", "no such file");
  std::ostringstream tag;
  tag << '"' << std::hex << size << '-' << modified.time_since_epoch().count()
      << '"';
  HttpResponse response;
  response.headers.emplace_back("ETag", tag.str());
  response.headers.emplace_back(
      "Cache-Control",
      immutable ? "public, max-age=31536000, immutable" : "no-cache");
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  if (request.Header("if-none-match") == tag.str()) {
    response.status = 304;
    return response;
  }
  std::ifstream in(file, std::ios::binary);
  std::ostringstream body;
  body << in.rdbuf();
  response.body = body.str();
  response.headers.emplace_back("Content-Type", std::string(ContentType(file)));
  return response;
}

}  // namespace

void ServeStaticFiles(Router& router, std::string root_text) {
  std::error_code error;
  std::filesystem::path root =
      std::filesystem::weakly_canonical(root_text, error);
  router.SetFallback([root](const HttpRequest& request) {
    if (request.method != "GET" && request.method != "HEAD") {
      return HttpResponse::Error(404, "not_found",
                                 "no route for " + request.path);
    }
    if (request.path.rfind("/api/", 0) == 0) {
      return HttpResponse::Error(404, "not_found",
                                 "no route for " + request.path);
    }
    for (const std::string& part : SplitPath(request.path)) {
      if (part == ".." || part.find('\\') != std::string::npos) {
        return HttpResponse::Error(404, "not_found", "no such file");
      }
    }
    std::filesystem::path file =
        root / std::filesystem::path(request.path).relative_path();
    std::error_code ignored;
    if (std::filesystem::is_regular_file(file, ignored)) {
      HttpResponse response =
          FileResponse(request, file, request.path.rfind("/assets/", 0) == 0);
      if (request.method == "HEAD") response.body.clear();
      return response;
    }
    // Paths of the single-page UI.
    HttpResponse response = FileResponse(request, root / "index.html", false);
    if (request.method == "HEAD") response.body.clear();
    return response;
  });
}

}  // namespace vafa::api
