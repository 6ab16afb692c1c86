import { describe, expect, it } from "vitest";
import {
  formatDate,
  formatMoney,
  formatMonth,
  formatNumber,
  formatPercent,
  latinDigits,
  minorDigits,
} from "../src/format";

describe("numbers", () => {
  it("writes Persian digits and separators in fa, Latin in en", () => {
    expect(formatNumber("fa", 1234567)).toBe("۱٬۲۳۴٬۵۶۷");
    expect(formatNumber("en", 1234567)).toBe("1,234,567");
    expect(formatNumber("fa", 0.5, 1)).toBe("۰٫۵");
    expect(formatNumber("en", null)).toBe("–");
  });
  it("writes shares as percentages", () => {
    expect(formatPercent("en", 0.767)).toBe("76.7%");
    expect(formatPercent("fa", 0.767)).toBe("۷۶٫۷٪");
    expect(formatPercent("en", undefined)).toBe("–");
  });
  it("folds Persian and Arabic-Indic digits to Latin ones", () => {
    expect(latinDigits("۰۹۱۲۱۲۳۴۵۶۷")).toBe("09121234567");
    expect(latinDigits("٠٩١٢")).toBe("0912");
    expect(latinDigits("علی 12")).toBe("علی 12");
  });
});

describe("money", () => {
  const toman = { currency: "IRR", display: "toman" as const };
  const rial = { currency: "IRR", display: "rial" as const };
  it("shows rials as toman (a tenth) or rial as the workspace says", () => {
    expect(formatMoney("fa", 1_234_560, toman)).toBe("۱۲۳٬۴۵۶ تومان");
    expect(formatMoney("fa", 1_234_560, rial)).toBe("۱٬۲۳۴٬۵۶۰ ریال");
    expect(formatMoney("en", 1_234_560, toman)).toBe("123,456 toman");
  });
  it("shortens large amounts when asked", () => {
    expect(formatMoney("en", 12_000_000_000, toman, true)).toBe("1.2bn toman");
    // CLDR puts a no-break space inside the Persian compact form.
    expect(formatMoney("fa", 12_000_000_000, toman, true).replace(/\s/g, " ")).toBe("۱٫۲ میلیارد تومان");
  });
  it("keeps minor units of other currencies", () => {
    expect(minorDigits("IRR")).toBe(0);
    expect(minorDigits("USD")).toBe(2);
    expect(formatMoney("en", 123456, { currency: "USD", display: "toman" })).toBe("US$1,234.56");
  });
});

describe("dates", () => {
  // 2024-03-20 12:00 UTC is 1 Farvardin 1403 (Nowruz) in Tehran.
  const nowruz = Date.UTC(2024, 2, 20, 12) / 1000;
  it("writes Jalali dates with Persian digits in fa", () => {
    expect(formatDate("fa", nowruz)).toBe("۱ فروردین ۱۴۰۳");
  });
  it("writes Gregorian dates in en", () => {
    expect(formatDate("en", nowruz)).toBe("20 Mar 2024");
  });
  it("reads a bare ISO day as that day, whatever the zone", () => {
    expect(formatDate("fa", "1958-12-17")).toBe("۲۶ آذر ۱۳۳۷");
    expect(formatDate("en", "1958-12-17", "America/Los_Angeles")).toBe("17 Dec 1958");
  });
  it("turns the day at midnight in Tehran, not in UTC", () => {
    // 2024-03-19 21:00 UTC is already 20 March (1 Farvardin) in Tehran (+03:30).
    expect(formatDate("fa", Date.UTC(2024, 2, 19, 21) / 1000)).toBe("۱ فروردین ۱۴۰۳");
  });
  it("names report months in either calendar", () => {
    expect(formatMonth("fa", "1403-08", "jalali")).toBe("آبان ۱۴۰۳");
    expect(formatMonth("en", "1403-08", "jalali")).toBe("Aban 1403");
    expect(formatMonth("en", "2024-11", "gregorian")).toBe("Nov 2024");
    expect(formatMonth("en", "not a month", "gregorian")).toBe("not a month");
  });
  it("shows a dash for no date", () => {
    expect(formatDate("en", null)).toBe("–");
    expect(formatDate("en", "")).toBe("–");
  });
});
