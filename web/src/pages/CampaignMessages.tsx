import { api } from "../api";
import { useAsync } from "../components/hooks";
import { ErrorNote } from "../components/Panel";
import type { PageContext } from "../context";
import { formatMoney, formatNumber } from "../format";
import { routeHash } from "../state";
import { type CampaignMessages as Report, campaignMessageRows } from "./messaging-data";

// What became of a campaign's messages, on its view: counts by state
// (delivered as the gateway reported), opened and clicked through tracked
// links, members who opted out since (and through the message), SMS
// parts and the cost estimated from each channel's price. Shown to those
// who may read marketing once anything was queued.

export function CampaignMessages(props: { ctx: PageContext; campaignId: number }) {
  const { ctx, campaignId } = props;
  const { t, language, money, workspace } = ctx;
  const report = useAsync(
    () => api.get<Report>(workspace.slug, `/campaigns/${campaignId}/messages`),
    [workspace.slug, campaignId],
  );
  if (report.error) return <ErrorNote t={t} error={report.error} retry={report.reload} />;
  const rows = report.data ? campaignMessageRows(report.data) : null;
  if (!report.data || !rows) return null;
  return (
    <section class="panel wide" aria-labelledby={`messages-title-${campaignId}`} data-campaign-messages={campaignId}>
      <h3 id={`messages-title-${campaignId}`}>{t("report.title")}</h3>
      <dl class="fields">
        {rows.map((row) => (
          <div class="field" data-count={row.key}>
            <dt>{t(`report.${row.key}`)}</dt>
            <dd>{formatNumber(language, row.count)}</dd>
          </div>
        ))}
        <div class="field" data-count="estimated_cost">
          <dt>{t("report.estimated_cost")}</dt>
          <dd>{formatMoney(language, report.data.estimated_cost, money)}</dd>
        </div>
      </dl>
      <p><a href={routeHash(["messaging", "outbox"], { campaign: String(campaignId) })} data-action="campaign-outbox">
        {t("report.list")}
      </a></p>
      <p class="muted small">{t("report.tracking_note")}</p>
      <p class="muted small">{t("report.cost_note")}</p>
    </section>
  );
}
