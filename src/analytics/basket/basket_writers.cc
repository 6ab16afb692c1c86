#include "analytics/basket/basket_writers.h"

#include <charconv>
#include <cmath>
#include <string_view>

#include "core/csv_cell.h"

namespace vafa::analytics::basket {
namespace {

// Shortest text that reads back to the same double.
std::string FormatDouble(double value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

std::string ItemText(int32_t item, std::span<const std::string> names) {
  if (item >= 0 && static_cast<size_t>(item) < names.size()) {
    return names[item];
  }
  return std::to_string(item);
}

// Product and customer names come from clients: formula-protected text.
void WriteCsvField(std::string_view field, std::ostream& out) {
  out << CsvText(field);
}

void WriteCsvItems(std::span<const int32_t> items,
                   std::span<const std::string> names, std::ostream& out) {
  std::string joined;
  for (size_t pos = 0; pos < items.size(); ++pos) {
    if (pos > 0) joined += ';';
    joined += ItemText(items[pos], names);
  }
  WriteCsvField(joined, out);
}

void WriteJsonString(std::string_view text, std::ostream& out) {
  out << '"';
  for (const char c : text) {
    switch (c) {
      case '"':
        out << "\\\"";
        break;
      case '\\':
        out << "\\\\";
        break;
      case '\n':
        out << "\\n";
        break;
      case '\r':
        out << "\\r";
        break;
      case '\t':
        out << "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          static constexpr char kHex[] = "0123456789abcdef";
          out << "\\u00" << kHex[(c >> 4) & 0xf] << kHex[c & 0xf];
        } else {
          out << c;
        }
    }
  }
  out << '"';
}

void WriteJsonItems(std::span<const int32_t> items,
                    std::span<const std::string> names, std::ostream& out) {
  out << '[';
  for (size_t pos = 0; pos < items.size(); ++pos) {
    if (pos > 0) out << ',';
    if (names.empty()) {
      out << items[pos];
    } else {
      WriteJsonString(ItemText(items[pos], names), out);
    }
  }
  out << ']';
}

std::string CsvNumber(double value) {
  return std::isinf(value) ? "inf" : FormatDouble(value);
}

std::string JsonNumber(double value) {
  return std::isfinite(value) ? FormatDouble(value) : "null";
}

std::string CustomerText(int64_t customer, std::span<const std::string> names) {
  if (customer >= 0 && static_cast<size_t>(customer) < names.size()) {
    return names[customer];
  }
  return std::to_string(customer);
}

}  // namespace

void WriteItemsetsCsv(const FrequentItemsets& itemsets,
                      std::span<const std::string> item_names,
                      std::ostream& out) {
  out << "items,size,support_count,support\n";
  for (int64_t set_idx = 0; set_idx < itemsets.size(); ++set_idx) {
    const auto items = itemsets.itemset(set_idx);
    WriteCsvItems(items, item_names, out);
    out << ',' << items.size() << ',' << itemsets.support[set_idx] << ','
        << FormatDouble(static_cast<double>(itemsets.support[set_idx]) /
                        static_cast<double>(itemsets.num_baskets))
        << '\n';
  }
}

void WriteItemsetsJson(const FrequentItemsets& itemsets,
                       std::span<const std::string> item_names,
                       std::ostream& out) {
  out << '[';
  for (int64_t set_idx = 0; set_idx < itemsets.size(); ++set_idx) {
    if (set_idx > 0) out << ',';
    out << "{\"items\":";
    WriteJsonItems(itemsets.itemset(set_idx), item_names, out);
    out << ",\"support_count\":" << itemsets.support[set_idx] << ",\"support\":"
        << FormatDouble(static_cast<double>(itemsets.support[set_idx]) /
                        static_cast<double>(itemsets.num_baskets))
        << '}';
  }
  out << "]\n";
}

void WriteRulesCsv(const AssociationRules& rules,
                   std::span<const std::string> item_names, std::ostream& out) {
  out << "antecedent,consequent,support_count,support,confidence,lift,"
         "leverage,conviction\n";
  for (int64_t rule_idx = 0; rule_idx < rules.size(); ++rule_idx) {
    WriteCsvItems(rules.antecedent(rule_idx), item_names, out);
    out << ',';
    WriteCsvItems(rules.consequent(rule_idx), item_names, out);
    out << ',' << rules.support_count[rule_idx] << ','
        << CsvNumber(rules.support[rule_idx]) << ','
        << CsvNumber(rules.confidence[rule_idx]) << ','
        << CsvNumber(rules.lift[rule_idx]) << ','
        << CsvNumber(rules.leverage[rule_idx]) << ','
        << CsvNumber(rules.conviction[rule_idx]) << '\n';
  }
}

ReportTable RulesTable(const AssociationRules& rules,
                       std::span<const std::string> item_names) {
  ReportTable table("basket");
  table.AddColumn("antecedent", ColumnType::kText);
  table.AddColumn("consequent", ColumnType::kText);
  table.AddColumn("support_count", ColumnType::kInteger);
  for (const char* name :
       {"support", "confidence", "lift", "leverage", "conviction"}) {
    table.AddColumn(name, ColumnType::kNumber, ReportTable::kShortest);
  }
  auto items = [&](std::span<const int32_t> set) {
    std::string joined;
    for (size_t pos = 0; pos < set.size(); ++pos) {
      if (pos > 0) joined += ';';
      joined += ItemText(set[pos], item_names);
    }
    table.Text(joined);
  };
  for (int64_t rule_idx = 0; rule_idx < rules.size(); ++rule_idx) {
    items(rules.antecedent(rule_idx));
    items(rules.consequent(rule_idx));
    table.Integer(rules.support_count[rule_idx]);
    table.Number(rules.support[rule_idx]);
    table.Number(rules.confidence[rule_idx]);
    table.Number(rules.lift[rule_idx]);
    table.Number(rules.leverage[rule_idx]);
    table.Number(rules.conviction[rule_idx]);
    table.EndWrittenRow();
  }
  return table;
}

void WriteRulesJson(const AssociationRules& rules,
                    std::span<const std::string> item_names,
                    std::ostream& out) {
  out << '[';
  for (int64_t rule_idx = 0; rule_idx < rules.size(); ++rule_idx) {
    if (rule_idx > 0) out << ',';
    out << "{\"antecedent\":";
    WriteJsonItems(rules.antecedent(rule_idx), item_names, out);
    out << ",\"consequent\":";
    WriteJsonItems(rules.consequent(rule_idx), item_names, out);
    out << ",\"support_count\":" << rules.support_count[rule_idx]
        << ",\"support\":" << JsonNumber(rules.support[rule_idx])
        << ",\"confidence\":" << JsonNumber(rules.confidence[rule_idx])
        << ",\"lift\":" << JsonNumber(rules.lift[rule_idx])
        << ",\"leverage\":" << JsonNumber(rules.leverage[rule_idx])
        << ",\"conviction\":" << JsonNumber(rules.conviction[rule_idx]) << '}';
  }
  out << "]\n";
}

void WriteOffersCsv(const NextBestOffers& offers,
                    std::span<const std::string> customer_names,
                    std::span<const std::string> item_names,
                    std::ostream& out) {
  out << "customer,rank,product,probability,expected_value,source,rule\n";
  for (int64_t customer = 0; customer < offers.num_customers(); ++customer) {
    for (int64_t pos = offers.offsets[customer];
         pos < offers.offsets[customer + 1]; ++pos) {
      WriteCsvField(CustomerText(customer, customer_names), out);
      out << ',' << (pos - offers.offsets[customer] + 1) << ',';
      WriteCsvField(ItemText(offers.product[pos], item_names), out);
      out << ',' << CsvNumber(offers.probability[pos]) << ','
          << CsvNumber(offers.expected_value[pos]) << ','
          << (offers.rule[pos] >= 0 ? "rule" : "segment") << ',';
      if (offers.rule[pos] >= 0) out << offers.rule[pos];
      out << '\n';
    }
  }
}

void WriteOffersJson(const NextBestOffers& offers,
                     std::span<const std::string> customer_names,
                     std::span<const std::string> item_names,
                     std::ostream& out) {
  out << '[';
  for (int64_t customer = 0; customer < offers.num_customers(); ++customer) {
    if (customer > 0) out << ',';
    out << "{\"customer\":";
    if (customer_names.empty()) {
      out << customer;
    } else {
      WriteJsonString(CustomerText(customer, customer_names), out);
    }
    out << ",\"offers\":[";
    for (int64_t pos = offers.offsets[customer];
         pos < offers.offsets[customer + 1]; ++pos) {
      if (pos > offers.offsets[customer]) out << ',';
      out << "{\"product\":";
      if (item_names.empty()) {
        out << offers.product[pos];
      } else {
        WriteJsonString(ItemText(offers.product[pos], item_names), out);
      }
      out << ",\"probability\":" << JsonNumber(offers.probability[pos])
          << ",\"expected_value\":" << JsonNumber(offers.expected_value[pos])
          << ",\"source\":\"" << (offers.rule[pos] >= 0 ? "rule" : "segment")
          << "\",\"rule\":";
      if (offers.rule[pos] >= 0) {
        out << offers.rule[pos];
      } else {
        out << "null";
      }
      out << '}';
    }
    out << "]}";
  }
  out << "]\n";
}

}  // namespace vafa::analytics::basket
