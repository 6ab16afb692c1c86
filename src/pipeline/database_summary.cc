#include "pipeline/database_summary.h"

#include <string>
#include <string_view>
#include <unordered_map>

#include "analytics/customer_summary.h"
#include "core/money.h"
#include "store/bulk_read.h"
#include "store/sql_values.h"
#include "store/workspace_repository.h"

namespace vafa::pipeline {
namespace {

// {W} is the workspace id and {AS_OF} the last day that counts, both
// integers written into the text: the statement runs as COPY
// (store/bulk_read.h), which takes no parameters. Without --as-of every
// order counts (the day after the last order is later than all of them),
// so {AS_OF} is then a day later than any and the day of the analysis is
// taken from the last day, which the statement returns.
//
// Innermost, the live orders of live customers with their stored totals
// (an order's total, discount, cost and line count are the sums of its
// lines, written with them by the importer and the record routes; a cost
// unknown on any line is NULL), so the lines are not folded again; the
// window gives each order its customer's first
// purchase day; the GROUP BY makes one row per customer; the products are
// a statement of their own over the lines (kProductsSql). No CTE is referenced
// twice, so none is materialised and nothing keeps a pass from a parallel plan.
// The day is floor(ordered_at / 86400), written with integer arithmetic
// that floors for instants before 1970 as DayOf does.
constexpr std::string_view kSummarySql = R"sql(
SELECT s.*, MAX(s.last_any_day) OVER (), SUM(s.order_count) OVER (),
       SUM(s.line_count) OVER ()
FROM (
SELECT f.customer_id, c.external_id, c.acquisition_cost_minor,
       MIN(f.first_day),
       MAX(f.day) FILTER (WHERE f.purchase),
       COUNT(*) FILTER (WHERE f.purchase),
       COUNT(*) FILTER (WHERE f.refund),
       COUNT(DISTINCT f.day) FILTER (WHERE f.purchase),
       COALESCE(SUM(f.amount) FILTER (WHERE f.purchase), 0),
       COALESCE(SUM(f.amount) FILTER (WHERE f.refund), 0),
       COALESCE(SUM(f.amount) FILTER (WHERE f.purchase
                                        AND f.day = f.first_day), 0),
       COALESCE(SUM(f.cost) FILTER (WHERE f.counted), 0),
       COALESCE(SUM(f.unknown_costs) FILTER (WHERE f.counted), 0),
       COUNT(DISTINCT f.channel) FILTER (WHERE f.counted),
       COUNT(DISTINCT f.branch) FILTER (WHERE f.counted),
       COUNT(*) FILTER (WHERE f.purchase AND f.discount > 0),
       (MIN(ARRAY[f.day, f.id, CASE WHEN f.discount > 0 THEN 1 ELSE 0 END])
          FILTER (WHERE f.purchase))[3],
       COUNT(*) FILTER (WHERE f.counted),
       0,
       MIN(f.id) AS first_order, MAX(f.day) AS last_any_day,
       COUNT(*) AS order_count, SUM(f.lines) AS line_count
FROM (
  SELECT d.*, MIN(CASE WHEN d.purchase THEN d.day END)
                OVER (PARTITION BY d.customer_id) AS first_day
  FROM (
    SELECT o.id, o.customer_id, o.day, o.channel, o.branch, o.amount,
           o.discount, o.cost, o.unknown_costs, o.lines,
           o.day <= {AS_OF} AS counted,
           o.amount >= 0 AND o.day <= {AS_OF} AS purchase,
           o.amount < 0 AND o.day <= {AS_OF} AS refund
    FROM (SELECT o.id, o.customer_id,
                 (o.ordered_at - ((o.ordered_at % 86400) + 86400) % 86400)
                   / 86400 AS day,
                 COALESCE(o.channel, '') AS channel,
                 COALESCE(o.branch, '') AS branch,
                 o.total_minor AS amount, o.discount_minor AS discount,
                 COALESCE(o.cost_minor, 0) AS cost,
                 CASE WHEN o.cost_minor IS NULL THEN 1 ELSE 0 END
                   AS unknown_costs,
                 o.line_count AS lines
          FROM orders o JOIN customers c ON c.id = o.customer_id
          WHERE o.workspace_id = {W} AND o.deleted_at IS NULL
            AND o.line_count > 0
            AND c.workspace_id = {W} AND c.deleted_at IS NULL) o) d) f
JOIN customers c ON c.id = f.customer_id
GROUP BY f.customer_id, c.external_id, c.acquisition_cost_minor) s
ORDER BY s.first_order
)sql";

// The distinct products each customer bought up to {AS_OF}, a pass of its
// own over the lines: joined into the statement above, PostgreSQL planned
// it under a merge join that took minutes on 2,000,000 lines where the two
// statements alone take seconds (docs/BENCHMARKS.md).
constexpr std::string_view kProductsSql = R"sql(
SELECT customer_id, COUNT(*)
FROM (SELECT DISTINCT o.customer_id, l.product_id
      FROM order_lines l
      JOIN orders o ON o.id = l.order_id
      JOIN customers c ON c.id = o.customer_id
      WHERE l.workspace_id = {W} AND o.workspace_id = {W}
        AND o.deleted_at IS NULL AND c.workspace_id = {W}
        AND c.deleted_at IS NULL
        AND o.ordered_at < ({AS_OF}::BIGINT + 1) * 86400) p
GROUP BY customer_id
)sql";

// PostgreSQL's work memory for the statement (per sort or hash).
constexpr char kWorkMemory[] = "256MB";

// Later than any order's day: every order counts.
constexpr DayNumber kEveryDay = 2147483647;

// The columns of kSummarySql, in order.
enum Column {
  kCustomerId,
  kExternalId,
  kAcquisitionCost,
  kFirstDay,
  kLastDay,
  kOrders,
  kRefunds,
  kPurchaseDays,
  kPurchaseAmount,
  kRefundAmount,
  kFirstDayAmount,
  kCost,
  kUnknownCosts,
  kChannels,
  kBranches,
  kDiscounted,
  kFirstDiscounted,
  kCountedOrders,
  kProductsPlace,  // 0: the products come from kProductsSql
  kFirstOrder,
  kLastAnyDay,
  kOrderCount,
  kLineCount,
  kTotalLastDay,
  kTotalOrders,
  kTotalLines,
};

std::string SummarySql(std::string_view text, int64_t workspace_id,
                       DayNumber as_of) {
  std::string sql(text);
  auto put = [&sql](std::string_view token, const std::string& value) {
    for (size_t at = sql.find(token); at != std::string::npos;
         at = sql.find(token, at + value.size())) {
      sql.replace(at, token.size(), value);
    }
  };
  put("{W}", std::to_string(workspace_id));
  put("{AS_OF}", std::to_string(as_of != 0 ? as_of : kEveryDay));
  return sql;
}

// One customer's row into the summary's columns, as SummarizeCustomers
// fills them from the customer's orders.
void AddCustomer(const store::BulkRow& row, analytics::CustomerSummary& s) {
  using analytics::kNoDay;
  const int32_t orders = static_cast<int32_t>(row.Int(kOrders));
  const int32_t days = static_cast<int32_t>(row.Int(kPurchaseDays));
  const int64_t purchase_amount = row.Int(kPurchaseAmount);
  const int64_t refund_amount = row.Int(kRefundAmount);
  const bool any_order = row.Int(kCountedOrders) > 0;
  const bool cost_known = row.Int(kUnknownCosts) == 0;
  const int64_t cost = row.Int(kCost);
  const DayNumber first =
      orders > 0 ? static_cast<DayNumber>(row.Int(kFirstDay)) : kNoDay;
  const DayNumber last =
      orders > 0 ? static_cast<DayNumber>(row.Int(kLastDay)) : kNoDay;
  const DayNumber as_of = s.as_of;
  s.first_purchase_day.push_back(any_order ? first : kNoDay);
  s.last_purchase_day.push_back(any_order ? last : kNoDay);
  s.orders.push_back(orders);
  s.refunds.push_back(static_cast<int32_t>(row.Int(kRefunds)));
  s.purchase_days.push_back(days);
  s.revenue.push_back(purchase_amount + refund_amount);
  s.refund_amount.push_back(refund_amount);
  s.cost_known.push_back(any_order && cost_known);
  s.cost_of_goods.push_back(any_order && cost_known ? cost : 0);
  s.margin.push_back(
      any_order && cost_known ? purchase_amount + refund_amount - cost : 0);
  s.distinct_products.push_back(0);  // from kProductsSql
  s.distinct_channels.push_back(static_cast<int32_t>(row.Int(kChannels)));
  s.distinct_branches.push_back(static_cast<int32_t>(row.Int(kBranches)));
  s.first_order_discounted.push_back(row.Int(kFirstDiscounted) != 0);
  const bool bought = orders > 0;
  s.repeat_purchases.push_back(bought ? days - 1 : 0);
  s.recency_days.push_back(bought ? as_of - last : 0);
  s.tenure_days.push_back(bought ? as_of - first : 0);
  s.purchase_span_days.push_back(bought ? last - first : 0);
  s.mean_order_value.push_back(
      bought ? static_cast<double>(purchase_amount) / orders : 0.0);
  s.repeat_purchase_value.push_back(
      bought ? purchase_amount - row.Int(kFirstDayAmount) : 0);
  s.discounted_order_share.push_back(
      bought ? static_cast<double>(row.Int(kDiscounted)) / orders : 0.0);
}

}  // namespace

Result<LoadedLog> SummarizeWorkspaceInDatabase(store::Database& db,
                                               int64_t workspace_id,
                                               DayNumber as_of) {
  if (db.backend() != store::Backend::kPostgres) {
    return Status::Invalid(
        "--aggregate-in-db works on PostgreSQL only (this store is SQLite, "
        "where the in-process analysis reads the lines directly)",
        "aggregate_in_db");
  }
  LoadedLog loaded;
  VAFA_ASSIGN_OR_RETURN(store::Workspace workspace,
                        store::WorkspaceRepository(db).Get(workspace_id));
  loaded.currency = workspace.currency;
  VAFA_ASSIGN_OR_RETURN(loaded.minor_digits,
                        CurrencyMinorDigits(workspace.currency));
  analytics::CustomerSummary summary;
  store::ReadSnapshot snapshot(db);
  // The fold of lines into orders and the sort by customer hold one entry
  // per order; PostgreSQL's default 4 MB of work memory would spill them
  // to disk many times over (docs/scale.md).
  try {
    db.sql() << "SET LOCAL work_mem = '" << kWorkMemory << "'";
  } catch (const std::exception& error) {
    return store::DatabaseError("setting work_mem", error);
  }
  VAFA_RETURN_IF_ERROR(store::ForEachBulkRow(
      db, SummarySql(kSummarySql, workspace_id, as_of),
      [&](const store::BulkRow& row) {
        if (loaded.customer_ids.empty()) {  // the totals are on every row
          loaded.last_day = static_cast<DayNumber>(row.Int(kTotalLastDay));
          summary.as_of = as_of != 0 ? as_of : loaded.last_day + 1;
          loaded.summarized_orders = row.Int(kTotalOrders);
          loaded.summarized_lines = row.Int(kTotalLines);
        }
        const int64_t id = row.Int(kCustomerId);
        std::string_view external = row.Text(kExternalId);
        loaded.log.customer_keys.push_back(external.empty()
                                               ? "#" + std::to_string(id)
                                               : std::string(external));
        loaded.customer_ids.push_back(id);
        loaded.acquisition_cost.push_back(row.Int(kAcquisitionCost));
        AddCustomer(row, summary);
        return Status::Ok();
      }));
  if (loaded.customer_ids.empty()) {
    summary.as_of = as_of != 0 ? as_of : loaded.last_day + 1;
  }
  std::unordered_map<int64_t, size_t> index_of;
  index_of.reserve(loaded.customer_ids.size());
  for (size_t c = 0; c < loaded.customer_ids.size(); ++c) {
    index_of.emplace(loaded.customer_ids[c], c);
  }
  VAFA_RETURN_IF_ERROR(
      store::ForEachBulkRow(db, SummarySql(kProductsSql, workspace_id, as_of),
                            [&](const store::BulkRow& row) {
                              auto found = index_of.find(row.Int(0));
                              if (found != index_of.end()) {
                                summary.distinct_products[found->second] =
                                    static_cast<int32_t>(row.Int(1));
                              }
                              return Status::Ok();
                            }));
  loaded.log.customer_begin.assign(loaded.customer_ids.size() + 1, 0);
  loaded.summary = std::move(summary);
  return loaded;
}

}  // namespace vafa::pipeline
