// The segment builder's rows and the rules they make (docs/marketing.md),
// and the campaign report's shapes.
import type { Answer } from "../api";
import { latinDigits } from "../format";

export type FieldKind = "text" | "date" | "number" | "score";

/** The fields the builder offers; any other name is read as a score. */
export const FIELDS: { name: string; kind: FieldKind }[] = [
  { name: "city", kind: "text" },
  { name: "province", kind: "text" },
  { name: "gender", kind: "text" },
  { name: "acquisition_channel", kind: "text" },
  { name: "joined_at", kind: "date" },
  { name: "orders_count", kind: "number" },
  { name: "days_since_last_order", kind: "number" },
  { name: "rfm_segment", kind: "score" },
  { name: "churn_stage", kind: "score" },
  { name: "churn_risk", kind: "score" },
  { name: "clv", kind: "score" },
  { name: "retention_priority", kind: "score" },
];

export function kindOf(field: string): FieldKind {
  return FIELDS.find((f) => f.name === field)?.kind ?? "score";
}

export function opsFor(kind: FieldKind): string[] {
  switch (kind) {
    case "text":
      return ["=", "!=", "in", "not_in"];
    case "date":
    case "number":
      return [">", ">=", "<", "<=", "between"];
    default:
      return ["in", "not_in", "=", "!=", ">", ">=", "<", "<=", "between", "top", "exists"];
  }
}

export interface BuilderRow {
  field: string;
  op: string;
  value: string;
}

export interface Condition {
  field: string;
  op: string;
  value?: string | number | (string | number)[];
}

export interface Rules {
  match: "all" | "any";
  conditions: Condition[];
}

function numberOrText(text: string, kind: FieldKind): string | number {
  const plain = latinDigits(text.trim()).replace(/[,٬]/g, "");
  if (kind === "date") return text.trim();
  const n = Number(plain);
  return plain !== "" && Number.isFinite(n) ? n : text.trim();
}

/**
 * The rules the rows make. Lists (in, not_in) are comma-separated ("،" too);
 * between takes "low..high" or "low - high"; numbers may be typed with
 * Persian digits and separators.
 */
export function rulesOf(match: "all" | "any", rows: BuilderRow[]): Rules {
  const conditions: Condition[] = rows
    .filter((r) => r.field && r.op)
    .map((r) => {
      const kind = kindOf(r.field);
      if (r.op === "exists") return { field: r.field, op: r.op };
      if (r.op === "in" || r.op === "not_in") {
        return { field: r.field, op: r.op, value: r.value.split(/[,،]/).map((v) => v.trim()).filter((v) => v !== "") };
      }
      if (r.op === "between") {
        const parts = r.value.split(/\.\.| - |–/).map((v) => numberOrText(v, kind));
        return { field: r.field, op: r.op, value: parts };
      }
      const labelOp = kind === "score" && (r.op === "=" || r.op === "!=");
      if (kind === "text" || labelOp) return { field: r.field, op: r.op, value: r.value.trim() };
      return { field: r.field, op: r.op, value: numberOrText(r.value, kind) };
    });
  return { match, conditions };
}

export type GroupOutcome = CampaignReport["treatment"];

export type CampaignReport = Answer<"getCampaignReport">;

/** Whether the uplift's 95% interval lies wholly above or below zero. */
export function upliftVerdict(report: CampaignReport): "up" | "down" | "unclear" | "none" {
  if (!report.has_control || report.uplift_low === null || report.uplift_high === null) return "none";
  if (report.uplift_low > 0) return "up";
  if (report.uplift_high < 0) return "down";
  return "unclear";
}
