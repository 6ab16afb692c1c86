import { type Answer, api } from "../api";
import { useAsync } from "../components/hooks";
import type { PageContext } from "../context";
import { formatDate } from "../format";
import { can } from "../state";
import { ClvPage, CohortsPage, RfmPage, ValuePage } from "./Analytics";
import { ChurnPage } from "./Churn";

/** Above an analysis of orders in a contractual workspace (a bank's), why
 * its panels are empty when the workspace has no orders. */
function NoOrdersNote(props: { ctx: PageContext }) {
  const { ctx } = props;
  const loaded = useAsync(() => api.report(ctx.workspace.slug, "kpis", { calendar: ctx.calendar }),
    [ctx.workspace.slug]);
  if (loaded.data?.empty_reason !== "no_orders") return null;
  return <p class="muted" role="note" data-empty="no_orders">{ctx.t("report.no_orders")}</p>;
}

/** Above a contractual workspace's key customers: they are ranked by what
 * the bank earns on them, over the period the API took. */
function ProfitRankNote(props: { ctx: PageContext }) {
  const { ctx } = props;
  const loaded = useAsync(
    () => api.get<Answer<"getContractProfitability">>(ctx.workspace.slug, "/holdings/profitability", { limit: 1 }),
    [ctx.workspace.slug],
  );
  if (!loaded.data) return null;
  return (
    <p class="muted" role="note" data-note="by-profit">
      {ctx.t("profit.by_profit", {
        from: formatDate(ctx.language, loaded.data.from),
        to: formatDate(ctx.language, loaded.data.to),
      })}
    </p>
  );
}

export function Analytics(props: { ctx: PageContext; name: string }) {
  const page = AnalyticsPage(props);
  if (props.ctx.workspace.kind !== "contractual" || props.name === "churn") return page;
  if (props.name === "value") {
    if (!can(props.ctx.workspace, "money_scores")) return page;
    return (
      <>
        <ProfitRankNote ctx={props.ctx} />
        {page}
      </>
    );
  }
  return (
    <>
      <NoOrdersNote ctx={props.ctx} />
      {page}
    </>
  );
}

function AnalyticsPage(props: { ctx: PageContext; name: string }) {
  switch (props.name) {
    case "value":
      return <ValuePage ctx={props.ctx} />;
    case "clv":
      return <ClvPage ctx={props.ctx} />;
    case "churn":
      return <ChurnPage ctx={props.ctx} />;
    case "cohorts":
      return <CohortsPage ctx={props.ctx} />;
    default:
      return <RfmPage ctx={props.ctx} />;
  }
}
