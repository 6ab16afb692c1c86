// Market-basket results as report tables (core/report_table.h), whose CSV
// rendering (core/report_table_csv.h: RFC 4180, one header line,
// formula-protected names) is the CLI's CSV, and as JSON (UTF-8, one object
// per itemset, rule or offer). Output is deterministic: the same input
// gives the same bytes. Items are written by name when `item_names` is
// given (item index -> name), otherwise as their indices; in a table the
// items of one set are one text cell joined with ';'. Fractions are in
// columns of the shortest text that reads back to the same double
// (ReportTable::kShortest); an infinite conviction is "inf" in CSV and null
// in JSON.
#ifndef VAFA_ANALYTICS_BASKET_BASKET_WRITERS_H_
#define VAFA_ANALYTICS_BASKET_BASKET_WRITERS_H_

#include <ostream>
#include <span>
#include <string>

#include "analytics/basket/association_rules.h"
#include "analytics/basket/frequent_itemsets.h"
#include "analytics/basket/next_best_offer.h"
#include "core/report_table.h"

namespace vafa::analytics::basket {

// "itemsets": items (text), size, support_count (integers), support.
ReportTable ItemsetsTable(const FrequentItemsets& itemsets,
                          std::span<const std::string> item_names);
// [{"items":[...],"support_count":n,"support":x},...]
void WriteItemsetsJson(const FrequentItemsets& itemsets,
                       std::span<const std::string> item_names,
                       std::ostream& out);

// The rules as the "basket" report's table: antecedent, consequent (text),
// support_count (integer), support, confidence, lift, leverage, conviction
// (numbers; an infinite conviction kept: CSV "inf", JSON null). With
// `max_rules` >= 0, only the first that many rules (the top of a sorted
// list).
ReportTable RulesTable(const AssociationRules& rules,
                       std::span<const std::string> item_names,
                       int64_t max_rules = -1);
void WriteRulesJson(const AssociationRules& rules,
                    std::span<const std::string> item_names, std::ostream& out);

// "offers": customer, rank, product, probability, expected_value, source,
// rule (source is "rule" or "segment"; rule is the rule index or empty),
// usable as a campaign list. `customer_names` maps customer index -> name
// (optional).
ReportTable OffersTable(const NextBestOffers& offers,
                        std::span<const std::string> customer_names,
                        std::span<const std::string> item_names);
void WriteOffersJson(const NextBestOffers& offers,
                     std::span<const std::string> customer_names,
                     std::span<const std::string> item_names,
                     std::ostream& out);

}  // namespace vafa::analytics::basket

#endif  // VAFA_ANALYTICS_BASKET_BASKET_WRITERS_H_
