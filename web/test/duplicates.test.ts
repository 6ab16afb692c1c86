import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { en } from "../src/i18n/en";
import { initialChoices, reasonParts } from "../src/pages/duplicate-data";

const server = (path: string) => readFileSync(join(import.meta.dirname, "../../src", path), "utf8");

describe("duplicate pairs", () => {
  it("reads the name similarity out of the reasons and keeps the rest as text", () => {
    expect(reasonParts("phone equal, name 0.92 similar, same city")).toEqual([
      { kind: "text", text: "phone equal" },
      { kind: "name", similarity: 0.92 },
      { kind: "text", text: "same city" },
    ]);
    expect(reasonParts("name 1.00 similar")).toEqual([{ kind: "name", similarity: 1 }]);
    expect(reasonParts("")).toEqual([]);
  });

  it("names every reason the scan gives in words of the reader", () => {
    // The reasons are written by the pair scan (C++); a new one needs a text.
    const source = server("analytics/duplicates/duplicate_scan.cc");
    const reasons = [...source.matchAll(/reasons\.push_back\("([^"]+)"\)/g)].map((m) => m[1]);
    expect(reasons.length).toBeGreaterThan(5);
    for (const reason of reasons) expect(Object.keys(en), reason).toContain(`dup.reason.${reason}`);
  });

  it("labels every field a merge takes and every table it moves", () => {
    const fields = [...server("services/customers/customer_merge_fields.cc")
      .matchAll(/VAFA_(?:TEXT|OPTIONAL)_FIELD\((\w+)\),/g)].map((m) => m[1]);
    expect(fields).toContain("national_id");
    for (const field of fields) expect(Object.keys(en), field).toContain(`dup.field.${field}`);
    const merge = server("services/customers/customer_merge.cc");
    const moved = merge.slice(merge.indexOf("kMovedTables"), merge.indexOf("};", merge.indexOf("kMovedTables")));
    const tables = [...moved.matchAll(/\{"(\w+)", "\w+", "\w+"\}/g)].map((m) => m[1]);
    expect(tables).toContain("orders");
    for (const table of tables) expect(Object.keys(en), table).toContain(`dup.table.${table}`);
  });

  it("starts every field on the side the server would take", () => {
    expect(initialChoices([{ field: "email", take: "other" }, { field: "phone", take: "kept" }])).toEqual({
      email: "other",
      phone: "kept",
    });
  });
});
