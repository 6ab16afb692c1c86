import { useMemo } from "preact/hooks";
import { type Answer, api, ApiError, reportRecords } from "../api";
import { barChart, lineChart } from "../charts";
import { ChartCanvas } from "../components/Chart";
import { useAsync } from "../components/hooks";
import { ErrorNote, Loading, Panel } from "../components/Panel";
import type { PageContext } from "../context";
import { formatDate, formatDateTime, formatMoney, formatMonth, formatNumber, formatPercent } from "../format";
import { dynamicKey, labelOf } from "../i18n";
import { can, routeHash } from "../state";
import {
  type FitDiagnostics,
  fitDiagnostics,
  abcRows,
  cohortGrid,
  kpiMonths,
  orderSegments,
  paretoPoints,
  segmentGroups,
  segmentMoves,
} from "./analytics-data";
import { CohortPanel, ParetoPanel } from "./panels";

export function RfmPage(props: { ctx: PageContext }) {
  const { ctx } = props;
  const { t, language, money } = ctx;
  const money_ = can(ctx.workspace, "money_scores");
  const loaded = useAsync(
    () =>
      money_
        ? api.report(ctx.workspace.slug, "segments").then(segmentGroups)
        : api.scoreGroups(ctx.workspace.slug, "rfm_segment").then((answer) => answer.groups),
    [ctx.workspace.slug],
  );
  const groups = useMemo(() => orderSegments(loaded.data ?? []), [loaded.data]);
  const name = (label: string | null) => labelOf(t, "segment", label);
  const why = (label: string | null) => {
    const key = dynamicKey("why", label ?? "");
    return key ? t(key) : "";
  };
  const config = useMemo(
    () =>
      barChart(
        language,
        groups.map((g) => name(g.label)),
        [{ label: t("col.revenue"), data: groups.map((g) => g.measure_sum ?? null) }],
        (v) => formatMoney(language, v, money, true),
        true,
      ),
    [groups, language],
  );
  if (loaded.error) return <ErrorNote t={t} error={loaded.error} retry={loaded.reload} />;
  if (!loaded.data) return <Loading t={t} />;
  const total = groups.reduce((s, g) => s + g.customers, 0);
  return (
    <div>
      <h1>{t("rfm.title")}</h1>
      <p class="muted">{t("rfm.intro")}</p>
      <div class="grid">
        <Panel
          t={t}
          id="rfm-segments"
          wide
          title={t("dash.segments")}
          table={{
            header: [t("col.segment"), t("col.customers"), t("col.customer_share"), t("col.revenue"), t("col.mean_revenue"), ""],
            numeric: [false, true, true, true, true, false],
            rows: groups.map((g) => [
              <a href={routeHash(["customers"], { segment: g.label ?? "" })}>{name(g.label)}</a>,
              formatNumber(language, g.customers),
              formatPercent(language, total ? g.customers / total : null),
              g.measure_sum == null ? "–" : formatMoney(language, g.measure_sum, money),
              g.measure_mean == null ? "–" : formatMoney(language, g.measure_mean, money),
              <span class="why">{why(g.label)}</span>,
            ]),
            csv: groups.map((g) => [g.label, g.customers, g.measure_sum ?? null, g.measure_mean ?? null]),
          }}
        />
        <MovesPanel ctx={ctx} />
        {money_ && (
          <Panel t={t} id="rfm-revenue" wide title={t("rfm.revenue")}>
            <ChartCanvas config={config} label={t("rfm.revenue")} height={340} />
          </Panel>
        )}
      </div>
    </div>
  );
}

function MovesPanel(props: { ctx: PageContext }) {
  const { ctx } = props;
  const { t, language } = ctx;
  const loaded = useAsync(
    async () => {
      // Moves are kept by a run that follows an earlier one: with a single
      // run there are none, and asking would only answer 404.
      const runs = await api.get<Answer<"listAnalysisRuns">>(ctx.workspace.slug, "/analytics/runs");
      if (runs.items.filter((run) => run.kind === "analyze").length < 2) return null;
      return api.report(ctx.workspace.slug, "rfm_moves").then(segmentMoves, (reason: unknown) => {
        if (reason instanceof ApiError && reason.status === 404) return null;
        throw reason;
      });
    },
    [ctx.workspace.slug],
  );
  const name = (label: string) => {
    return label ? labelOf(t, "segment", label) : t("rfm.unsegmented");
  };
  if (loaded.error) return <ErrorNote t={t} error={loaded.error} retry={loaded.reload} />;
  if (loaded.loading && !loaded.data) return <Loading t={t} />;
  const data = loaded.data;
  return (
    <Panel
      t={t}
      id="rfm-moves"
      wide
      title={t("rfm.moves")}
      table={
        data
          ? {
              header: [t("rfm.from"), t("rfm.to"), t("col.customers"), t("rfm.share_of_from")],
              numeric: [false, false, true, true],
              rows: data.moves.map((m) => [
                name(m.from),
                name(m.to),
                formatNumber(language, m.customers),
                formatPercent(language, m.share),
              ]),
              csv: data.moves.map((m) => [m.from, m.to, m.customers]),
            }
          : undefined
      }
      actions={
        data && (
          <span class="muted small" data-stayed={data.stayed}>
            {t("rfm.stayed", {
              stayed: formatNumber(language, data.stayed),
              share: formatPercent(language, data.total ? data.stayed / data.total : null),
            })}
          </span>
        )
      }
    >
      {!data && <p class="muted">{t("rfm.no_moves")}</p>}
    </Panel>
  );
}

export function ValuePage(props: { ctx: PageContext }) {
  const { ctx } = props;
  const { t, language, money } = ctx;
  const loaded = useAsync(async () => {
    const [pareto, abc] = await Promise.all([
      api.report(ctx.workspace.slug, "pareto"),
      api.report(ctx.workspace.slug, "abc"),
    ]);
    return { pareto: paretoPoints(pareto), abc: abcRows(abc) };
  }, [ctx.workspace.slug]);
  if (!can(ctx.workspace, "money_scores")) return <p class="muted">{t("c360.hidden")}</p>;
  if (loaded.error) return <ErrorNote t={t} error={loaded.error} retry={loaded.reload} />;
  if (!loaded.data) return <Loading t={t} />;
  const { pareto, abc } = loaded.data;
  const totalRevenue = abc.reduce((sum, g) => sum + g.revenue, 0);
  const totalCustomers = abc.reduce((sum, g) => sum + g.customers, 0);
  return (
    <div>
      <h1>{t("value.title")}</h1>
      <div class="grid">
        <Panel
          t={t}
          id="abc"
          title={t("value.abc")}
          table={{
            header: [t("col.class"), t("col.customers"), t("col.customer_share"), t("col.revenue"), t("col.revenue_share"), t("col.profit")],
            numeric: [false, true, true, true, true, true],
            rows: abc.map((g) => [
              g.label,
              formatNumber(language, g.customers),
              formatPercent(language, totalCustomers ? g.customers / totalCustomers : null),
              formatMoney(language, g.revenue, money),
              formatPercent(language, totalRevenue ? g.revenue / totalRevenue : null),
              formatMoney(language, g.profit, money),
            ]),
            csv: abc.map((g) => [g.label, g.customers, g.revenue, g.profit]),
          }}
        />
        <ParetoPanel ctx={ctx} id="pareto-curve" title={t("value.pareto")} points={pareto} />
      </div>
    </div>
  );
}



export function ClvPage(props: { ctx: PageContext }) {
  const { ctx } = props;
  const { t, language, money } = ctx;
  const loaded = useAsync(async () => {
    const slug = ctx.workspace.slug;
    const [top, model, distribution, tracking, diagnostics] = await Promise.all([
      api.get<Answer<"listScores">>(slug, "/scores", { name: "clv_1y", sort: "-value", limit: 20 }),
      api.report(slug, "clv_model"),
      api.report(slug, "clv_distribution"),
      // The tracking plot needs a history longer than its holdout.
      api.report(slug, "clv_tracking").catch(() => null),
      api.report(slug, "clv_diagnostics").catch(() => null),
    ]);
    const names = await Promise.all(
      top.items.map((item) =>
        api
          .get<Answer<"getCustomer">>(slug, `/customers/${item.customer_id}`)
          .then((c) => c.customer.display_name, () => String(item.customer_id)),
      ),
    );
    return {
      top: top.items.map((item, i) => ({ ...item, name: names[i] })),
      model: reportRecords(model),
      diagnostics: diagnostics ? fitDiagnostics(diagnostics) : [],
      bands: reportRecords(distribution).map((r) => ({
        from: Number(r.p_alive_from),
        to: Number(r.p_alive_to),
        customers: Number(r.customers),
        purchases: Number(r.expected_purchases_1y),
        value: Number(r.clv_1y),
      })),
      tracking: tracking
        ? reportRecords(tracking).map((r) => ({
          day: String(r.end_day),
          actual: Number(r.actual_cumulative),
          predicted: Number(r.predicted_cumulative),
          holdout: r.period === "holdout",
        }))
        : [],
    };
  }, [ctx.workspace.slug]);
  if (!can(ctx.workspace, "money_scores")) return <p class="muted">{t("c360.hidden")}</p>;
  if (loaded.error) return <ErrorNote t={t} error={loaded.error} retry={loaded.reload} />;
  if (!loaded.data) return <Loading t={t} />;
  const { top, model, bands, tracking, diagnostics } = loaded.data;
  const columns = model.length ? Object.keys(model[0]) : [];
  const percent = (v: number | null) => formatPercent(language, v, 0);
  const number = (v: number | null, digits: number) => (v === null ? "–" : formatNumber(language, v, digits));
  const band = (b: { from: number; to: number }) =>
    `${formatPercent(language, b.from, 0)}–${formatPercent(language, b.to, 0)}`;
  return (
    <div>
      <h1>{t("clv.title")}</h1>
      {diagnostics.filter((d) => d.degenerate).map((d) => (
        <FitWarning ctx={ctx} fit={d} />
      ))}
      <div class="grid">
        <Panel
          t={t}
          id="clv-distribution"
          wide
          title={t("clv.distribution")}
          table={{
            header: [t("col.p_alive"), t("col.customers"), t("col.expected_purchases"), t("col.clv")],
            numeric: [false, true, true, true],
            rows: bands.map((b) => [
              band(b),
              formatNumber(language, b.customers),
              formatNumber(language, b.purchases, 1),
              formatMoney(language, b.value, money),
            ]),
            csv: bands.map((b) => [b.from, b.to, b.customers, b.purchases, b.value]),
          }}
        >
          <ClvBands ctx={ctx} bands={bands} label={band} />
        </Panel>
        <Panel
          t={t}
          id="clv-top"
          title={t("clv.top")}
          table={{
            header: [t("col.name"), t("col.clv")],
            numeric: [false, true],
            rows: top.map((c) => [
              <a href={routeHash(["customers", c.customer_id])}>{c.name}</a>,
              formatMoney(language, c.value, money),
            ]),
            csv: top.map((c) => [c.customer_id, c.name, c.value]),
          }}
        />
        {tracking.length > 0 && (
          <Panel
            t={t}
            id="clv-tracking"
            wide
            title={t("clv.tracking")}
            table={{
              header: [t("clv.week_ending"), t("clv.actual"), t("clv.predicted"), t("clv.period")],
              numeric: [false, true, true, false],
              rows: tracking.map((p) => [
                formatDate(language, p.day),
                formatNumber(language, p.actual, 0),
                formatNumber(language, p.predicted, 0),
                p.holdout ? t("clv.holdout") : t("clv.calibration"),
              ]),
              csv: tracking.map((p) => [p.day, p.actual, p.predicted, p.holdout ? "holdout" : "calibration"]),
            }}
          >
            <ClvTracking ctx={ctx} points={tracking} />
            <p class="muted">{t("clv.tracking_note")}</p>
          </Panel>
        )}
        <Panel
          t={t}
          id="clv-model"
          wide
          title={t("clv.model")}
          table={{
            header: columns.map((c) => labelOf(t, "col", c)),
            numeric: columns.map((_, i) => i > 0),
            rows: model.map((r) =>
              columns.map((c) =>
                typeof r[c] === "number"
                  ? formatNumber(language, r[c] as number, 4)
                  : c === "model" || c === "parameter"
                    ? labelOf(t, c, String(r[c] ?? ""))
                    : String(r[c] ?? ""),
              ),
            ),
            csv: model.map((r) => columns.map((c) => r[c])),
          }}
        />
        {diagnostics.length > 0 && (
          <Panel
            t={t}
            id="clv-diagnostics"
            wide
            title={t("clv.diagnostics")}
            table={{
              header: [t("col.model"), t("col.share_alive"), t("col.share_silent"), t("col.share_silent_alive"),
                t("col.max_relative_error"), t("col.largest_correlation"), t("col.verdict")],
              numeric: [false, true, true, true, true, true, false],
              rows: diagnostics.map((d) => [
                labelOf(t, "model", d.model),
                percent(d.shareAlive),
                percent(d.shareSilent),
                percent(d.shareSilentAlive),
                number(d.maxRelativeError, 2),
                d.largestCorrelation === null ? "–" : `${number(d.largestCorrelation, 3)} (${d.correlatedPair.split("/").map((p) => labelOf(t, "parameter", p)).join("/")})`,
                d.degenerate ? t("clv.verdict_degenerate") : t("clv.verdict_healthy"),
              ]),
              csv: diagnostics.map((d) => [d.model, d.shareAlive, d.shareSilent, d.shareSilentAlive,
                d.maxRelativeError, d.largestCorrelation, d.correlatedPair, d.degenerate ? 1 : 0, d.warning]),
            }}
          />
        )}
      </div>
    </div>
  );
}

/** A degenerate fit, said in the reader's language with what to try. */
function FitWarning(props: { ctx: PageContext; fit: FitDiagnostics }) {
  const { t, language } = props.ctx;
  const { fit } = props;
  // The server judged the fit (src/analytics/clv/fit_diagnostics.h); each
  // problem it found is said here in the reader's language.
  const reasons = fit.problems.map((code) => {
    switch (code) {
      case "barely_identified":
        return t("clv.barely_identified", { ratio: formatNumber(language, fit.maxRelativeError ?? 0, 1) });
      case "confounded":
        return t("clv.confounded", { pair: fit.correlatedPair, r: formatNumber(language, fit.largestCorrelation ?? 0, 3) });
      case "alive_despite_silence":
        return t("clv.alive_silent", { share: formatPercent(language, fit.shareSilentAlive, 0) });
      default:
        return t("clv.no_errors");
    }
  });
  return (
    <div class="fit-warning" role="alert" title={fit.warning}>
      <strong>{t("clv.degenerate", { model: labelOf(t, "model", fit.model) })}</strong>
      <ul>{reasons.map((r) => <li>{r}</li>)}</ul>
      <p>{fit.model === "gamma_gamma" ? t("clv.spend_try") : t("clv.try_other")}</p>
      <p class="muted">{t("clv.diagnostics_note")}</p>
    </div>
  );
}

function ClvBands(props: {
  ctx: PageContext;
  bands: { from: number; to: number; customers: number }[];
  label: (band: { from: number; to: number }) => string;
}) {
  const { ctx, bands } = props;
  const config = useMemo(
    () =>
      barChart(
        ctx.language,
        bands.map(props.label),
        [{ label: ctx.t("col.customers"), data: bands.map((b) => b.customers) }],
        (v) => formatNumber(ctx.language, v),
      ),
    [bands, ctx.language],
  );
  return <ChartCanvas config={config} label={ctx.t("clv.distribution")} height={240} />;
}

export function CohortsPage(props: { ctx: PageContext }) {
  const { ctx } = props;
  const { t, language, money } = ctx;
  const loaded = useAsync(async () => {
    const calendar = { calendar: ctx.calendar };
    const [kpis, cohorts] = await Promise.all([
      api.report(ctx.workspace.slug, "kpis", calendar),
      api.report(ctx.workspace.slug, "cohorts", calendar),
    ]);
    return { months: kpiMonths(kpis), grid: cohortGrid(cohorts, 24, 24), run: kpis.run };
  }, [ctx.workspace.slug, ctx.calendar]);
  if (loaded.error) return <ErrorNote t={t} error={loaded.error} retry={loaded.reload} />;
  if (!loaded.data) return <Loading t={t} />;
  const { months, grid, run } = loaded.data;
  // The report's last month is the running one: its figures are so far.
  const monthLabel = (month: string, i: number) =>
    formatMonth(language, month, ctx.calendar) + (i === months.length - 1 ? ` (${t("cohorts.so_far")})` : "");
  return (
    <div>
      <h1>{t("cohorts.title")}</h1>
      <p class="muted small" data-as-of={run?.computed_at ?? ""}>
        {run
          ? t("dash.analysis_of", { date: formatDateTime(language, run.computed_at, ctx.workspace.timezone) })
          : t("dash.computed_now")}
      </p>
      <Panel
        t={t}
        id="kpis"
        wide
        title={t("cohorts.kpis")}
        table={{
          header: [
            t("col.month"), t("col.active"), t("col.new"), t("col.retained"), t("col.retention"),
            t("col.churn"), t("col.orders"), t("col.revenue"), t("col.aov"),
          ],
          numeric: [false, true, true, true, true, true, true, true, true],
          rows: months.map((m, i) => [
            monthLabel(m.month, i),
            formatNumber(language, m.active),
            formatNumber(language, m.newCustomers),
            formatNumber(language, m.retained),
            formatPercent(language, m.retention),
            formatPercent(language, m.churn),
            formatNumber(language, m.orders),
            formatMoney(language, m.revenue, money),
            formatMoney(language, m.averageOrder, money),
          ]),
          csv: months.map((m) => [m.month, m.active, m.newCustomers, m.retained, m.retention, m.churn, m.orders, m.revenue, m.averageOrder]),
        }}
      />
      <CohortPanel ctx={ctx} id="cohort-heatmap" title={t("cohorts.heatmap")} grid={grid} />
    </div>
  );
}

/** Cumulative repeat purchases, actual against the model fitted before the holdout. */
function ClvTracking(props: { ctx: PageContext; points: { day: string; actual: number; predicted: number }[] }) {
  const { ctx, points } = props;
  const config = useMemo(
    () =>
      lineChart(
        ctx.language,
        points.map((p) => formatDate(ctx.language, p.day)),
        [
          { label: ctx.t("clv.actual"), data: points.map((p) => p.actual) },
          { label: ctx.t("clv.predicted"), data: points.map((p) => p.predicted) },
        ],
        (v) => formatNumber(ctx.language, v, 0),
      ),
    [points, ctx.language],
  );
  return <ChartCanvas config={config} label={ctx.t("clv.tracking")} height={260} />;
}
