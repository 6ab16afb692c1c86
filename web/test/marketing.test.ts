import { describe, expect, it } from "vitest";
import { rulesOf, upliftVerdict, type CampaignReport } from "../src/pages/marketing-data";

describe("the segment builder", () => {
  it("makes rules of its rows: lists, numbers typed in Persian, ranges", () => {
    const rules = rulesOf("all", [
      { field: "rfm_segment", op: "in", value: "At risk، Hibernating" },
      { field: "clv", op: ">", value: "۵٬۰۰۰٬۰۰۰" },
      { field: "city", op: "=", value: " تهران " },
      { field: "orders_count", op: "between", value: "2..5" },
      { field: "retention_priority", op: "top", value: "500" },
      { field: "churn_risk", op: "exists", value: "ignored" },
      { field: "", op: ">", value: "1" },
    ]);
    expect(rules).toEqual({
      match: "all",
      conditions: [
        { field: "rfm_segment", op: "in", value: ["At risk", "Hibernating"] },
        { field: "clv", op: ">", value: 5000000 },
        { field: "city", op: "=", value: "تهران" },
        { field: "orders_count", op: "between", value: [2, 5] },
        { field: "retention_priority", op: "top", value: 500 },
        { field: "churn_risk", op: "exists" },
      ],
    });
  });

  it("keeps a score's label as text and a date as typed", () => {
    const rules = rulesOf("any", [
      { field: "churn_stage", op: "=", value: "at risk" },
      { field: "joined_at", op: ">=", value: "1405/01/01" },
    ]);
    expect(rules.conditions).toEqual([
      { field: "churn_stage", op: "=", value: "at risk" },
      { field: "joined_at", op: ">=", value: "1405/01/01" },
    ]);
  });
});

describe("the campaign verdict", () => {
  const base = { has_control: true, uplift: 0.02 } as CampaignReport;
  it("reads the interval, not the point", () => {
    expect(upliftVerdict({ ...base, uplift_low: 0.001, uplift_high: 0.04 })).toBe("up");
    expect(upliftVerdict({ ...base, uplift_low: -0.01, uplift_high: 0.04 })).toBe("unclear");
    expect(upliftVerdict({ ...base, uplift_low: -0.04, uplift_high: -0.01 })).toBe("down");
    expect(upliftVerdict({ ...base, has_control: false, uplift_low: null, uplift_high: null })).toBe("none");
  });
});
