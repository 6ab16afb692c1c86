import { latinDigits } from "../format";

// Saved views of the customer list: a name and a filter, kept in the
// browser per workspace.

export interface CustomerFilter {
  q: string;
  segment: string;
  city: string;
  acquisition_channel: string;
  /** A score and a range of it, as typed (money in the display unit, shares in percent). */
  score: string;
  score_min: string;
  score_max: string;
  /** A saved segment's id (docs/marketing.md); optional in older saved views. */
  segment_id?: string;
}

export type ScoreKind = "money" | "percent" | "number";

/** The scores the customer list can filter by, and how their values are typed. */
export const FILTER_SCORES: { name: string; kind: ScoreKind; money?: boolean }[] = [
  { name: "clv_1y", kind: "money", money: true },
  { name: "revenue", kind: "money", money: true },
  { name: "profit", kind: "money", money: true },
  { name: "p_alive", kind: "percent" },
  { name: "expected_purchases_1y", kind: "number", money: true },
  { name: "rfm_score", kind: "number" },
];

/**
 * A bound as typed into the score filter, in the API's units: money from
 * toman (or rial, or the currency's major unit) to minor units, a
 * percentage to a share. Null for an empty or unreadable entry.
 */
export function scoreBound(
  typed: string,
  kind: ScoreKind,
  money: { currency: string; display: "toman" | "rial" },
  minorDigits: number,
): number | null {
  const text = latinDigits(typed.trim()).replace(/[,٬\s]/g, "").replace("٫", ".");
  if (text === "") return null;
  const value = Number(text);
  if (!Number.isFinite(value)) return null;
  if (kind === "percent") return value / 100;
  if (kind === "money") {
    if (money.currency === "IRR") return money.display === "toman" ? value * 10 : value;
    return Math.round(value * 10 ** minorDigits);
  }
  return value;
}

export interface SavedView {
  name: string;
  filter: CustomerFilter;
}

interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

function storage(): KeyValueStore | null {
  return typeof localStorage === "undefined" ? null : localStorage;
}

export function loadViews(workspace: string, store = storage()): SavedView[] {
  try {
    const parsed: unknown = JSON.parse(store?.getItem(`vafa.views.${workspace}`) ?? "[]");
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (v): v is SavedView =>
        typeof v === "object" && v !== null && typeof v.name === "string" && typeof v.filter === "object",
    );
  } catch {
    return [];
  }
}

export function saveViews(workspace: string, views: SavedView[], store = storage()): void {
  store?.setItem(`vafa.views.${workspace}`, JSON.stringify(views));
}
