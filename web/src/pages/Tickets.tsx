import { useState } from "preact/hooks";
import { type Answer, api, type Item, type Schema } from "../api";
import { useAsync } from "../components/hooks";
import { DataTable, ErrorNote, Figure, Loading } from "../components/Panel";
import type { PageContext } from "../context";
import { formatDateTime, formatNumber, formatPercent } from "../format";
import { labelOf } from "../i18n";
import { routeHash } from "../state";

type SlaClock = Schema<"SlaClock">;
type TicketRow = Item<Answer<"listTickets">["items"]>;
type ServiceReport = Answer<"getServiceReport">;

const STATUSES = ["new", "open", "pending", "resolved", "closed"];
const PRIORITIES = ["urgent", "high", "normal", "low"];
const TYPES = ["complaint", "question", "request"];

/** The service desk: the queue with its SLA clocks, and the service figures. */
export function Tickets(props: { ctx: PageContext }) {
  const { ctx } = props;
  const { t, language } = ctx;
  const [filter, setFilter] = useState({ status: "", priority: "", type: "" });
  const [cursor, setCursor] = useState<string | null>(null);
  const [rows, setRows] = useState<TicketRow[]>([]);
  const report = useAsync(() => api.get<ServiceReport>(ctx.workspace.slug, "/service/report"), [ctx.workspace.slug]);
  const page = useAsync(async () => {
    const answer = await api.get<Answer<"listTickets">>(ctx.workspace.slug, "/tickets", {
      status: filter.status || undefined,
      priority: filter.priority || undefined,
      type: filter.type || undefined,
      sort: "-id",
      limit: 50,
      cursor,
    });
    setRows((before) => (cursor ? [...before, ...answer.items] : answer.items));
    return answer;
  }, [ctx.workspace.slug, filter.status, filter.priority, filter.type, cursor]);
  const choose = (name: "status" | "priority" | "type", value: string) => {
    setCursor(null);
    setFilter({ ...filter, [name]: value });
  };
  const hours = (minutes: number | null | undefined) =>
    minutes == null ? "–" : t("tickets.hours", { hours: formatNumber(language, minutes / 60, 1) });
  const clock = (c: SlaClock | undefined, id: string) =>
    c ? (
      <span class={`sla sla-${c.state}`} data-sla={id} data-state={c.state}>
        {labelOf(t, "sla", c.state)} · {formatDateTime(language, c.due_at, ctx.workspace.timezone)}
      </span>
    ) : (
      "–"
    );
  const r = report.data;
  return (
    <div>
      <h1>{t("tickets.title")}</h1>
      {report.error && <ErrorNote t={t} error={report.error} retry={report.reload} />}
      {r && (
        <div class="tiles" data-report>
          <Figure id="tickets" label={t("tickets.count")} value={formatNumber(language, r.tickets)} />
          <Figure id="first-response" label={t("tickets.median_first_response")} value={hours(r.median_first_response_minutes)} />
          <Figure id="resolution" label={t("tickets.median_resolution")} value={hours(r.median_resolution_minutes)} />
          <Figure id="breach" label={t("tickets.breach_rate")} value={formatPercent(language, r.first_response_breach_rate, 0)} />
          <Figure id="reopen" label={t("tickets.reopen_rate")} value={formatPercent(language, r.reopen_rate, 0)} />
          <Figure id="complaints" label={t("tickets.complaints_per_1000")} value={formatNumber(language, r.complaints_per_1000_customers, 1)} />
          <Figure id="satisfaction" label={t("tickets.satisfaction")} value={formatNumber(language, r.mean_satisfaction, 1)} />
          <Figure
            id="complainers"
            label={t("tickets.complainers")}
            value={t("tickets.stayed_left", {
              stayed: formatNumber(language, r.complainers.stayed),
              left: formatNumber(language, r.complainers.left),
            })}
          />
        </div>
      )}
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t("tickets.status")}
          <select name="status" value={filter.status} onChange={(e) => choose("status", (e.target as HTMLSelectElement).value)}>
            <option value="">{t("tickets.any")}</option>
            {STATUSES.map((s) => <option value={s}>{labelOf(t, "ticket_status", s)}</option>)}
          </select>
        </label>
        <label>
          {t("c360.ticket_priority")}
          <select name="priority" value={filter.priority} onChange={(e) => choose("priority", (e.target as HTMLSelectElement).value)}>
            <option value="">{t("tickets.any")}</option>
            {PRIORITIES.map((p) => <option value={p}>{labelOf(t, "ticket_priority", p)}</option>)}
          </select>
        </label>
        <label>
          {t("c360.ticket_type")}
          <select name="type" value={filter.type} onChange={(e) => choose("type", (e.target as HTMLSelectElement).value)}>
            <option value="">{t("tickets.any")}</option>
            {TYPES.map((x) => <option value={x}>{labelOf(t, "ticket_type", x)}</option>)}
          </select>
        </label>
      </form>
      {page.error && <ErrorNote t={t} error={page.error} retry={page.reload} />}
      {!page.data && !page.error && <Loading t={t} />}
      <section class="panel wide" aria-label={t("tickets.queue")} data-filter={JSON.stringify(filter)} data-rows={rows.length}>
        <DataTable
          caption={t("tickets.queue")}
          data={{
            header: [
              t("tickets.opened"), t("tickets.subject"), t("c360.ticket_type"), t("c360.ticket_priority"),
              t("tickets.status"), t("tickets.first_response"), t("tickets.resolution"),
            ],
            numeric: [false, false, false, false, false, false, false],
            rows: rows.map((x) => [
              formatDateTime(language, x.opened_at, ctx.workspace.timezone),
              <a href={routeHash(["customers", x.customer_id])} data-ticket={x.id}>{x.subject}</a>,
              labelOf(t, "ticket_type", x.type),
              labelOf(t, "ticket_priority", x.priority),
              labelOf(t, "ticket_status", x.status) + (x.sla?.escalate_to ? ` · ${t("tickets.escalate")}` : ""),
              clock(x.sla?.first_response, "first_response"),
              clock(x.sla?.resolution, "resolution"),
            ]),
            csv: rows.map((x) => [x.id, x.customer_id, x.subject, x.type, x.priority, x.status, x.sla?.first_response.state, x.sla?.resolution.state]),
          }}
        />
        {page.data?.next_cursor && (
          <button type="button" onClick={() => setCursor(page.data!.next_cursor)}>{t("tickets.more")}</button>
        )}
      </section>
    </div>
  );
}
