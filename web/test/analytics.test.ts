import { describe, expect, it } from "vitest";
import { parseImportReport, problemsOf, queryString, type Report } from "../src/api";
import { toCsv } from "../src/csv";
import {
  change,
  cohortGrid,
  fitDiagnostics,
  kpiMonths,
  lastCompleteMonths,
  orderSegments,
  paretoPoints,
  paretoReading,
  segmentGroups,
  segmentMoves,
} from "../src/pages/analytics-data";
import { controllableShare } from "../src/pages/Churn";
import { nextOffers, parseChurnReasons, rfmDigits, timeline } from "../src/pages/customer-data";
import { mappedHeader, missingFields, replaceHeader } from "../src/pages/Import";
import { loadViews, saveViews, scoreBound } from "../src/pages/views";
import { chooseWorkspace, initialLanguage, parseRoute, routeHash } from "../src/state";

const kpis: Report = {
  report: "kpis",
  columns: ["month", "active_customers", "new_customers", "retained_customers", "revenue", "orders",
    "average_order_value", "retention_rate", "churn_rate"],
  column_types: ["text", "integer", "integer", "integer", "integer", "integer", "number", "number", "number"],
  rows: [
    ["1403-01", 10, 10, 0, 1000, 12, 83.3, null, null],
    ["1403-02", 12, 5, 7, 1500, 14, 107.1, 0.7, 0.3],
    ["1403-03", 9, 3, 6, 900, 9, 100, 0.5, 0.5],
    ["1403-04", 2, 1, 1, 100, 2, 50, 0.111111, 0.888889],
  ],
};

describe("KPIs", () => {
  it("reads the report and takes the month before the running one", () => {
    const months = kpiMonths(kpis);
    expect(months[1]).toMatchObject({ month: "1403-02", active: 12, retention: 0.7, revenue: 1500 });
    expect(months[0].retention).toBeNull();
    const { current, previous } = lastCompleteMonths(months);
    expect(current?.month).toBe("1403-03");
    expect(previous?.month).toBe("1403-02");
    expect(lastCompleteMonths(months.slice(0, 1)).current).toBeNull();
  });
  it("computes the change on the month before", () => {
    expect(change(9, 12)).toBeCloseTo(-0.25);
    expect(change(5, 0)).toBeNull();
    expect(change(null, 3)).toBeNull();
  });
});

describe("Pareto", () => {
  const report: Report = {
    report: "pareto",
    columns: ["customer_percent", "revenue_share", "margin_share"],
    column_types: ["integer", "number", "number"],
    rows: Array.from({ length: 101 }, (_, p) => [p, Math.min(1, p / 25), Math.min(1, p / 30)]),
  };
  it("reads the two sentences off the curve", () => {
    const reading = paretoReading(paretoPoints(report));
    expect(reading.top20Share).toBeCloseTo(0.8);
    expect(reading.customersFor80).toBeCloseTo(0.2);
  });
});

describe("segments and cohorts", () => {
  it("reads the moves between segments, largest first, and who stayed", () => {
    const moves = segmentMoves({
      report: "rfm_moves",
      columns: ["from", "to", "customers"],
      column_types: ["text", "text", "integer"],
      rows: [
        ["", "New", 5],
        ["Champions", "Champions", 30],
        ["Champions", "At risk", 10],
        ["Loyal", "Champions", 4],
        ["Loyal", "Loyal", 16],
      ],
    });
    expect(moves.stayed).toBe(46);
    expect(moves.total).toBe(65);
    expect(moves.moves).toEqual([
      { from: "Champions", to: "At risk", customers: 10, share: 0.25 },
      { from: "", to: "New", customers: 5, share: 1 },
      { from: "Loyal", to: "Champions", customers: 4, share: 0.2 },
    ]);
  });
  it("reads the segments report as groups measured by revenue, empty ones left out", () => {
    const groups = segmentGroups({
      report: "segments",
      columns: ["segment", "customers", "revenue", "profit"],
      column_types: ["text", "integer", "integer", "integer"],
      rows: [
        ["Champions", 2, 300, 100],
        ["Loyal", 0, 0, 0],
        ["Lost", 4, 100, 20],
      ],
    });
    expect(groups).toEqual([
      { label: "Champions", customers: 2, mean_value: null, measure_sum: 300, measure_mean: 150 },
      { label: "Lost", customers: 4, mean_value: null, measure_sum: 100, measure_mean: 25 },
    ]);
  });
  it("orders RFM segments best first, unknown labels last", () => {
    const ordered = orderSegments([
      { label: "Lost", customers: 5, mean_value: null },
      { label: "Mystery", customers: 1, mean_value: null },
      { label: "Champions", customers: 2, mean_value: null },
    ]);
    expect(ordered.map((g) => g.label)).toEqual(["Champions", "Lost", "Mystery"]);
  });
  it("builds the newest cohorts over their first months", () => {
    const report: Report = {
      report: "cohorts",
      columns: ["cohort", "size", "months_since", "active", "retention"],
      column_types: ["text", "integer", "integer", "integer", "number"],
      rows: [
        ["1403-01", 4, 0, 4, 1],
        ["1403-01", 4, 1, 2, 0.5],
        ["1403-01", 4, 2, 1, 0.25],
        ["1403-02", 10, 0, 10, 1],
        ["1403-02", 10, 1, 3, 0.3],
        ["1403-02", 10, 2, 0, 0],
        ["1403-03", 5, 0, 5, 1],
        ["1403-03", 5, 1, 0, 0],
        ["1403-04", 2, 0, 2, 1],
      ],
    };
    // 1403-04 is the running month: its cohort and the cells in it go.
    const grid = cohortGrid(report, 2, 1);
    expect(grid.cohorts).toEqual([
      { cohort: "1403-02", size: 10 },
      { cohort: "1403-03", size: 5 },
    ]);
    expect(grid.months).toEqual([0, 1]);
    expect(grid.retention).toEqual([
      [1, 0.3],
      [1, null],
    ]);
    expect(cohortGrid(report, 5, 5).retention[0]).toEqual([1, 0.5, 0.25, null, null, null]);
  });
});

describe("customer 360", () => {
  it("merges orders, interactions and campaign touches newest first", () => {
    const events = timeline({
      customer: { id: 1 } as never,
      organisation: null,
      contacts: [],
      scores: {},
      story: null,
      recent_orders: [{ id: 7, ordered_at: 100 } as never, { id: 8, ordered_at: 300 } as never],
      recent_interactions: [{ id: 3, occurred_at: 200 } as never],
      campaigns: [{ id: 2, starts_at: 250 } as never],
    });
    expect(events.map((e) => `${e.kind}:${e.at}`)).toEqual(["order:300", "campaign:250", "interaction:200", "order:100"]);
  });
  it("places messages at their sending time, or when queued if not yet sent", () => {
    const data = { customer: { id: 1 } as never, organisation: null, contacts: [], scores: {}, story: null,
      recent_orders: [{ id: 7, ordered_at: 100 } as never] };
    const events = timeline(data as never, [
      { id: 5, created_at: 150, sent_at: 400 } as never,
      { id: 6, created_at: 50, sent_at: null } as never,
    ]);
    expect(events.map((e) => `${e.kind}:${e.at}`)).toEqual(["message:400", "order:100", "message:50"]);
  });
  it("lists the stored next-best offers in rank order", () => {
    const score = (value: number, label: string | null) => ({ value, label, computed_at: 0 });
    expect(
      nextOffers({
        next_offer_2: score(20, "B-2"),
        rfm_segment: score(0, "Lost"),
        next_offer_10: score(5, "J-10"),
        next_offer_1: score(30, "A-1"),
        next_offer_3: score(1, null),
      }),
    ).toEqual([
      { sku: "A-1", value: 30 },
      { sku: "B-2", value: 20 },
      { sku: "J-10", value: 5 },
    ]);
  });
  it("splits an RFM code into its scores", () => {
    expect(rfmDigits(245)).toEqual([2, 4, 5]);
    expect(rfmDigits(605)).toBeNull();
    expect(rfmDigits(null)).toBeNull();
  });
});

describe("import", () => {
  it("reads the report of a rejected file into rows", () => {
    const message =
      'x.csv: rejected, nothing was imported: 2 errors in 1 row\n' +
      'x.csv:2: column "national_id": "123": "123" has 3 digits; a national id has ten\n' +
      'x.csv:1: missing column "phone" (also accepted: mobile, موبایل)\n';
    expect(parseImportReport(message)).toEqual([
      { file: "x.csv", row: 2, column: "national_id", text: '"123": "123" has 3 digits; a national id has ten' },
      { file: "x.csv", row: 1, column: null, text: 'missing column "phone" (also accepted: mobile, موبایل)' },
    ]);
  });
  it("reads only the rows of a report that opens with its table of counts", () => {
    const message =
      "x.csv: rejected, nothing was imported: 3 errors in 2 rows\n" +
      "  count\tcolumn\treason\n" +
      "  2\tphone\tnot a phone number\n" +
      "  1\tdate\tnot a date\n" +
      'x.csv:3: column "phone": "0912": not a phone number\n' +
      "  (1 more errors of this kind not shown)\n" +
      'x.csv:4: column "date": "13/13/10": not a date\n';
    expect(parseImportReport(message)).toEqual([
      { file: "x.csv", row: 3, column: "phone", text: '"0912": not a phone number' },
      { file: "x.csv", row: 4, column: "date", text: '"13/13/10": not a date' },
    ]);
  });
  it("lists a structured report's examples in file order", () => {
    const report = {
      file: "x.csv",
      errors: 3,
      bad_rows: 3,
      groups: [
        { column: "phone", reason: "not a phone number", count: 2, examples: [{ line: 5, value: "0912", reason: "not a phone number" }] },
        { column: "", reason: "missing column", count: 1, examples: [{ line: 1, value: "", reason: 'missing column "phone"' }] },
      ],
    };
    expect(problemsOf(report)).toEqual([
      { file: "x.csv", row: 1, column: null, text: 'missing column "phone"' },
      { file: "x.csv", row: 5, column: "phone", text: '"0912": not a phone number' },
    ]);
  });
  it("renames the header as the person mapped it, and keeps the rows", () => {
    const header = mappedHeader(["external_id", null, "amount"]);
    expect(header).toEqual(["external_id", "ignored_2", "amount"]);
    expect(replaceHeader('\uFEFFکد مشتری,رنگ,"مبلغ, ریال"\r\n1,"a,b",3\r\n', header)).toBe(
      'external_id,ignored_2,amount\r\n1,"a,b",3\r\n',
    );
    expect(replaceHeader("a,b", ["x", "y,z"])).toBe('x,"y,z"');
  });
  it("names the required fields no column gives", () => {
    const fields = [
      { name: "customer_id", required: true },
      { name: "date", required: true },
      { name: "channel", required: false },
    ];
    expect(missingFields(fields, ["date", null])).toEqual(["customer_id"]);
    expect(missingFields(fields, ["date", "customer_id"])).toEqual([]);
  });
});

describe("CSV export", () => {
  it("quotes what needs quoting and starts with a byte-order mark", () => {
    expect(toCsv(["a", "b"], [["x,y", 'say "hi"'], [1, null]])).toBe('\uFEFFa,b\r\n"x,y","say ""hi"""\r\n1,\r\n');
  });
});

describe("score filter", () => {
  const toman = { currency: "IRR", display: "toman" as const };
  it("turns a typed bound into the API's units", () => {
    expect(scoreBound("500,000", "money", toman, 0)).toBe(5_000_000);
    // Persian digits and separators, as typed in the Persian UI.
    expect(scoreBound("۵۰۰٬۰۰۰", "money", { currency: "IRR", display: "rial" }, 0)).toBe(500_000);
    expect(scoreBound("۱۲٫۵", "percent", toman, 0)).toBeCloseTo(0.125);
    expect(scoreBound("20", "percent", toman, 0)).toBeCloseTo(0.2);
    expect(scoreBound("12.5", "money", { currency: "USD", display: "toman" }, 2)).toBe(1250);
    expect(scoreBound("345", "number", toman, 0)).toBe(345);
    expect(scoreBound("", "number", toman, 0)).toBeNull();
    expect(scoreBound("lots", "money", toman, 0)).toBeNull();
  });
});

describe("state", () => {
  it("parses and builds routes", () => {
    const route = parseRoute("#/customers?q=%D8%B9%D9%84%DB%8C&segment=Lost");
    expect(route.path).toEqual(["customers"]);
    expect(route.query.get("q")).toBe("علی");
    expect(routeHash(["customers", 12])).toBe("#/customers/12");
    expect(parseRoute(routeHash(["customers"], { q: "علی", city: "" })).query.get("q")).toBe("علی");
    expect(parseRoute("").path).toEqual([]);
  });
  it("drops empty query parameters", () => {
    expect(queryString({ a: 1, b: "", c: undefined, d: "x y" })).toBe("?a=1&d=x+y");
  });
  it("picks the first language from what is saved, then the browser", () => {
    expect(initialLanguage("fa", "en-US")).toBe("fa");
    expect(initialLanguage(null, "fa-IR")).toBe("fa");
    expect(initialLanguage("de", "en-GB")).toBe("en");
  });
  it("reopens the last workspace only while still a member", () => {
    const me = { user: {} as never, workspaces: [{ slug: "a" }, { slug: "b" }] as never };
    expect(chooseWorkspace(me, "b")).toBe("b");
    expect(chooseWorkspace(me, "gone")).toBe("a");
  });
  it("keeps saved views per workspace and ignores junk", () => {
    const data = new Map<string, string>();
    const store = { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) };
    const view = {
      name: "Tehran at risk",
      filter: { q: "", segment: "At risk", city: "تهران", acquisition_channel: "", score: "clv_1y", score_min: "500000", score_max: "" },
    };
    saveViews("shop", [view], store);
    expect(loadViews("shop", store)).toEqual([view]);
    expect(loadViews("other", store)).toEqual([]);
    data.set("vafa.views.bad", "{not json");
    expect(loadViews("bad", store)).toEqual([]);
  });
});

describe("parseChurnReasons", () => {
  it("reads code:value pairs in their order", () => {
    expect(parseChurnReasons("complaint:1;overdue:3.12;falling_orders:-0.50")).toEqual([
      { code: "complaint", value: 1 },
      { code: "overdue", value: 3.12 },
      { code: "falling_orders", value: -0.5 },
    ]);
  });
  it("gives nothing for no label", () => {
    expect(parseChurnReasons("")).toEqual([]);
    expect(parseChurnReasons(null)).toEqual([]);
  });
});

describe("controllableShare", () => {
  it("is the controllable share of the main reasons", () => {
    expect(
      controllableShare([
        { reason: "complaint", controllable: 1, customers: 10, first: 6, first_cause: 6 },
        { reason: "short_tenure", controllable: 0, customers: 30, first: 2, first_cause: 2 },
        { reason: "no_discount", controllable: 1, customers: 20, first: 0, first_cause: 0 },
      ]),
    ).toBe(0.75);
    expect(controllableShare([])).toBeNull();
  });
});

describe("fit diagnostics", () => {
  it("reads each model's verdict and shares, empty cells as none", () => {
    const report: Report = {
      report: "clv_diagnostics",
      columns: ["model", "degenerate", "customers", "share_p_alive_above_0_9",
        "share_silent_over_3x_interval", "share_of_silent_p_alive_above_0_9",
        "max_relative_error", "largest_correlation", "correlated_pair", "problems", "warning"],
      column_types: ["text", "integer", "integer", "number", "number", "number", "number", "number",
        "text", "text", "text"],
      rows: [
        ["bg_nbd", 1, 4339, 0.999, 0.21, 0.98, 3.1, 0.95, "a/b", "barely_identified alive_despite_silence",
          "dropout is barely identified (a = 0.004 has a standard error 3.1x its value): try --model pareto_nbd"],
        ["gamma_gamma", 0, null, null, null, null, 0.3, 0.9, "q/gamma", null, null],
      ],
    };
    const [bg, spend] = fitDiagnostics(report);
    expect(bg.degenerate).toBe(true);
    expect(bg.shareSilentAlive).toBe(0.98);
    expect(bg.problems).toEqual(["barely_identified", "alive_despite_silence"]);
    expect(bg.warning).toContain("pareto_nbd");
    expect(spend.degenerate).toBe(false);
    expect(spend.shareAlive).toBeNull();
    expect(spend.warning).toBe("");
    expect(spend.problems).toEqual([]);
  });
});
