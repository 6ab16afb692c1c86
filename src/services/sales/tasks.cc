#include "services/sales/tasks.h"

#include <soci/soci.h>

#include <string>

#include "services/customers/interactions.h"
#include "store/sql_values.h"

namespace vafa::services::sales {
namespace {

constexpr char kFinishedTask[] =
    "SELECT customer_id, kind, title, outcome, done_at, interaction_id, "
    "status FROM tasks WHERE workspace_id = :w AND id = :t";
constexpr char kLinkTask[] =
    "UPDATE tasks SET interaction_id = :i WHERE workspace_id = :w AND id = :t";

constexpr char kDueTasks[] =
    "SELECT id, title, kind, due_at, remind_at, customer_id, deal_id, "
    "ticket_id FROM tasks WHERE workspace_id = :w AND owner_user_id = :u AND "
    "status = 'open' AND deleted_at IS NULL AND (due_at < :n OR remind_at <= "
    ":n2) ORDER BY due_at, id LIMIT 500";

constexpr char kInsertDealTask[] =
    "INSERT INTO tasks (workspace_id, customer_id, deal_id, title, kind, "
    "status, due_at, created_at) VALUES (:w, :c, :d, :t, :k, 'open', :u, :a)";

}  // namespace

bool IsActivityKind(std::string_view kind) {
  return kind == "call" || kind == "meeting" || kind == "visit" ||
         kind == "email";
}

Status LogFinishedActivity(store::Database& db, int64_t workspace_id,
                           int64_t task_id, int64_t user_id, int64_t now) {
  try {
    long long ws = workspace_id, task = task_id;
    soci::row row;
    db.sql() << kFinishedTask, soci::use(ws), soci::use(task), soci::into(row);
    if (!db.sql().got_data()) return Status::Ok();
    const auto customer = store::RowOptionalInt(row, 0);
    const std::string kind = store::RowText(row, 1);
    if (!customer || !IsActivityKind(kind) || !store::RowIsNull(row, 5) ||
        store::RowText(row, 6) != "done") {
      return Status::Ok();
    }
    // The interaction belongs to the customers domain, which records it.
    const customers::NewInteraction activity{
        .customer_id = *customer,
        .external_id = "task-" + std::to_string(task_id),
        .occurred_at = store::RowInt(row, 4),
        .type = kind,
        .direction = "outbound",
        .subject = store::RowText(row, 2),
        .outcome = store::RowText(row, 3),
        .user_id = user_id};
    VAFA_ASSIGN_OR_RETURN(
        const int64_t interaction_id,
        customers::RecordInteraction(db, workspace_id, activity, now));
    long long interaction = interaction_id;
    db.sql() << kLinkTask, soci::use(interaction), soci::use(ws),
        soci::use(task);
  } catch (const std::exception& error) {
    return store::DatabaseError("logging the task's activity", error);
  }
  return Status::Ok();
}

Result<std::vector<DueTask>> DueTasksOf(store::Database& db,
                                        int64_t workspace_id, int64_t user_id,
                                        UnixSeconds now) {
  std::vector<DueTask> tasks;
  try {
    long long ws = workspace_id, me = user_id, at = now, at2 = now;
    soci::rowset<soci::row> rows =
        (db.sql().prepare << kDueTasks, soci::use(ws), soci::use(me),
         soci::use(at), soci::use(at2));
    for (const soci::row& row : rows) {
      tasks.push_back({store::RowInt(row, 0), store::RowText(row, 1),
                       store::RowText(row, 2), store::RowInt(row, 3),
                       store::RowInt(row, 5), store::RowInt(row, 6),
                       store::RowInt(row, 7)});
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the due tasks", error);
  }
  return tasks;
}

Status InsertDealTask(store::Database& db, int64_t workspace_id,
                      int64_t customer_id, int64_t deal_id,
                      const std::string& title, const std::string& kind,
                      UnixSeconds due_at, UnixSeconds created_at) {
  try {
    long long workspace = workspace_id, customer = customer_id, deal = deal_id,
              due = due_at, created = created_at;
    db.sql() << kInsertDealTask, soci::use(workspace), soci::use(customer),
        soci::use(deal), soci::use(title), soci::use(kind), soci::use(due),
        soci::use(created);
  } catch (const std::exception& error) {
    return store::DatabaseError("writing the task", error);
  }
  return Status::Ok();
}

}  // namespace vafa::services::sales
