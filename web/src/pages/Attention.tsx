import { useEffect, useState } from "preact/hooks";
import { type Answer, api, type Item } from "../api";
import { useAsync } from "../components/hooks";
import { ErrorNote, Loading } from "../components/Panel";
import type { PageContext } from "../context";
import { formatDateTime, formatNumber } from "../format";
import type { Translate } from "../i18n";
import { labelOf } from "../i18n";
import { routeHash } from "../state";

export type Alert = Item<Alerts["items"]>;
export type Alerts = Answer<"getNotifications">;

/** How many things need the caller now; refreshed every minute. */
export function AttentionLink(props: { t: Translate; workspace: string; language: "fa" | "en" }) {
  const [count, setCount] = useState<number | null>(null);
  useEffect(() => {
    let stopped = false;
    const load = () =>
      api.get<Alerts>(props.workspace, "/notifications").then(
        (a) => !stopped && setCount(Object.values(a.counts).reduce((x, y) => x + y, 0)),
        () => undefined,
      );
    void load();
    const timer = window.setInterval(load, 60000);
    return () => {
      stopped = true;
      window.clearInterval(timer);
    };
  }, [props.workspace]);
  return (
    <a href="#/attention" class="attention" data-attention={count ?? ""}>
      {props.t("attention.link", { count: count === null ? "…" : formatNumber(props.language, count) })}
    </a>
  );
}

/** What needs attention: SLA breaches and warnings, overdue tasks, reminders. */
export function Attention(props: { ctx: PageContext }) {
  const { ctx } = props;
  const { t, language } = ctx;
  const alerts = useAsync(() => api.get<Alerts>(ctx.workspace.slug, "/notifications"), [ctx.workspace.slug]);
  const a = alerts.data;
  return (
    <div>
      <h1>{t("attention.title")}</h1>
      {alerts.error && <ErrorNote t={t} error={alerts.error} retry={alerts.reload} />}
      {!a && !alerts.error && <Loading t={t} />}
      {a && a.items.length === 0 && <p class="muted">{t("attention.none")}</p>}
      {a && (
        <ul class="tasks" data-alerts={a.items.length}>
          {a.items.map((item) => (
            <li class={`alert alert-${item.kind}`} data-alert={item.kind}>
              <strong>{labelOf(t, "alert", item.kind)}</strong>
              {item.clock ? ` (${labelOf(t, "alert_clock", item.clock)})` : ""}
              {item.escalated ? ` · ${t("attention.escalated")}` : ""} ·{" "}
              {item.customer_id ? <a href={routeHash(["customers", item.customer_id])}>{item.title}</a> : item.title}
              <span class="muted"> · {t("attention.due", { at: formatDateTime(language, item.due_at, ctx.workspace.timezone) })}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
