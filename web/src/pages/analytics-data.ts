// Turning the analytics reports into what the pages show. Pure functions,
// unit-tested in test/analytics.test.ts.

import type { Report, ScoreGroup } from "../api";
import { reportRecords } from "../api";

export interface KpiMonth {
  month: string;
  active: number;
  newCustomers: number;
  retained: number;
  revenue: number;
  orders: number;
  averageOrder: number | null;
  retention: number | null;
  churn: number | null;
}

export function kpiMonths(report: Report): KpiMonth[] {
  return reportRecords(report).map((r) => ({
    month: String(r.month),
    active: Number(r.active_customers ?? 0),
    newCustomers: Number(r.new_customers ?? 0),
    retained: Number(r.retained_customers ?? 0),
    revenue: Number(r.revenue ?? 0),
    orders: Number(r.orders ?? 0),
    averageOrder: r.average_order_value === null ? null : Number(r.average_order_value),
    retention: r.retention_rate === null ? null : Number(r.retention_rate),
    churn: r.churn_rate === null ? null : Number(r.churn_rate),
  }));
}

/**
 * The last complete month and the one before it: the report's last month
 * holds the analysis day and is still running (as `vafa analyze` reads it).
 */
export function lastCompleteMonths(months: KpiMonth[]): {
  current: KpiMonth | null;
  previous: KpiMonth | null;
} {
  if (months.length < 2) return { current: null, previous: null };
  return {
    current: months[months.length - 2],
    previous: months.length >= 3 ? months[months.length - 3] : null,
  };
}

/** Relative change from `before` to `now`; null when there is no base. */
export function change(now: number | null, before: number | null): number | null {
  if (now === null || before === null || before === 0) return null;
  return (now - before) / Math.abs(before);
}

export interface ParetoPoint {
  percent: number;
  revenueShare: number;
  marginShare: number;
}

export function paretoPoints(report: Report): ParetoPoint[] {
  return reportRecords(report).map((r) => ({
    percent: Number(r.customer_percent),
    revenueShare: Number(r.revenue_share),
    marginShare: Number(r.margin_share),
  }));
}

/** The two Pareto sentences' numbers: share of the top 20%, and the x% that brings 80%. */
export function paretoReading(points: ParetoPoint[]): {
  top20Share: number | null;
  customersFor80: number | null;
} {
  const top20 = points.find((p) => p.percent === 20);
  const for80 = points.find((p) => p.revenueShare >= 0.8);
  return {
    top20Share: top20 ? top20.revenueShare : null,
    customersFor80: for80 ? for80.percent / 100 : null,
  };
}

/** The RFM segments in the order of the segment map, best first. */
export const SEGMENT_ORDER = [
  "Champions",
  "Loyal",
  "Potential loyalist",
  "New",
  "Promising",
  "Need attention",
  "About to sleep",
  "At risk",
  "Can't lose them",
  "Hibernating",
  "Lost",
];

export function orderSegments(groups: ScoreGroup[]): ScoreGroup[] {
  const rank = (label: string | null) => {
    const i = SEGMENT_ORDER.indexOf(label ?? "");
    return i < 0 ? SEGMENT_ORDER.length : i;
  };
  return [...groups].sort((a, b) => rank(a.label) - rank(b.label));
}

export interface CohortGrid {
  cohorts: { cohort: string; size: number }[];
  months: number[];
  /** retention[cohort index][months since] or null where not yet observed. */
  retention: (number | null)[][];
}

function monthIndex(label: string): number | null {
  const match = /^(\d{4})-(\d{2})$/.exec(label);
  return match ? Number(match[1]) * 12 + Number(match[2]) - 1 : null;
}

/**
 * The newest `maxCohorts` cohorts over their first `maxMonths` months. The
 * newest month of the report is the one running on the analysis day: its
 * cohort and every cell that falls in it are left out, as the month is not
 * over (its 0% would read as everyone gone).
 */
export function cohortGrid(report: Report, maxCohorts = 12, maxMonths = 12): CohortGrid {
  const byCohort = new Map<string, { size: number; values: Map<number, number> }>();
  const records = reportRecords(report);
  let running: number | null = null;
  for (const r of records) {
    const index = monthIndex(String(r.cohort));
    if (index === null) continue;
    const at = index + Number(r.months_since);
    if (running === null || at > running) running = at;
  }
  for (const r of records) {
    const cohort = String(r.cohort);
    const since = Number(r.months_since);
    const index = monthIndex(cohort);
    if (running !== null && index !== null && index + since >= running) continue;
    let entry = byCohort.get(cohort);
    if (!entry) {
      entry = { size: Number(r.size), values: new Map() };
      byCohort.set(cohort, entry);
    }
    if (since <= maxMonths) entry.values.set(since, Number(r.retention));
  }
  const names = [...byCohort.keys()].sort().slice(-maxCohorts);
  const months = Array.from({ length: maxMonths + 1 }, (_, i) => i);
  return {
    cohorts: names.map((cohort) => ({ cohort, size: byCohort.get(cohort)!.size })),
    months,
    retention: names.map((cohort) =>
      months.map((m) => byCohort.get(cohort)!.values.get(m) ?? null),
    ),
  };
}

/**
 * The segments report (segment, customers, revenue, profit) as score groups
 * measured by revenue; segments without customers are left out.
 */
export function segmentGroups(report: Report): ScoreGroup[] {
  return reportRecords(report)
    .map((r) => {
      const customers = Number(r.customers);
      const revenue = Number(r.revenue);
      return {
        label: String(r.segment),
        customers,
        mean_value: null,
        measure_sum: revenue,
        measure_mean: customers ? revenue / customers : null,
      };
    })
    .filter((g) => g.customers > 0);
}

export interface AbcRow {
  label: string;
  customers: number;
  revenue: number;
  profit: number;
}

export function abcRows(report: Report): AbcRow[] {
  return reportRecords(report).map((r) => ({
    label: String(r.class),
    customers: Number(r.customers),
    revenue: Number(r.revenue),
    profit: Number(r.profit),
  }));
}

export interface SegmentMove {
  from: string; // "" : not segmented by the previous run
  to: string; // "" : not segmented by this run
  customers: number;
  /** Share of the `from` segment's customers that made this move. */
  share: number | null;
}

/**
 * The rfm_moves report as the moves between different segments, largest
 * first, and how many customers stayed where they were.
 */
export function segmentMoves(report: Report): { stayed: number; total: number; moves: SegmentMove[] } {
  const rows = reportRecords(report).map((r) => ({
    from: String(r.from ?? ""),
    to: String(r.to ?? ""),
    customers: Number(r.customers),
  }));
  const fromTotals = new Map<string, number>();
  for (const r of rows) fromTotals.set(r.from, (fromTotals.get(r.from) ?? 0) + r.customers);
  let stayed = 0;
  let total = 0;
  const moves: SegmentMove[] = [];
  for (const r of rows) {
    total += r.customers;
    if (r.from === r.to) {
      stayed += r.customers;
      continue;
    }
    const base = fromTotals.get(r.from) ?? 0;
    moves.push({ ...r, share: base ? r.customers / base : null });
  }
  moves.sort((a, b) => b.customers - a.customers);
  return { stayed, total, moves };
}

/** One fitted lifetime model's diagnostics (the clv_diagnostics report). */
export interface FitDiagnostics {
  model: string;
  degenerate: boolean;
  /** Purchase models only: shares of the customers fitted. */
  shareAlive: number | null;
  shareSilent: number | null;
  /** Of the long-silent customers, the share still called likely alive. */
  shareSilentAlive: number | null;
  /** The largest standard error over value; null when there is none. */
  maxRelativeError: number | null;
  largestCorrelation: number | null;
  correlatedPair: string;
  /**
   * What is wrong, as the server's codes: barely_identified,
   * no_standard_errors, confounded, alive_despite_silence.
   */
  problems: string[];
  /** The server's sentence, in English; "" for a healthy fit. */
  warning: string;
}

export function fitDiagnostics(report: Report): FitDiagnostics[] {
  const number = (v: string | number | null | undefined) =>
    v === null || v === undefined || v === "" ? null : Number(v);
  return reportRecords(report).map((r) => ({
    model: String(r.model),
    degenerate: Number(r.degenerate) === 1,
    shareAlive: number(r.share_p_alive_above_0_9),
    shareSilent: number(r.share_silent_over_3x_interval),
    shareSilentAlive: number(r.share_of_silent_p_alive_above_0_9),
    maxRelativeError: number(r.max_relative_error),
    largestCorrelation: number(r.largest_correlation),
    correlatedPair: String(r.correlated_pair ?? ""),
    problems: String(r.problems ?? "").split(" ").filter((code) => code !== ""),
    warning: String(r.warning ?? ""),
  }));
}
