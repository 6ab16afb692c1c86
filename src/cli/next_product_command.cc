#include "cli/next_product_command.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <memory>
#include <unordered_map>

#include "analytics/basket/next_product.h"
#include "cli/analysis_json.h"
#include "core/dates.h"
#include "pipeline/contract_files.h"
#include "pipeline/score_writer.h"
#include "services/holdings/holdings.h"

namespace vafa::cli {
namespace {

namespace basket = analytics::basket;
using nlohmann::json;

constexpr int kSuggestions = 3;

struct LoadedOpenings {
  basket::PurchaseHistory history;
  std::vector<std::string> products;  // code per product index
  std::vector<int64_t> customer_ids;  // store id per customer index
  std::vector<std::string> keys;      // the holdout draw's key
  // Read from files: the files' key per customer index, which names them.
  std::vector<std::string> file_keys;
  std::vector<uint8_t> holds;  // 1: a holding open at as_of
  DayNumber as_of = 0;
};

// A day of the store ("2024-01-05"); -1 for "" or a day that does not read.
DayNumber HoldingDay(const std::string& text) {
  if (text.empty()) return -1;
  auto at = ParseDateTime(text);
  return at.ok() ? DayOf(*at) : -1;
}

// The openings of `spans` (the store's HoldingSpans, or the files' spans
// with `keys`: customer id k's key at k - 1).
Result<LoadedOpenings> LoadOpenings(
    const std::vector<services::holdings::HoldingSpan>& spans,
    const std::string& as_of, const std::vector<std::string>& keys) {
  LoadedOpenings out;
  DayNumber last = 0;
  for (const auto& span : spans) {
    last = std::max(
        {last, HoldingDay(span.opened_on), HoldingDay(span.closed_on)});
  }
  out.as_of = last + 1;
  if (!as_of.empty()) {
    auto parsed = ParseDateTime(as_of);
    if (!parsed.ok()) {
      return Status::Invalid("--as-of \"" + as_of +
                             "\": " + parsed.status().message());
    }
    out.as_of = DayOf(*parsed);
  }
  std::unordered_map<int64_t, int32_t> customer_index;
  std::unordered_map<std::string, int32_t> product_index;
  basket::PurchaseEvents events;
  for (const auto& span : spans) {
    const DayNumber opened = HoldingDay(span.opened_on);
    if (opened < 0) continue;
    auto [customer, added] = customer_index.try_emplace(
        span.customer_id, static_cast<int32_t>(out.customer_ids.size()));
    if (added) {
      out.customer_ids.push_back(span.customer_id);
      out.keys.push_back(std::to_string(span.customer_id));
      if (!keys.empty()) out.file_keys.push_back(keys[span.customer_id - 1]);
      out.holds.push_back(0);
    }
    auto [product, new_product] = product_index.try_emplace(
        span.product_code, static_cast<int32_t>(out.products.size()));
    if (new_product) out.products.push_back(span.product_code);
    const DayNumber closed = HoldingDay(span.closed_on);
    if (opened <= out.as_of && (closed < 0 || closed > out.as_of)) {
      out.holds[customer->second] = 1;
    }
    events.customer.push_back(customer->second);
    events.day.push_back(opened);
    events.product.push_back(product->second);
  }
  VAFA_ASSIGN_OR_RETURN(out.history, basket::BuildPurchaseHistory(events));
  return out;
}

// The customer's products in the order opened, on or before `day`.
std::vector<int32_t> OpenedBy(const basket::PurchaseHistory& history,
                              int32_t customer, DayNumber day) {
  std::vector<int32_t> out;
  for (int64_t e = history.customer_begin[customer];
       e < history.customer_begin[customer + 1]; ++e) {
    if (history.day[e] > day) break;
    if (std::find(out.begin(), out.end(), history.product[e]) == out.end()) {
      out.push_back(history.product[e]);
    }
  }
  return out;
}

struct Suggested {
  std::vector<int32_t> customers;  // customer indices with suggestions
  std::vector<std::vector<basket::ProductSuggestion>> next;
};

Suggested SuggestForHolders(const LoadedOpenings& loaded) {
  const basket::NextProductModel model = basket::LearnNextProduct(
      loaded.history, static_cast<int32_t>(loaded.products.size()),
      loaded.as_of, {});
  Suggested out;
  for (int32_t c = 0; c < static_cast<int32_t>(loaded.customer_ids.size());
       ++c) {
    if (loaded.holds[c] == 0) continue;
    auto next = basket::SuggestNextProducts(
        model, OpenedBy(loaded.history, c, loaded.as_of), kSuggestions);
    if (next.empty()) continue;
    out.customers.push_back(c);
    out.next.push_back(std::move(next));
  }
  return out;
}

json EvaluationJson(const basket::NextProductEvaluation& e) {
  return {
      {"cutoff", FormatGregorian(e.cutoff)},
      {"training_customers", e.training_customers},
      {"training_transitions", e.training_transitions},
      {"holdout_customers", e.holdout_customers},
      {"model", {{"hit_at_1", e.hit_at_1}, {"hit_at_3", e.hit_at_3}}},
      {"popularity",
       {{"hit_at_1", e.popular_hit_at_1}, {"hit_at_3", e.popular_hit_at_3}}},
      {"hit_at_3_over_popularity",
       FiniteOrNull(e.hit_at_3 / e.popular_hit_at_3)}};
}

json ReportJson(const LoadedOpenings& loaded,
                const basket::NextProductEvaluation& evaluation,
                const Suggested& suggested, const NextProductFlags& flags) {
  json first_choices = json::object();
  for (const auto& next : suggested.next) {
    first_choices[loaded.products[next[0].product]] =
        first_choices.value(loaded.products[next[0].product], 0) + 1;
  }
  json top = json::array();
  for (size_t k = 0; k < suggested.customers.size() &&
                     k < static_cast<size_t>(std::max(0, flags.top));
       ++k) {
    const int32_t c = suggested.customers[k];
    json opened = json::array();
    for (int32_t p : OpenedBy(loaded.history, c, loaded.as_of)) {
      opened.push_back(loaded.products[p]);
    }
    json next = json::array();
    for (const auto& each : suggested.next[k]) {
      next.push_back({{"product", loaded.products[each.product]},
                      {"probability", each.probability}});
    }
    top.push_back(
        {{"customer_id", loaded.file_keys.empty() ? json(loaded.customer_ids[c])
                                                  : json(loaded.file_keys[c])},
         {"opened", std::move(opened)},
         {"next", std::move(next)}});
  }
  return {{"as_of", FormatGregorian(loaded.as_of)},
          {"horizon_months", flags.horizon_months},
          {"products", loaded.products.size()},
          {"evaluation", EvaluationJson(evaluation)},
          {"customers_suggested", suggested.customers.size()},
          {"first_suggestions", std::move(first_choices)},
          {"customers", std::move(top)}};
}

Result<int64_t> StoreSuggestions(store::Database& db, int64_t workspace_id,
                                 const LoadedOpenings& loaded,
                                 const Suggested& suggested, const json& report,
                                 const NextProductFlags& flags,
                                 int64_t started_at) {
  const size_t n = suggested.customers.size();
  std::vector<pipeline::ScoreColumn> columns;
  for (int rank = 0; rank < kSuggestions; ++rank) {
    pipeline::ScoreColumn column{"next_product_" + std::to_string(rank + 1),
                                 std::vector<double>(n, std::nan("")),
                                 std::vector<std::string>(n)};
    for (size_t k = 0; k < n; ++k) {
      if (rank >= static_cast<int>(suggested.next[k].size())) continue;
      const auto& each = suggested.next[k][rank];
      column.value[k] = each.probability;
      column.label[k] = loaded.products[each.product];
    }
    columns.push_back(std::move(column));
  }
  std::vector<int64_t> ids;
  for (int32_t c : suggested.customers) ids.push_back(loaded.customer_ids[c]);
  pipeline::AnalysisRun run;
  run.kind = "next_product";
  run.started_at = started_at;
  run.duration_ms = (store::NowSeconds() - started_at) * 1000;
  run.parameters = json{
      {"as_of", FormatGregorian(loaded.as_of)},
      {"horizon_months", flags.horizon_months},
      {"holdout", flags.holdout},
      {"seed",
       flags.seed}}.dump();
  run.data_fingerprint =
      std::to_string(loaded.history.product.size()) + " openings";
  run.summary = report.dump();
  return pipeline::WriteScores(db, workspace_id, ids, columns, run);
}

void PrintText(const json& report) {
  const json& e = report["evaluation"];
  std::cout << std::fixed << std::setprecision(3) << "Next product as of "
            << report["as_of"].get<std::string>()
            << ": learned from the openings of "
            << e["training_customers"].get<int64_t>() << " customers ("
            << e["training_transitions"].get<int64_t>()
            << " openings after a first) up to "
            << e["cutoff"].get<std::string>() << "; judged on "
            << e["holdout_customers"].get<int64_t>()
            << " holdout customers who opened a new product after it.\n"
            << "  model       hit@1  hit@3\n"
            << "  sequence    " << e["model"]["hit_at_1"].get<double>() << "  "
            << e["model"]["hit_at_3"].get<double>() << "\n"
            << "  popularity  " << e["popularity"]["hit_at_1"].get<double>()
            << "  " << e["popularity"]["hit_at_3"].get<double>() << "\n";
  std::cout << "Suggestions for " << report["customers_suggested"]
            << " customers; first suggestions:";
  for (const auto& [code, count] : report["first_suggestions"].items()) {
    std::cout << " " << code << " " << count;
  }
  std::cout << "\n";
  for (const auto& customer : report["customers"]) {
    const json& id = customer["customer_id"];
    std::cout << "  customer "
              << (id.is_string() ? id.get<std::string>() : id.dump()) << " (";
    std::string opened;
    for (const auto& code : customer["opened"]) {
      opened += (opened.empty() ? "" : ", ") + code.get<std::string>();
    }
    std::cout << opened << "):";
    for (const auto& next : customer["next"]) {
      std::cout << " " << next["product"].get<std::string>() << " "
                << next["probability"].get<double>();
    }
    std::cout << "\n";
  }
  std::cout << std::defaultfloat;
}

// The evaluation and the suggestions of what `loaded` holds.
Result<std::pair<json, Suggested>> Report(const LoadedOpenings& loaded,
                                          const NextProductFlags& flags) {
  basket::NextProductOptions options;
  options.as_of = loaded.as_of;
  options.horizon_days =
      static_cast<int32_t>(std::lround(flags.horizon_months * 365.25 / 12));
  options.holdout_share = flags.holdout;
  options.seed = flags.seed;
  VAFA_ASSIGN_OR_RETURN(
      basket::NextProductEvaluation evaluation,
      basket::EvaluateNextProduct(loaded.history,
                                  static_cast<int32_t>(loaded.products.size()),
                                  loaded.keys, options));
  Suggested suggested = SuggestForHolders(loaded);
  json report = ReportJson(loaded, evaluation, suggested, flags);
  return std::pair{std::move(report), std::move(suggested)};
}

}  // namespace

Result<json> ComputeNextProducts(store::Database& db, int64_t workspace_id,
                                 const NextProductFlags& flags) {
  const int64_t started_at = store::NowSeconds();
  VAFA_ASSIGN_OR_RETURN(std::vector<services::holdings::HoldingSpan> spans,
                        services::holdings::HoldingSpans(db, workspace_id));
  VAFA_ASSIGN_OR_RETURN(LoadedOpenings loaded,
                        LoadOpenings(spans, flags.as_of, {}));
  spans = {};
  if (loaded.customer_ids.empty()) {
    return Status::Invalid(
        "the workspace has no holdings: import them first (vafa import "
        "holdings FILE)");
  }
  VAFA_ASSIGN_OR_RETURN(auto reported, Report(loaded, flags));
  auto& [report, suggested] = reported;
  if (!flags.no_scores) {
    VAFA_ASSIGN_OR_RETURN(int64_t run_id,
                          StoreSuggestions(db, workspace_id, loaded, suggested,
                                           report, flags, started_at));
    report["run_id"] = run_id;
  }
  return report;
}

Result<json> ComputeNextProductsOfFiles(const NextProductFlags& flags) {
  VAFA_ASSIGN_OR_RETURN(pipeline::HoldingSpansOfFiles read,
                        pipeline::LoadHoldingSpansOfFiles(flags.customers_file,
                                                          flags.holdings_file));
  VAFA_ASSIGN_OR_RETURN(
      LoadedOpenings loaded,
      LoadOpenings(read.spans, flags.as_of, read.customer_keys));
  if (loaded.customer_ids.empty()) {
    return Status::Invalid(flags.holdings_file + " holds no holdings");
  }
  VAFA_ASSIGN_OR_RETURN(auto reported, Report(loaded, flags));
  return std::move(reported.first);
}

namespace {

// From the workspace, or from the files given.
Result<json> ComputeNextProductsFor(CommandContext& context,
                                    const NextProductFlags& flags) {
  if (!flags.customers_file.empty() && flags.holdings_file.empty()) {
    return Status::Invalid(
        "--customers-file is for --holdings-file (the holdings read from "
        "files)");
  }
  if (!flags.holdings_file.empty()) return ComputeNextProductsOfFiles(flags);
  VAFA_ASSIGN_OR_RETURN(auto db, context.Open());
  VAFA_ASSIGN_OR_RETURN(store::Workspace workspace,
                        context.Workspace(*db, /*create=*/false));
  return ComputeNextProducts(*db, workspace.id, flags);
}

}  // namespace

void AddNextProductCommand(CLI::App& app, CommandContext& context) {
  auto flags = std::make_shared<NextProductFlags>();
  CLI::App* command = app.add_subcommand(
      "next-product",
      "Which product each customer is most likely to open next, from the "
      "order in which customers opened products, judged on a holdout "
      "against popularity (docs/holdings.md)");
  command->add_option("--as-of", flags->as_of,
                      "The day of the analysis (default: the day after the "
                      "latest opening or closing)");
  command
      ->add_option("--horizon-months", flags->horizon_months,
                   "The holdout is judged on the first new product opened "
                   "in these months before --as-of")
      ->check(CLI::Range(1, 60))
      ->capture_default_str();
  command
      ->add_option("--holdout", flags->holdout,
                   "Share of customers held out to judge the model")
      ->check(CLI::Range(0.05, 0.5))
      ->capture_default_str();
  command->add_option("--seed", flags->seed, "Seed of the holdout split")
      ->capture_default_str();
  command->add_option("--top", flags->top, "Customers listed with suggestions")
      ->check(CLI::Range(0, 1000))
      ->capture_default_str();
  command->add_option("--holdings-file", flags->holdings_file,
                      "Read the holdings from this file (as `vafa import "
                      "holdings` takes it) instead of the workspace; nothing "
                      "is stored");
  command->add_option("--customers-file", flags->customers_file,
                      "With --holdings-file: the customers file (the "
                      "customers' keys and order)");
  command->add_flag("--no-scores", flags->no_scores,
                    "Do not store the suggestions in the workspace");
  AddFormatOption(*command, flags->format);
  command->callback([&context, flags] {
    context.run = [&context, flags] {
      auto report = ComputeNextProductsFor(context, *flags);
      if (!report.ok()) return Fail(report.status());
      if (flags->format == "json") {
        PrintJson(*report);
      } else {
        PrintText(*report);
        if (report->contains("run_id")) {
          std::cout << "suggestions stored as next_product_1, "
                       "next_product_2, next_product_3 (run "
                    << (*report)["run_id"] << ")\n";
        }
      }
      return 0;
    };
  });
}

}  // namespace vafa::cli
