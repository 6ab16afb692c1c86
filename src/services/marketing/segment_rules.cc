#include "services/marketing/segment_rules.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace vafa::services::marketing {
namespace {

using nlohmann::json;

constexpr const char* kCustomerTextFields[] = {
    "city", "province", "kind", "gender", "acquisition_channel", "language"};

bool IsTextOp(const std::string& op) {
  return op == "=" || op == "!=" || op == "in" || op == "not_in";
}
bool IsNumberOp(const std::string& op) {
  return op == ">" || op == ">=" || op == "<" || op == "<=" || op == "between";
}

// Customer columns that are not segment fields: contact details and
// names (a segment is about behaviour and value, and its rules are shown to
// roles that may not see contact details).
constexpr const char* kNotFields[] = {
    "phone",      "email",     "national_id",  "birth_date",
    "first_name", "last_name", "display_name", "organisation_name",
    "external_id"};

bool IsScoreName(const std::string& name) {
  if (std::find(std::begin(kNotFields), std::end(kNotFields), name) !=
      std::end(kNotFields)) {
    return false;
  }
  if (name.empty() || name.size() > 64 || name[0] < 'a' || name[0] > 'z') {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// A number, or (for dates) a date the core parser reads.
Result<double> NumberOf(const json& value, bool date, const std::string& at) {
  if (value.is_number()) {
    double number = value.get<double>();
    if (std::isfinite(number)) return number;
  }
  if (date && value.is_string()) {
    auto parsed = ParseDateTime(value.get<std::string>());
    if (parsed.ok()) return static_cast<double>(*parsed);
    return Status::Refused(at, parsed.status().message());
  }
  return Status::Refused(at, date ? "a date or Unix seconds" : "a number");
}

Status ParseValue(const json& item, SegmentCondition& condition,
                  const std::string& at) {
  const std::string& op = condition.op;
  const bool has_value = item.contains("value");
  const json value = has_value ? item["value"] : json();
  const std::string where = at + ".value";
  if (op == "exists") {
    if (has_value) return Status::Refused(where, "exists takes no value");
    return Status::Ok();
  }
  if (!has_value) return Status::Refused(where, "a value is needed");
  if (op == "=" || op == "!=") {
    if (!value.is_string() || value.get<std::string>().size() > 200) {
      return Status::Refused(where, "a text of at most 200 bytes");
    }
    condition.texts.push_back(value.get<std::string>());
    return Status::Ok();
  }
  if (op == "in" || op == "not_in") {
    if (!value.is_array() || value.empty() || value.size() > 200) {
      return Status::Refused(where, "a list of 1 to 200 texts");
    }
    for (const json& text : value) {
      if (!text.is_string() || text.get<std::string>().size() > 200) {
        return Status::Refused(where, "a list of texts of at most 200 bytes");
      }
      condition.texts.push_back(text.get<std::string>());
    }
    return Status::Ok();
  }
  const bool date = condition.kind == SegmentField::kJoinedAt;
  if (op == "between") {
    if (!value.is_array() || value.size() != 2) {
      return Status::Refused(where, "between takes [low, high]");
    }
    for (int i = 0; i < 2; ++i) {
      VAFA_ASSIGN_OR_RETURN(
          double number,
          NumberOf(value[i], date, where + "[" + std::to_string(i) + "]"));
      condition.numbers.push_back(number);
    }
    if (condition.numbers[0] > condition.numbers[1]) {
      return Status::Refused(where, "low is above high");
    }
    return Status::Ok();
  }
  if (op == "top") {
    if (!value.is_number_integer() || value.get<int64_t>() < 1 ||
        value.get<int64_t>() > 1000000) {
      return Status::Refused(where, "top takes a count from 1 to 1000000");
    }
    condition.numbers.push_back(value.get<double>());
    return Status::Ok();
  }
  VAFA_ASSIGN_OR_RETURN(double number, NumberOf(value, date, where));
  condition.numbers.push_back(number);
  return Status::Ok();
}

std::string Number(double value) {
  char text[40];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

// "a" for op on a number expression.
std::string Compare(const std::string& expression, const std::string& op,
                    const std::vector<double>& numbers) {
  if (op == "between") {
    return expression + " BETWEEN " + Number(numbers[0]) + " AND " +
           Number(numbers[1]);
  }
  return expression + " " + op + " " + Number(numbers[0]);
}

}  // namespace

Result<SegmentRules> ParseSegmentRules(const nlohmann::json& rules) {
  if (!rules.is_object()) {
    return Status::Refused("rules", "rules are an object with conditions");
  }
  for (const auto& [key, value] : rules.items()) {
    if (key != "match" && key != "conditions") {
      return Status::Refused(key, "unknown field \"" + key + "\"");
    }
  }
  SegmentRules parsed;
  if (rules.contains("match")) {
    const json& match = rules["match"];
    if (match != "all" && match != "any") {
      return Status::Refused("match", "match is all or any");
    }
    parsed.match_all = match == "all";
  }
  if (!rules.contains("conditions")) return parsed;
  const json& list = rules["conditions"];
  if (!list.is_array() || list.size() > 20) {
    return Status::Refused("conditions", "conditions is a list of up to 20");
  }
  for (size_t i = 0; i < list.size(); ++i) {
    const json& item = list[i];
    const std::string at = "conditions[" + std::to_string(i) + "]";
    if (!item.is_object())
      return Status::Refused(at, "a condition is an object");
    for (const auto& [key, value] : item.items()) {
      if (key != "field" && key != "op" && key != "value") {
        return Status::Refused(at + "." + key, "unknown field \"" + key + "\"");
      }
    }
    SegmentCondition condition;
    if (!item.contains("field") || !item["field"].is_string()) {
      return Status::Refused(at + ".field", "a field name is needed");
    }
    if (!item.contains("op") || !item["op"].is_string()) {
      return Status::Refused(at + ".op", "an operator is needed");
    }
    condition.field = item["field"].get<std::string>();
    condition.op = item["op"].get<std::string>();
    const std::string& field = condition.field;
    const std::string& op = condition.op;
    bool op_ok = false;
    if (std::find(std::begin(kCustomerTextFields),
                  std::end(kCustomerTextFields),
                  field) != std::end(kCustomerTextFields)) {
      condition.kind = SegmentField::kCustomerText;
      op_ok = IsTextOp(op);
    } else if (field == "joined_at") {
      condition.kind = SegmentField::kJoinedAt;
      op_ok = IsNumberOp(op);
    } else if (field == "orders_count") {
      condition.kind = SegmentField::kOrdersCount;
      op_ok = IsNumberOp(op);
    } else if (field == "days_since_last_order") {
      condition.kind = SegmentField::kDaysSinceLastOrder;
      op_ok = IsNumberOp(op);
    } else if (IsScoreName(field)) {
      condition.kind = SegmentField::kScore;
      op_ok = IsTextOp(op) || IsNumberOp(op) || op == "top" || op == "exists";
    } else {
      return Status::Refused(at + ".field", "no field \"" + field + "\"");
    }
    if (!op_ok) {
      return Status::Refused(at + ".op",
                             "\"" + op + "\" does not apply to " + field);
    }
    VAFA_RETURN_IF_ERROR(ParseValue(item, condition, at));
    parsed.conditions.push_back(std::move(condition));
  }
  return parsed;
}

std::vector<std::string> ScoresUsed(const SegmentRules& rules) {
  std::vector<std::string> names;
  for (const SegmentCondition& c : rules.conditions) {
    if (c.kind == SegmentField::kScore &&
        std::find(names.begin(), names.end(), c.field) == names.end()) {
      names.push_back(c.field);
    }
  }
  return names;
}

SegmentSql CompileSegment(const SegmentRules& rules, int64_t workspace_id,
                          UnixSeconds now) {
  SegmentSql sql;
  auto text = [&](const std::string& value) {
    std::string mark = ":g" + std::to_string(sql.texts.size());
    sql.texts.push_back(value);
    return mark;
  };
  auto list = [&](const std::vector<std::string>& values) {
    std::string marks;
    for (const std::string& value : values) {
      marks += (marks.empty() ? "" : ", ") + text(value);
    }
    return "(" + marks + ")";
  };
  const std::string ws = std::to_string(workspace_id);
  const std::string score_of =
      "SELECT 1 FROM scores s WHERE s.workspace_id = c.workspace_id AND "
      "s.customer_id = c.id AND s.name = ";
  // Orders up to `now`: the history as it stood then.
  const std::string orders_of =
      " FROM orders o WHERE o.workspace_id = c.workspace_id AND o.customer_id "
      "= c.id AND o.deleted_at IS NULL AND o.ordered_at <= " +
      std::to_string(now) + ")";
  std::vector<std::string> parts;
  for (const SegmentCondition& c : rules.conditions) {
    const std::string& op = c.op;
    std::string part;
    switch (c.kind) {
      case SegmentField::kCustomerText: {
        const std::string column = "c." + c.field;
        if (op == "=") {
          part = column + " = " + text(c.texts[0]);
        } else if (op == "in") {
          part = column + " IN " + list(c.texts);
        } else {
          part = "(" + column + " IS NULL OR " + column + " NOT IN " +
                 list(c.texts) + ")";
        }
        break;
      }
      case SegmentField::kJoinedAt:
        part = Compare("c.joined_at", op, c.numbers);
        break;
      case SegmentField::kOrdersCount:
        part = Compare("(SELECT COUNT(*)" + orders_of, op, c.numbers);
        break;
      case SegmentField::kDaysSinceLastOrder: {
        // Days since the last order compared with N is the last order's
        // time compared, the other way round, with now - N days.
        const std::string last = "(SELECT MAX(o.ordered_at)" + orders_of;
        auto day = [&](double days) {
          return Number(static_cast<double>(now) - days * 86400.0);
        };
        if (op == "between") {
          part = last + " BETWEEN " + day(c.numbers[1]) + " AND " +
                 day(c.numbers[0]);
        } else {
          const std::string flipped = op == ">"    ? "<"
                                      : op == ">=" ? "<="
                                      : op == "<"  ? ">"
                                                   : ">=";
          part = last + " " + flipped + " " + day(c.numbers[0]);
        }
        break;
      }
      case SegmentField::kScore: {
        const std::string name = text(c.field);
        if (op == "top") {
          part =
              "c.id IN (SELECT s.customer_id FROM scores s WHERE "
              "s.workspace_id = " +
              ws + " AND s.name = " + name +
              " AND s.value IS NOT NULL ORDER BY s.value DESC, "
              "s.customer_id LIMIT " +
              Number(c.numbers[0]) + ")";
        } else if (op == "exists") {
          part = "EXISTS (" + score_of + name + ")";
        } else if (op == "=" || op == "in") {
          part = "EXISTS (" + score_of + name + " AND s.label IN " +
                 list(c.texts) + ")";
        } else if (op == "!=" || op == "not_in") {
          part = "NOT EXISTS (" + score_of + name + " AND s.label IN " +
                 list(c.texts) + ")";
        } else {
          part = "EXISTS (" + score_of + name + " AND " +
                 Compare("s.value", op, c.numbers) + ")";
        }
        break;
      }
    }
    parts.push_back("(" + part + ")");
  }
  if (parts.empty()) {
    sql.where = "1 = 1";
    return sql;
  }
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) sql.where += rules.match_all ? " AND " : " OR ";
    sql.where += parts[i];
  }
  sql.where = "(" + sql.where + ")";
  return sql;
}

}  // namespace vafa::services::marketing
