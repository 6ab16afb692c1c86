import { useMemo } from "preact/hooks";
import { lineChart } from "../charts";
import { ChartCanvas } from "../components/Chart";
import { Panel } from "../components/Panel";
import type { PageContext } from "../context";
import { formatMonth, formatNumber, formatPercent } from "../format";
import { type CohortGrid, type ParetoPoint, paretoReading } from "./analytics-data";

// Cards that more than one page shows: the Pareto curve and cohort retention.

export function ParetoPanel(props: {
  ctx: PageContext;
  id: string;
  title: string;
  points: ParetoPoint[];
  sentence?: boolean;
}) {
  const { ctx, points } = props;
  const { t, language } = ctx;
  const config = useMemo(
    () =>
      lineChart(
        language,
        points.map((p) => formatPercent(language, p.percent / 100, 0)),
        [
          { label: t("col.revenue_share"), data: points.map((p) => p.revenueShare) },
          { label: t("col.margin_share"), data: points.map((p) => p.marginShare) },
        ],
        (v) => formatPercent(language, v, 0),
        { max: 1 },
      ),
    [points, language],
  );
  const reading = paretoReading(points);
  return (
    <Panel
      t={t}
      id={props.id}
      title={props.title}
      table={{
        header: [t("col.customer_percent"), t("col.revenue_share"), t("col.margin_share")],
        numeric: [true, true, true],
        rows: points.map((p) => [
          formatPercent(language, p.percent / 100, 0),
          formatPercent(language, p.revenueShare),
          formatPercent(language, p.marginShare),
        ]),
        csv: points.map((p) => [p.percent, p.revenueShare, p.marginShare]),
      }}
    >
      {props.sentence && (
        <p class="reading" data-reading="pareto">
          {t("dash.pareto_sentence", {
            share: formatPercent(language, reading.top20Share),
            customers: formatPercent(language, reading.customersFor80),
          })}
        </p>
      )}
      <ChartCanvas config={config} label={props.title} height={220} />
    </Panel>
  );
}

export function CohortPanel(props: { ctx: PageContext; id: string; title: string; grid: CohortGrid }) {
  const { ctx, grid } = props;
  const { t, language } = ctx;
  return (
    <Panel
      t={t}
      id={props.id}
      wide
      title={props.title}
      table={{
        header: [t("col.cohort"), t("col.size"), ...grid.months.map((m) => formatNumber(language, m))],
        numeric: [false, true, ...grid.months.map(() => true)],
        rows: grid.cohorts.map((c, i) => [
          formatMonth(language, c.cohort, ctx.calendar),
          formatNumber(language, c.size),
          ...grid.retention[i].map((r) => (r === null ? "" : formatPercent(language, r, 0))),
        ]),
        csv: grid.cohorts.map((c, i) => [c.cohort, c.size, ...grid.retention[i]]),
      }}
    >
      <Heatmap ctx={ctx} grid={grid} />
    </Panel>
  );
}

// A retention cell's teal, deeper for a larger share, over the page's
// white; its text black or white, whichever contrasts more with that
// shade (one of the two always reaches WCAG's 4.5:1).
function heatCellStyle(share: number): { background: string; color: string } {
  const alpha = 0.08 + 0.9 * share;
  const teal = [15, 118, 110];
  const linear = teal.map((c) => {
    const v = (255 * (1 - alpha) + c * alpha) / 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
  });
  const luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2];
  const onWhite = 1.05 / (luminance + 0.05);
  const onBlack = (luminance + 0.05) / 0.05;
  return { background: `rgba(15, 118, 110, ${alpha})`, color: onWhite >= onBlack ? "#fff" : "#000" };
}

function Heatmap(props: { ctx: PageContext; grid: CohortGrid }) {
  const { ctx, grid } = props;
  const { language, t } = ctx;
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label={t("dash.cohorts")}>
      <table class="heatmap">
        <caption class="sr-only">{t("dash.cohorts")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("col.cohort")}</th>
            <th scope="col" class="num">{t("col.size")}</th>
            {grid.months.map((m) => (
              <th scope="col" class="num">{formatNumber(language, m)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {grid.cohorts.map((c, i) => (
            <tr>
              <th scope="row">{formatMonth(language, c.cohort, ctx.calendar)}</th>
              <td class="num">{formatNumber(language, c.size)}</td>
              {grid.retention[i].map((r) => (
                <td
                  class="num cell"
                  style={r === null ? undefined : heatCellStyle(r)}
                >
                  {r === null ? "" : formatPercent(language, r, 0)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p class="muted small">{t("col.months_since")}</p>
    </div>
  );
}

