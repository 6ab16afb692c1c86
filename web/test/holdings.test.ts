import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { en } from "../src/i18n/en";
import { fa } from "../src/i18n/fa";
import { labelOf, translator } from "../src/i18n";

const server = (path: string) => readFileSync(join(import.meta.dirname, "../../src", path), "utf8");

describe("holdings panel", () => {
  it("names every product type and status the server stores, in both languages", () => {
    const source = server("services/holdings/holdings.cc");
    const list = (name: string) => {
      const from = source.indexOf(name);
      const text = source.slice(from, source.indexOf("};", from));
      return [...text.matchAll(/"(\w+)"/g)].map((m) => m[1]);
    };
    const types = list("kProductTypes =");
    const statuses = list("kStatuses =");
    expect(types).toEqual(["account", "deposit", "card", "loan", "policy", "plan"]);
    expect(statuses).toContain("closed");
    for (const type of types) expect(Object.keys(en)).toContain(`holdings.type.${type}`);
    for (const status of statuses) expect(Object.keys(en)).toContain(`holdings.status.${status}`);
    expect(labelOf(translator("fa"), "holdings.type", "loan")).toBe(fa["holdings.type.loan"]);
    expect(labelOf(translator("en"), "holdings.status", "dormant")).toBe("Dormant");
  });
});
