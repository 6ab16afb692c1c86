// vafa export --out DIR: one workspace's data as CSV files (docs/backup.md),
// or as .xlsx workbooks (--format xlsx), or its customers as vCards
// (--format vcf).
//
// customers.csv, transactions.csv and interactions.csv carry the headers
// `vafa import` reads, so an export imports into another store as it was;
// tickets, deals, the loyalty ledger, campaigns with their members and
// survey answers are written in full for reading and for other programs
// (vafa has no importer for them). Every file is read in one snapshot, text
// cells go through CsvText (formula-safe), amounts are written in the
// workspace currency's major unit and instants as ISO 8601 UTC.
#include <charconv>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <span>

#include "cli/command.h"
#include "cli/xlsx_table.h"
#include "core/csv_cell.h"
#include "core/dates.h"
#include "core/money.h"
#include "import/vcard_writer.h"
#include "store/bulk_read.h"

namespace vafa::cli {
namespace {

// The export's SQL, one query per file; `?` is the workspace id. Customers
// without an external id are keyed "vafa-ID" so that their orders and
// interactions can name them.
#define VAFA_CUSTOMER_KEY \
  "COALESCE(c.external_id, 'vafa-' || CAST(c.id AS TEXT))"

// In the order of their ids, which keeps ids and reports alike in a store
// the file is imported into; an organisation is created before its
// contacts, so it is earlier in the file, as import needs.
constexpr char kCustomersSql[] =
    "SELECT " VAFA_CUSTOMER_KEY
    ", c.kind, c.first_name, c.last_name, c.organisation_name, "
    "COALESCE(p.external_id, 'vafa-' || CAST(p.id AS TEXT)), c.national_id, "
    "c.phone, c.email, c.gender, c.birth_date, c.city, c.province, "
    "c.acquisition_channel, c.acquisition_cost_minor, c.joined_at, "
    "c.language FROM customers c LEFT JOIN customers p ON p.id = c.parent_id "
    "WHERE c.workspace_id = ? AND c.deleted_at IS NULL "
    "ORDER BY c.id";

// One row per order line, lines of an order together and in their order,
// orders in the order of their ids (as customers). An anonymous sale has
// an empty customer_id (it imports back with --anonymous keep).
constexpr char kTransactionsSql[] =
    "SELECT " VAFA_CUSTOMER_KEY
    ", o.ordered_at, o.external_id, p.sku, l.quantity, l.amount_minor, "
    "p.name, p.category, o.channel, o.branch, l.discount_minor, "
    "l.cost_minor, o.currency FROM orders o "
    "JOIN order_lines l ON l.workspace_id = o.workspace_id AND "
    "l.order_id = o.id "
    "LEFT JOIN customers c ON c.id = o.customer_id "
    "JOIN products p ON p.id = l.product_id "
    "WHERE o.workspace_id = ? AND o.deleted_at IS NULL "
    "ORDER BY o.id, l.line_no";

constexpr char kInteractionsSql[] =
    "SELECT i.external_id, " VAFA_CUSTOMER_KEY
    ", i.occurred_at, i.type, i.channel, i.direction, i.subject, i.outcome "
    "FROM interactions i JOIN customers c ON c.id = i.customer_id "
    "WHERE i.workspace_id = ? AND i.deleted_at IS NULL "
    "ORDER BY i.id";

constexpr char kTicketsSql[] =
    "SELECT t.external_id, " VAFA_CUSTOMER_KEY
    ", t.subject, t.description, t.type, t.channel, t.category, t.priority, "
    "t.status, u.email, t.team, t.opened_at, t.first_response_at, "
    "t.resolved_at, t.closed_at, t.first_response_due_at, "
    "t.resolution_due_at, t.reopen_count, t.satisfaction, t.created_at, "
    "t.updated_at FROM tickets t JOIN customers c ON c.id = t.customer_id "
    "LEFT JOIN users u ON u.id = t.assignee_user_id "
    "WHERE t.workspace_id = ? AND t.deleted_at IS NULL ORDER BY t.id";

constexpr char kDealsSql[] =
    "SELECT d.external_id, " VAFA_CUSTOMER_KEY
    ", d.title, d.pipeline, d.stage, d.status, d.probability, d.value_minor, "
    "u.email, d.team, d.source, d.expected_close_at, d.stage_entered_at, "
    "d.closed_at, d.close_reason, d.created_at, d.updated_at "
    "FROM deals d JOIN customers c ON c.id = d.customer_id "
    "LEFT JOIN users u ON u.id = d.owner_user_id "
    "WHERE d.workspace_id = ? AND d.deleted_at IS NULL ORDER BY d.id";

constexpr char kLoyaltyLedgerSql[] =
    "SELECT e.id, " VAFA_CUSTOMER_KEY
    ", e.kind, e.points, o.external_id, e.source_entry_id, e.reason, e.at, "
    "e.expires_at, e.created_by, e.created_at FROM loyalty_ledger e "
    "JOIN customers c ON c.id = e.customer_id "
    "LEFT JOIN orders o ON o.id = e.order_id "
    "WHERE e.workspace_id = ? ORDER BY e.id";

constexpr char kCampaignsSql[] =
    "SELECT m.id, m.name, m.goal, m.channel, s.name, m.status, m.offer, "
    "m.budget_minor, m.cost_minor, m.starts_at, m.ends_at, "
    "m.attribution_days, m.control_percent, m.members_count, "
    "m.control_count, m.drawn_at, m.created_at FROM campaigns m "
    "LEFT JOIN segments s ON s.id = m.segment_id "
    "WHERE m.workspace_id = ? AND m.deleted_at IS NULL ORDER BY m.id";

constexpr char kCampaignMembersSql[] =
    "SELECT m.campaign_id, " VAFA_CUSTOMER_KEY
    ", m.control, m.responded_at, m.converted_at, m.revenue_minor "
    "FROM campaign_members m JOIN customers c ON c.id = m.customer_id "
    "JOIN campaigns k ON k.id = m.campaign_id "
    "WHERE m.workspace_id = ? AND k.deleted_at IS NULL "
    "ORDER BY m.campaign_id, m.customer_id";

// A pulse survey's answers name no person, by design: only their group.
constexpr char kSurveyAnswersSql[] =
    "SELECT r.id, r.survey_id, s.name, s.kind, "
    "CASE WHEN r.customer_id IS NULL THEN NULL ELSE " VAFA_CUSTOMER_KEY
    " END, t.external_id, r.campaign_id, r.respondent_group, r.channel, "
    "r.branch, r.score, r.answers, r.comment, r.answered_at "
    "FROM survey_responses r JOIN surveys s ON s.id = r.survey_id "
    "LEFT JOIN customers c ON c.id = r.customer_id "
    "LEFT JOIN tickets t ON t.id = r.ticket_id "
    "WHERE r.workspace_id = ? AND s.deleted_at IS NULL ORDER BY r.id";

#undef VAFA_CUSTOMER_KEY

// How a column's value is written.
enum class Kind { kText, kInteger, kReal, kMoney, kTime };

struct ExportColumn {
  const char* header;
  Kind kind;
};

struct ExportFile {
  const char* name;
  const char* sql;
  std::span<const ExportColumn> columns;
};

// The files' headers (import's names where import reads the file) and what
// each column holds, in the order of the queries' columns.
constexpr ExportColumn kCustomerColumns[] = {
    {"external_id", Kind::kText},
    {"kind", Kind::kText},
    {"first_name", Kind::kText},
    {"last_name", Kind::kText},
    {"organisation_name", Kind::kText},
    {"parent_external_id", Kind::kText},
    {"national_id", Kind::kText},
    {"phone", Kind::kText},
    {"email", Kind::kText},
    {"gender", Kind::kText},
    {"birth_date", Kind::kText},
    {"city", Kind::kText},
    {"province", Kind::kText},
    {"acquisition_channel", Kind::kText},
    {"acquisition_cost", Kind::kMoney},
    {"joined_at", Kind::kTime},
    {"language", Kind::kText},
};

constexpr ExportColumn kTransactionColumns[] = {
    {"customer_id", Kind::kText},  {"date", Kind::kTime},
    {"order_id", Kind::kText},     {"product", Kind::kText},
    {"quantity", Kind::kReal},     {"amount", Kind::kMoney},
    {"product_name", Kind::kText}, {"category", Kind::kText},
    {"channel", Kind::kText},      {"branch", Kind::kText},
    {"discount", Kind::kMoney},    {"cost", Kind::kMoney},
    {"currency", Kind::kText},
};

constexpr ExportColumn kInteractionColumns[] = {
    {"interaction_id", Kind::kText}, {"customer_id", Kind::kText},
    {"date", Kind::kTime},           {"type", Kind::kText},
    {"channel", Kind::kText},        {"direction", Kind::kText},
    {"subject", Kind::kText},        {"outcome", Kind::kText},
};

constexpr ExportColumn kTicketColumns[] = {
    {"ticket_id", Kind::kText},
    {"customer_id", Kind::kText},
    {"subject", Kind::kText},
    {"description", Kind::kText},
    {"type", Kind::kText},
    {"channel", Kind::kText},
    {"category", Kind::kText},
    {"priority", Kind::kText},
    {"status", Kind::kText},
    {"assignee", Kind::kText},
    {"team", Kind::kText},
    {"opened_at", Kind::kTime},
    {"first_response_at", Kind::kTime},
    {"resolved_at", Kind::kTime},
    {"closed_at", Kind::kTime},
    {"first_response_due_at", Kind::kTime},
    {"resolution_due_at", Kind::kTime},
    {"reopen_count", Kind::kInteger},
    {"satisfaction", Kind::kInteger},
    {"created_at", Kind::kTime},
    {"updated_at", Kind::kTime},
};

constexpr ExportColumn kDealColumns[] = {
    {"deal_id", Kind::kText},
    {"customer_id", Kind::kText},
    {"title", Kind::kText},
    {"pipeline", Kind::kText},
    {"stage", Kind::kText},
    {"status", Kind::kText},
    {"probability", Kind::kInteger},
    {"value", Kind::kMoney},
    {"owner", Kind::kText},
    {"team", Kind::kText},
    {"source", Kind::kText},
    {"expected_close_at", Kind::kTime},
    {"stage_entered_at", Kind::kTime},
    {"closed_at", Kind::kTime},
    {"close_reason", Kind::kText},
    {"created_at", Kind::kTime},
    {"updated_at", Kind::kTime},
};

constexpr ExportColumn kLoyaltyLedgerColumns[] = {
    {"entry_id", Kind::kInteger}, {"customer_id", Kind::kText},
    {"kind", Kind::kText},        {"points", Kind::kInteger},
    {"order_id", Kind::kText},    {"source_entry_id", Kind::kInteger},
    {"reason", Kind::kText},      {"at", Kind::kTime},
    {"expires_at", Kind::kTime},  {"created_by", Kind::kText},
    {"created_at", Kind::kTime},
};

constexpr ExportColumn kCampaignColumns[] = {
    {"campaign_id", Kind::kInteger},
    {"name", Kind::kText},
    {"goal", Kind::kText},
    {"channel", Kind::kText},
    {"segment", Kind::kText},
    {"status", Kind::kText},
    {"offer", Kind::kText},
    {"budget", Kind::kMoney},
    {"cost", Kind::kMoney},
    {"starts_at", Kind::kTime},
    {"ends_at", Kind::kTime},
    {"attribution_days", Kind::kInteger},
    {"control_percent", Kind::kInteger},
    {"members_count", Kind::kInteger},
    {"control_count", Kind::kInteger},
    {"drawn_at", Kind::kTime},
    {"created_at", Kind::kTime},
};

constexpr ExportColumn kCampaignMemberColumns[] = {
    {"campaign_id", Kind::kInteger}, {"customer_id", Kind::kText},
    {"control", Kind::kInteger},     {"responded_at", Kind::kTime},
    {"converted_at", Kind::kTime},   {"revenue", Kind::kMoney},
};

constexpr ExportColumn kSurveyAnswerColumns[] = {
    {"response_id", Kind::kInteger}, {"survey_id", Kind::kInteger},
    {"survey", Kind::kText},         {"survey_kind", Kind::kText},
    {"customer_id", Kind::kText},    {"ticket_id", Kind::kText},
    {"campaign_id", Kind::kInteger}, {"respondent_group", Kind::kText},
    {"channel", Kind::kText},        {"branch", Kind::kText},
    {"score", Kind::kInteger},       {"answers", Kind::kText},
    {"comment", Kind::kText},        {"answered_at", Kind::kTime},
};

// The files, in the order they are written.
constexpr ExportFile kExportFiles[] = {
    {"customers.csv", kCustomersSql, kCustomerColumns},
    {"transactions.csv", kTransactionsSql, kTransactionColumns},
    {"interactions.csv", kInteractionsSql, kInteractionColumns},
    {"tickets.csv", kTicketsSql, kTicketColumns},
    {"deals.csv", kDealsSql, kDealColumns},
    {"loyalty_ledger.csv", kLoyaltyLedgerSql, kLoyaltyLedgerColumns},
    {"campaigns.csv", kCampaignsSql, kCampaignColumns},
    {"campaign_members.csv", kCampaignMembersSql, kCampaignMemberColumns},
    {"survey_answers.csv", kSurveyAnswersSql, kSurveyAnswerColumns},
};

// An amount in minor units as a plain decimal in the major unit ("-12.50"),
// which import reads back with --currency set to the workspace's currency.
std::string PlainAmount(int64_t minor, int digits) {
  const bool negative = minor < 0;
  // Unsigned, so that the lowest int64 has a magnitude.
  uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(minor)
                                : static_cast<uint64_t>(minor);
  std::string text = std::to_string(magnitude);
  if (digits > 0) {
    if (text.size() <= static_cast<size_t>(digits)) {
      text.insert(0, static_cast<size_t>(digits) + 1 - text.size(), '0');
    }
    text.insert(text.size() - static_cast<size_t>(digits), ".");
  }
  return negative ? "-" + text : text;
}

std::string Cell(const store::BulkRow& row, int column, Kind kind, int digits) {
  if (row.IsNull(column)) return "";
  switch (kind) {
    case Kind::kText:
      return CsvText(row.Text(column));
    case Kind::kInteger:
      return std::to_string(row.Int(column));
    case Kind::kReal: {
      char text[32];
      auto end = std::to_chars(text, text + sizeof text, row.Double(column));
      return std::string(text, end.ptr);
    }
    case Kind::kMoney:
      return PlainAmount(row.Int(column), digits);
    case Kind::kTime:
      return FormatIsoDateTime(row.Int(column));
  }
  return "";
}

enum class Format { kCsv, kXlsx, kVcard };

struct ExportFormat {
  Format format = Format::kCsv;
  bool right_to_left = false;  // .xlsx sheets
};

// "customers.csv" as the format names it.
std::string FileName(const ExportFile& file, Format format) {
  std::string name = file.name;
  name.erase(name.rfind('.'));
  switch (format) {
    case Format::kCsv:
      return name + ".csv";
    case Format::kXlsx:
      return name + ".xlsx";
    case Format::kVcard:
      return name + ".vcf";
  }
  return name;
}

// One row into an .xlsx sheet: numbers as numbers (amounts in the major
// unit), text as text (never a formula), instants as ISO 8601 UTC text so
// they import back to the same second in any workspace's time zone.
Status XlsxRow(XlsxTable& table, const store::BulkRow& row,
               const ExportFile& file, int digits) {
  double scale = 1;
  for (int i = 0; i < digits; ++i) scale *= 10;
  for (size_t i = 0; i < file.columns.size(); ++i) {
    const int column = static_cast<int>(i);
    if (row.IsNull(column)) {
      table.Empty();
      continue;
    }
    switch (file.columns[i].kind) {
      case Kind::kText:
        table.Text(row.Text(column));
        break;
      case Kind::kInteger:
        table.Number(static_cast<double>(row.Int(column)));
        break;
      case Kind::kReal:
        table.Number(row.Double(column));
        break;
      case Kind::kMoney:
        table.Number(static_cast<double>(row.Int(column)) / scale);
        break;
      case Kind::kTime:
        table.Text(FormatIsoDateTime(row.Int(column)));
        break;
    }
  }
  return table.EndRow();
}

// A customers row (kCustomersSql's columns) as a vCard.
std::string VcardRow(const store::BulkRow& row) {
  auto text = [&](int column) {
    return row.IsNull(column) ? std::string() : std::string(row.Text(column));
  };
  import::VcardContact contact;
  contact.external_id = text(0);
  contact.kind = text(1);
  contact.first_name = text(2);
  contact.last_name = text(3);
  contact.organisation_name = text(4);
  contact.phone = text(7);
  contact.email = text(8);
  contact.birth_date = text(10);
  contact.city = text(11);
  contact.province = text(12);
  return import::VcardOf(contact);
}

// Writes one file (through FILE.partial, renamed when complete) and returns
// its rows.
Result<int64_t> WriteFile(store::Database& db, const ExportFile& file,
                          int64_t workspace_id, int digits,
                          const std::filesystem::path& folder,
                          const ExportFormat& format) {
  const std::string name = FileName(file, format.format);
  const std::filesystem::path path = folder / name;
  const std::filesystem::path partial = path.string() + ".partial";
  std::ofstream out;
  std::unique_ptr<XlsxTable> table;
  if (format.format == Format::kXlsx) {
    std::string sheet = file.name;
    sheet.erase(sheet.rfind('.'));
    VAFA_ASSIGN_OR_RETURN(table, XlsxTable::Create(partial.string(), sheet,
                                                   format.right_to_left));
    std::vector<std::string> headers;
    for (const ExportColumn& column : file.columns) {
      headers.emplace_back(column.header);
    }
    table->Header(headers);
    VAFA_RETURN_IF_ERROR(table->EndRow());
  } else {
    out.open(partial, std::ios::binary);
    if (!out) return Status::Invalid(partial.string() + ": cannot write");
  }
  if (format.format == Format::kCsv) {
    for (size_t i = 0; i < file.columns.size(); ++i) {
      out << (i > 0 ? "," : "") << file.columns[i].header;
    }
    out << "\n";
  }
  int64_t rows = 0;
  std::string line;
  Status status = store::ForEachBulkRow(
      db, file.sql, workspace_id, [&](const store::BulkRow& row) {
        ++rows;
        if (table != nullptr) return XlsxRow(*table, row, file, digits);
        if (format.format == Format::kVcard) {
          out << VcardRow(row);
          return Status::Ok();
        }
        line.clear();
        for (size_t i = 0; i < file.columns.size(); ++i) {
          if (i > 0) line += ',';
          line += Cell(row, static_cast<int>(i), file.columns[i].kind, digits);
        }
        line += '\n';
        out << line;
        return Status::Ok();
      });
  if (table != nullptr) {
    if (status.ok()) status = table->Close();
  } else {
    out.close();
    if (status.ok() && !out) {
      status = Status::Internal(partial.string() + ": write failed");
    }
  }
  std::error_code error;
  if (!status.ok()) {
    std::filesystem::remove(partial, error);
    return status.WithPlace(name);
  }
  std::filesystem::rename(partial, path, error);
  if (error) {
    return Status::Internal(path.string() + ": " + error.message());
  }
  return rows;
}

}  // namespace

struct ExportFlags {
  std::string folder;
  std::string format = "csv";
  bool rtl = false;
  bool ltr = false;
};

void AddExportCommand(CLI::App& app, CommandContext& context) {
  auto flags = std::make_shared<ExportFlags>();
  CLI::App* command = app.add_subcommand(
      "export",
      "Write the workspace's customers, transactions, interactions, tickets, "
      "deals, loyalty ledger, campaigns and survey answers as CSV or .xlsx "
      "files, or its customers as vCards");
  command
      ->add_option("--out", flags->folder,
                   "Folder for the files (created; files there of the same "
                   "names are not overwritten)")
      ->required();
  command
      ->add_option("--format", flags->format,
                   "csv, xlsx (one workbook per table) or vcf (customers as "
                   "vCard 4.0)")
      ->capture_default_str()
      ->check(CLI::IsMember({"csv", "xlsx", "vcf"}));
  command->add_flag("--rtl", flags->rtl,
                    "Right-to-left .xlsx sheets (the default for a workspace "
                    "in IRR)");
  command->add_flag("--ltr", flags->ltr, "Left-to-right .xlsx sheets");
  command->callback([&context, flags] {
    context.run = [&context, flags] {
      const std::string& folder = flags->folder;
      auto db = context.Open();
      if (!db.ok()) return Fail(db.status());
      auto workspace = context.Workspace(**db, /*create=*/false);
      if (!workspace.ok()) return Fail(workspace.status());
      auto digits = CurrencyMinorDigits(workspace->currency);
      if (!digits.ok()) return Fail(digits.status());
      ExportFormat format;
      format.format = flags->format == "xlsx"  ? Format::kXlsx
                      : flags->format == "vcf" ? Format::kVcard
                                               : Format::kCsv;
      // A Persian workspace (the store keeps no language; IRR says it)
      // reads right to left.
      format.right_to_left =
          flags->rtl || (!flags->ltr && workspace->currency == "IRR");
      std::vector<const ExportFile*> files;
      for (const ExportFile& file : kExportFiles) {
        if (format.format != Format::kVcard ||
            std::string_view(file.name) == "customers.csv") {
          files.push_back(&file);
        }
      }
      std::error_code error;
      std::filesystem::create_directories(folder, error);
      if (error) {
        return Fail(Status::Invalid(folder + ": " + error.message()));
      }
      for (const ExportFile* file : files) {
        const std::string name = FileName(*file, format.format);
        if (std::filesystem::exists(std::filesystem::path(folder) / name,
                                    error)) {
          return Fail(Status::Conflict(
              folder + "/" + name +
              ": exists already; export into an empty folder"));
        }
      }
      auto replicas = context.OpenReadReplicas(ReplicaLogToStderr());
      if (!replicas.ok()) return Fail(replicas.status());
      store::ReadConnection source(replicas->get(), **db);
      // One snapshot for every file, so they agree with each other.
      store::ReadSnapshot snapshot(source.db());
      std::cout << "exported workspace " << workspace->slug << " ("
                << workspace->currency << ") to " << folder << ":\n";
      for (const ExportFile* file : files) {
        auto rows = WriteFile(source.db(), *file, workspace->id, *digits,
                              folder, format);
        if (!rows.ok()) return Fail(rows.status());
        std::cout << FileName(*file, format.format) << "\t" << *rows
                  << " rows\n";
      }
      return 0;
    };
  });
}

}  // namespace vafa::cli
