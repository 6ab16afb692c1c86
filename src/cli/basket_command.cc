// vafa basket: market-basket analysis on a workspace, a transactions CSV or
// a FIMI file: frequent itemsets (FP-Growth or Eclat), association rules
// with support, confidence, lift, leverage and conviction, next-best offers
// per customer (stored as scores on a workspace), and product affinity.
// Its CSV files are report tables (analytics/basket/basket_writers.h)
// rendered by the one CSV renderer of every report (core/report_table_csv.h).
#include <soci/soci.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <limits>
#include <map>
#include <set>

#include "analytics/basket/association_rules.h"
#include "analytics/basket/basket_writers.h"
#include "analytics/basket/baskets.h"
#include "analytics/basket/fimi_reader.h"
#include "analytics/basket/frequent_itemsets.h"
#include "analytics/basket/next_best_offer.h"
#include "analytics/basket/product_affinity.h"
#include "cli/analysis_json.h"
#include "cli/command.h"
#include "core/report_table_csv.h"
#include "pipeline/order_baskets.h"
#include "pipeline/score_writer.h"
#include "pipeline/transaction_source.h"

namespace vafa::cli {
namespace {

namespace basket = analytics::basket;

struct BasketFlags {
  std::string csv, fimi, currency = "IRR", from, to, by = "product";
  std::string min_support = "1%", algorithm = "auto", sort = "lift",
              format = "csv";
  std::string out, affinity, segment;
  int max_size = 0, top = 10, threads = 0;
  double min_confidence = 0, min_lift = 0;
  bool offers = false, no_scores = false, itemsets_only = false;
};

// Top `top` rules of the rules JSON, as the JSON document carries them.
nlohmann::json TopRulesJson(const basket::AssociationRules& rules,
                            std::span<const std::string> item_names, int top) {
  std::ostringstream all;
  basket::WriteRulesJson(rules, item_names, all);
  nlohmann::json parsed = nlohmann::json::parse(all.str());
  if (top >= 0 && parsed.size() > static_cast<size_t>(top)) {
    parsed.erase(parsed.begin() + top, parsed.end());
  }
  return parsed;
}

// Frequent itemsets by size: {"1": n1, "2": n2, ...}.
nlohmann::json ItemsetsBySize(const basket::FrequentItemsets& itemsets) {
  std::map<int64_t, int64_t> by_size;
  for (int64_t i = 0; i < itemsets.size(); ++i) {
    ++by_size[itemsets.offsets[i + 1] - itemsets.offsets[i]];
  }
  nlohmann::json out = nlohmann::json::object();
  for (auto [size, count] : by_size) out[std::to_string(size)] = count;
  return out;
}

Result<basket::RuleMeasure> ParseMeasure(const std::string& name) {
  if (name == "support") return basket::RuleMeasure::kSupport;
  if (name == "confidence") return basket::RuleMeasure::kConfidence;
  if (name == "lift") return basket::RuleMeasure::kLift;
  if (name == "leverage") return basket::RuleMeasure::kLeverage;
  if (name == "conviction") return basket::RuleMeasure::kConviction;
  return Status::Invalid("--sort: \"" + name +
                             "\" is not support, confidence, lift, "
                             "leverage or conviction",
                         "sort");
}

using pipeline::OrderBaskets;

// What the basket command loads, and its later steps share.
struct BasketInput {
  std::unique_ptr<store::Database> db;  // when mining a workspace
  int64_t workspace_id = 0;
  pipeline::LoadedLog loaded;
  OrderBaskets data;
  bool from_fimi = false;
};

// Keeps the baskets of customers in one RFM segment (from vafa analyze).
Status KeepSegment(const std::string& segment, BasketInput& input) {
  if (input.db == nullptr) {
    return Status::Invalid("--segment needs a workspace (scores)");
  }
  std::set<int64_t> members;
  long long w = input.workspace_id, id = 0;
  std::string label = segment;
  soci::statement st =
      (input.db->sql().prepare << "SELECT customer_id FROM scores WHERE "
                                  "workspace_id = :w AND name = 'rfm_segment' "
                                  "AND label = :l",
       soci::use(w), soci::use(label), soci::into(id));
  st.execute();
  while (st.fetch()) members.insert(id);
  if (members.empty()) {
    return Status::NotFound("no customer is in RFM segment \"" + segment +
                            "\" (run vafa analyze first)");
  }
  OrderBaskets& data = input.data;
  std::vector<uint8_t> keep;
  for (int32_t customer : data.basket_customer) {
    keep.push_back(members.count(input.loaded.customer_ids[customer]) ? 1 : 0);
  }
  data.baskets = basket::SelectBaskets(data.baskets, keep);
  std::vector<int32_t> kept_customers;
  for (size_t b = 0; b < keep.size(); ++b) {
    if (keep[b]) kept_customers.push_back(data.basket_customer[b]);
  }
  data.basket_customer = std::move(kept_customers);
  return Status::Ok();
}

// The orders of a transactions CSV or the workspace, as baskets within
// --from and --to, of one segment with --segment.
Status LoadOrderBaskets(CommandContext& context, const BasketFlags& flags,
                        BasketInput& input) {
  if (!flags.csv.empty()) {
    VAFA_ASSIGN_OR_RETURN(
        input.loaded, pipeline::LoadTransactionsCsv(flags.csv, flags.currency));
  } else {
    VAFA_ASSIGN_OR_RETURN(input.db, context.Open());
    VAFA_ASSIGN_OR_RETURN(auto workspace, context.Workspace(*input.db, false));
    input.workspace_id = workspace.id;
    VAFA_ASSIGN_OR_RETURN(input.loaded, pipeline::LoadTransactionsFromStore(
                                            *input.db, input.workspace_id));
  }
  DayNumber from = std::numeric_limits<DayNumber>::min();
  DayNumber to = std::numeric_limits<DayNumber>::max();
  for (auto [text, day, name] : {std::tuple{&flags.from, &from, "--from"},
                                 std::tuple{&flags.to, &to, "--to"}}) {
    if (text->empty()) continue;
    auto parsed = ParseDateTime(*text);
    if (!parsed.ok()) {
      return Status::Invalid(std::string(name) + ": " +
                             parsed.status().message());
    }
    *day = DayOf(*parsed);
  }
  // Anonymous sales are baskets too, but of no customer: not of a
  // segment's.
  input.data = pipeline::BuildOrderBaskets(
      input.loaded, {.by_category = flags.by == "category",
                     .from = from,
                     .to = to,
                     .with_anonymous = flags.segment.empty()});
  if (!flags.segment.empty()) return KeepSegment(flags.segment, input);
  return Status::Ok();
}

// The baskets of a FIMI file, or else of the orders.
Status LoadBaskets(CommandContext& context, const BasketFlags& flags,
                   BasketInput& input) {
  input.from_fimi = !flags.fimi.empty();
  if (input.from_fimi) {
    VAFA_ASSIGN_OR_RETURN(auto fimi, basket::ReadFimiFile(flags.fimi));
    input.data.baskets = std::move(fimi.baskets);
    for (int64_t label : fimi.item_labels)
      input.data.item_names.push_back(std::to_string(label));
  } else {
    VAFA_RETURN_IF_ERROR(LoadOrderBaskets(context, flags, input));
  }
  if (input.data.baskets.size() == 0)
    return Status::Invalid("there are no baskets to mine");
  return Status::Ok();
}

struct Mined {
  int64_t min_support = 0;
  basket::FrequentItemsets itemsets;
  // Rules only when asked for: --itemsets-only counts and writes the
  // itemsets alone.
  basket::AssociationRules rules;
};

Result<Mined> Mine(const BasketFlags& flags, basket::RuleMeasure measure,
                   const OrderBaskets& data) {
  VAFA_ASSIGN_OR_RETURN(
      int64_t support,
      basket::ParseMinSupport(flags.min_support, data.baskets.size()));
  Mined mined;
  basket::MiningOptions mining;
  mining.min_support = mined.min_support = std::max<int64_t>(1, support);
  mining.max_size = flags.max_size;
  mining.threads = flags.threads;
  mining.algorithm =
      flags.algorithm == "fpgrowth" ? basket::MiningAlgorithm::kFpGrowth
      : flags.algorithm == "eclat"  ? basket::MiningAlgorithm::kEclat
                                    : basket::MiningAlgorithm::kAuto;
  VAFA_ASSIGN_OR_RETURN(mined.itemsets,
                        basket::MineFrequentItemsets(data.baskets, mining));
  if (!flags.itemsets_only) {
    basket::RuleFilter filter;
    filter.min_confidence = flags.min_confidence;
    filter.min_lift = flags.min_lift;
    VAFA_ASSIGN_OR_RETURN(mined.rules,
                          basket::GenerateRules(mined.itemsets, filter));
    basket::SortRules(mined.rules, measure);
  }
  return mined;
}

// The counts and top rules, into the JSON document or on stdout.
void ReportMined(const BasketFlags& flags, const OrderBaskets& data,
                 const Mined& mined, nlohmann::json& document) {
  document["baskets"] = data.baskets.size();
  document["anonymous_baskets"] = data.anonymous_baskets;
  document["items"] = data.item_names.size();
  document["min_support"] = mined.min_support;
  document["frequent_itemsets"] = mined.itemsets.size();
  document["itemsets_by_size"] = ItemsetsBySize(mined.itemsets);
  document["rules"] = flags.itemsets_only ? nlohmann::json(nullptr)
                                          : nlohmann::json(mined.rules.size());
  document["top_rules"] =
      flags.itemsets_only
          ? nlohmann::json::array()
          : TopRulesJson(mined.rules, data.item_names, flags.top);
  if (flags.format == "json") return;
  std::cout << data.baskets.size() << " baskets";
  if (data.anonymous_baskets > 0) {
    std::cout << " (" << data.anonymous_baskets << " of anonymous sales)";
  }
  std::cout << ", " << data.item_names.size() << " items; "
            << mined.itemsets.size() << " frequent itemsets at support "
            << mined.min_support << " baskets";
  if (flags.itemsets_only) {
    std::cout << " (no rules: --itemsets-only)\n";
    return;
  }
  std::cout << "; " << mined.rules.size() << " rules\n";
  if (flags.top < 0) return;
  // The lines of the header and the top rules, as the rules file begins.
  std::istringstream lines(RenderReportCsv(
      basket::RulesTable(mined.rules, data.item_names, flags.top)));
  std::string line;
  for (int n = 0; n <= flags.top && std::getline(lines, line); ++n)
    std::cout << "  " << line << "\n";
}

// A file of --out named for `name`, in the --format.
std::ofstream OutFile(const BasketFlags& flags, const std::string& name) {
  return std::ofstream(std::filesystem::path(flags.out) /
                       (name + (flags.format == "json" ? ".json" : ".csv")));
}

void WriteMined(const BasketFlags& flags, const OrderBaskets& data,
                const Mined& mined) {
  const bool json = flags.format == "json";
  std::filesystem::create_directories(flags.out);
  auto itemset_file = OutFile(flags, "itemsets");
  if (json) {
    basket::WriteItemsetsJson(mined.itemsets, data.item_names, itemset_file);
  } else {
    RenderReportCsv(basket::ItemsetsTable(mined.itemsets, data.item_names),
                    itemset_file);
  }
  if (flags.itemsets_only) return;
  auto rule_file = OutFile(flags, "rules");
  if (json) {
    basket::WriteRulesJson(mined.rules, data.item_names, rule_file);
  } else {
    RenderReportCsv(basket::RulesTable(mined.rules, data.item_names),
                    rule_file);
  }
}

// What is bought with and after --affinity's product.
Status ReportAffinity(const BasketFlags& flags, const BasketInput& input,
                      nlohmann::json& document) {
  const OrderBaskets& data = input.data;
  const analytics::TransactionLog& log = input.loaded.log;
  auto it =
      std::find(data.item_names.begin(), data.item_names.end(), flags.affinity);
  if (it == data.item_names.end()) {
    return Status::NotFound("no product \"" + flags.affinity + "\"");
  }
  basket::PurchaseEvents events;
  for (int64_t o = 0; o < log.order_count(); ++o) {
    for (uint32_t i = log.item_begin[o]; i < log.item_begin[o + 1]; ++i) {
      int32_t product = log.item_product[i];
      events.customer.push_back(log.customer[o]);
      events.day.push_back(log.day[o]);
      events.product.push_back(
          flags.by == "category" ? log.product_category[product] : product);
    }
  }
  VAFA_ASSIGN_OR_RETURN(auto history, basket::BuildPurchaseHistory(events));
  VAFA_ASSIGN_OR_RETURN(
      auto affinity,
      basket::ComputeProductAffinity(
          history, static_cast<int32_t>(it - data.item_names.begin()), {}));
  auto entries_json = [&](const basket::AffinityEntries& entries) {
    nlohmann::json list = nlohmann::json::array();
    for (size_t i = 0; i < entries.product.size(); ++i) {
      list.push_back({{"product", data.item_names[entries.product[i]]},
                      {"count", entries.count[i]},
                      {"share", entries.share[i]},
                      {"lift", entries.lift[i]}});
    }
    return list;
  };
  document["affinity"] = {{"product", flags.affinity},
                          {"baskets", affinity.baskets},
                          {"customers", affinity.customers},
                          {"bought_with", entries_json(affinity.bought_with)},
                          {"bought_next", entries_json(affinity.bought_next)}};
  if (flags.format == "json") return Status::Ok();
  auto print = [&](const char* title, const basket::AffinityEntries& entries) {
    std::cout << title << "\n";
    for (size_t i = 0; i < entries.product.size(); ++i) {
      std::cout << "  " << data.item_names[entries.product[i]] << "\t"
                << entries.count[i] << "\t" << std::fixed
                << std::setprecision(3) << entries.share[i] << "\tlift "
                << entries.lift[i] << "\n";
    }
  };
  std::cout << flags.affinity << ": in " << affinity.baskets << " baskets of "
            << affinity.customers << " customers\n";
  print("bought with it:", affinity.bought_with);
  print("bought next:", affinity.bought_next);
  return Status::Ok();
}

// Each customer's RFM segment as an index, when the workspace has them
// scored (empty otherwise).
std::vector<int32_t> SegmentIndex(const BasketInput& input) {
  std::vector<int32_t> segment;
  if (input.db == nullptr) return segment;
  std::map<int64_t, std::string> label_of;
  long long w = input.workspace_id, id = 0;
  std::string label;
  soci::statement st =
      (input.db->sql().prepare << "SELECT customer_id, label FROM scores WHERE "
                                  "workspace_id = :w AND name = 'rfm_segment'",
       soci::use(w), soci::into(id), soci::into(label));
  st.execute();
  while (st.fetch()) label_of[id] = label;
  if (label_of.empty()) return segment;
  std::map<std::string, int32_t> index;
  for (int64_t id_of : input.loaded.customer_ids) {
    auto found = label_of.find(id_of);
    std::string name = found == label_of.end() ? "" : found->second;
    segment.push_back(
        index.emplace(name, static_cast<int32_t>(index.size())).first->second);
  }
  return segment;
}

// Stores the offers as scores next_offer_1.. on the workspace; returns the
// analysis run.
Result<int64_t> StoreOffers(const BasketFlags& flags, const BasketInput& input,
                            const basket::NextBestOffers& offers, int top_k,
                            size_t rules,
                            std::chrono::steady_clock::time_point started) {
  std::vector<pipeline::ScoreColumn> columns;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (int rank = 0; rank < top_k; ++rank) {
    pipeline::ScoreColumn column{
        "next_offer_" + std::to_string(rank + 1), {}, {}};
    column.value.assign(offers.num_customers(), nan);
    column.label.assign(offers.num_customers(), "");
    columns.push_back(std::move(column));
  }
  for (int64_t c = 0; c < offers.num_customers(); ++c) {
    for (int64_t k = offers.offsets[c]; k < offers.offsets[c + 1]; ++k) {
      auto& column = columns[k - offers.offsets[c]];
      column.value[c] = offers.expected_value[k];
      column.label[c] = input.data.item_names[offers.product[k]];
    }
  }
  pipeline::AnalysisRun run;
  run.kind = "basket";
  run.started_at = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  run.parameters = "{\"min_support\":\"" + flags.min_support + "\",\"by\":\"" +
                   flags.by + "\"}";
  run.data_fingerprint = std::to_string(input.data.baskets.size()) + " baskets";
  run.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - started)
                        .count();
  run.summary = "{\"rules\":" + std::to_string(rules) + "}";
  return pipeline::WriteScores(*input.db, input.workspace_id,
                               input.loaded.customer_ids, columns, run);
}

// Next-best offers per customer from the rules: counted, written to --out
// and stored as scores on a workspace (unless --no-scores).
Status OfferNextBest(const BasketFlags& flags, const BasketInput& input,
                     const basket::AssociationRules& rules,
                     std::chrono::steady_clock::time_point started,
                     nlohmann::json& document) {
  const OrderBaskets& data = input.data;
  // Each customer's products, and their RFM segment when scores exist.
  basket::Baskets held;
  std::vector<std::vector<int32_t>> per_customer(
      input.loaded.log.customer_count());
  for (int64_t b = 0; b < data.baskets.size(); ++b) {
    if (data.basket_customer[b] == pipeline::kAnonymousBasket) continue;
    for (int32_t item : data.baskets.basket(b))
      per_customer[data.basket_customer[b]].push_back(item);
  }
  for (auto& items : per_customer) {
    std::sort(items.begin(), items.end());
    items.erase(std::unique(items.begin(), items.end()), items.end());
    held.Add(items);
  }
  held.num_items = data.baskets.num_items;
  std::vector<int64_t> value;
  for (double v : data.item_value) value.push_back(static_cast<int64_t>(v));
  const std::vector<int32_t> segment = SegmentIndex(input);
  basket::OfferOptions options;
  options.product_value = value;
  options.customer_segment = segment;
  options.threads = flags.threads;
  VAFA_ASSIGN_OR_RETURN(auto offers,
                        basket::RecommendOffers(held, rules, options));
  int64_t with_offer = 0;
  for (int64_t c = 0; c < offers.num_customers(); ++c) {
    with_offer += offers.offsets[c + 1] > offers.offsets[c];
  }
  const bool text = flags.format != "json";
  document["offers"] = {{"customers", with_offer}};
  if (text)
    std::cout << "next-best offers for " << with_offer << " customers\n";
  if (!flags.out.empty()) {
    auto offer_file = OutFile(flags, "offers");
    if (text) {
      RenderReportCsv(
          basket::OffersTable(offers, input.loaded.log.customer_keys,
                              data.item_names),
          offer_file);
    } else {
      basket::WriteOffersJson(offers, input.loaded.log.customer_keys,
                              data.item_names, offer_file);
    }
  }
  if (input.db == nullptr || flags.no_scores) return Status::Ok();
  VAFA_ASSIGN_OR_RETURN(
      int64_t stored,
      StoreOffers(flags, input, offers, options.top_k, rules.size(), started));
  document["offers"]["scores_run"] = stored;
  if (text) {
    std::cout << "offers stored as scores next_offer_1.." << options.top_k
              << " (run " << stored << ")\n";
  }
  return Status::Ok();
}

int RunBasket(CommandContext& context, const BasketFlags& flags) {
  const auto started = std::chrono::steady_clock::now();
  auto measure = ParseMeasure(flags.sort);
  if (!measure.ok()) return Fail(measure.status());
  if (flags.format != "csv" && flags.format != "json") {
    return Fail(Status::Invalid("--format is csv or json", "format"));
  }
  if (flags.itemsets_only && flags.offers) {
    return Fail(Status::Invalid(
        "--offers needs the rules: leave out --itemsets-only", "offers"));
  }
  nlohmann::json document = {{"command", "basket"}};
  BasketInput input;
  Status loaded = LoadBaskets(context, flags, input);
  if (!loaded.ok()) return Fail(loaded);
  auto mined = Mine(flags, *measure, input.data);
  if (!mined.ok()) return Fail(mined.status());
  ReportMined(flags, input.data, *mined, document);
  if (!flags.out.empty()) WriteMined(flags, input.data, *mined);
  if (!flags.affinity.empty() && !input.from_fimi) {
    Status reported = ReportAffinity(flags, input, document);
    if (!reported.ok()) return Fail(reported);
  }
  if (flags.offers && !input.from_fimi) {
    Status offered =
        OfferNextBest(flags, input, mined->rules, started, document);
    if (!offered.ok()) return Fail(offered);
  }
  if (flags.format == "json") PrintJson(document);
  return 0;
}

}  // namespace

void AddBasketCommand(CLI::App& app, CommandContext& context) {
  auto flags = std::make_shared<BasketFlags>();
  CLI::App* command =
      app.add_subcommand("basket",
                         "Market-basket analysis: frequent itemsets, rules, "
                         "next-best offers, affinity");
  command->add_option("--csv", flags->csv,
                      "A transactions CSV instead of the workspace");
  command->add_option("--fimi", flags->fimi,
                      "A FIMI file: one basket of item numbers a line");
  command->add_option("--currency", flags->currency,
                      "Unit of the CSV's amounts");
  command->add_option("--from", flags->from,
                      "Only orders on or after this date");
  command->add_option("--to", flags->to, "Only orders on or before this date");
  command->add_option("--segment", flags->segment,
                      "Only customers in this RFM segment (e.g. Champions; "
                      "needs vafa analyze)");
  command->add_option("--by", flags->by, "Items are products or categories")
      ->capture_default_str()
      ->check(CLI::IsMember({"product", "category"}));
  command
      ->add_option(
          "--min-support", flags->min_support,
          "A count (50), a fraction (0.01) or a percentage (1%) of baskets")
      ->capture_default_str();
  command->add_option("--max-size", flags->max_size,
                      "Largest itemset (0: no limit)");
  command
      ->add_option("--algorithm", flags->algorithm, "auto, fpgrowth or eclat")
      ->capture_default_str()
      ->check(CLI::IsMember({"auto", "fpgrowth", "eclat"}));
  command->add_option("--min-confidence", flags->min_confidence,
                      "Rules below are dropped");
  command->add_option("--min-lift", flags->min_lift, "Rules below are dropped");
  command
      ->add_option("--sort", flags->sort,
                   "support, confidence, lift, leverage, conviction")
      ->capture_default_str();
  command->add_option("--top", flags->top, "Rules to print")
      ->capture_default_str();
  command
      ->add_option("--format", flags->format,
                   "csv: text on stdout and CSV files; json: one JSON "
                   "document on stdout and JSON files")
      ->capture_default_str();
  command->add_flag("--itemsets-only", flags->itemsets_only,
                    "Count and write the frequent itemsets; build no rules");
  command->add_option("--out", flags->out,
                      "Write itemsets, rules (and offers) here");
  command->add_flag("--offers", flags->offers, "Next-best offers per customer");
  command->add_option("--affinity", flags->affinity,
                      "What is bought with and after this product");
  command->add_option("--threads", flags->threads, "Threads (0: all cores)");
  command->add_flag("--no-scores", flags->no_scores,
                    "Do not store offers as scores");
  command->callback([&context, flags] {
    context.run = [&context, flags] { return RunBasket(context, *flags); };
  });
}

}  // namespace vafa::cli
