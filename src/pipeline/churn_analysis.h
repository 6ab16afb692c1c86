// Churn on a loaded log, as `vafa churn` and the server run it: P(alive) and
// the customer value from the lifetime model (fitted at each snapshot on
// that snapshot's data alone), the churn models, and their storing into a
// workspace (scores, the run and its small reports, in one transaction).
#ifndef VAFA_PIPELINE_CHURN_ANALYSIS_H_
#define VAFA_PIPELINE_CHURN_ANALYSIS_H_

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "analytics/churn/churn_model.h"
#include "core/report_table.h"
#include "core/result.h"
#include "pipeline/analysis_reports.h"
#include "pipeline/transaction_source.h"
#include "store/database.h"

namespace vafa::pipeline {

// options.as_of 0: the day after the last order. `lifetime_now`: the BG/NBD
// scores at as_of when the caller has them (an analysis just fitted them),
// else they are fitted here.
Result<analytics::churn::ChurnResult> AnalyzeChurn(
    const LoadedLog& loaded, const analytics::churn::ComplaintLog& complaints,
    analytics::churn::ChurnOptions options,
    const ClvResult* lifetime_now = nullptr);

// The churn reports as tables (core/report_table.h), each built by its
// writer with its columns' types (money in whole minor units, shares with
// six decimals); their currency is the caller's to set.
//
// One row per customer with a purchase: customer, risk, band, rule risk,
// stage, value, priority, action, action value, reasons (code:value;...).
ReportTable ChurnTable(const analytics::TransactionLog& log,
                       const analytics::churn::ChurnResult& result);
// The models' holdout figures: model, examples, churners, auc,
// top_decile_precision, top_decile_recall, lift_top_decile, brier,
// train_seconds, chosen.
ReportTable ChurnModelsTable(const analytics::churn::ChurnResult& result);
// What the models learned from and were judged on, one row: snapshots,
// history_days, window_days, training_rows, training_customers,
// training_churners, holdout_customers, holdout_churners, min_churners,
// learned_models (1/0), chosen_model, refusal (plain words, empty when the
// learned models ran), data_absent (the optional inputs the data lacks,
// `;`-separated: categories, channels, discounts, complaints).
ReportTable ChurnEvidenceTable(const analytics::churn::ChurnResult& result,
                               const analytics::churn::ChurnOptions& options);
// Reliability by decile of predicted risk on the holdout: model, decile,
// customers, mean_predicted, observed_rate.
ReportTable ChurnCalibrationTable(const analytics::churn::ChurnResult& result);
// Lift per decile: decile, then one column per model.
ReportTable ChurnLiftTable(const analytics::churn::ChurnResult& result);
// Reasons of the customers at risk (medium and high band): reason, kind
// (cause, lifecycle, symptom), controllable, customers (naming it), first
// (naming it first), first_cause (their heaviest reason that is not a
// symptom: the split of causes into controllable and not).
ReportTable ChurnReasonsTable(const analytics::churn::ChurnResult& result);
// Stages: stage, customers, value (the sum of their value), value_at_risk.
ReportTable ChurnStagesTable(const analytics::churn::ChurnResult& result);
// The `top` customers by retention priority, at risk and not yet settled
// elsewhere: customer_id (store id, empty for a CSV), customer, name (from
// `names` by store id, when given), risk, band, rule risk, stage, value,
// priority, action, action_value, reasons.
ReportTable RetentionListTable(
    const LoadedLog& loaded, const analytics::churn::ChurnResult& result,
    int top, const std::unordered_map<int64_t, std::string>* names = nullptr);
// The length of the kept and written retention list (docs/analytics.md).
inline constexpr int kRetentionListLength = 200;
// The log indices of that list.
std::vector<int32_t> RetentionList(const analytics::churn::ChurnResult& result,
                                   int top);

// Scores churn_risk (label: band), churn_reasons (value: rule risk; label:
// reasons), churn_stage (label), retention_priority (value: value x risk;
// label: action), retention_action_value; reports churn_evidence,
// churn_models, churn_calibration, churn_lift, churn_reasons, churn_stages,
// retention_list (the first kRetentionListLength).
Result<int64_t> StoreChurn(store::Database& db, int64_t workspace_id,
                           const LoadedLog& loaded,
                           const analytics::churn::ChurnResult& result,
                           const analytics::churn::ChurnOptions& options,
                           int64_t started_at, int64_t duration_ms);

}  // namespace vafa::pipeline

#endif  // VAFA_PIPELINE_CHURN_ANALYSIS_H_
