import { useMemo, useState } from "preact/hooks";
import { type Answer, api, ApiError, type Report, reportRecords, type Schema, type ScoreGroup } from "../api";
import { barChart, lineChart } from "../charts";
import { ChartCanvas } from "../components/Chart";
import { useAsync } from "../components/hooks";
import { ErrorNote, Loading, Panel } from "../components/Panel";
import { CohortPanel, ParetoPanel } from "./panels";
import { QualityPanel } from "./QualityPanel";
import { BankDashboard } from "./BankDashboard";
import type { PageContext } from "../context";
import {
  formatDateTime,
  formatMoney,
  formatMonth,
  formatNumber,
  formatPercent,
} from "../format";
import { dynamicKey, labelOf } from "../i18n";
import { can, routeHash } from "../state";
import type { Customer360Data } from "./customer-data";
import {
  change,
  cohortGrid,
  kpiMonths,
  lastCompleteMonths,
  orderSegments,
  paretoPoints,
  segmentGroups,
} from "./analytics-data";

interface DashboardData {
  kpis: Report;
  pareto: Report | null;
  cohorts: Report;
  matrix: Report | null;
  segments: ScoreGroup[];
}

async function loadDashboard(ctx: PageContext): Promise<DashboardData> {
  const slug = ctx.workspace.slug;
  const money = can(ctx.workspace, "money_scores");
  const calendar = { calendar: ctx.calendar };
  const [kpis, pareto, cohorts, matrix, segments] = await Promise.all([
    api.report(slug, "kpis", calendar),
    money ? api.report(slug, "pareto") : Promise.resolve(null),
    api.report(slug, "cohorts", calendar),
    money ? api.report(slug, "matrix") : Promise.resolve(null),
    // The run's segment sums when the role may see revenue; else the counts
    // from the scores table.
    money
      ? api.report(slug, "segments").then(segmentGroups)
      : api.scoreGroups(slug, "rfm_segment").then((answer) => answer.groups),
  ]);
  return { kpis, pareto, cohorts, matrix, segments: orderSegments(segments) };
}

/** A bank's dashboard where customers hold products, else the shop's. */
export function Dashboard(props: { ctx: PageContext }) {
  if (props.ctx.workspace.kind === "contractual") return <BankDashboard ctx={props.ctx} />;
  return <RetailDashboard ctx={props.ctx} />;
}

function RetailDashboard(props: { ctx: PageContext }) {
  const { ctx } = props;
  const { t } = ctx;
  const loaded = useAsync(() => loadDashboard(ctx), [ctx.workspace.slug, ctx.calendar]);
  if (loaded.error) return <ErrorNote t={t} error={loaded.error} retry={loaded.reload} />;
  if (!loaded.data) return <Loading t={t} />;
  return <DashboardView ctx={ctx} data={loaded.data} reload={loaded.reload} />;
}

function Tile(props: { label: string; value: string; delta?: string | null; id: string }) {
  return (
    <div class="tile" data-tile={props.id}>
      <div class="tile-label">{props.label}</div>
      <div class="tile-value">{props.value}</div>
      {props.delta && <div class="tile-delta">{props.delta}</div>}
    </div>
  );
}

function DashboardView(props: { ctx: PageContext; data: DashboardData; reload: () => void }) {
  const { ctx, data } = props;
  const { t, language, money } = ctx;
  const allMonths = useMemo(() => kpiMonths(data.kpis), [data.kpis]);
  const { current, previous } = lastCompleteMonths(allMonths);
  // The trends stop at the last complete month: the running one would show
  // as a fall in revenue and a jump in churn that are not there.
  const months = useMemo(() => allMonths.slice(0, -1), [allMonths]);
  const monthName = current ? formatMonth(language, current.month, ctx.calendar) : "";
  const delta = (now: number | null, before: number | null) => {
    const c = change(now, before);
    if (c === null) return null;
    const sign = c > 0 ? "+" : "";
    return t("dash.vs_previous", { change: sign + formatPercent(language, c) });
  };
  const customers = data.segments.reduce((sum, g) => sum + g.customers, 0);
  const monthLabels = months.map((m) => formatMonth(language, m.month, ctx.calendar));
  const money0 = (v: number) => formatMoney(language, v, money, true);
  const percent = (v: number) => formatPercent(language, v, 0);

  const revenueConfig = useMemo(
    () =>
      lineChart(language, monthLabels, [{ label: t("col.revenue"), data: months.map((m) => m.revenue) }], money0, {
        fill: true,
      }),
    [months, language],
  );
  const ratesConfig = useMemo(
    () =>
      lineChart(
        language,
        monthLabels,
        [
          { label: t("col.retention"), data: months.map((m) => m.retention) },
          { label: t("col.churn"), data: months.map((m) => m.churn) },
        ],
        percent,
        { max: 1 },
      ),
    [months, language],
  );
  const pareto = useMemo(() => (data.pareto ? paretoPoints(data.pareto) : []), [data.pareto]);
  const segmentLabel = (label: string | null) => labelOf(t, "segment", label);
  const segmentConfig = useMemo(
    () =>
      barChart(
        language,
        data.segments.map((g) => segmentLabel(g.label)),
        [{ label: t("col.customers"), data: data.segments.map((g) => g.customers) }],
        (v) => formatNumber(language, v),
        true,
      ),
    [data.segments, language],
  );
  const grid = useMemo(() => cohortGrid(data.cohorts), [data.cohorts]);

  if (allMonths.length === 0) {
    return (
      <div>
        <h1>{t("dash.title")}</h1>
        <p class="muted">{t("dash.no_analysis")}</p>
        {can(ctx.workspace, "analytics") && <QualityPanel ctx={ctx} />}
      </div>
    );
  }
  return (
    <div>
      <h1>{t("dash.title")}</h1>
      <div class="run-line">
        <p class="muted small" data-run={data.kpis.run?.id ?? ""}>
          {data.kpis.run
            ? t("dash.analysis_of", { date: formatDateTime(language, data.kpis.run.computed_at, ctx.workspace.timezone) })
            : t("dash.computed_now")}
        </p>
        {can(ctx.workspace, "analytics", "write") && <RunAnalysis ctx={ctx} done={props.reload} />}
      </div>
      <div class="tiles">
        <Tile id="customers" label={t("dash.customers")} value={formatNumber(language, customers)} />
        {current && (
          <>
            <Tile
              id="active"
              label={t("dash.active", { month: monthName })}
              value={formatNumber(language, current.active)}
              delta={delta(current.active, previous?.active ?? null)}
            />
            <Tile
              id="new"
              label={t("dash.new", { month: monthName })}
              value={formatNumber(language, current.newCustomers)}
              delta={delta(current.newCustomers, previous?.newCustomers ?? null)}
            />
            <Tile
              id="revenue"
              label={t("dash.revenue", { month: monthName })}
              value={formatMoney(language, current.revenue, money, true)}
              delta={delta(current.revenue, previous?.revenue ?? null)}
            />
            <Tile
              id="retention"
              label={t("dash.retention", { month: monthName })}
              value={formatPercent(language, current.retention)}
            />
            <Tile
              id="churn"
              label={t("dash.churn", { month: monthName })}
              value={formatPercent(language, current.churn)}
            />
          </>
        )}
      </div>
      <div class="grid">
        <Panel
          t={t}
          id="revenue-by-month"
          title={t("dash.revenue_trend")}
          table={{
            header: [t("col.month"), t("col.active"), t("col.new"), t("col.orders"), t("col.revenue")],
            numeric: [false, true, true, true, true],
            rows: months.map((m, i) => [
              monthLabels[i],
              formatNumber(language, m.active),
              formatNumber(language, m.newCustomers),
              formatNumber(language, m.orders),
              formatMoney(language, m.revenue, money),
            ]),
            csv: months.map((m) => [m.month, m.active, m.newCustomers, m.orders, m.revenue]),
          }}
        >
          <ChartCanvas config={revenueConfig} label={t("dash.revenue_trend")} />
        </Panel>
        <Panel
          t={t}
          id="retention-by-month"
          title={t("dash.rates_trend")}
          table={{
            header: [t("col.month"), t("col.retention"), t("col.churn")],
            numeric: [false, true, true],
            rows: months.map((m, i) => [
              monthLabels[i],
              formatPercent(language, m.retention),
              formatPercent(language, m.churn),
            ]),
            csv: months.map((m) => [m.month, m.retention, m.churn]),
          }}
        >
          <ChartCanvas config={ratesConfig} label={t("dash.rates_trend")} />
        </Panel>
        {data.pareto && <ParetoPanel ctx={ctx} id="pareto" title={t("dash.pareto")} points={pareto} sentence />}
        <Panel
          t={t}
          id="segments"
          title={t("dash.segments")}
          table={{
            header: [t("col.segment"), t("col.customers"), t("col.customer_share"), t("col.revenue")],
            numeric: [false, true, true, true],
            rows: data.segments.map((g) => [
              <a href={`#/customers?segment=${encodeURIComponent(g.label ?? "")}`}>{segmentLabel(g.label)}</a>,
              formatNumber(language, g.customers),
              formatPercent(language, customers ? g.customers / customers : null),
              g.measure_sum === undefined ? "–" : formatMoney(language, g.measure_sum, money),
            ]),
            csv: data.segments.map((g) => [g.label, g.customers, g.measure_sum ?? null]),
          }}
        >
          <ChartCanvas config={segmentConfig} label={t("dash.segments")} height={300} />
        </Panel>
        {data.matrix && <MatrixPanel ctx={ctx} report={data.matrix} />}
        {data.matrix && <KeepFirstPanel ctx={ctx} />}
        <CohortPanel ctx={ctx} id="cohorts" title={t("dash.cohorts")} grid={grid} />
        {can(ctx.workspace, "analytics") && <QualityPanel ctx={ctx} />}
      </div>
    </div>
  );
}

function MatrixPanel(props: { ctx: PageContext; report: Report }) {
  const { ctx, report } = props;
  const { t, language, money } = ctx;
  const rows = report.rows.map((r) => ({
    group: String(r[0]),
    customers: Number(r[1]),
    customerShare: Number(r[2]),
    profit: Number(r[3]),
    profitShare: Number(r[4]),
  }));
  const label = (group: string) => labelOf(t, "matrix", group);
  const byGroup = new Map(rows.map((r) => [r.group, r]));
  const cell = (group: string) => {
    const r = byGroup.get(group);
    return (
      <div class="matrix-cell" data-group={group}>
        <div class="matrix-name">{label(group)}</div>
        <div>{t("col.customers")}: {r ? formatPercent(language, r.customerShare) : "–"}</div>
        <div>{t("col.profit")}: {r ? formatPercent(language, r.profitShare) : "–"}</div>
        <div class="muted small">{r ? formatMoney(language, r.profit, money, true) : ""}</div>
      </div>
    );
  };
  return (
    <Panel
      t={t}
      id="matrix"
      title={t("dash.matrix")}
      table={{
        header: [t("col.group"), t("col.customers"), t("col.customer_share"), t("col.profit"), t("col.profit_share")],
        numeric: [false, true, true, true, true],
        rows: rows.map((r) => [
          label(r.group),
          formatNumber(language, r.customers),
          formatPercent(language, r.customerShare),
          formatMoney(language, r.profit, money),
          formatPercent(language, r.profitShare),
        ]),
        csv: rows.map((r) => [r.group, r.customers, r.customerShare, r.profit, r.profitShare]),
      }}
    >
      <div class="matrix">
        {cell("easy_acquire_easy_retain")}
        {cell("hard_acquire_easy_retain")}
        {cell("easy_acquire_hard_retain")}
        {cell("hard_acquire_hard_retain")}
      </div>
    </Panel>
  );
}

/** RFM segments of customers who bought well and are slipping away. */
const SLIPPING = ["Can't lose them", "At risk", "Need attention", "About to sleep"];

interface AtRiskCustomer {
  id: number;
  name: string;
  segment: string | null;
  revenue: number | null;
  pAlive: number | null;
}

async function loadAtRisk(ctx: PageContext): Promise<AtRiskCustomer[]> {
  const slug = ctx.workspace.slug;
  const top = await api.get<Answer<"listScores">>(slug, "/scores", {
    name: "revenue",
    sort: "-value",
    segment: SLIPPING.join(","),
    limit: 10,
  });
  return Promise.all(
    top.items.map(async (item) => {
      const c = await api.get<Customer360Data>(slug, `/customers/${item.customer_id}/360`);
      return {
        id: item.customer_id,
        name: c.customer.display_name,
        segment: c.scores?.rfm_segment?.label ?? null,
        revenue: item.value,
        pAlive: c.scores?.p_alive?.value ?? null,
      };
    }),
  );
}

function AtRiskPanel(props: { ctx: PageContext }) {
  const { ctx } = props;
  const { t, language, money } = ctx;
  const loaded = useAsync(() => loadAtRisk(ctx), [ctx.workspace.slug]);
  const rows = loaded.data ?? [];
  const segment = (label: string | null) => labelOf(t, "segment", label);
  return (
    <Panel
      t={t}
      id="at-risk"
      title={t("dash.at_risk")}
      table={{
        header: [t("col.name"), t("col.segment"), t("col.revenue"), t("col.p_alive")],
        numeric: [false, false, true, true],
        rows: rows.map((c) => [
          <a href={routeHash(["customers", c.id])}>{c.name}</a>,
          segment(c.segment),
          formatMoney(language, c.revenue, money),
          formatPercent(language, c.pAlive, 0),
        ]),
        csv: rows.map((c) => [c.id, c.name, c.segment, c.revenue, c.pAlive]),
      }}
    >
      {loaded.error && <ErrorNote t={t} error={loaded.error} retry={loaded.reload} />}
    </Panel>
  );
}

interface RetentionRow {
  id: number;
  name: string;
  risk: number;
  band: string;
  stage: string;
  priority: number;
  action: string;
}

/** The churn run's retention list (value x churn risk), or null when no
 * churn run has been kept yet. */
async function loadRetention(ctx: PageContext): Promise<{ rows: RetentionRow[] | null }> {
  try {
    const report = await api.report(ctx.workspace.slug, "retention_list");
    const rows = reportRecords(report)
      .slice(0, 10)
      .map((r) => ({
        id: Number(r.customer_id),
        name: String(r.name || r.customer || ""),
        risk: Number(r.churn_risk),
        band: String(r.band ?? ""),
        stage: String(r.stage ?? ""),
        priority: Number(r.priority),
        action: String(r.action ?? ""),
      }));
    return { rows };
  } catch (reason) {
    if (reason instanceof ApiError && reason.status === 404) return { rows: null };
    throw reason;
  }
}

/** Who to keep first: the retention list when churn has been learned, else
 * the best customers in the slipping RFM segments. */
function KeepFirstPanel(props: { ctx: PageContext }) {
  const { ctx } = props;
  const { t, language, money } = ctx;
  const loaded = useAsync(() => loadRetention(ctx), [ctx.workspace.slug]);
  if (loaded.error) return <ErrorNote t={t} error={loaded.error} retry={loaded.reload} />;
  if (!loaded.data) return <Loading t={t} />;
  if (!loaded.data.rows) return <AtRiskPanel ctx={ctx} />;
  const rows = loaded.data.rows;
  return (
    <Panel
      t={t}
      id="keep-first"
      title={t("dash.keep_first")}
      table={{
        header: [t("col.name"), t("col.churn_risk"), t("col.stage"), t("col.value_at_risk"), t("col.action")],
        numeric: [false, true, false, true, false],
        rows: rows.map((c) => [
          <a href={routeHash(["customers", c.id])}>{c.name}</a>,
          <span data-band={c.band}>{formatPercent(language, c.risk, 0)}</span>,
          labelOf(t, "stage_of_churn", c.stage),
          formatMoney(language, c.priority, money),
          labelOf(t, "action", c.action),
        ]),
        csv: rows.map((c) => [c.id, c.name, c.risk, c.band, c.stage, c.priority, c.action]),
      }}
    />
  );
}

type AnalysisJob = Schema<"AnalysisJob">;

/** Runs an analysis on the server and follows its stages; reloads when done. */
function RunAnalysis(props: { ctx: PageContext; done: () => void }) {
  const { t } = props.ctx;
  const [job, setJob] = useState<AnalysisJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const start = async () => {
    setError(null);
    try {
      const slug = props.ctx.workspace.slug;
      let current = (await api.post<Answer<"startAnalysis", 202>>(slug, "/analytics/jobs")).job;
      setJob(current);
      while (current.status === "running") {
        await new Promise((resolve) => setTimeout(resolve, 500));
        current = (await api.get<Answer<"getAnalysisJob">>(slug, `/analytics/jobs/${current.id}`)).job;
        setJob(current);
      }
      if (current.status === "failed") setError(current.error ?? "");
      else props.done();
    } catch (reason) {
      setError(reason instanceof Error ? reason.message : String(reason));
    }
  };
  const running = job?.status === "running";
  const stage = job ? dynamicKey("stage", job.stage) : null;
  return (
    <div class="run-analysis">
      <button type="button" onClick={() => void start()} disabled={running} data-action="analyze">
        {t("dash.run_analysis")}
      </button>
      {running && (
        <span role="status">
          <progress value={job ? job.step - 0.5 : 0} max={job?.steps ?? 1} data-step={job?.step} />{" "}
          {t("dash.job_step", {
            step: formatNumber(props.ctx.language, job?.step ?? 1),
            steps: formatNumber(props.ctx.language, job?.steps ?? 1),
            stage: stage ? t(stage) : (job?.stage ?? ""),
            seconds: formatNumber(props.ctx.language, job?.elapsed_seconds ?? 0),
          })}
        </span>
      )}
      {error !== null && <span class="error" role="alert">{t("app.error", { message: error })}</span>}
    </div>
  );
}
