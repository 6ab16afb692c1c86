import { describe, expect, it } from "vitest";
import {
  amountText,
  basisPointsOf,
  minorOf,
  percentText,
  ratesBody,
  ratesOf,
  rowsOf,
} from "../src/pages/profit-rates-data";

const toman = { currency: "IRR", display: "toman" as const };
const rial = { currency: "IRR", display: "rial" as const };
const usd = { currency: "USD", display: "rial" as const };

describe("the rates panel's arithmetic", () => {
  it("shows basis points as percent and reads percent back", () => {
    expect(percentText(400)).toBe("4");
    expect(percentText(425)).toBe("4.25");
    expect(percentText(-150)).toBe("-1.5");
    expect(basisPointsOf("4.25")).toBe(425);
    expect(basisPointsOf("۴٫۲۵")).toBe(425);
    expect(basisPointsOf("-1.5")).toBe(-150);
    expect(basisPointsOf("4.255")).toBeNull(); // finer than a basis point
    expect(basisPointsOf("")).toBeNull();
    expect(basisPointsOf("four")).toBeNull();
  });

  it("shows money in the reader's unit and reads it back in minor units", () => {
    // 250,000 rial is 25,000 toman.
    expect(amountText(250000, toman, 0)).toBe("25000");
    expect(amountText(250000, rial, 0)).toBe("250000");
    expect(minorOf("۲۵٬۰۰۰", toman, 0)).toBe(250000);
    expect(minorOf("25,000", rial, 0)).toBe(25000);
    expect(minorOf("12.34", usd, 2)).toBe(1234);
    expect(amountText(1234, usd, 2)).toBe("12.34");
    expect(minorOf("12.345", usd, 2)).toBeNull();
    expect(minorOf("2.5", rial, 0)).toBeNull(); // no fraction of a rial
    expect(minorOf("-1", rial, 0)).toBeNull();
    expect(minorOf("1e3", rial, 0)).toBeNull();
  });

  it("turns the API's answer into rows and the rows back into the same body", () => {
    const answer = {
      spreads: [{ product_type: "account", valid_from: "2024-03-01", basis_points: 600 }],
      fees: [{ product_type: "loan", valid_from: "2020-01-01", monthly_fee_minor: 200000 }],
      channel_costs: [{ channel: "branch", valid_from: "2020-01-01", cost_minor: 250000 }],
    };
    const rows = {
      spreads: rowsOf("spreads", ratesOf("spreads", answer), toman, 0),
      fees: rowsOf("fees", ratesOf("fees", answer), toman, 0),
      channel_costs: rowsOf("channel_costs", ratesOf("channel_costs", answer), toman, 0),
    };
    expect(rows.spreads[0]).toEqual({ subject: "account", valid_from: "2024-03-01", value: "6" });
    expect(rows.fees[0].value).toBe("20000");
    expect(ratesBody(rows, toman, 0)).toEqual({ body: answer });
  });

  it("names the first row it cannot send", () => {
    const empty = { subject: "", valid_from: "", value: "" };
    const good = { subject: "loan", valid_from: "2024-01-01", value: "5" };
    expect(ratesBody({ spreads: [good, empty], fees: [], channel_costs: [] }, rial, 0)).toEqual({
      problem: { list: "spreads", row: 2, problem: "no_subject" },
    });
    expect(ratesBody({ spreads: [], fees: [{ ...good, valid_from: "" }], channel_costs: [] }, rial, 0)).toEqual({
      problem: { list: "fees", row: 1, problem: "no_day" },
    });
    expect(ratesBody({ spreads: [], fees: [], channel_costs: [{ ...good, subject: "atm", value: "-3" }] }, rial, 0))
      .toEqual({ problem: { list: "channel_costs", row: 1, problem: "bad_value" } });
    expect(ratesBody({ spreads: [], fees: [], channel_costs: [] }, rial, 0)).toEqual({
      body: { spreads: [], fees: [], channel_costs: [] },
    });
  });
});
