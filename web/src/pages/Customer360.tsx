import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { type Answer, api, ApiError } from "../api";
import { useAsync } from "../components/hooks";
import { ErrorNote, Loading } from "../components/Panel";
import type { PageContext } from "../context";
import { formatDate, formatDateTime, formatMoney, formatNumber, formatPercent, isolate } from "../format";
import { codeLabel, dynamicKey, labelOf } from "../i18n";
import { can, routeHash } from "../state";
import { CustomerMessaging } from "./CustomerMessaging";
import {
  type ChurnReason,
  CONTROLLABLE_REASONS,
  type Customer360Data,
  type CustomerMessage,
  nextOffers,
  parseChurnReasons,
  rfmDigits,
  storySentence,
  timeline,
} from "./customer-data";
import { ContractCloseScore } from "./ContractCloseScore";
import { HoldingsPanel } from "./HoldingsPanel";
import { trackingText } from "./Outbox";

export function Customer360(props: { ctx: PageContext; id: string }) {
  const { ctx } = props;
  const { t } = ctx;
  const loaded = useAsync(
    () => api.get<Customer360Data>(ctx.workspace.slug, `/customers/${encodeURIComponent(props.id)}/360`),
    [props.id, ctx.workspace.slug],
  );
  if (loaded.error) return <ErrorNote t={t} error={loaded.error} retry={loaded.reload} />;
  if (!loaded.data) return <Loading t={t} />;
  return <View ctx={ctx} data={loaded.data} reload={loaded.reload} />;
}

function Field(props: { label: string; children: ComponentChildren; ltr?: boolean }) {
  return (
    <div class="field">
      <dt>{props.label}</dt>
      <dd dir={props.ltr ? "ltr" : undefined}>{props.children}</dd>
    </div>
  );
}

function View(props: { ctx: PageContext; data: Customer360Data; reload: () => void }) {
  const { ctx, data } = props;
  const { t, language, money } = ctx;
  const c = data.customer;
  const tz = ctx.workspace.timezone;
  const hidden = <span class="muted">{t("c360.hidden")}</span>;
  const contactVisible = can(ctx.workspace, "contact_details");
  // The latest messages join the timeline: the first page the messages
  // panel below loads (it pages through the rest).
  const [messages, setMessages] = useState<CustomerMessage[]>([]);
  const events = timeline(data, messages);
  return (
    <div class="c360">
      <p>
        <a href={routeHash(["customers"])}>{t("c360.back")}</a>
      </p>
      <h1 data-customer={c.id}>{c.display_name}</h1>
      <div class="grid">
        <section class="panel" aria-labelledby="profile-title">
          <h2 id="profile-title">{t("c360.profile")}</h2>
          <dl class="fields">
            <Field label={t("c360.external_id")}>{c.external_id ?? "–"}</Field>
            <Field label={t("col.phone")} ltr>{contactVisible ? (c.phone ?? "–") : hidden}</Field>
            <Field label={t("col.email")} ltr>{contactVisible ? (c.email ?? "–") : hidden}</Field>
            <Field label={t("c360.national_id")} ltr>{contactVisible ? (c.national_id ?? "–") : hidden}</Field>
            <Field label={t("c360.birth_date")}>{contactVisible ? formatDate(language, c.birth_date) : hidden}</Field>
            <Field label={t("col.city")}>{c.city ?? "–"}</Field>
            <Field label={t("c360.province")}>{c.province ?? "–"}</Field>
            <Field label={t("cust.channel")}>{codeLabel(t, c.acquisition_channel)}</Field>
            <Field label={t("c360.joined")}>
              <span data-date="joined">{formatDate(language, c.joined_at, tz)}</span>
            </Field>
          </dl>
          {data.organisation && (
            <p>
              {t("c360.organisation")}:{" "}
              <a href={routeHash(["customers", data.organisation.id])}>{data.organisation.display_name}</a>
            </p>
          )}
          {data.contacts.length > 0 && (
            <>
              <h3>{t("c360.contacts")}</h3>
              <ul>
                {data.contacts.map((contact) => (
                  <li>
                    <a href={routeHash(["customers", contact.id])}>{contact.display_name}</a>
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
        {/* A bank's customer holds products and places no orders: no totals. */}
        {!(ctx.workspace.kind === "contractual" && !data.order_totals?.orders) && (
        <section class="panel" aria-labelledby="totals-title">
          <h2 id="totals-title">{t("c360.totals")}</h2>
          {data.order_totals ? (
            <dl class="fields">
              <Field label={t("c360.orders_count")}>{formatNumber(language, data.order_totals.orders)}</Field>
              <Field label={t("c360.revenue")}>
                {formatMoney(language, data.order_totals.revenue_minor ?? null, money)}
              </Field>
              <Field label={t("c360.first_order")}>{formatDate(language, data.order_totals.first_order_at, tz)}</Field>
              <Field label={t("c360.last_order")}>{formatDate(language, data.order_totals.last_order_at, tz)}</Field>
            </dl>
          ) : (
            <p class="muted">–</p>
          )}
        </section>
        )}
        <Scores ctx={ctx} data={data} />
        <Offers ctx={ctx} data={data} />
        <DealsAndTasks ctx={ctx} data={data} />
        <HoldingsPanel ctx={ctx} customerId={c.id} />
      </div>
      <QuickActions ctx={ctx} customerId={c.id} done={props.reload} />
      <section class="panel wide" aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t("c360.timeline")}</h2>
        {events.length === 0 ? (
          <p class="muted">{t("c360.empty_timeline")}</p>
        ) : (
          <ol class="timeline">
            {events.map((e) => (
              <li class={`event ${e.kind}`} data-kind={e.kind}>
                <time>{formatDateTime(language, e.at, tz)}</time>
                {e.kind === "order" ? (
                  <span>
                    {t("c360.order", { id: e.order.external_id ?? e.order.id })} ·{" "}
                    {formatMoney(language, e.order.total_minor, money)}
                    {e.order.channel ? ` · ${codeLabel(t, e.order.channel)}` : ""}
                    {e.order.branch ? ` · ${e.order.branch}` : ""}
                  </span>
                ) : e.kind === "survey" ? (
                  <span data-survey={e.answer.survey_id}>
                    {t("c360.survey", { survey: isolate(e.answer.survey), score: formatNumber(language, e.answer.score) })}
                    {e.answer.comment ? ` · “${e.answer.comment}”` : ""}
                  </span>
                ) : e.kind === "campaign" ? (
                  <span data-campaign={e.campaign.id}>
                    {t("c360.campaign", { name: e.campaign.name, channel: labelOf(t, "channel", e.campaign.channel) })}
                    {" · "}
                    {e.campaign.group === "control"
                      ? t("c360.campaign_held_out")
                      : e.campaign.converted_at
                        ? t("c360.campaign_converted")
                        : e.campaign.responded_at
                          ? t("c360.campaign_responded")
                          : t("c360.campaign_sent")}
                  </span>
                ) : e.kind === "message" ? (
                  <span data-message={e.message.id}>
                    {t("c360.message", {
                      purpose: labelOf(t, "msg.purpose", e.message.purpose),
                      state: labelOf(t, "msg.state", e.message.state),
                    })}
                    {e.message.subject ? ` · ${e.message.subject}` : ""}
                    {e.message.open_count > 0 || e.message.click_count > 0 || e.message.opted_out_at !== null
                      ? ` · ${trackingText(t, language, e.message)}`
                      : ""}
                  </span>
                ) : e.kind === "ticket" ? (
                  <span data-ticket={e.ticket.id}>
                    {t("c360.ticket", {
                      type: labelOf(t, "ticket_type", e.ticket.type),
                      status: labelOf(t, "ticket_status", e.ticket.status),
                    })}
                    {` · ${e.ticket.subject}`}
                    {e.ticket.category ? ` · ${labelOf(t, "ticket_category", e.ticket.category)}` : ""}
                  </span>
                ) : (
                  <span>
                    {t("c360.interaction", {
                      type: codeLabel(t, e.interaction.type),
                      channel: codeLabel(t, e.interaction.channel),
                    })}
                    {e.interaction.subject ? ` · ${e.interaction.subject}` : ""}
                    {e.interaction.outcome ? ` · ${codeLabel(t, e.interaction.outcome)}` : ""}
                  </span>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>
      {can(ctx.workspace, "customers") && (
        <CustomerMessaging ctx={ctx} customerId={c.id} onMessages={setMessages} />
      )}
    </div>
  );
}

function Scores(props: { ctx: PageContext; data: Customer360Data }) {
  const { ctx, data } = props;
  const { t, language, money } = ctx;
  const scores = data.scores ?? {};
  const segment = scores.rfm_segment?.label ?? null;
  const digits = rfmDigits(scores.rfm_score?.value ?? null);
  const segmentKey = segment ? dynamicKey("segment", segment) : null;
  const whyKey = segment ? dynamicKey("why", segment) : null;
  const abc = scores.abc_class?.label ?? null;
  const abcKey = abc ? dynamicKey("c360.abc_why", abc) : null;
  const empty = Object.keys(scores).length === 0 && !data.loyalty?.member;
  return (
    <section class="panel" aria-labelledby="scores-title">
      <h2 id="scores-title">{t("c360.scores")}</h2>
      {empty && <p class="muted">{t("c360.no_scores")}</p>}
      {data.story && (
        <p class="story" data-story={data.story.kind}>
          {storySentence(t, language, data.story)}
        </p>
      )}
      <dl class="scores">
        {segment && (
          <div class="score" data-score="rfm_segment">
            <dt>{t("c360.rfm")}</dt>
            <dd>
              <strong>{segmentKey ? t(segmentKey) : segment}</strong>
              {digits && (
                <span class="muted">
                  {" "}
                  ({t("c360.rfm_code", {
                    r: formatNumber(language, digits[0]),
                    f: formatNumber(language, digits[1]),
                    m: formatNumber(language, digits[2]),
                  })})
                </span>
              )}
              {whyKey && <p class="why">{t(whyKey)}</p>}
            </dd>
          </div>
        )}
        {abc && (
          <div class="score" data-score="abc_class">
            <dt>{t("c360.abc")}</dt>
            <dd>
              <strong>{abc}</strong>
              {abcKey && <p class="why">{t(abcKey)}</p>}
            </dd>
          </div>
        )}
        {scores.p_alive?.value != null && (
          <div class="score" data-score="p_alive">
            <dt>{t("c360.p_alive")}</dt>
            <dd>
              <strong>{formatPercent(language, scores.p_alive.value, 0)}</strong>
              <p class="why">{t("c360.p_alive_why")}</p>
            </dd>
          </div>
        )}
        {data.loyalty?.member && (
          <div class="score" data-score="loyalty" data-balance={data.loyalty.balance}>
            <dt>{t("c360.loyalty")}</dt>
            <dd>
              <strong>{t("c360.points", { points: formatNumber(language, data.loyalty.balance) })}</strong>{" "}
              <span class="muted">· {labelOf(t, "tier", data.loyalty.tier)}</span> <a href={routeHash(["loyalty"], { customer: String(data.customer.id) })}>{t("c360.loyalty_account")}</a>
            </dd>
          </div>
        )}
        {scores.churn_risk?.value != null && (
          <ChurnScore ctx={ctx} scores={scores} tooEarly={data.story?.kind === "too_early"} />
        )}
        {scores.contract_close_risk?.value != null && <ContractCloseScore ctx={ctx} scores={scores} />}
        {scores.clv_1y?.value != null && (
          <div class="score" data-score="clv_1y">
            <dt>{t("c360.clv")}</dt>
            <dd>
              <strong>{formatMoney(language, scores.clv_1y.value, money)}</strong>
              {scores.expected_purchases_1y?.value != null && (
                <span class="muted">
                  {" "}
                  ({t("col.expected_purchases")}: {formatNumber(language, scores.expected_purchases_1y.value, 1)})
                </span>
              )}
              <p class="why">{t("c360.clv_why")}</p>
            </dd>
          </div>
        )}
      </dl>
    </section>
  );
}

/** Churn risk with its band, stage, reasons (with this customer's values)
 * and the next best action. */
function ChurnScore(props: {
  ctx: PageContext;
  scores: NonNullable<Customer360Data["scores"]>;
  tooEarly: boolean;
}) {
  const { ctx, scores } = props;
  const { t, language, money } = ctx;
  const band = scores.churn_risk?.label ?? null;
  const stage = scores.churn_stage?.label ?? null;
  const reasons = parseChurnReasons(scores.churn_reasons?.label);
  const action = scores.retention_priority?.label ?? null;
  const reasonText = (r: ChurnReason) => {
    const key = dynamicKey("reason", r.code);
    const digits = Number.isInteger(r.value) ? 0 : r.code === "falling_orders" ? 2 : 1;
    const value =
      r.code === "low_p_alive" ? formatPercent(language, r.value, 0) : formatNumber(language, r.value, digits);
    return key ? t(key, { value }) : `${r.code}: ${value}`;
  };
  return (
    <div class="score" data-score="churn_risk" data-band={band ?? ""}>
      <dt>{t("c360.churn")}</dt>
      <dd>
        {props.tooEarly ? (
          <strong data-too-early="true">{t("c360.too_early")}</strong>
        ) : (
          <strong>{formatPercent(language, scores.churn_risk!.value, 0)}</strong>
        )}{" "}
        <span class={`band band-${band ?? "none"}`}>{labelOf(t, "band", band)}</span>
        {stage && (
          <span class="muted" data-stage={stage}>
            {" · "}
            {labelOf(t, "stage_of_churn", stage)}
          </span>
        )}
        {reasons.length > 0 ? (
          <ul class="why reasons">
            {reasons.map((r) => (
              <li data-reason={r.code} class={CONTROLLABLE_REASONS.has(r.code) ? "controllable" : undefined}>
                {reasonText(r)}
              </li>
            ))}
          </ul>
        ) : (
          <p class="why">{t("c360.churn_no_reason")}</p>
        )}
        {action && (
          <p class="why" data-action={action}>
            {t("c360.next_action", { action: labelOf(t, "action", action) })}
            {scores.retention_priority?.value != null &&
              " " + t("c360.value_at_risk", { value: formatMoney(language, scores.retention_priority.value, money) })}
          </p>
        )}
      </dd>
    </div>
  );
}

function QuickActions(props: { ctx: PageContext; customerId: number; done: () => void }) {
  const { ctx } = props;
  const { t } = ctx;
  const [open, setOpen] = useState<"call" | "note" | "ticket" | "task" | null>(null);
  const [taskKind, setTaskKind] = useState("call");
  const [due, setDue] = useState(() => new Date(Date.now() + 86400000).toISOString().slice(0, 10));
  const [text, setText] = useState("");
  const [ticketType, setTicketType] = useState("complaint");
  const [priority, setPriority] = useState("normal");
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  if (!can(ctx.workspace, "interactions", "write")) return null;
  const save = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      if (open === "task") {
        await api.post(ctx.workspace.slug, "/tasks", {
          customer_id: props.customerId,
          title: text,
          kind: taskKind,
          due_at: due,
        });
      } else if (open === "ticket") {
        await api.post(ctx.workspace.slug, "/tickets", {
          customer_id: props.customerId,
          subject: text,
          type: ticketType,
          priority,
          channel: "phone",
        });
      } else {
        await api.post(ctx.workspace.slug, "/interactions", {
          customer_id: props.customerId,
          occurred_at: Math.floor(Date.now() / 1000),
          type: open,
          channel: open === "call" ? "phone" : "crm",
          direction: open === "call" ? "outbound" : undefined,
          subject: text,
        });
      }
      setOpen(null);
      setText("");
      setSaved(true);
      props.done();
    } catch (reason) {
      setError(reason instanceof ApiError ? reason.message : String(reason));
    }
  };
  return (
    <section class="actions" aria-label={t("c360.log_call")}>
      <button type="button" onClick={() => { setOpen("call"); setSaved(false); }}>{t("c360.log_call")}</button>
      <button type="button" onClick={() => { setOpen("note"); setSaved(false); }}>{t("c360.add_note")}</button>
      {can(ctx.workspace, "tickets", "write") && (
        <button type="button" onClick={() => { setOpen("ticket"); setSaved(false); }}>{t("c360.open_ticket")}</button>
      )}
      {can(ctx.workspace, "tasks", "write") && (
        <button type="button" data-action="new-task" onClick={() => { setOpen("task"); setSaved(false); }}>{t("c360.new_task")}</button>
      )}
      {saved && <span role="status">{t("c360.saved")}</span>}
      {open && (
        <form class="quick" onSubmit={save}>
          {open === "ticket" && (
            <>
              <label>
                {t("c360.ticket_type")}
                <select name="ticket_type" value={ticketType} onChange={(e) => setTicketType((e.target as HTMLSelectElement).value)}>
                  {["complaint", "question", "request"].map((v) => (
                    <option value={v}>{labelOf(t, "ticket_type", v)}</option>
                  ))}
                </select>
              </label>
              <label>
                {t("c360.ticket_priority")}
                <select name="priority" value={priority} onChange={(e) => setPriority((e.target as HTMLSelectElement).value)}>
                  {["low", "normal", "high", "urgent"].map((v) => (
                    <option value={v}>{labelOf(t, "ticket_priority", v)}</option>
                  ))}
                </select>
              </label>
            </>
          )}
          {open === "task" && (
            <>
              <label>
                {t("c360.task_kind")}
                <select name="task_kind" value={taskKind} onChange={(e) => setTaskKind((e.target as HTMLSelectElement).value)}>
                  {["call", "meeting", "visit", "email", "todo"].map((v) => (
                    <option value={v}>{labelOf(t, "task_kind", v)}</option>
                  ))}
                </select>
              </label>
              <label>
                {t("c360.task_due")}
                <input type="date" name="due" value={due} onInput={(e) => setDue((e.target as HTMLInputElement).value)} />
              </label>
            </>
          )}
          <label>
            {open === "ticket" ? t("c360.ticket_subject") : open === "task" ? t("c360.task_title") : t("c360.note_text")}
            <textarea required maxLength={open === "ticket" ? 300 : 2000} value={text} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
          </label>
          {error && <p class="error" role="alert">{error}</p>}
          <button type="submit">{t("c360.save")}</button>
          <button type="button" class="link" onClick={() => setOpen(null)}>{t("c360.cancel")}</button>
        </form>
      )}
    </section>
  );
}

/** The next-best offers `vafa basket --offers` stored, with their products. */
function Offers(props: { ctx: PageContext; data: Customer360Data }) {
  const { ctx } = props;
  const { t, language, money } = ctx;
  const offers = nextOffers(props.data.scores ?? {});
  const products = useAsync(
    () =>
      Promise.all(
        offers.map((offer) =>
          api
            .get<Answer<"listProducts">>(ctx.workspace.slug, "/products", { sku: offer.sku })
            .then((page) => page.items[0] ?? null, () => null),
        ),
      ),
    [offers.map((o) => o.sku).join(",")],
  );
  if (offers.length === 0) return null;
  return (
    <section class="panel" aria-labelledby="offers-title">
      <h2 id="offers-title">{t("c360.offers")}</h2>
      <p class="why">{t("c360.offers_why")}</p>
      <ol class="offers">
        {offers.map((offer, i) => {
          const product = products.data?.[i];
          const name = product ? (language === "en" && product.name_en ? product.name_en : product.name) : offer.sku;
          return (
            <li data-offer={offer.sku}>
              <strong><bdi>{name}</bdi></strong>{" "}
              <span class="muted">
                (<bdi>{offer.sku}</bdi>
                {product?.category && <> · <bdi>{product.category}</bdi></>})
              </span>
              {offer.value !== null && (
                <span> · {t("c360.offer_value", { value: formatMoney(language, offer.value, money) })}</span>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** The customer's deals (open first) and open tasks. */
function DealsAndTasks(props: { ctx: PageContext; data: Customer360Data }) {
  const { ctx, data } = props;
  const { t, language, money } = ctx;
  const tz = ctx.workspace.timezone;
  if (!data.deals && !data.open_tasks) return null;
  return (
    <section class="panel" aria-labelledby="deals-title" data-deals={data.deals?.length ?? 0}>
      <h2 id="deals-title">{t("sales.deals")}</h2>
      {(data.deals ?? []).length === 0 ? (
        <p class="muted">{t("sales.no_deals")}</p>
      ) : (
        <ul class="tasks">
          {(data.deals ?? []).map((deal) => (
            <li data-deal={deal.id} data-status={deal.status}>
              <strong>{deal.title}</strong> · {formatMoney(language, deal.value_minor, money)} ·{" "}
              {labelOf(t, "deal_status", deal.status)}
              {deal.status === "open"
                ? ` · ${formatPercent(language, deal.probability / 100, 0)} · ${formatDate(language, deal.expected_close_at, tz)}`
                : ` · ${formatDate(language, deal.closed_at, tz)}`}
              {deal.close_reason ? ` · ${labelOf(t, "lost_reason", deal.close_reason)}` : ""}
            </li>
          ))}
        </ul>
      )}
      {(data.open_tasks ?? []).length > 0 && (
        <>
          <h3>{t("sales.open_tasks")}</h3>
          <ul class="tasks">
            {(data.open_tasks ?? []).map((task) => (
              <li data-task={task.id}>
                <span class="muted">{formatDate(language, task.due_at, tz)}</span> {labelOf(t, "task_kind", task.kind)} ·{" "}
                {task.title}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
