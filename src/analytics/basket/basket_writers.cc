#include "analytics/basket/basket_writers.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string_view>

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

// The items of a set by name (or index), joined with ';', into `joined`.
void JoinItems(std::span<const int32_t> items,
               std::span<const std::string> names, std::string& joined) {
  joined.clear();
  for (size_t pos = 0; pos < items.size(); ++pos) {
    if (pos > 0) joined += ';';
    if (items[pos] >= 0 && static_cast<size_t>(items[pos]) < names.size()) {
      joined += names[items[pos]];
    } else {
      joined += std::to_string(items[pos]);
    }
  }
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

ReportTable ItemsetsTable(const FrequentItemsets& itemsets,
                          std::span<const std::string> item_names) {
  ReportTable table("itemsets");
  table.AddColumn("items", ColumnType::kText);
  table.AddColumn("size", ColumnType::kInteger);
  table.AddColumn("support_count", ColumnType::kInteger);
  table.AddColumn("support", ColumnType::kNumber, ReportTable::kShortest);
  std::string joined;
  for (int64_t set_idx = 0; set_idx < itemsets.size(); ++set_idx) {
    const auto items = itemsets.itemset(set_idx);
    JoinItems(items, item_names, joined);
    table.Text(joined);
    table.Integer(static_cast<int64_t>(items.size()));
    table.Integer(itemsets.support[set_idx]);
    table.Number(static_cast<double>(itemsets.support[set_idx]) /
                 static_cast<double>(itemsets.num_baskets));
    table.EndWrittenRow();
  }
  return table;
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

ReportTable RulesTable(const AssociationRules& rules,
                       std::span<const std::string> item_names,
                       int64_t max_rules) {
  ReportTable table("basket");
  table.AddColumn("antecedent", ColumnType::kText);
  table.AddColumn("consequent", ColumnType::kText);
  table.AddColumn("support_count", ColumnType::kInteger);
  for (const char* name :
       {"support", "confidence", "lift", "leverage", "conviction"}) {
    table.AddColumn(name, ColumnType::kNumber, ReportTable::kShortest);
  }
  std::string joined;
  auto items = [&](std::span<const int32_t> set) {
    JoinItems(set, item_names, joined);
    table.Text(joined);
  };
  const int64_t count =
      max_rules < 0 ? rules.size() : std::min(max_rules, rules.size());
  for (int64_t rule_idx = 0; rule_idx < count; ++rule_idx) {
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

ReportTable OffersTable(const NextBestOffers& offers,
                        std::span<const std::string> customer_names,
                        std::span<const std::string> item_names) {
  ReportTable table("offers");
  table.AddColumn("customer", ColumnType::kText);
  table.AddColumn("rank", ColumnType::kInteger);
  table.AddColumn("product", ColumnType::kText);
  table.AddColumn("probability", ColumnType::kNumber, ReportTable::kShortest);
  table.AddColumn("expected_value", ColumnType::kNumber,
                  ReportTable::kShortest);
  table.AddColumn("source", ColumnType::kText);
  table.AddColumn("rule", ColumnType::kInteger);
  for (int64_t customer = 0; customer < offers.num_customers(); ++customer) {
    for (int64_t pos = offers.offsets[customer];
         pos < offers.offsets[customer + 1]; ++pos) {
      table.Text(CustomerText(customer, customer_names));
      table.Integer(pos - offers.offsets[customer] + 1);
      table.Text(ItemText(offers.product[pos], item_names));
      table.Number(offers.probability[pos]);
      table.Number(offers.expected_value[pos]);
      const bool by_rule = offers.rule[pos] >= 0;
      table.Text(by_rule ? "rule" : "segment");
      if (by_rule) {
        table.Integer(offers.rule[pos]);
      } else {
        table.Empty();
      }
      table.EndWrittenRow();
    }
  }
  return table;
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
