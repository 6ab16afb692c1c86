import { describe, expect, it } from "vitest";
import { ApiError } from "../src/api";
import { type ImportPreview, isWorkbook, mappingText, previewFacts, rejectedReport, rejectsName } from "../src/pages/Import";

describe("import page", () => {
  it("reads the error table of a rejected upload from the 422 answer", () => {
    const groups = [{ column: "amount", reason: "is not an amount", count: 2, examples: [] }];
    const rejected = new ApiError(422, "invalid_field", "sales.csv: rejected", "file", {
      error: { code: "invalid_field", field: "file" },
      errors: { file: "sales.csv", errors: 2, bad_rows: 2, groups },
    });
    expect(rejectedReport(rejected)?.groups).toEqual(groups);
    expect(rejectedReport(new ApiError(422, "invalid_field", "x", "name", {}))).toBeNull();
    expect(rejectedReport(new ApiError(422, "invalid_field", "x", "file", { error: {} }))).toBeNull();
    expect(rejectedReport(new Error("network"))).toBeNull();
  });

  it("names the rejects file after the uploaded one", () => {
    expect(rejectsName("sales.csv")).toBe("sales.rejects.csv");
    expect(rejectsName("Online.Retail.csv")).toBe("Online.Retail.rejects.csv");
    expect(rejectsName("export")).toBe("export.rejects.csv");
  });

  it("sends Excel workbooks as bytes and other files as text", () => {
    expect(isWorkbook("Sales 2024.xlsx")).toBe(true);
    expect(isWorkbook("BOOK.XLSM")).toBe(true);
    expect(isWorkbook("sales.csv")).toBe(false);
    expect(isWorkbook("old.xls")).toBe(false);
    expect(isWorkbook("xlsx.csv")).toBe(false);
  });

  it("writes the chosen mapping as import profiles keep it", () => {
    expect(mappingText(["Kunde", " Beleg ", "Farbe", "InvoiceDate"], ["customer_id", "order_id", null, "date"])).toBe(
      "Kunde=customer_id,Beleg=order_id,Farbe=,InvoiceDate=date",
    );
    // A header with "," or "=" cannot be named in a mapping.
    expect(mappingText(["a=b", "Total, net", "Sum"], ["amount", "amount", "amount"])).toBe("Sum=amount");
  });

  it("tells how the previewed file, its amounts and its dates are read", () => {
    const preview: ImportPreview = {
      kind: "transactions",
      file: "till.csv",
      read_as: "windows-1256",
      columns: [],
      currency: "GBP",
      date_format: "month-first (%m/%d/%y %H:%M)",
      fields: [],
      rows: [],
      accepted: true,
      counts: { rows: 2 },
      errors: { file: "till.csv", errors: 0, bad_rows: 0, groups: [] },
    };
    expect(previewFacts(preview)).toEqual([
      { key: "imp.preview_read_as", value: "windows-1256" },
      { key: "imp.preview_currency", value: "GBP" },
      { key: "imp.preview_dates", value: "month-first (%m/%d/%y %H:%M)" },
    ]);
    expect(previewFacts({ ...preview, read_as: "", date_format: "" }).map((f) => f.key)).toEqual(["imp.preview_currency"]);
  });
});
