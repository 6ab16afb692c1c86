// The dashboard of a contractual workspace (a bank's, an insurer's): its
// customers hold products and leave by closing them, so the manager reads
// the customers holding something, the products held and their balances
// by type, the openings and closings by month, the move to cheaper service
// channels, the customers likeliest to close and the rates profit is
// computed from (the contract churn scores `vafa churn --contracts` stores).
// Every panel has its table and CSV export.

import { useMemo } from "preact/hooks";
import { type Answer, api } from "../api";
import { barChart, lineChart } from "../charts";
import { ChartCanvas } from "../components/Chart";
import { useAsync } from "../components/hooks";
import { ErrorNote, Loading, Panel } from "../components/Panel";
import type { PageContext } from "../context";
import { formatDate, formatMoney, formatMonth, formatNumber, formatPercent } from "../format";
import { labelOf } from "../i18n";
import { can, routeHash } from "../state";
import type { Customer360Data } from "./customer-data";
import { ChannelMigrationPanel } from "./ChannelMigrationPanel";
import { ProfitRatesPanel } from "./ProfitRatesPanel";
import { QualityPanel } from "./QualityPanel";

type Overview = Answer<"getHoldingsOverview">;

interface CloseRisk {
  id: number;
  name: string;
  risk: number | null;
  band: string | null;
  stage: string | null;
}

/** The ten customers with the highest stored chance of closing; rows null
 * when no contract churn run has stored one. */
async function loadCloseRisks(ctx: PageContext): Promise<{ rows: CloseRisk[] | null }> {
  const slug = ctx.workspace.slug;
  const top = await api.get<Answer<"listScores">>(slug, "/scores", {
    name: "contract_close_risk",
    sort: "-value",
    limit: 10,
  });
  if (top.items.length === 0) return { rows: null };
  const rows = await Promise.all(
    top.items.map(async (item) => {
      const c = await api.get<Customer360Data>(slug, `/customers/${item.customer_id}/360`);
      return {
        id: item.customer_id,
        name: c.customer.display_name,
        risk: item.value,
        band: item.label,
        stage: c.scores?.contract_close_stage?.label ?? null,
      };
    }),
  );
  return { rows };
}

export function BankDashboard(props: { ctx: PageContext }) {
  const { ctx } = props;
  const { t } = ctx;
  const loaded = useAsync(
    () => api.get<Overview>(ctx.workspace.slug, "/holdings/overview", { calendar: ctx.calendar }),
    [ctx.workspace.slug, ctx.calendar],
  );
  if (loaded.error) return <ErrorNote t={t} error={loaded.error} retry={loaded.reload} />;
  if (!loaded.data) return <Loading t={t} />;
  return <BankDashboardView ctx={ctx} overview={loaded.data} />;
}

function Tile(props: { label: string; value: string; id: string }) {
  return (
    <div class="tile" data-tile={props.id}>
      <div class="tile-label">{props.label}</div>
      <div class="tile-value">{props.value}</div>
    </div>
  );
}

function BankDashboardView(props: { ctx: PageContext; overview: Overview }) {
  const { ctx, overview } = props;
  const { t, language, money } = ctx;
  const number = (v: number) => formatNumber(language, v);
  const typeName = (type: string) => labelOf(t, "holdings.type", type);
  const types = overview.by_type;
  const months = overview.by_month;
  const monthLabels = useMemo(() => months.map((m) => formatMonth(language, m.month, ctx.calendar)),
    [months, language]);
  const heldConfig = useMemo(
    () => barChart(language, types.map((f) => typeName(f.type)),
      [{ label: t("bank.open_holdings"), data: types.map((f) => f.open_holdings) },
        { label: t("bank.holders"), data: types.map((f) => f.customers) }], number),
    [types, language],
  );
  const showBalances = can(ctx.workspace, "money_scores") && types.some((f) => f.balance !== null);
  const balanceConfig = useMemo(
    () => barChart(language, types.map((f) => typeName(f.type)),
      [{ label: t("bank.balance"), data: types.map((f) => f.balance) }],
      (v) => formatMoney(language, v, money, true)),
    [types, language],
  );
  const monthConfig = useMemo(
    () => lineChart(language, monthLabels,
      [{ label: t("bank.opened"), data: months.map((m) => m.opened) },
        { label: t("bank.closed"), data: months.map((m) => m.closed) }], number),
    [months, language],
  );
  const customers = overview.customers_holding + overview.customers_closed;
  return (
    <div>
      <h1>{t("dash.title")}</h1>
      {overview.balances_as_of && (
        <p class="muted small">{t("bank.balances_as_of", { date: formatDate(language, overview.balances_as_of) })}</p>
      )}
      <div class="tiles">
        <Tile id="customers" label={t("dash.customers")} value={number(customers)} />
        <Tile id="holding" label={t("bank.customers_holding")} value={number(overview.customers_holding)} />
        <Tile id="closed" label={t("bank.customers_closed")} value={number(overview.customers_closed)} />
      </div>
      {types.length === 0 && <p class="muted">{t("bank.no_holdings")}</p>}
      <div class="grid">
        {types.length > 0 && (
          <Panel t={t} id="held-by-type" title={t("bank.held_by_type")} table={{
            header: [t("bank.type"), t("bank.open_holdings"), t("bank.holders")],
            numeric: [false, true, true],
            rows: types.map((f) => [typeName(f.type), number(f.open_holdings), number(f.customers)]),
            csv: types.map((f) => [f.type, f.open_holdings, f.customers]),
          }}>
            <ChartCanvas config={heldConfig} label={t("bank.held_by_type")} />
          </Panel>
        )}
        {types.length > 0 && showBalances && (
          <Panel t={t} id="balances-by-type" title={t("bank.balances_by_type")} table={{
            header: [t("bank.type"), t("bank.balance")],
            numeric: [false, true],
            rows: types.map((f) => [typeName(f.type), formatMoney(language, f.balance, money)]),
            csv: types.map((f) => [f.type, f.balance]),
          }}>
            <ChartCanvas config={balanceConfig} label={t("bank.balances_by_type")} />
          </Panel>
        )}
        {months.length > 0 && (
          <Panel t={t} id="openings-by-month" title={t("bank.openings_by_month")} table={{
            header: [t("col.month"), t("bank.opened"), t("bank.closed")],
            numeric: [false, true, true],
            rows: months.map((m, i) => [monthLabels[i], number(m.opened), number(m.closed)]),
            csv: months.map((m) => [m.month, m.opened, m.closed]),
          }}>
            <ChartCanvas config={monthConfig} label={t("bank.openings_by_month")} />
          </Panel>
        )}
        {types.length > 0 && <ChannelMigrationPanel ctx={ctx} />}
        {types.length > 0 && <CloseRiskPanel ctx={ctx} />}
        {types.length > 0 && can(ctx.workspace, "money_scores") && <ProfitRatesPanel ctx={ctx} />}
        {can(ctx.workspace, "analytics") && <QualityPanel ctx={ctx} />}
      </div>
    </div>
  );
}

function CloseRiskPanel(props: { ctx: PageContext }) {
  const { ctx } = props;
  const { t, language } = ctx;
  const loaded = useAsync(() => loadCloseRisks(ctx), [ctx.workspace.slug]);
  if (loaded.error) return <ErrorNote t={t} error={loaded.error} retry={loaded.reload} />;
  if (!loaded.data) return <Loading t={t} />;
  const rows = loaded.data.rows ?? [];
  return (
    <Panel t={t} id="likeliest-to-close" title={t("bank.likeliest_to_close")} table={{
      header: [t("col.name"), t("bank.close_risk"), t("bank.band"), t("bank.stage")],
      numeric: [false, true, false, false],
      rows: rows.map((c) => [
        <a href={routeHash(["customers", c.id])}>{c.name}</a>,
        formatPercent(language, c.risk, 0),
        labelOf(t, "band", c.band),
        labelOf(t, "stage_of_churn", c.stage),
      ]),
      csv: rows.map((c) => [c.id, c.name, c.risk, c.band, c.stage]),
    }}>
      {loaded.data.rows === null && <p class="muted">{t("bank.no_close_scores")}</p>}
    </Panel>
  );
}
