import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { codeLabel, dynamicKey, kindTranslator, MESSAGES, translator } from "../src/i18n";
import { en } from "../src/i18n/en";
import { SEGMENT_ORDER } from "../src/pages/analytics-data";

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

describe("translations", () => {
  it("has every key in every language, none empty", () => {
    const keys = Object.keys(en).sort();
    for (const [language, table] of Object.entries(MESSAGES)) {
      expect(Object.keys(table).sort(), language).toEqual(keys);
      for (const key of keys) {
        expect(table[key as keyof typeof en].trim(), `${language} ${key}`).not.toBe("");
      }
    }
  });

  it("keeps the same placeholders in every language", () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholders(MESSAGES.fa[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it("names every churn reason the server gives, with its sentence", () => {
    // The reasons are the factors of the churn rule model (C++).
    const source = readFileSync(
      join(import.meta.dirname, "../../src/analytics/churn/churn_rules.cc"), "utf8");
    const start = source.indexOf("ChurnFactors()");
    const rules = source.slice(start, source.indexOf("};", start));
    const factors = [...rules.matchAll(/\{"([a-z_]+)",\s*(?:std::log\(|[0-9])/g)].map((m) => m[1]);
    expect(factors.length).toBeGreaterThan(10);
    for (const factor of factors) {
      expect(`reason_name.${factor}` in en, `reason_name.${factor}`).toBe(true);
      expect(`reason.${factor}` in en, `reason.${factor}`).toBe(true);
    }
  });

  it("knows every key the code asks for", () => {
    const missing: string[] = [];
    for (const file of sources(join(import.meta.dirname, "../src"))) {
      const text = readFileSync(file, "utf8");
      for (const match of text.matchAll(/\bt\(\s*"([^"]+)"/g)) {
        if (!(match[1] in en)) missing.push(`${file}: ${match[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("names every RFM segment the analysis gives, with its reason", () => {
    for (const segment of SEGMENT_ORDER) {
      expect(dynamicKey("segment", segment), segment).not.toBeNull();
      expect(dynamicKey("why", segment), segment).not.toBeNull();
    }
    expect(dynamicKey("segment", "No such segment")).toBeNull();
  });

  it("fills placeholders and leaves unknown ones visible", () => {
    const t = translator("en");
    expect(t("dash.active", { month: "Nov 2024" })).toBe("Active in Nov 2024");
    expect(t("dash.active")).toBe("Active in {month}");
    expect(translator("fa")("nav.customers")).toBe("مشتریان");
  });

  it("words the codes the data holds, and keeps unknown ones as they are", () => {
    expect(codeLabel(translator("fa"), "walk_in")).toBe("مراجعه حضوری");
    expect(codeLabel(translator("en"), "sms")).toBe("SMS");
    expect(codeLabel(translator("en"), "carrier_pigeon")).toBe("carrier_pigeon");
    expect(codeLabel(translator("en"), null)).toBe("–");
  });

  it("speaks of closing in a contractual workspace, and of churn elsewhere", () => {
    const bank = kindTranslator(translator("en"), "contractual");
    expect(bank("nav.churn")).toBe("Closing");
    expect(bank("dash.customers")).toBe("Customers with holdings");
    expect(bank("nav.customers")).toBe("Customers"); // no replacement: as before
    expect(kindTranslator(translator("fa"), "contractual")("nav.churn")).toBe("بستن");
    const shop = kindTranslator(translator("en"), "retail");
    expect(shop("nav.churn")).toBe("Churn");
    expect(kindTranslator(translator("en"), undefined)("dash.customers")).toBe("Customers who bought");
  });

  it("replaces only keys that exist", () => {
    for (const key of Object.keys(en).filter((k) => k.startsWith("contractual."))) {
      expect(key.slice("contractual.".length) in en, key).toBe(true);
    }
  });
});
