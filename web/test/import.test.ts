import { describe, expect, it } from "vitest";
import { ApiError } from "../src/api";
import { rejectedReport, rejectsName } from "../src/pages/Import";

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
});
