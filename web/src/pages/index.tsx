import { type Answer, api } from "../api";
import { useAsync } from "../components/hooks";
import type { PageContext } from "../context";
import { formatDate } from "../format";
import { can, routeHash } from "../state";
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

/** RFM and lifetime value in a contractual workspace: these models read
 * purchases and infer a silent leaving, which a bank's customers, who leave by
 * closing what they hold, do not need; say so and point to the closing risks
 * and the holdings, instead of empty charts. */
function ContractualModelNote(props: { ctx: PageContext; name: "rfm" | "clv" }) {
  const { t } = props.ctx;
  return (
    <section class="panel" data-contractual-note={props.name}>
      <h1>{t(props.name === "rfm" ? "nav.rfm" : "nav.clv")}</h1>
      <p role="note">{t(`contractual_note.${props.name}`)}</p>
      <ul class="links">
        <li>
          <a href={routeHash(["analytics", "churn"])} data-link="closing">
            {t("contractual_note.closing_link")}
          </a>
        </li>
        <li>
          <a href={routeHash([])} data-link="dashboard">
            {t("contractual_note.dashboard_link")}
          </a>
        </li>
      </ul>
    </section>
  );
}

export function Analytics(props: { ctx: PageContext; name: string }) {
  const contractual = props.ctx.workspace.kind === "contractual";
  if (contractual && (props.name === "rfm" || props.name === "clv")) {
    return <ContractualModelNote ctx={props.ctx} name={props.name} />;
  }
  const page = AnalyticsPage(props);
  if (!contractual || props.name === "churn") return page;
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
