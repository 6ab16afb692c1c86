// The arithmetic of the bank dashboard's rates panel (docs/holdings.md,
// "Profitability per customer"): the API keeps spreads in basis points and
// fees and costs in minor units; the panel shows and takes spreads in
// percent a year and money in the unit the workspace reads (toman or rial
// for IRR, the currency's major unit otherwise), with Persian digits and
// separators accepted.

import { latinDigits, type MoneySetting } from "../format";

export type RateList = "spreads" | "fees" | "channel_costs";
export const RATE_LISTS: RateList[] = ["spreads", "fees", "channel_costs"];

/** One rate as the API has it, whichever list it belongs to. */
export interface Rate {
  subject: string;
  valid_from: string;
  value: number;
}

/** One row of the form: what the reader typed. */
export interface RateRow {
  subject: string;
  valid_from: string;
  value: string;
}

export interface RatesBody {
  spreads: { product_type: string; valid_from: string; basis_points: number }[];
  fees: { product_type: string; valid_from: string; monthly_fee_minor: number }[];
  channel_costs: { channel: string; valid_from: string; cost_minor: number }[];
}

/** The field a list's value goes in, and its subject's. */
export const RATE_FIELDS: Record<RateList, { subject: string; value: string }> = {
  spreads: { subject: "product_type", value: "basis_points" },
  fees: { subject: "product_type", value: "monthly_fee_minor" },
  channel_costs: { subject: "channel", value: "cost_minor" },
};

/** A typed number: Persian or Arabic digits, thousands separators and the Persian decimal mark. */
function numberOf(typed: string): number | null {
  const text = latinDigits(typed.trim()).replace(/[,٬\s]/g, "").replace("٫", ".");
  if (!/^-?\d+(\.\d+)?$/.test(text)) return null;
  return Number(text);
}

/** How many minor units one typed unit is: 10 for toman, 1 for rial, 10^digits otherwise. */
function unitScale(money: MoneySetting, minorDigits: number): number {
  if (money.currency === "IRR") return money.display === "toman" ? 10 : 1;
  return 10 ** minorDigits;
}

/** 425 basis points as the form shows them: "4.25". */
export function percentText(basisPoints: number): string {
  return String(basisPoints / 100);
}

/** "4.25" (percent a year) as whole basis points, or null. */
export function basisPointsOf(typed: string): number | null {
  const value = numberOf(typed);
  if (value === null) return null;
  const points = Math.round(value * 100);
  return Math.abs(points - value * 100) < 1e-6 ? points : null;
}

/** An amount in minor units as the form shows it, in the reader's unit. */
export function amountText(minor: number, money: MoneySetting, minorDigits: number): string {
  return String(minor / unitScale(money, minorDigits));
}

/** A typed amount in the reader's unit as whole minor units, or null (negative, not a number, finer than a minor unit). */
export function minorOf(typed: string, money: MoneySetting, minorDigits: number): number | null {
  const value = numberOf(typed);
  if (value === null || value < 0) return null;
  const minor = value * unitScale(money, minorDigits);
  const whole = Math.round(minor);
  return Math.abs(whole - minor) < 1e-6 && Number.isSafeInteger(whole) ? whole : null;
}

/** The form's rows of one list, from the API's rates. */
export function rowsOf(list: RateList, rates: Rate[], money: MoneySetting, minorDigits: number): RateRow[] {
  return rates.map((rate) => ({
    subject: rate.subject,
    valid_from: rate.valid_from,
    value: list === "spreads" ? percentText(rate.value) : amountText(rate.value, money, minorDigits),
  }));
}

/** The API's rates of one list of its answer. */
export function ratesOf(list: RateList, answer: Record<RateList, Record<string, string | number>[]>): Rate[] {
  const fields = RATE_FIELDS[list];
  return answer[list].map((entry) => ({
    subject: String(entry[fields.subject]),
    valid_from: String(entry.valid_from),
    value: Number(entry[fields.value]),
  }));
}

/** The first row the form cannot send, as list, row (from 1) and what is wrong. */
export interface RowProblem {
  list: RateList;
  row: number;
  problem: "no_subject" | "no_day" | "bad_value";
}

/** The PUT body from the form's rows, or the first row that cannot be sent. */
export function ratesBody(
  rows: Record<RateList, RateRow[]>,
  money: MoneySetting,
  minorDigits: number,
): { body: RatesBody } | { problem: RowProblem } {
  const body: RatesBody = { spreads: [], fees: [], channel_costs: [] };
  for (const list of RATE_LISTS) {
    for (const [index, row] of rows[list].entries()) {
      const at = { list, row: index + 1 };
      const subject = row.subject.trim();
      if (subject === "") return { problem: { ...at, problem: "no_subject" } };
      if (!/^\d{4}-\d{2}-\d{2}$/.test(row.valid_from)) return { problem: { ...at, problem: "no_day" } };
      const value = list === "spreads" ? basisPointsOf(row.value) : minorOf(row.value, money, minorDigits);
      if (value === null) return { problem: { ...at, problem: "bad_value" } };
      if (list === "spreads") body.spreads.push({ product_type: subject, valid_from: row.valid_from, basis_points: value });
      if (list === "fees") body.fees.push({ product_type: subject, valid_from: row.valid_from, monthly_fee_minor: value });
      if (list === "channel_costs") body.channel_costs.push({ channel: subject, valid_from: row.valid_from, cost_minor: value });
    }
  }
  return { body };
}
