import { api } from "../api";
import { useAsync } from "../components/hooks";
import type { PageContext } from "../context";
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

export function Analytics(props: { ctx: PageContext; name: string }) {
  const page = AnalyticsPage(props);
  if (props.ctx.workspace.kind !== "contractual" || props.name === "churn") return page;
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
