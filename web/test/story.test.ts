import { describe, expect, it } from "vitest";
import { translator } from "../src/i18n";
import { type CustomerStory, storySentence } from "../src/pages/customer-data";

const base: CustomerStory = {
  kind: "alive_but_at_risk",
  segment: "Potential loyalist",
  p_alive: 0.69,
  churn_risk: 0.72,
  purchase_days: 6,
  days_since_first: 120,
  days_since_last: 100,
  usual_gap_days: 4,
  gap_ratio: 25,
  cites_gap: true,
  window_days: 365,
  as_of: "2026-11-21",
};

describe("storySentence", () => {
  it("reconciles the segment, P(alive) and the overdue gap in one English sentence", () => {
    expect(storySentence(translator("en"), "en", base)).toBe(
      "Bought recently and more than once (Potential loyalists); the purchase model thinks they are still active (69%), " +
        "but their last gap is 25× their usual 4 days, so churn risk is high (72%).",
    );
  });

  it("says too early to judge instead of a risk for a new customer", () => {
    const early: CustomerStory = { ...base, kind: "too_early", purchase_days: 2, days_since_first: 24, churn_risk: 0.97 };
    const text = storySentence(translator("en"), "en", early);
    expect(text).toMatch(/^Too early to judge: first bought 24 days ago, on 2 day/);
    expect(text).not.toMatch(/97/);
  });

  it("speaks Persian with Persian digits and no untranslated key", () => {
    for (const kind of ["too_early", "steady", "alive_but_at_risk", "fading", "quiet"] as const) {
      for (const cites_gap of [false, true]) {
        const text = storySentence(translator("fa"), "fa", { ...base, kind, cites_gap, p_alive: kind === "fading" ? 0.2 : 0.69 });
        expect(text).not.toMatch(/story|segment\.|[0-9]/);
        expect(text).toMatch(/[۰-۹]/);
      }
    }
    expect(storySentence(translator("fa"), "fa", base)).toContain("وفاداران بالقوه");
  });

  it("reads without a segment or a P(alive)", () => {
    const text = storySentence(translator("en"), "en", { ...base, kind: "fading", segment: null, p_alive: null, cites_gap: false });
    expect(text).toBe("The purchase model has no estimate for them, and churn risk is high (72%).");
  });
});
