#include "services/marketing/segment_rules.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace vafa::services::marketing {
namespace {

using nlohmann::json;

Status ParseError(const char* text) {
  return ParseSegmentRules(json::parse(text)).status();
}

TEST(SegmentRules, ErrorsNameTheConditionAndPart) {
  EXPECT_EQ(ParseError(R"({"match":"most"})").field(), "match");
  EXPECT_EQ(ParseError(R"({"conditons":[]})").field(), "conditons");
  EXPECT_EQ(ParseError(R"({"conditions":[{"field":"phone","op":"=",
                                           "value":"0912"}]})")
                .field(),
            "conditions[0].field");  // contact details are not a field
  EXPECT_EQ(ParseError(R"({"conditions":[{"field":"city","op":"=","value":"a"},
                                          {"field":"city","op":">","value":3}]})")
                .field(),
            "conditions[1].op");
  EXPECT_EQ(ParseError(R"({"conditions":[{"field":"clv","op":">",
                                           "value":"lots"}]})")
                .field(),
            "conditions[0].value");
  EXPECT_EQ(ParseError(R"({"conditions":[{"field":"joined_at","op":"between",
                                           "value":["2026-01-01","soon"]}]})")
                .field(),
            "conditions[0].value[1]");
  EXPECT_EQ(ParseError(R"({"conditions":[{"field":"clv","op":"between",
                                           "value":[9,1]}]})")
                .field(),
            "conditions[0].value");
  EXPECT_EQ(ParseError(R"({"conditions":[{"field":"clv","op":"top",
                                           "value":0}]})")
                .field(),
            "conditions[0].value");
  EXPECT_EQ(ParseError(R"({"conditions":[{"field":"clv","op":"exists",
                                           "value":1}]})")
                .field(),
            "conditions[0].value");
}

TEST(SegmentRules, NoConditionsIsEveryone) {
  auto rules = ParseSegmentRules(json::object());
  ASSERT_TRUE(rules.ok());
  EXPECT_EQ(CompileSegment(*rules, 7, 0).where, "1 = 1");
}

TEST(SegmentRules, CompilesEachKindOfCondition) {
  auto rules = ParseSegmentRules(json::parse(R"({"match":"all","conditions":[
      {"field":"rfm_segment","op":"in","value":["At risk","Hibernating"]},
      {"field":"clv","op":">","value":5000000},
      {"field":"city","op":"!=","value":"Qom"},
      {"field":"days_since_last_order","op":">=","value":90},
      {"field":"joined_at","op":"<","value":"2026-01-01"},
      {"field":"retention_priority","op":"top","value":500}]})"));
  ASSERT_TRUE(rules.ok()) << rules.status().message();
  EXPECT_EQ(
      ScoresUsed(*rules),
      (std::vector<std::string>{"rfm_segment", "clv", "retention_priority"}));
  // 1 March 2026 00:00 UTC.
  SegmentSql sql = CompileSegment(*rules, 7, 1772323200);
  EXPECT_EQ(sql.texts,
            (std::vector<std::string>{"rfm_segment", "At risk", "Hibernating",
                                      "clv", "Qom", "retention_priority"}));
  const std::string score =
      "SELECT 1 FROM scores s WHERE s.workspace_id = c.workspace_id AND "
      "s.customer_id = c.id AND s.name = ";
  const std::string orders =
      " FROM orders o WHERE o.workspace_id = c.workspace_id AND o.customer_id "
      "= c.id AND o.deleted_at IS NULL AND o.ordered_at <= 1772323200)";
  EXPECT_EQ(
      sql.where,
      "((EXISTS (" + score + ":g0 AND s.label IN (:g1, :g2))) AND (EXISTS (" +
          score +
          ":g3 AND s.value > 5000000)) AND ((c.city IS NULL OR c.city "
          "NOT IN (:g4))) AND ((SELECT MAX(o.ordered_at)" +
          orders +
          " <= 1764547200) AND (c.joined_at < 1767225600) AND (c.id IN (SELECT "
          "s.customer_id FROM scores s WHERE s.workspace_id = 7 AND s.name = "
          ":g5 AND s.value IS NOT NULL ORDER BY s.value DESC, s.customer_id "
          "LIMIT 500)))");
}

TEST(SegmentRules, AnyJoinsWithOrAndDaysBetweenFlips) {
  auto rules = ParseSegmentRules(json::parse(R"({"match":"any","conditions":[
      {"field":"orders_count","op":"between","value":[2,5]},
      {"field":"days_since_last_order","op":"between","value":[30,60]}]})"));
  ASSERT_TRUE(rules.ok());
  SegmentSql sql = CompileSegment(*rules, 1, 100 * 86400);
  EXPECT_NE(sql.where.find("COUNT(*)"), std::string::npos);
  EXPECT_NE(sql.where.find(" BETWEEN 2 AND 5) OR ("), std::string::npos);
  // 60 to 30 days before day 100: the last order on day 40 to day 70.
  EXPECT_NE(sql.where.find(" BETWEEN 3456000 AND 6048000"), std::string::npos);
}

}  // namespace
}  // namespace vafa::services::marketing
