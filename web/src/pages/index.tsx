import type { PageContext } from "../context";
import { ClvPage, CohortsPage, RfmPage, ValuePage } from "./Analytics";
import { ChurnPage } from "./Churn";

export function Analytics(props: { ctx: PageContext; name: string }) {
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
