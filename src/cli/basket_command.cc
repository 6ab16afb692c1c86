// vafa basket: market-basket analysis on a workspace, a transactions CSV or
// a FIMI file: frequent itemsets (FP-Growth or Eclat), association rules
// with support, confidence, lift, leverage and conviction, next-best offers
// per customer (stored as scores on a workspace), and product affinity.
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
#include "pipeline/order_baskets.h"
#include "pipeline/score_writer.h"
#include "pipeline/transaction_source.h"

namespace vafa::cli {
namespace {

namespace basket = analytics::basket;

struct Flags {
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

int Run(CommandContext& context, const Flags& flags) {
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
  const bool json = flags.format == "json";
  const bool text = !json;
  nlohmann::json document = {{"command", "basket"}};
  std::unique_ptr<store::Database> db;
  int64_t workspace_id = 0;
  pipeline::LoadedLog loaded;
  OrderBaskets data;
  const bool from_fimi = !flags.fimi.empty();
  if (from_fimi) {
    auto fimi = basket::ReadFimiFile(flags.fimi);
    if (!fimi.ok()) return Fail(fimi.status());
    data.baskets = std::move(fimi->baskets);
    for (int64_t label : fimi->item_labels)
      data.item_names.push_back(std::to_string(label));
  } else {
    if (!flags.csv.empty()) {
      auto from_csv = pipeline::LoadTransactionsCsv(flags.csv, flags.currency);
      if (!from_csv.ok()) return Fail(from_csv.status());
      loaded = std::move(from_csv).value();
    } else {
      auto opened = context.Open();
      if (!opened.ok()) return Fail(opened.status());
      db = std::move(opened).value();
      auto workspace = context.Workspace(*db, false);
      if (!workspace.ok()) return Fail(workspace.status());
      workspace_id = workspace->id;
      auto from_store = pipeline::LoadTransactionsFromStore(*db, workspace_id);
      if (!from_store.ok()) return Fail(from_store.status());
      loaded = std::move(from_store).value();
    }
    DayNumber from = std::numeric_limits<DayNumber>::min();
    DayNumber to = std::numeric_limits<DayNumber>::max();
    for (auto [text, day, name] : {std::tuple{&flags.from, &from, "--from"},
                                   std::tuple{&flags.to, &to, "--to"}}) {
      if (text->empty()) continue;
      auto parsed = ParseDateTime(*text);
      if (!parsed.ok())
        return Fail(Status::Invalid(std::string(name) + ": " +
                                    parsed.status().message()));
      *day = DayOf(*parsed);
    }
    // Anonymous sales are baskets too, but of no customer: not of a
    // segment's.
    data = pipeline::BuildOrderBaskets(
        loaded, {.by_category = flags.by == "category",
                 .from = from,
                 .to = to,
                 .with_anonymous = flags.segment.empty()});
    if (!flags.segment.empty()) {
      // Keep the baskets of customers in one RFM segment (from vafa analyze).
      if (db == nullptr)
        return Fail(Status::Invalid("--segment needs a workspace (scores)"));
      std::set<int64_t> members;
      long long w = workspace_id, id = 0;
      std::string label = flags.segment;
      soci::statement st =
          (db->sql().prepare << "SELECT customer_id FROM scores WHERE "
                                "workspace_id = :w AND name = 'rfm_segment' "
                                "AND label = :l",
           soci::use(w), soci::use(label), soci::into(id));
      st.execute();
      while (st.fetch()) members.insert(id);
      if (members.empty()) {
        return Fail(Status::NotFound("no customer is in RFM segment \"" +
                                     flags.segment +
                                     "\" (run vafa analyze first)"));
      }
      std::vector<uint8_t> keep;
      for (int32_t customer : data.basket_customer) {
        keep.push_back(members.count(loaded.customer_ids[customer]) ? 1 : 0);
      }
      data.baskets = basket::SelectBaskets(data.baskets, keep);
      std::vector<int32_t> kept_customers;
      for (size_t b = 0; b < keep.size(); ++b) {
        if (keep[b]) kept_customers.push_back(data.basket_customer[b]);
      }
      data.basket_customer = std::move(kept_customers);
    }
  }
  if (data.baskets.size() == 0)
    return Fail(Status::Invalid("there are no baskets to mine"));

  auto support =
      basket::ParseMinSupport(flags.min_support, data.baskets.size());
  if (!support.ok()) return Fail(support.status());
  basket::MiningOptions mining;
  mining.min_support = std::max<int64_t>(1, *support);
  mining.max_size = flags.max_size;
  mining.threads = flags.threads;
  mining.algorithm =
      flags.algorithm == "fpgrowth" ? basket::MiningAlgorithm::kFpGrowth
      : flags.algorithm == "eclat"  ? basket::MiningAlgorithm::kEclat
                                    : basket::MiningAlgorithm::kAuto;
  auto itemsets = basket::MineFrequentItemsets(data.baskets, mining);
  if (!itemsets.ok()) return Fail(itemsets.status());
  // Rules only when asked for: --itemsets-only counts and writes the
  // itemsets alone.
  basket::AssociationRules rules;
  if (!flags.itemsets_only) {
    basket::RuleFilter filter;
    filter.min_confidence = flags.min_confidence;
    filter.min_lift = flags.min_lift;
    auto generated = basket::GenerateRules(*itemsets, filter);
    if (!generated.ok()) return Fail(generated.status());
    rules = std::move(generated).value();
    basket::SortRules(rules, *measure);
  }

  document["baskets"] = data.baskets.size();
  document["anonymous_baskets"] = data.anonymous_baskets;
  document["items"] = data.item_names.size();
  document["min_support"] = mining.min_support;
  document["frequent_itemsets"] = itemsets->size();
  document["itemsets_by_size"] = ItemsetsBySize(*itemsets);
  document["rules"] = flags.itemsets_only ? nlohmann::json(nullptr)
                                          : nlohmann::json(rules.size());
  document["top_rules"] = flags.itemsets_only
                              ? nlohmann::json::array()
                              : TopRulesJson(rules, data.item_names, flags.top);
  if (text) {
    std::cout << data.baskets.size() << " baskets";
    if (data.anonymous_baskets > 0) {
      std::cout << " (" << data.anonymous_baskets << " of anonymous sales)";
    }
    std::cout << ", " << data.item_names.size() << " items; "
              << itemsets->size() << " frequent itemsets at support "
              << mining.min_support << " baskets";
    if (flags.itemsets_only) {
      std::cout << " (no rules: --itemsets-only)\n";
    } else {
      std::cout << "; " << rules.size() << " rules\n";
      std::ostringstream top;
      basket::WriteRulesCsv(rules, data.item_names, top);
      std::istringstream lines(top.str());
      std::string line;
      for (int n = 0; n <= flags.top && std::getline(lines, line); ++n)
        std::cout << "  " << line << "\n";
    }
  }

  auto out_file = [&](const std::string& name) {
    return std::ofstream(std::filesystem::path(flags.out) /
                         (name + (json ? ".json" : ".csv")));
  };
  if (!flags.out.empty()) {
    std::filesystem::create_directories(flags.out);
    auto itemset_file = out_file("itemsets");
    json ? basket::WriteItemsetsJson(*itemsets, data.item_names, itemset_file)
         : basket::WriteItemsetsCsv(*itemsets, data.item_names, itemset_file);
    if (!flags.itemsets_only) {
      auto rule_file = out_file("rules");
      json ? basket::WriteRulesJson(rules, data.item_names, rule_file)
           : basket::WriteRulesCsv(rules, data.item_names, rule_file);
    }
  }

  if (!flags.affinity.empty() && !from_fimi) {
    auto it = std::find(data.item_names.begin(), data.item_names.end(),
                        flags.affinity);
    if (it == data.item_names.end()) {
      return Fail(Status::NotFound("no product \"" + flags.affinity + "\""));
    }
    basket::PurchaseEvents events;
    for (int64_t o = 0; o < loaded.log.order_count(); ++o) {
      for (uint32_t i = loaded.log.item_begin[o];
           i < loaded.log.item_begin[o + 1]; ++i) {
        int32_t product = loaded.log.item_product[i];
        events.customer.push_back(loaded.log.customer[o]);
        events.day.push_back(loaded.log.day[o]);
        events.product.push_back(flags.by == "category"
                                     ? loaded.log.product_category[product]
                                     : product);
      }
    }
    auto history = basket::BuildPurchaseHistory(events);
    if (!history.ok()) return Fail(history.status());
    auto affinity = basket::ComputeProductAffinity(
        *history, static_cast<int32_t>(it - data.item_names.begin()), {});
    if (!affinity.ok()) return Fail(affinity.status());
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
    document["affinity"] = {
        {"product", flags.affinity},
        {"baskets", affinity->baskets},
        {"customers", affinity->customers},
        {"bought_with", entries_json(affinity->bought_with)},
        {"bought_next", entries_json(affinity->bought_next)}};
    auto print = [&](const char* title,
                     const basket::AffinityEntries& entries) {
      if (!text) return;
      std::cout << title << "\n";
      for (size_t i = 0; i < entries.product.size(); ++i) {
        std::cout << "  " << data.item_names[entries.product[i]] << "\t"
                  << entries.count[i] << "\t" << std::fixed
                  << std::setprecision(3) << entries.share[i] << "\tlift "
                  << entries.lift[i] << "\n";
      }
    };
    if (text) {
      std::cout << flags.affinity << ": in " << affinity->baskets
                << " baskets of " << affinity->customers << " customers\n";
    }
    print("bought with it:", affinity->bought_with);
    print("bought next:", affinity->bought_next);
  }

  if (flags.offers && !from_fimi) {
    // Each customer's products, and their RFM segment when scores exist.
    basket::Baskets held;
    std::vector<std::vector<int32_t>> per_customer(loaded.log.customer_count());
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
    std::vector<int32_t> segment;
    if (db != nullptr) {
      std::map<int64_t, std::string> label_of;
      long long w = workspace_id, id = 0;
      std::string label;
      soci::statement st =
          (db->sql().prepare << "SELECT customer_id, label FROM scores WHERE "
                                "workspace_id = :w AND name = 'rfm_segment'",
           soci::use(w), soci::into(id), soci::into(label));
      st.execute();
      while (st.fetch()) label_of[id] = label;
      if (!label_of.empty()) {
        std::map<std::string, int32_t> index;
        for (int64_t id_of : loaded.customer_ids) {
          auto found = label_of.find(id_of);
          std::string name = found == label_of.end() ? "" : found->second;
          segment.push_back(
              index.emplace(name, static_cast<int32_t>(index.size()))
                  .first->second);
        }
      }
    }
    basket::OfferOptions options;
    options.product_value = value;
    options.customer_segment = segment;
    options.threads = flags.threads;
    auto offers = basket::RecommendOffers(held, rules, options);
    if (!offers.ok()) return Fail(offers.status());
    int64_t with_offer = 0;
    for (int64_t c = 0; c < offers->num_customers(); ++c) {
      with_offer += offers->offsets[c + 1] > offers->offsets[c];
    }
    document["offers"] = {{"customers", with_offer}};
    if (text) {
      std::cout << "next-best offers for " << with_offer << " customers\n";
    }
    if (!flags.out.empty()) {
      auto offer_file = out_file("offers");
      json ? basket::WriteOffersJson(*offers, loaded.log.customer_keys,
                                     data.item_names, offer_file)
           : basket::WriteOffersCsv(*offers, loaded.log.customer_keys,
                                    data.item_names, offer_file);
    }
    if (db != nullptr && !flags.no_scores) {
      std::vector<pipeline::ScoreColumn> columns;
      const double nan = std::numeric_limits<double>::quiet_NaN();
      for (int rank = 0; rank < options.top_k; ++rank) {
        pipeline::ScoreColumn column{
            "next_offer_" + std::to_string(rank + 1), {}, {}};
        column.value.assign(offers->num_customers(), nan);
        column.label.assign(offers->num_customers(), "");
        columns.push_back(std::move(column));
      }
      for (int64_t c = 0; c < offers->num_customers(); ++c) {
        for (int64_t k = offers->offsets[c]; k < offers->offsets[c + 1]; ++k) {
          auto& column = columns[k - offers->offsets[c]];
          column.value[c] = offers->expected_value[k];
          column.label[c] = data.item_names[offers->product[k]];
        }
      }
      pipeline::AnalysisRun run;
      run.kind = "basket";
      run.started_at = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
      run.parameters = "{\"min_support\":\"" + flags.min_support +
                       "\",\"by\":\"" + flags.by + "\"}";
      run.data_fingerprint = std::to_string(data.baskets.size()) + " baskets";
      run.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::steady_clock::now() - started)
                            .count();
      run.summary = "{\"rules\":" + std::to_string(rules.size()) + "}";
      auto stored = pipeline::WriteScores(*db, workspace_id,
                                          loaded.customer_ids, columns, run);
      if (!stored.ok()) return Fail(stored.status());
      document["offers"]["scores_run"] = *stored;
      if (text) {
        std::cout << "offers stored as scores next_offer_1.." << options.top_k
                  << " (run " << *stored << ")\n";
      }
    }
  }
  if (json) PrintJson(document);
  return 0;
}

}  // namespace

void AddBasketCommand(CLI::App& app, CommandContext& context) {
  auto flags = std::make_shared<Flags>();
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
    context.run = [&context, flags] { return Run(context, *flags); };
  });
}

}  // namespace vafa::cli
