import { useMemo } from "preact/hooks";
import { api, ApiError, type Report, reportRecords } from "../api";
import { barChart } from "../charts";
import { ChartCanvas } from "../components/Chart";
import { useAsync } from "../components/hooks";
import { ErrorNote, Loading, Panel } from "../components/Panel";
import type { PageContext } from "../context";
import { formatMoney, formatNumber, formatPercent } from "../format";
import { dynamicKey, labelOf } from "../i18n";
import { can, routeHash } from "../state";
import { parseChurnReasons } from "./customer-data";

interface ChurnReports {
  evidence: Report | null;
  calibration: Report | null;
  models: Report;
  lift: Report;
  reasons: Report;
  stages: Report | null;
  list: Report | null;
}

/** The churn run's kept reports, or null when no churn run has been kept. */
async function loadChurn(ctx: PageContext): Promise<{ reports: ChurnReports | null }> {
  const slug = ctx.workspace.slug;
  const money = can(ctx.workspace, "money_scores");
  try {
    // A run kept before these two reports existed has neither.
    const optional = (name: string) =>
      api.report(slug, name).catch((reason) => {
        if (reason instanceof ApiError && reason.status === 404) return null;
        throw reason;
      });
    const [evidence, calibration, models, lift, reasons, stages, list] = await Promise.all([
      optional("churn_evidence"),
      optional("churn_calibration"),
      api.report(slug, "churn_models"),
      api.report(slug, "churn_lift"),
      api.report(slug, "churn_reasons"),
      money ? api.report(slug, "churn_stages") : Promise.resolve(null),
      money ? api.report(slug, "retention_list") : Promise.resolve(null),
    ]);
    return { reports: { evidence, calibration, models, lift, reasons, stages, list } };
  } catch (reason) {
    if (reason instanceof ApiError && reason.status === 404) return { reports: null };
    throw reason;
  }
}

/** Share of the at-risk customers' main causes (their heaviest reason that
 * is not a symptom) that the business controls. */
export function controllableShare(reasons: Record<string, string | number | null>[]): number | null {
  let controllable = 0;
  let all = 0;
  for (const r of reasons) {
    const first = Number(r.first_cause ?? 0);
    all += first;
    if (Number(r.controllable) === 1) controllable += first;
  }
  return all > 0 ? controllable / all : null;
}

/** The reliability table of one model: its ten deciles of predicted risk. */
export function reliabilityRows(
  calibration: Record<string, string | number | null>[],
  model: string,
): { decile: number; customers: number; predicted: number; observed: number }[] {
  return calibration
    .filter((r) => r.model === model)
    .map((r) => ({
      decile: Number(r.decile),
      customers: Number(r.customers),
      predicted: Number(r.mean_predicted),
      observed: Number(r.observed_rate),
    }));
}

export function ChurnPage(props: { ctx: PageContext }) {
  const { ctx } = props;
  const { t } = ctx;
  const loaded = useAsync(() => loadChurn(ctx), [ctx.workspace.slug]);
  if (loaded.error) return <ErrorNote t={t} error={loaded.error} retry={loaded.reload} />;
  if (!loaded.data) return <Loading t={t} />;
  const reports = loaded.data.reports;
  // A workspace without orders (a bank's) has no churn over orders to show.
  const noOrders = reports?.models.empty_reason === "no_orders";
  if (!reports || noOrders) {
    return (
      <div>
        <h1>{t("churn.title")}</h1>
        {noOrders && <p class="muted" data-empty="no_orders">{t("report.no_orders")}</p>}
        <p class="muted">{t("churn.none")}</p>
      </div>
    );
  }
  return <ChurnView ctx={ctx} reports={reports} />;
}

function ChurnView(props: { ctx: PageContext; reports: ChurnReports }) {
  const { ctx, reports } = props;
  const { t, language, money } = ctx;
  const models = reportRecords(reports.models);
  const lift = reportRecords(reports.lift);
  const reasons = reportRecords(reports.reasons).filter((r) => Number(r.customers) > 0);
  const stages = reports.stages ? reportRecords(reports.stages) : [];
  const list = reports.list ? reportRecords(reports.list) : [];
  const modelName = (name: unknown) => labelOf(t, "model", String(name));
  const reasonName = (code: unknown) => {
    const key = dynamicKey("reason_name", String(code));
    return key ? t(key) : String(code);
  };
  const liftConfig = useMemo(
    () =>
      barChart(
        language,
        lift.map((r) => formatNumber(language, Number(r.decile))),
        models.map((m) => ({ label: modelName(m.model), data: lift.map((r) => Number(r[String(m.model)])) })),
        (v) => formatNumber(language, v, 1),
      ),
    [reports, language],
  );
  const reasonConfig = useMemo(
    () =>
      barChart(
        language,
        reasons.map((r) => reasonName(r.reason)),
        [
          {
            label: t("churn.controllable"),
            data: reasons.map((r) => (Number(r.controllable) === 1 ? Number(r.customers) : null)),
          },
          {
            label: t("churn.uncontrollable"),
            data: reasons.map((r) => (Number(r.controllable) === 1 ? null : Number(r.customers))),
          },
        ],
        (v) => formatNumber(language, v),
        true,
      ),
    [reports, language],
  );
  const share = controllableShare(reasons);
  const chosen = models.find((m) => Number(m.chosen) === 1);
  const evidence = reports.evidence ? reportRecords(reports.evidence)[0] : undefined;
  const reliability =
    chosen && reports.calibration ? reliabilityRows(reportRecords(reports.calibration), String(chosen.model)) : [];
  const absent = String(evidence?.data_absent ?? "")
    .split(";")
    .filter((x) => x !== "" && x !== "complaints");
  return (
    <div>
      <h1>{t("churn.title")}</h1>
      <p class="muted">{t("churn.intro")}</p>
      {evidence && (
        <p data-reading="churn-evidence" data-learned={String(evidence.learned_models)}>
          {t("churn.evidence", {
            rows: formatNumber(language, Number(evidence.training_rows)),
            customers: formatNumber(language, Number(evidence.training_customers)),
            churners: formatNumber(language, Number(evidence.training_churners)),
            snapshots: formatNumber(language, Number(evidence.snapshots)),
            holdout: formatNumber(language, Number(evidence.holdout_customers)),
            holdout_churners: formatNumber(language, Number(evidence.holdout_churners)),
            days: formatNumber(language, Number(evidence.history_days)),
          })}
        </p>
      )}
      {evidence && Number(evidence.learned_models) !== 1 && (
        <p class="note" data-reading="churn-refusal">
          {t("churn.rules_only", {
            churners: formatNumber(language, Number(evidence.holdout_churners)),
            min: formatNumber(language, Number(evidence.min_churners)),
            days: formatNumber(language, Number(evidence.history_days)),
            needed: formatNumber(language, 2 * Number(evidence.window_days)),
          })}
        </p>
      )}
      {absent.length > 0 && (
        <p class="muted" data-reading="churn-absent">
          {t("churn.absent", {
            columns: absent.map((x) => labelOf(t, "churn_data", x)).join(language === "fa" ? "، " : ", "),
          })}
        </p>
      )}
      {chosen && (
        <p data-reading="churn-model">
          {t("churn.reading", {
            model: modelName(chosen.model),
            auc: formatNumber(language, Number(chosen.auc), 2),
            precision: formatPercent(language, Number(chosen.top_decile_precision), 0),
          })}
        </p>
      )}
      <div class="grid">
        <Panel
          t={t}
          id="churn-models"
          title={t("churn.models")}
          table={{
            header: [
              t("col.model"),
              t("col.auc"),
              t("col.top_precision"),
              t("col.top_recall"),
              t("col.brier"),
              t("col.examples"),
              t("col.churners"),
            ],
            numeric: [false, true, true, true, true, true, true],
            rows: models.map((m) => [
              modelName(m.model) + (Number(m.chosen) === 1 ? ` (${t("churn.chosen")})` : ""),
              formatNumber(language, Number(m.auc), 3),
              formatPercent(language, Number(m.top_decile_precision), 0),
              formatPercent(language, Number(m.top_decile_recall), 0),
              m.brier == null ? "–" : formatNumber(language, Number(m.brier), 3),
              formatNumber(language, Number(m.examples)),
              formatNumber(language, Number(m.churners)),
            ]),
            csv: models.map((m) => [m.model, m.auc, m.top_decile_precision, m.top_decile_recall, m.brier, m.examples, m.churners, m.chosen]),
          }}
        />
        {reliability.length > 0 && (
          <Panel
            t={t}
            id="churn-calibration"
            title={t("churn.calibration", { model: modelName(chosen!.model) })}
            table={{
              header: [t("col.decile"), t("col.customers"), t("col.predicted"), t("col.observed")],
              numeric: [true, true, true, true],
              rows: reliability.map((r) => [
                formatNumber(language, r.decile),
                formatNumber(language, r.customers),
                formatPercent(language, r.predicted, 0),
                formatPercent(language, r.observed, 0),
              ]),
              csv: reliability.map((r) => [r.decile, r.customers, r.predicted, r.observed]),
            }}
          >
            <p class="muted">{t("churn.calibration_why")}</p>
          </Panel>
        )}
        <Panel
          t={t}
          id="churn-lift"
          title={t("churn.lift")}
          table={{
            header: [t("col.decile"), ...models.map((m) => modelName(m.model))],
            numeric: [true, ...models.map(() => true)],
            rows: lift.map((r) => [
              formatNumber(language, Number(r.decile)),
              ...models.map((m) => formatNumber(language, Number(r[String(m.model)]), 2)),
            ]),
            csv: lift.map((r) => [r.decile, ...models.map((m) => r[String(m.model)])]),
          }}
        >
          <ChartCanvas config={liftConfig} label={t("churn.lift")} height={260} />
        </Panel>
        <Panel
          t={t}
          id="churn-reasons"
          title={t("churn.reasons")}
          table={{
            header: [t("col.reason"), t("col.controllable"), t("col.customers"), t("col.first_reason"), t("col.first_cause")],
            numeric: [false, false, true, true, true],
            rows: reasons.map((r) => [
              reasonName(r.reason),
              Number(r.controllable) === 1 ? t("churn.controllable") : t("churn.uncontrollable"),
              formatNumber(language, Number(r.customers)),
              formatNumber(language, Number(r.first)),
              formatNumber(language, Number(r.first_cause)),
            ]),
            csv: reasons.map((r) => [r.reason, r.kind, r.controllable, r.customers, r.first, r.first_cause]),
          }}
        >
          {share !== null && (
            <p data-reading="controllable" data-share={share.toFixed(4)}>
              {t("churn.controllable_share", { share: formatPercent(language, share, 0) })}
            </p>
          )}
          <ChartCanvas config={reasonConfig} label={t("churn.reasons")} height={300} />
        </Panel>
        {stages.length > 0 && (
          <Panel
            t={t}
            id="churn-stages"
            title={t("churn.stages")}
            table={{
              header: [t("col.stage"), t("col.customers"), t("col.value_at_risk")],
              numeric: [false, true, true],
              rows: stages.map((s) => [
                labelOf(t, "stage_of_churn", String(s.stage)),
                formatNumber(language, Number(s.customers)),
                formatMoney(language, Number(s.value_at_risk), money),
              ]),
              csv: stages.map((s) => [s.stage, s.customers, s.value, s.value_at_risk]),
            }}
          />
        )}
      </div>
      {list.length > 0 && (
        <Panel
          t={t}
          id="retention-list"
          wide
          title={t("churn.list")}
          table={{
            header: [t("col.name"), t("col.churn_risk"), t("col.stage"), t("col.value_at_risk"), t("col.action"), t("col.reasons")],
            numeric: [false, true, false, true, false, false],
            rows: list.map((r) => [
              <a href={routeHash(["customers", Number(r.customer_id)])}>{String(r.name || r.customer)}</a>,
              formatPercent(language, Number(r.churn_risk), 0),
              labelOf(t, "stage_of_churn", String(r.stage)),
              formatMoney(language, Number(r.priority), money),
              labelOf(t, "action", String(r.action)),
              parseChurnReasons(String(r.reasons ?? "")).map((x) => reasonName(x.code)).join(language === "fa" ? "، " : ", "),
            ]),
            csv: list.map((r) => [r.customer_id, r.customer, r.name, r.churn_risk, r.band, r.stage, r.value, r.priority, r.action, r.action_value, r.reasons]),
          }}
        />
      )}
    </div>
  );
}
