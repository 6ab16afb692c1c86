import { useState } from "preact/hooks";
import { type Answer, api, type Item } from "../api";
import { useAsync } from "../components/hooks";
import { ErrorNote, Loading } from "../components/Panel";
import type { PageContext } from "../context";
import { formatDateTime, formatNumber } from "../format";
import { labelOf } from "../i18n";
import { routeHash } from "../state";
import { problemText } from "./Channels";

// The outbox (docs/messaging.md): messages newest first, filtered by
// state, with their attempts and failure reason, a page at a time; a failed
// message can be queued again. The same table shows one customer's
// messages on their page. Marketing read; retrying needs marketing write.

type Page = Answer<"listOutbox">;
type Message = Item<Page["items"]>;
export const STATES = ["queued", "sending", "sent", "delivered", "failed"] as const;

/** What became of a message after it went: opened, clicked (with counts), opted out through it. */
export function trackingText(t: PageContext["t"], language: PageContext["language"], m: Message): string {
  const parts: string[] = [];
  if (m.open_count > 0) parts.push(t("msg.track.opened", { count: formatNumber(language, m.open_count) }));
  if (m.click_count > 0) parts.push(t("msg.track.clicked", { count: formatNumber(language, m.click_count) }));
  if (m.opted_out_at !== null) parts.push(t("msg.track.opted_out"));
  return parts.length > 0 ? parts.join(language === "fa" ? "، " : ", ") : "–";
}

export function Outbox(props: { ctx: PageContext; query: URLSearchParams }) {
  const { ctx } = props;
  const { t } = ctx;
  const initial = props.query.get("state") ?? "";
  const [state, setState] = useState<string>(STATES.includes(initial as Message["state"]) ? initial : "");
  // A campaign's messages (the link on its view), when given.
  const campaign = Number(props.query.get("campaign") ?? "");
  const campaignId = Number.isInteger(campaign) && campaign > 0 ? campaign : undefined;
  return (
    <div>
      <h1>{t("out.title")}</h1>
      <p class="muted">{t("out.intro")}</p>
      <section class="panel wide" aria-labelledby="outbox-title">
        <h2 id="outbox-title">{t("out.list")}</h2>
        <label>
          {t("out.state")}{" "}
          <select name="state" value={state} onChange={(e) => setState((e.target as HTMLSelectElement).value)}>
            <option value="">{t("out.all")}</option>
            {STATES.map((s) => <option value={s}>{labelOf(t, "msg.state", s)}</option>)}
          </select>
        </label>
        {campaignId !== undefined && (
          <p data-outbox-campaign={campaignId}>{t("out.of_campaign", { id: formatNumber(ctx.language, campaignId) })}</p>
        )}
        <MessageList key={state} ctx={ctx} path="/outbox" state={state} campaignId={campaignId} showCustomer />
      </section>
    </div>
  );
}

/** Pages of messages from `path` (the outbox, or a customer's messages). */
export function MessageList(props: {
  ctx: PageContext; path: string; state?: string; campaignId?: number; showCustomer?: boolean; empty?: string;
  /** Told the first page's messages each time it loads. */
  onFirstPage?: (messages: Message[]) => void;
}) {
  const { ctx } = props;
  const { t, language, workspace } = ctx;
  const [pages, setPages] = useState<Message[][]>([]);
  const [before, setBefore] = useState<number | null>(null);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const [tick, setTick] = useState(0);
  const first = useAsync(async () => {
    const answer = await api.get<Page>(workspace.slug, props.path, { state: props.state, campaign_id: props.campaignId, limit: 50 });
    setPages([answer.items]);
    setBefore(answer.next_before);
    props.onFirstPage?.(answer.items);
    return answer;
  }, [workspace.slug, props.path, props.state, props.campaignId, tick]);
  const more = async () => {
    if (before === null) return;
    try {
      const answer = await api.get<Page>(workspace.slug, props.path, {
        state: props.state, campaign_id: props.campaignId, limit: 50, before,
      });
      setPages([...pages, answer.items]);
      setBefore(answer.next_before);
    } catch (error) {
      setNote({ ok: false, text: problemText(error) });
    }
  };
  const retry = async (m: Message) => {
    setNote(null);
    try {
      await api.post(workspace.slug, `/outbox/${m.id}/retry`);
      setNote({ ok: true, text: t("out.retried", { id: formatNumber(language, m.id) }) });
      setTick((n) => n + 1);
    } catch (error) {
      setNote({ ok: false, text: problemText(error) });
    }
  };
  // Channel names for the table; a role that may not list channels sees their ids.
  const channels = useAsync(
    () => api.get<Answer<"listMessageChannels">>(workspace.slug, "/message-channels").catch(() => ({ items: [] })),
    [workspace.slug],
  );
  const channelName = (id: number) =>
    channels.data?.items.find((c) => c.id === id)?.name ?? formatNumber(language, id);
  const canRetry = workspace.permissions.marketing === "write";
  const tz = workspace.timezone;
  const messages = pages.flat();
  return (
    <div class="messages">
      {note && <p class={note.ok ? "ok" : "error"} role={note.ok ? "status" : "alert"}>{note.text}</p>}
      {first.loading && messages.length === 0 && <Loading t={t} />}
      {first.error && <ErrorNote t={t} error={first.error} retry={first.reload} />}
      {first.data && messages.length === 0 && <p class="muted" data-messages="0">{props.empty ?? t("out.none")}</p>}
      {messages.length > 0 && (
        <div class="table-wrap">
          <table class="outbox" data-messages={messages.length}>
            <thead>
              <tr>
                <th scope="col" class="num">{t("out.id")}</th>
                <th scope="col">{t("out.created")}</th>
                <th scope="col">{t("out.channel")}</th>
                {props.showCustomer && <th scope="col">{t("out.customer")}</th>}
                <th scope="col">{t("out.recipient")}</th>
                <th scope="col">{t("out.subject")}</th>
                <th scope="col">{t("out.state")}</th>
                <th scope="col" class="num">{t("out.attempts")}</th>
                <th scope="col">{t("out.reason")}</th>
                <th scope="col">{t("out.sent_at")}</th>
                <th scope="col">{t("out.tracking")}</th>
                {canRetry && <th scope="col"><span class="sr-only">{t("out.retry")}</span></th>}
              </tr>
            </thead>
            <tbody>
              {messages.map((m) => (
                <tr data-message={m.id} data-state={m.state}>
                  <th scope="row" class="num">{formatNumber(language, m.id)}</th>
                  <td>{formatDateTime(language, m.created_at, tz)}</td>
                  <td data-channel={m.channel_id}>{channelName(m.channel_id)}</td>
                  {props.showCustomer && (
                    <td>{m.customer_id !== null ? <a href={routeHash(["customers", m.customer_id])}>{formatNumber(language, m.customer_id)}</a> : "–"}</td>
                  )}
                  <td class="ltr-cell" dir="ltr">{m.recipient ?? "–"}</td>
                  <td data-subject>{m.subject ?? (m.body.length > 60 ? `${m.body.slice(0, 60)}…` : m.body)}</td>
                  <td>{labelOf(t, "msg.state", m.state)}</td>
                  <td class="num">{formatNumber(language, m.attempts)}</td>
                  <td data-failure>{m.failure ?? ""}</td>
                  <td>{m.sent_at !== null ? formatDateTime(language, m.sent_at, tz) : "–"}</td>
                  <td data-tracking>{trackingText(t, language, m)}</td>
                  {canRetry && (
                    <td>
                      {m.state === "failed" && (
                        <button type="button" data-action="retry" aria-label={t("out.retry_named", { id: formatNumber(language, m.id) })}
                          onClick={() => void retry(m)}>
                          {t("out.retry")}
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {before !== null && (
        <button type="button" class="link" data-action="more" onClick={() => void more()}>{t("out.more")}</button>
      )}
    </div>
  );
}
