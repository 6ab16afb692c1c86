// AddApiRoutes, and the workspace routes that are not one entity's CRUD:
// import batches, the scores table and the audit log.
#include "api/routes.h"

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <utility>

#include "api/access.h"
#include "api/internal/access_routes_internal.h"
#include "api/internal/data_routes.h"
#include "api/internal/response_routes.h"
#include "api/json_io.h"
#include "api/quality_routes.h"
#include "core/build_info.h"
#include "core/json_depth.h"
#include "import/csv_reader.h"
#include "import/import_preview.h"
#include "import/import_source.h"
#include "import/importer.h"
#include "import/rejects_file.h"
#include "pipeline/score_reads.h"
#include "store/import_batch_repository.h"
#include "store/migrations.h"
#include "store/record_table.h"

namespace vafa::api {
namespace {

using auth::Access;
using auth::Resource;
using nlohmann::json;
using store::DecodeCursor;
using store::EncodeCursor;

json BatchJson(const store::ImportBatch& b) {
  return {{"id", b.id},
          {"kind", b.kind},
          {"file_name", Nullable(b.file_name)},
          {"mode", Nullable(b.mode)},
          {"match_key", Nullable(b.match_key)},
          {"status", b.status},
          {"rows_total", b.rows_total},
          {"rows_created", b.rows_created},
          {"rows_updated", b.rows_updated},
          {"rows_unchanged", b.rows_unchanged},
          {"rows_skipped", b.rows_skipped},
          {"rows_anonymous", b.rows_anonymous},
          {"started_at", b.started_at},
          {"finished_at", Nullable(b.finished_at)},
          {"reverted_at", Nullable(b.reverted_at)},
          {"created_by", Nullable(b.created_by)}};
}

int PageLimit(std::optional<int64_t> requested, int fallback) {
  return static_cast<int>(
      std::clamp<int64_t>(requested.value_or(fallback), 1, 500));
}

Status NoMoneyScore(const Scope& scope, const std::string& name) {
  if (auth::IsMoneyScore(name) &&
      !scope.Can(Resource::kMoneyScores, Access::kRead)) {
    return Status(StatusCode::kPermissionDenied,
                  "the role " + std::string(auth::RoleName(scope.role)) +
                      " may not read the score " + name);
  }
  return Status::Ok();
}

// GET /scores: one score's value for every customer, in keyset pages by
// customer id or by value (customers without a value are left out of a
// value order).
Result<json> ListScores(const Scope& scope, const HttpRequest& request) {
  std::string name = request.Query("name");
  if (name.empty()) {
    return Status::Invalid("name (the score, e.g. clv) is required", "name");
  }
  VAFA_RETURN_IF_ERROR(NoMoneyScore(scope, name));
  std::string label = request.Query("label");
  std::string sort = request.Query("sort", "customer_id");
  if (sort != "customer_id" && sort != "value" && sort != "-value") {
    return Status::Invalid("scores sort by customer_id, value or -value",
                           "sort");
  }
  VAFA_ASSIGN_OR_RETURN(auto limit_param, QueryInt(request, "limit"));
  int limit = PageLimit(limit_param, 100);
  bool by_value = sort != "customer_id";
  bool descending = sort == "-value";
  long long after_customer = 0;
  double after_value = 0;
  bool has_cursor = false;
  if (std::string cursor = request.Query("cursor"); !cursor.empty()) {
    VAFA_ASSIGN_OR_RETURN(json key, DecodeCursor(cursor));
    if (!key.is_array() || key.size() != 2 || !key[0].is_number() ||
        !key[1].is_number_integer()) {
      return Status::Invalid("cursor is not from this list", "cursor");
    }
    after_value = key[0].get<double>();
    after_customer = key[1].get<long long>();
    has_cursor = true;
  }
  pipeline::ScorePageQuery query;
  query.name = name;
  query.label = label;
  query.order = !by_value    ? pipeline::ScoreOrder::kCustomer
                : descending ? pipeline::ScoreOrder::kValueDescending
                             : pipeline::ScoreOrder::kValueAscending;
  if (has_cursor) {
    query.after = pipeline::ScorePageQuery::After{after_value, after_customer};
  }
  query.limit = limit;
  // `segment`: only customers in these RFM segments (comma-separated), e.g.
  // the most valuable customers who are slipping away.
  const std::string segment_list = request.Query("segment");
  for (std::string_view rest = segment_list; !rest.empty();) {
    size_t comma = rest.find(',');
    std::string_view one = rest.substr(0, comma);
    if (!one.empty()) query.segments.emplace_back(one);
    rest = comma == std::string_view::npos ? "" : rest.substr(comma + 1);
  }
  if (query.segments.size() > 11) {
    return Status::Invalid("at most 11 segments", "segment");
  }
  VAFA_ASSIGN_OR_RETURN(
      std::vector<pipeline::ScoreOfCustomer> rows,
      pipeline::ScorePage(*scope.db, scope.workspace.id, query));
  json items = json::array();
  for (const pipeline::ScoreOfCustomer& row : rows) {
    items.push_back({{"customer_id", row.customer_id},
                     {"value", row.value ? json(*row.value) : json(nullptr)},
                     {"label", row.label ? json(*row.label) : json(nullptr)},
                     {"computed_at", row.computed_at}});
  }
  json next = nullptr;
  if (static_cast<int>(items.size()) == limit) {
    const json& last = items.back();
    next = EncodeCursor(
        json::array({by_value ? last["value"] : json(0), last["customer_id"]}));
  }
  return json{{"name", name}, {"items", items}, {"next_cursor", next}};
}

// GET /analytics/scores/{name}: how customers spread over the labels of one
// score from the latest analysis run: counts and mean value per label, and
// with `measure` another score summed and averaged over each label's
// customers (revenue per RFM segment, say).
Result<json> ScoreDistribution(const Scope& scope, const std::string& name,
                               const std::string& measure) {
  VAFA_RETURN_IF_ERROR(NoMoneyScore(scope, name));
  if (!measure.empty()) {
    VAFA_RETURN_IF_ERROR(NoMoneyScore(scope, measure));
    if (measure.size() > 64) {
      return Status::Invalid("measure: a score name is at most 64 characters",
                             "measure");
    }
  }
  VAFA_ASSIGN_OR_RETURN(
      std::vector<pipeline::ScoreGroup> rows,
      pipeline::ScoreGroups(*scope.db, scope.workspace.id, name, measure));
  json groups = json::array();
  for (const pipeline::ScoreGroup& row : rows) {
    json group = {
        {"label", row.label ? json(*row.label) : json(nullptr)},
        {"customers", row.customers},
        {"mean_value", row.mean_value ? json(*row.mean_value) : json(nullptr)}};
    if (!measure.empty()) {
      group["measure_sum"] =
          row.measure_sum ? json(*row.measure_sum) : json(nullptr);
      group["measure_mean"] =
          row.measure_mean ? json(*row.measure_mean) : json(nullptr);
    }
    groups.push_back(std::move(group));
  }
  json result = {{"name", name}, {"groups", groups}};
  if (!measure.empty()) result["measure"] = measure;
  return result;
}

Result<json> ListAuditLog(const Scope& scope, const HttpRequest& request) {
  return internal::AuditPage(*scope.db, scope.workspace.id, request);
}

// A file uploaded for import, kept in its own temporary folder under its
// own name (so the import report names it) and removed afterwards.
class UploadedFile {
 public:
  static Result<UploadedFile> Write(const std::string& name,
                                    const std::string& body) {
    UploadedFile file;
    std::string pattern =
        (std::filesystem::temp_directory_path() / "vafa-upload-XXXXXX")
            .string();
    if (mkdtemp(pattern.data()) == nullptr) {
      return Status::Internal("cannot make a folder for the upload");
    }
    file.folder_ = pattern;
    file.path_ = (std::filesystem::path(pattern) / name).string();
    std::ofstream out(file.path_, std::ios::binary);
    out.write(body.data(), static_cast<std::streamsize>(body.size()));
    if (!out) return Status::Internal("cannot keep the upload");
    return file;
  }
  UploadedFile() = default;
  UploadedFile(UploadedFile&& other) noexcept
      : folder_(std::exchange(other.folder_, "")),
        path_(std::move(other.path_)) {}
  ~UploadedFile() {
    std::error_code ignored;
    if (!folder_.empty()) std::filesystem::remove_all(folder_, ignored);
  }
  const std::string& path() const { return path_; }

 private:
  std::string folder_;
  std::string path_;
};

// The file_name of an upload: only the last path part of the name, and only
// plain characters, so the name cannot point anywhere; KIND.csv without one.
std::string UploadName(const HttpRequest& request, const std::string& kind) {
  std::string name = request.Query("file_name", kind + ".csv");
  name = std::filesystem::path(name).filename().string();
  for (char& c : name) {
    if (c == '/' || c == '\\' || static_cast<unsigned char>(c) < 0x20) c = '_';
  }
  if (name.empty() || name == "." || name == "..") name = kind + ".csv";
  return name;
}

// An import's failure as the caller should see it: a file that cannot be
// imported is a failed precondition of the field "file", and messages name
// the file by its name only, not the temporary folder it was written to.
Status UploadFailure(const Status& status, const UploadedFile& file) {
  if (status.code() != StatusCode::kInvalidArgument) return status;
  std::string message = status.message();
  std::string folder =
      std::filesystem::path(file.path()).parent_path().string() + "/";
  for (size_t at; (at = message.find(folder)) != std::string::npos;) {
    message.erase(at, folder.size());
  }
  return Status(StatusCode::kFailedPrecondition, message, "file");
}

// POST /import-batches: the request body is a CSV file (or, named by
// file_name, an .xlsx workbook or .vcf contacts), imported exactly as
// `vafa import KIND FILE` would (all or nothing; a rejected file is 422
// with the report of every bad field); encoding= and sheet= as the CLI's
// --encoding and --sheet. With preview=true, nothing is written: the answer
// is {"preview": ...} (import/import_preview.h), as `--preview` shows it.
// New customer rows that look like a stored customer or an earlier row
// (import/likely_duplicates.h): the count and the first few.
json LikelyDuplicatesJson(const import::ImportReport& report) {
  json examples = json::array();
  for (const import::LikelyDuplicate& found :
       report.likely_duplicate_examples) {
    const bool stored = found.customer_id != 0;
    examples.push_back(
        {{"line", found.line},
         {"field", found.field},
         {"value", found.value},
         {"customer_id", stored ? json(found.customer_id) : json()},
         {"customer_external_id",
          stored ? Nullable(found.customer_external_id) : json()},
         {"first_line", stored ? json() : json(found.first_line)}});
  }
  return {{"count", report.likely_duplicates}, {"examples", examples}};
}

Result<json> ImportUpload(const Scope& scope, const HttpRequest& request) {
  std::string kind = request.Query("kind");
  import::ImportFunction function = nullptr;
  if (kind == "customers") function = &import::ImportCustomers;
  if (kind == "transactions") function = &import::ImportTransactions;
  if (kind == "interactions") function = &import::ImportInteractions;
  if (function == nullptr) {
    return Status::Invalid("kind is customers, transactions or interactions",
                           "kind");
  }
  std::string type = request.Header("content-type");
  if (type.find("json") != std::string::npos ||
      type.find("multipart") != std::string::npos) {
    return Status::Invalid("send the CSV file itself as the body (text/csv)");
  }
  if (request.body.empty()) return Status::Invalid("the CSV file is empty");
  import::ImportOptions options;
  if (std::string mode = request.Query("mode"); !mode.empty()) {
    auto parsed = import::ParseImportMode(mode);
    if (!parsed.ok()) return Status::Invalid(parsed.status().message(), "mode");
    options.mode = *parsed;
  }
  if (std::string key = request.Query("key"); !key.empty()) {
    auto parsed = store::ParseCustomerKey(key);
    if (!parsed.ok()) return Status::Invalid(parsed.status().message(), "key");
    options.key = *parsed;
  }
  options.currency = request.Query("currency", scope.workspace.currency);
  options.create_missing_customers =
      request.Query("create_missing_customers") == "true";
  options.dry_run = request.Query("dry_run") == "true";
  options.encoding = request.Query("encoding");
  options.sheet = request.Query("sheet");
  std::vector<std::string> reading;
  options.on_reading = [&reading](const std::string& how) {
    reading.push_back(how);
  };
  VAFA_ASSIGN_OR_RETURN(options.column_mapping,
                        import::ResolveColumnMapping(
                            *scope.db, scope.workspace.id, kind,
                            request.Query("profile"), request.Query("map")));
  options.date_format = request.Query("date_format");
  options.strict_amounts = request.Query("strict_amounts") == "true";
  VAFA_ASSIGN_OR_RETURN(options.anonymous, import::ParseAnonymousSales(
                                               request.Query("anonymous")));
  options.on_error = request.Query("on_error") == "skip"
                         ? import::OnError::kSkip
                         : import::OnError::kReject;
  VAFA_ASSIGN_OR_RETURN(auto examples, QueryInt(request, "examples"));
  import::ImportErrors errors(
      static_cast<size_t>(std::min<int64_t>(examples.value_or(5), 100)));
  options.error_report = &errors;
  options.created_by = scope.caller.user.email;
  options.before_commit = AuditImportBeforeCommit(scope);
  const std::string name = UploadName(request, kind);
  VAFA_ASSIGN_OR_RETURN(UploadedFile file,
                        UploadedFile::Write(name, request.body));
  options.path = file.path();
  options.file_name = name;
  if (options.on_error == import::OnError::kSkip) {
    options.rejects_path =
        import::DefaultRejectsPath(options.path);  // in the upload's folder
  }
  if (request.Query("preview") == "true") {
    options.on_reading = nullptr;  // the preview says how it read
    auto preview =
        import::PreviewImport(function, kind, *scope.db, scope.workspace.id,
                              options, errors.examples());
    if (!preview.ok()) return UploadFailure(preview.status(), file);
    return json{{"preview", json::parse(preview->ToJson())}};
  }
  auto report = function(*scope.db, scope.workspace.id, options);
  if (!report.ok()) {
    Status status = UploadFailure(report.status(), file);
    if (status.code() == StatusCode::kFailedPrecondition && !errors.empty()) {
      // A rejected file: the table and examples, as on success.
      return json{{"rejected", true},
                  {"message", status.message()},
                  {"errors", json::parse(errors.ToJson(name))}};
    }
    return status;
  }
  json out = {{"rows", report->rows},
              {"created", report->created},
              {"updated", report->updated},
              {"unchanged", report->unchanged},
              {"orders_created", report->orders_created},
              {"products_created", report->products_created},
              {"customers_created", report->customers_created},
              {"dry_run", report->dry_run},
              {"currency", report->currency},
              {"date_format", report->date_format},
              {"skipped", report->skipped},
              {"rounded", report->rounded},
              {"anonymous_lines", report->anonymous_lines},
              {"anonymous_kept", report->anonymous_kept},
              {"anonymous_revenue_share",
               report->anonymous_revenue + report->imported_revenue > 0
                   ? report->anonymous_revenue /
                         (report->anonymous_revenue + report->imported_revenue)
                   : 0.0},
              {"errors", json::parse(errors.ToJson(name))}};
  out["likely_duplicates"] = LikelyDuplicatesJson(*report);
  if (!reading.empty()) out["read_as"] = reading.front();
  // The rejected rows themselves, for the client to offer as a download
  // (the upload's folder goes when this request ends).
  if (!report->rejects_path.empty()) {
    std::ifstream rejects(report->rejects_path, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(rejects)), {});
    constexpr size_t kMaxRejectsBytes = 16 << 20;
    if (text.size() <= kMaxRejectsBytes) out["rejects_csv"] = std::move(text);
  }
  if (report->batch_id != 0) {
    store::ImportBatchRepository batches(*scope.db);
    VAFA_ASSIGN_OR_RETURN(auto batch,
                          batches.Get(scope.workspace.id, report->batch_id));
    out["batch"] = BatchJson(batch);
  }
  return out;
}

// The header cells of an upload for /import-columns: the first line of a
// CSV body, or the first row of a workbook's sheet (sheet=) or the columns
// a vCard file's cards fill, when file_name names one.
Result<std::vector<std::string>> UploadedHeader(const HttpRequest& request,
                                                const std::string& kind) {
  const std::string name = UploadName(request, kind);
  const import::ImportFormat format = import::ImportFormatOf(name);
  if (format == import::ImportFormat::kCsv) {
    std::string head = request.body.substr(0, request.body.find('\n'));
    if (head.empty()) return Status::Invalid("the CSV header is empty");
    auto reader = import::CsvReader::FromString(head + "\n", "header");
    std::vector<std::string_view> cells;
    VAFA_ASSIGN_OR_RETURN(bool has_header, reader->Next(cells));
    if (!has_header) return Status::Invalid("the CSV header is empty");
    return std::vector<std::string>(cells.begin(), cells.end());
  }
  if (format == import::ImportFormat::kVcard && kind != "customers") {
    return Status::Invalid(name + ": a vCard file holds customers", "kind");
  }
  if (request.body.empty()) return Status::Invalid("the file is empty");
  VAFA_ASSIGN_OR_RETURN(UploadedFile file,
                        UploadedFile::Write(name, request.body));
  import::SourceOptions options;
  options.path = file.path();
  options.display_name = name;
  options.sheet = request.Query("sheet");
  options.encoding = request.Query("encoding");
  auto header = import::ReadImportHeader(options);
  if (!header.ok()) return UploadFailure(header.status(), file);
  return header;
}

// POST /import-columns?kind=: how the header of a file (the body: the file,
// or only its first line) would be read, and what the import understands,
// so that a person can see the mapping, and rename columns, before sending
// the file. An .xlsx workbook or a vCard file is read as the import reads
// it; a vCard's columns are the customer fields its cards fill, so it
// needs no mapping.
Result<json> ImportColumns(const HttpRequest& request) {
  std::string kind = request.Query("kind");
  std::span<const import::FieldSpec> specs = import::FieldSpecsOf(kind);
  if (specs.empty()) {
    return Status::Invalid("kind is customers, transactions or interactions",
                           "kind");
  }
  VAFA_ASSIGN_OR_RETURN(const std::vector<std::string> cells,
                        UploadedHeader(request, kind));
  json fields = json::array();
  for (const import::FieldSpec& spec : specs) {
    json aliases = json::array();
    for (std::string_view alias : spec.aliases) aliases.push_back(alias);
    fields.push_back({{"name", spec.name},
                      {"required", spec.required},
                      {"aliases", aliases}});
  }
  json columns = json::array();
  std::vector<bool> given(specs.size(), false);
  for (size_t i = 0; i < cells.size(); ++i) {
    int field = import::FieldOfHeader(cells[i], specs);
    bool duplicate = field >= 0 && given[field];
    if (field >= 0) given[field] = true;
    columns.push_back(
        {{"index", i},
         {"header", std::string(cells[i])},
         {"field", field >= 0 ? json(specs[field].name) : json(nullptr)},
         {"duplicate", duplicate}});
  }
  json missing = json::array();
  for (size_t f = 0; f < specs.size(); ++f) {
    if (specs[f].required && !given[f]) missing.push_back(specs[f].name);
  }
  return json{{"kind", kind},
              {"fields", fields},
              {"columns", columns},
              {"missing", missing}};
}

HttpResponse GetImportBatches(const ApiContext& context,
                              const HttpRequest& request) {
  VAFA_API_TRY(Scope scope,
               OpenScope(context, request, Resource::kImports, Access::kRead));
  VAFA_API_TRY(auto limit, QueryInt(request, "limit"));
  store::ImportBatchRepository batches(*scope.db);
  VAFA_API_TRY(auto all,
               batches.List(scope.workspace.id, PageLimit(limit, 100)));
  json items = json::array();
  for (const store::ImportBatch& b : all) {
    items.push_back(BatchJson(b));
  }
  return JsonResponse(200, {{"items", items}});
}

HttpResponse GetImportBatch(const ApiContext& context,
                            const HttpRequest& request) {
  VAFA_API_TRY(Scope scope,
               OpenScope(context, request, Resource::kImports, Access::kRead));
  VAFA_API_TRY(int64_t id, PathId(request, "id", "import batch"));
  store::ImportBatchRepository batches(*scope.db);
  VAFA_API_TRY(auto batch, batches.Get(scope.workspace.id, id));
  return JsonResponse(200, {{"batch", BatchJson(batch)}});
}

// The import runs in its own transaction (import/importer.h), which
// commits its audit entry with it.
HttpResponse PostImportBatches(const ApiContext& context,
                               const HttpRequest& request) {
  VAFA_API_TRY(Scope scope,
               OpenScope(context, request, Resource::kImports, Access::kWrite));
  VAFA_API_TRY(json report, ImportUpload(scope, request));
  if (report.contains("rejected")) {
    return JsonResponse(422, {{"error",
                               {{"code", "invalid_field"},
                                {"field", "file"},
                                {"message", report["message"]}}},
                              {"errors", report["errors"]}});
  }
  return JsonResponse(report.contains("batch") ? 201 : 200, report);
}

HttpResponse PostImportColumns(const ApiContext& context,
                               const HttpRequest& request) {
  VAFA_API_TRY(Scope scope,
               OpenScope(context, request, Resource::kImports, Access::kWrite));
  VAFA_API_TRY(json columns, ImportColumns(request));
  return JsonResponse(200, columns);
}

// Reverting runs in its own transaction (import/revert.h); the audit
// entry follows it.
HttpResponse RevertImportBatch(const ApiContext& context,
                               const HttpRequest& request) {
  VAFA_API_TRY(Scope scope,
               OpenScope(context, request, Resource::kImports, Access::kWrite));
  VAFA_API_TRY(int64_t id, PathId(request, "id", "import batch"));
  store::ImportBatchRepository batches(*scope.db);
  VAFA_API_TRY(auto before, batches.Get(scope.workspace.id, id));
  VAFA_API_CHECK(import::RevertBatch(*scope.db, scope.workspace.id, id));
  VAFA_API_TRY(auto after, batches.Get(scope.workspace.id, id));
  VAFA_API_CHECK(scope.Audit("revert", "import_batch", id, BatchJson(before),
                             BatchJson(after)));
  return JsonResponse(200, {{"batch", BatchJson(after)}});
}

HttpResponse GetScores(const ApiContext& context, const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kAnalytics,
                                      Access::kRead));
  VAFA_API_TRY(json page, ListScores(scope, request));
  return JsonResponse(200, page);
}

HttpResponse GetAnalyticsScore(const ApiContext& context,
                               const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kAnalytics,
                                      Access::kRead));
  VAFA_API_TRY(json groups, ScoreDistribution(scope, request.params.at("name"),
                                              request.Query("measure")));
  return JsonResponse(200, groups);
}

HttpResponse GetAudit(const ApiContext& context, const HttpRequest& request) {
  VAFA_API_TRY(Scope scope,
               OpenScope(context, request, Resource::kAudit, Access::kRead));
  VAFA_API_TRY(json page, ListAuditLog(scope, request));
  return JsonResponse(200, page);
}

}  // namespace

void AddWorkspaceDataRoutes(Router& router, const ApiContext& context) {
  const std::string base = "/api/v1/workspaces/{workspace}";

  router.Add("GET", base + "/import-batches",
             BindContext(context, GetImportBatches));
  router.Add("GET", base + "/import-batches/{id}",
             BindContext(context, GetImportBatch));
  router.Add("POST", base + "/import-batches",
             BindContext(context, PostImportBatches));
  router.Add("POST", base + "/import-columns",
             BindContext(context, PostImportColumns));
  router.Add("POST", base + "/import-batches/{id}/revert",
             BindContext(context, RevertImportBatch));
  router.Add("GET", base + "/scores", BindContext(context, GetScores));
  router.Add("GET", base + "/analytics/scores/{name}",
             BindContext(context, GetAnalyticsScore));
  router.Add("GET", base + "/audit", BindContext(context, GetAudit));
}

void AddApiRoutes(Router& router, const ApiContext& context) {
  router.Add("GET", "/api/v1/health", [context](const HttpRequest&) {
    VAFA_API_TRY(store::Database * db, context.database());
    return JsonResponse(
        200,
        {{"status", "ok"},
         {"backend",
          db->backend() == store::Backend::kSqlite ? "sqlite" : "postgresql"},
         {"version", VafaVersion()},
         {"schema_version", store::LatestSchemaVersion()},
         {"commit", BuildCommit()}});
  });
  router.Add("GET", "/api/v1/openapi.json", [](const HttpRequest&) {
    return HttpResponse::Json(200, OpenApiDocument());
  });
  AddAccessRoutes(router, context);
  AddCustomerRoutes(router, context);
  AddRecordRoutes(router, context);
  AddWorkspaceDataRoutes(router, context);
  AddImportProfileRoutes(router, context);
  AddAnalyticsRoutes(router, context);
  AddResponseRoutes(router, context);
  AddServiceRoutes(router, context);
  AddLoyaltyRoutes(router, context);
  AddSalesRoutes(router, context);
  AddMarketingRoutes(router, context);
  AddSurveyRoutes(router, context);
  AddNotificationRoutes(router, context);
  AddDuplicateRoutes(router, context);
  AddQualityRoutes(router, context);
  AddMessagingRoutes(router, context);
  AddMessagingRulesRoutes(router, context);
  AddOutboxRoutes(router, context);
  AddUnsubscribeRoutes(router, context);
  AddTrackingRoutes(router, context);
  AddSmsInboundRoutes(router, context);
  AddDeliveryReportRoutes(router, context);
}

}  // namespace vafa::api
