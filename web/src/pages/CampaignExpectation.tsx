import { type Answer, api, type Schema } from "../api";
import { useAsync } from "../components/hooks";
import { ErrorNote, Loading } from "../components/Panel";
import type { PageContext } from "../context";
import { formatDateTime, formatMoney, formatNumber } from "../format";
import type { MessageKey } from "../i18n";

type Compared = Answer<"getCampaignExpectation">;
type Expected = Schema<"ResponseExpectation">;
type Measured = Schema<"MeasuredFigure">;

/**
 * Expected against actual: what the campaign was expected to bring when it
 * was drawn or started with response models trained (docs/analytics.md),
 * and once its window has closed what it measured beside it, each figure
 * saying whether it fell inside the expected 95% interval.
 */
export function CampaignExpectationPanel(props: { ctx: PageContext; campaignId: number; drawn: boolean }) {
  const { ctx, campaignId } = props;
  const { t, language, money } = ctx;
  const slug = ctx.workspace.slug;
  const compared = useAsync(
    () => api.get<Compared>(slug, `/campaigns/${campaignId}/expectation`),
    [slug, campaignId, props.drawn],
  );
  const c = compared.data;
  const count = (v: number | null) => formatNumber(language, v, 0);
  const cash = (v: number | null) => formatMoney(language, v === null ? null : Math.round(v), money, true);
  const range = (x: Expected | Measured | null | undefined, show: (v: number | null) => string) => {
    if (!x || x.value === null) return "–";
    if (x.low === null || x.high === null) return show(x.value);
    return t("response.range", { value: show(x.value), low: show(x.low), high: show(x.high) });
  };
  const verdict = (m: Measured | null | undefined) =>
    m?.inside === true ? "inside" : m?.inside === false ? "outside" : "none";
  const e = c?.expectation ?? null;
  const a = c?.actual ?? null;
  const rows: { key: string; label: MessageKey; expected: Expected | null | undefined; actual: Measured | null | undefined; show: (v: number | null) => string }[] = [
    { key: "responders", label: "expectation.responders", expected: e?.responders, actual: a?.responders, show: count },
    { key: "incremental_buyers", label: "expectation.incremental_buyers", expected: e?.incremental_buyers, actual: a?.incremental_buyers, show: count },
    { key: "incremental_revenue", label: "expectation.incremental_revenue", expected: e?.incremental_revenue_minor, actual: a?.incremental_revenue_minor, show: cash },
  ];
  const state = !c ? "loading" : !e ? "none" : c.over ? "compared" : "waiting";
  return (
    <div data-expectation={state}>
      <h3>{t("expectation.title")}</h3>
      {compared.error && <ErrorNote t={t} error={compared.error} retry={compared.reload} />}
      {!c && !compared.error && <Loading t={t} />}
      {c && !e && <p data-expectation-none>{t("expectation.none")}</p>}
      {e && (
        <p data-expectation-run={e.run_id}>
          {t("expectation.kept", {
            when: formatDateTime(language, e.recorded_at, ctx.workspace.timezone),
            run: formatNumber(language, e.run_id),
            members: formatNumber(language, e.treatment_members),
          })}
        </p>
      )}
      {c && !c.over && (
        <p class="muted" data-expectation-waiting>
          {t("expectation.waiting", { when: formatDateTime(language, c.window_closes_at, ctx.workspace.timezone) })}
        </p>
      )}
      {c && (e || a) && (
        <div class="table-wrap" tabIndex={0} role="region" aria-label={t("expectation.title")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("expectation.figure")}</th>
                <th scope="col" class="num">{t("expectation.expected")}</th>
                <th scope="col" class="num">{t("expectation.actual")}</th>
                <th scope="col">{t("expectation.verdict")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr data-figure={row.key} data-inside={verdict(row.actual)}>
                  <th scope="row">{t(row.label)}</th>
                  <td class="num">{range(row.expected, row.show)}</td>
                  <td class="num">{c.over ? range(row.actual, row.show) : "–"}</td>
                  <td>{t(`expectation.verdict.${verdict(row.actual)}` as MessageKey)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {c && e && c.over && <p class="muted">{t("expectation.note")}</p>}
    </div>
  );
}
