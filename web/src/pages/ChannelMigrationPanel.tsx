// The bank dashboard's channel migration panel (docs/holdings.md, "Channel
// migration"): each quarter's share of banking by channel as stacked bars,
// and, for the roles that read money figures, what moving customers to
// cheaper channels saved against the first quarter's mix. The table holds
// the uses and shares behind the chart.

import { useMemo } from "preact/hooks";
import { type Answer, api } from "../api";
import { barChart } from "../charts";
import { ChartCanvas } from "../components/Chart";
import { useAsync } from "../components/hooks";
import { ErrorNote, Loading, Panel } from "../components/Panel";
import type { PageContext } from "../context";
import { formatDate, formatMoney, formatNumber, formatPercent } from "../format";
import { codeLabel } from "../i18n";

type Migration = Answer<"getChannelMigration">;

/** A quarter ("2024-Q1") in the reader's words and digits. */
function periodLabel(ctx: PageContext, label: string): string {
  const [year, quarter] = label.split("-Q");
  const digits = (text: string) => text.replace(/\d/g, (d) => formatNumber(ctx.language, Number(d)));
  if (quarter === undefined) return digits(label);
  return ctx.t("profit.quarter", { quarter: digits(quarter), year: digits(year) });
}

export function ChannelMigrationPanel(props: { ctx: PageContext }) {
  const { ctx } = props;
  const loaded = useAsync(
    () => api.get<Migration>(ctx.workspace.slug, "/holdings/channel-migration", { period: "quarter" }),
    [ctx.workspace.slug],
  );
  if (loaded.error) return <ErrorNote t={ctx.t} error={loaded.error} retry={loaded.reload} />;
  if (!loaded.data) return <Loading t={ctx.t} />;
  return <ChannelMigrationView ctx={ctx} migration={loaded.data} />;
}

function ChannelMigrationView(props: { ctx: PageContext; migration: Migration }) {
  const { ctx, migration } = props;
  const { t, language, money } = ctx;
  // Channels nobody used in the period are left out of the chart and table.
  const used = migration.channels
    .map((name, index) => ({ name, index }))
    .filter((c) => migration.periods.some((p) => p.uses[c.index] > 0));
  const periods = migration.periods;
  const labels = periods.map((p) => periodLabel(ctx, p.label));
  const share = (p: Migration["periods"][number], index: number) =>
    p.total_uses > 0 ? p.uses[index] / p.total_uses : null;
  const config = useMemo(() => {
    const chart = barChart(
      language,
      labels,
      used.map((c) => ({ label: codeLabel(t, c.name), data: periods.map((p) => share(p, c.index)) })),
      (v) => formatPercent(language, v, 0),
    );
    const scales = chart.options?.scales as Record<string, { stacked?: boolean; max?: number }>;
    scales.x.stacked = true;
    scales.y.stacked = true;
    scales.y.max = 1;
    return chart;
  }, [migration, language]);
  const showMoney = migration.total_saved !== null;
  const first = periods.find((p) => p.total_uses > 0);
  const header = [t("profit.period"), ...used.map((c) => codeLabel(t, c.name)), t("profit.uses")];
  if (showMoney) header.push(t("profit.cost"), t("profit.saved"));
  const rows = periods.map((p, i) => {
    const row = [labels[i], ...used.map((c) => formatPercent(language, share(p, c.index), 0)),
      formatNumber(language, p.total_uses)];
    if (showMoney) row.push(formatMoney(language, p.cost, money), formatMoney(language, p.saved, money));
    return row;
  });
  const csv = periods.map((p) => {
    const row: (string | number | null)[] = [p.label, ...used.map((c) => p.uses[c.index]), p.total_uses];
    if (showMoney) row.push(p.cost, p.saved);
    return row;
  });
  return (
    <Panel t={t} id="channel-migration" wide title={t("profit.channel_migration")} table={{
      header,
      numeric: header.map((_, i) => i > 0),
      rows,
      csv,
    }}>
      {!first && <p class="muted">{t("profit.no_uses")}</p>}
      {first && (
        <>
          <ChartCanvas config={config} label={t("profit.channel_share")} />
          {showMoney && (
            <p class="reading" data-reading="channel-saving">
              {t("profit.saved_total", {
                first: periodLabel(ctx, first.label),
                amount: formatMoney(language, migration.total_saved, money),
                from: formatDate(language, migration.from),
                to: formatDate(language, migration.to),
              })}
            </p>
          )}
        </>
      )}
    </Panel>
  );
}
