import { useState } from "preact/hooks";
import { api, type Schema } from "../api";
import { useAsync } from "../components/hooks";
import { ErrorNote, Loading } from "../components/Panel";
import type { PageContext } from "../context";
import { formatDateTime } from "../format";
import { labelOf } from "../i18n";
import { can } from "../state";
import { problemText } from "./Channels";
import { MessageList } from "./Outbox";

// On the customer page: the customer's consent per channel kind (changed
// with the way the customer said so, recorded as its source) and their
// message history. Consent is read with customers read and changed with
// customers or marketing write.

type Consent = Schema<"CustomerConsent">;
type OutboxMessage = Schema<"OutboxMessage">;
const KINDS = ["email", "sms"] as const;

/** The customer's consent and messages; `onMessages` gets the first page of messages (the timeline shows them). */
export function CustomerMessaging(props: {
  ctx: PageContext; customerId: number; onMessages?: (messages: OutboxMessage[]) => void;
}) {
  const { ctx, customerId } = props;
  const { t } = ctx;
  return (
    <>
      <ConsentPanel ctx={ctx} customerId={customerId} />
      <section class="panel wide" aria-labelledby="messages-title" data-customer-messages>
        <h2 id="messages-title">{t("c360.messages")}</h2>
        <MessageList ctx={ctx} path={`/customers/${customerId}/messages`} empty={t("c360.messages_none")}
          onFirstPage={props.onMessages} />
      </section>
    </>
  );
}

function ConsentPanel(props: { ctx: PageContext; customerId: number }) {
  const { ctx, customerId } = props;
  const { t, language, workspace } = ctx;
  const path = `/customers/${customerId}/consent`;
  const consent = useAsync(() => api.get<Consent>(workspace.slug, path), [workspace.slug, path]);
  const [source, setSource] = useState("");
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const canWrite = can(workspace, "customers", "write") || can(workspace, "marketing", "write");
  const change = async (channel: (typeof KINDS)[number], optedIn: boolean) => {
    setNote(null);
    try {
      const body: Record<string, unknown> = { channel, opted_in: optedIn };
      if (source.trim()) body.source = source.trim();
      await api.put<Consent>(workspace.slug, path, body);
      setNote({
        ok: true,
        text: t("c360.consent_recorded", {
          channel: labelOf(t, "msg.kind", channel),
          state: t(optedIn ? "c360.consent.opted_in" : "c360.consent.opted_out"),
        }),
      });
      consent.reload();
    } catch (error) {
      setNote({ ok: false, text: problemText(error) });
    }
  };
  return (
    <section class="panel wide" aria-labelledby="consent-title" data-consent>
      <h2 id="consent-title">{t("c360.consent")}</h2>
      {note && <p class={note.ok ? "ok" : "error"} role={note.ok ? "status" : "alert"}>{note.text}</p>}
      {canWrite && (
        <label>
          {t("c360.consent_how")}{" "}
          <input name="consent-source" maxLength={200} value={source} onInput={(e) => setSource((e.target as HTMLInputElement).value)} />
        </label>
      )}
      {consent.loading && !consent.data && <Loading t={t} />}
      {consent.error && <ErrorNote t={t} error={consent.error} retry={consent.reload} />}
      {consent.data && (
        <div class="table-wrap">
          <table class="consent">
            <thead>
              <tr>
                <th scope="col">{t("c360.consent_channel")}</th>
                <th scope="col">{t("c360.consent_state")}</th>
                <th scope="col">{t("c360.consent_source")}</th>
                <th scope="col">{t("c360.consent_when")}</th>
                {canWrite && <th scope="col"><span class="sr-only">{t("c360.consent_state")}</span></th>}
              </tr>
            </thead>
            <tbody>
              {KINDS.map((kind) => {
                const c = consent.data![kind];
                const name = labelOf(t, "msg.kind", kind);
                return (
                  <tr data-consent-channel={kind} data-consent-state={c.state}>
                    <th scope="row">{name}</th>
                    <td>{t(`c360.consent.${c.state}`)}</td>
                    <td data-consent-source>{c.source ?? "–"}</td>
                    <td>{formatDateTime(language, c.recorded_at, workspace.timezone)}</td>
                    {canWrite && (
                      <td class="buttons">
                        <button type="button" data-action="opt-in" disabled={c.state === "opted_in"}
                          aria-label={t("c360.consent_opt_in_named", { channel: name })} onClick={() => void change(kind, true)}>
                          {t("c360.consent_opt_in")}
                        </button>{" "}
                        <button type="button" data-action="opt-out" disabled={c.state === "opted_out"}
                          aria-label={t("c360.consent_opt_out_named", { channel: name })} onClick={() => void change(kind, false)}>
                          {t("c360.consent_opt_out")}
                        </button>
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
