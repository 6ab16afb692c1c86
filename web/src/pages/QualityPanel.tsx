// The dashboard's panel on the quality of the customer data
// (docs/quality.md): the latest stored run's completeness and validity
// with their trend since the run before, the five worst fields with the
// customers each affects and links to a few of them, when the run was made,
// and, for those who may run analyses, a button that measures now.
import { useState } from "preact/hooks";
import { type Answer, api, ApiError, type Schema } from "../api";
import { useAsync } from "../components/hooks";
import { ErrorNote, Loading } from "../components/Panel";
import type { PageContext } from "../context";
import { formatDateTime, formatNumber, formatPercent } from "../format";
import { labelOf } from "../i18n";
import { can, routeHash } from "../state";

type QualityRun = Schema<"QualityRun">;

/**
 * The latest run, or null when the workspace has none yet (asked through the
 * list first, so that a workspace without runs costs no error status).
 */
async function loadLatest(slug: string): Promise<QualityRun | null> {
  const runs = await api.get<Answer<"listQualityRuns">>(slug, "/quality/runs?limit=1");
  if (runs.items.length === 0) return null;
  try {
    return await api.get<Answer<"getLatestQualityRun">>(slug, "/quality/runs/latest");
  } catch (reason) {
    if (reason instanceof ApiError && reason.status === 404) return null;
    throw reason;
  }
}

/** Which way a share moved: a tenth of a point either way is no move. */
export function trendOf(change: number | null | undefined): "up" | "down" | "same" | null {
  if (change === null || change === undefined) return null;
  if (change > 0.001) return "up";
  if (change < -0.001) return "down";
  return "same";
}

const ARROWS = { up: "↑", down: "↓", same: "→" } as const;

function Trend(props: { ctx: PageContext; change: number | null | undefined }) {
  const { t, language } = props.ctx;
  const trend = trendOf(props.change);
  if (trend === null) return <div class="tile-delta">{t("quality.first_run")}</div>;
  const amount = formatPercent(language, Math.abs(props.change ?? 0));
  return (
    <div class="tile-delta" data-trend={trend}>
      <span aria-hidden="true">{ARROWS[trend]}</span>{" "}
      {t(trend === "same" ? "quality.same" : trend === "up" ? "quality.up" : "quality.down", {
        change: amount,
      })}
    </div>
  );
}

export function QualityPanel(props: { ctx: PageContext }) {
  const { ctx } = props;
  const { t } = ctx;
  const slug = ctx.workspace.slug;
  const loaded = useAsync(() => loadLatest(slug), [slug]);
  const [fresh, setFresh] = useState<QualityRun | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setRunning(true);
    setError(null);
    try {
      setFresh(await api.post<Answer<"runQualityReport", 201>>(slug, "/quality/runs"));
    } catch (reason) {
      setError(reason instanceof Error ? reason.message : String(reason));
    } finally {
      setRunning(false);
    }
  };
  const report = fresh ?? loaded.data;
  return (
    <section class="panel wide" aria-labelledby="quality-title" data-panel="quality">
      <header class="panel-head">
        <h2 id="quality-title">{t("quality.title")}</h2>
        {can(ctx.workspace, "analytics", "write") && (
          <div class="panel-actions">
            <button type="button" onClick={() => void run()} disabled={running} data-action="run-quality">
              {running ? t("quality.running") : t("quality.run_now")}
            </button>
          </div>
        )}
      </header>
      {error !== null && (
        <p class="error" role="alert">
          {t("app.error", { message: error })}
        </p>
      )}
      {loaded.error && !fresh ? (
        <ErrorNote t={t} error={loaded.error} retry={loaded.reload} />
      ) : loaded.loading && !report ? (
        <Loading t={t} />
      ) : report ? (
        <QualityFigures ctx={ctx} report={report} />
      ) : (
        <p class="muted" data-quality="none">
          {t("quality.none")}
        </p>
      )}
    </section>
  );
}

function QualityFigures(props: { ctx: PageContext; report: QualityRun }) {
  const { ctx, report } = props;
  const { t, language } = ctx;
  const ranAt = Date.parse(report.run.ran_at) / 1000;
  return (
    <div data-quality-run={report.run.id}>
      <p class="muted small">
        {t("quality.as_of", {
          date: formatDateTime(language, ranAt, ctx.workspace.timezone),
          run: formatNumber(language, report.run.id),
        })}
      </p>
      <div class="tiles">
        <div class="tile" data-tile="quality-completeness">
          <div class="tile-label">{t("quality.completeness")}</div>
          <div class="tile-value">{formatPercent(language, report.overall.completeness)}</div>
          <Trend ctx={ctx} change={report.change?.completeness} />
        </div>
        <div class="tile" data-tile="quality-validity">
          <div class="tile-label">{t("quality.validity")}</div>
          <div class="tile-value">{formatPercent(language, report.overall.validity)}</div>
          <Trend ctx={ctx} change={report.change?.validity} />
        </div>
        <div class="tile" data-tile="quality-problems">
          <div class="tile-label">{t("quality.with_problems")}</div>
          <div class="tile-value">{formatNumber(language, report.customers_with_problems)}</div>
        </div>
        <div class="tile" data-tile="quality-duplicates">
          <div class="tile-label">{t("quality.duplicates")}</div>
          <div class="tile-value">{formatNumber(language, report.duplicates.pairs)}</div>
        </div>
      </div>
      <h3>{t("quality.worst")}</h3>
      {report.worst_fields.length === 0 ? (
        <p class="muted">{t("quality.no_worst")}</p>
      ) : (
        <div class="table-wrap">
          <table data-table="quality-worst">
            <caption class="sr-only">{t("quality.worst")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("quality.field")}</th>
                <th scope="col" class="num">
                  {t("quality.affected")}
                </th>
                <th scope="col" class="num">
                  {t("quality.good")}
                </th>
                <th scope="col">{t("quality.examples")}</th>
              </tr>
            </thead>
            <tbody>
              {report.worst_fields.map((field) => (
                <tr data-field={field.field}>
                  <th scope="row">{labelOf(t, "quality.field", field.field)}</th>
                  <td class="num">{formatNumber(language, field.affected)}</td>
                  <td class="num">{formatPercent(language, field.score)}</td>
                  <td>
                    {field.examples.map((id, i) => (
                      <>
                        {i > 0 && " "}
                        <a href={routeHash(["customers", id])}>
                          {t("quality.example", { id: formatNumber(language, id) })}
                        </a>
                      </>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
