import { useState } from "preact/hooks";
import { type Answer, api, ApiError } from "../api";
import { useAsync } from "../components/hooks";
import { ErrorNote, Loading } from "../components/Panel";
import type { PageContext } from "../context";
import { formatNumber } from "../format";
import { labelOf } from "../i18n";
import {
  type Channel,
  type ChannelForm,
  type ChannelKind,
  channelFormOf,
  channelRequest,
  channelTarget,
  emptyChannelForm,
  type SecretAction,
} from "./messaging-data";
import { MessagingRulesPanel } from "./MessagingRulesPanel";

// Message channels (docs/messaging.md): the list, a form to add or change
// an SMTP or SMS channel whose secret is write-only (the form says whether
// one is set and offers to replace or remove it, never shows it), and a
// test-send with the provider's answer; below them the workspace's
// messaging rules (MessagingRulesPanel.tsx). For those who may write the
// workspace (owners).

type TestResult = Answer<"testMessageChannel">;

/** An error as the reader needs it: the field it names, then the server's words. */
export function problemText(error: unknown): string {
  if (error instanceof ApiError) return error.field ? `${error.field}: ${error.message}` : error.message;
  return error instanceof Error ? error.message : String(error);
}

export function Channels(props: { ctx: PageContext }) {
  const { ctx } = props;
  const { t, language, workspace } = ctx;
  const list = useAsync(() => api.get<Answer<"listMessageChannels">>(workspace.slug, "/message-channels"), [workspace.slug]);
  const [editing, setEditing] = useState<{ channel: Channel | null; kind: ChannelKind } | null>(null);
  const [testing, setTesting] = useState<Channel | null>(null);
  const [note, setNote] = useState("");
  return (
    <div>
      <h1>{t("chan.title")}</h1>
      <p class="muted">{t("chan.intro")}</p>
      <section class="panel wide" aria-labelledby="channels-title">
        <h2 id="channels-title">{t("chan.list")}</h2>
        {note && <p class="ok" role="status">{note}</p>}
        {list.loading && !list.data && <Loading t={t} />}
        {list.error && <ErrorNote t={t} error={list.error} retry={list.reload} />}
        {list.data && list.data.items.length === 0 && <p class="muted">{t("msg.none_yet")}</p>}
        {list.data && list.data.items.length > 0 && (
          <div class="table-wrap">
            <table class="channels">
              <thead>
                <tr>
                  <th scope="col">{t("msg.name")}</th>
                  <th scope="col">{t("msg.kind")}</th>
                  <th scope="col">{t("chan.target")}</th>
                  <th scope="col" class="num">{t("chan.per_minute_short")}</th>
                  <th scope="col">{t("chan.secret")}</th>
                  <th scope="col"><span class="sr-only">{t("msg.edit")}</span></th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((c) => (
                  <tr data-channel={c.id} data-kind={c.kind}>
                    <th scope="row">{c.name}</th>
                    <td>{labelOf(t, "msg.kind", c.kind)}</td>
                    <td class="ltr-cell" dir="ltr">{channelTarget(c)}</td>
                    <td class="num">{formatNumber(language, c.per_minute)}</td>
                    <td data-secret={String(c.has_secret)}>{c.has_secret ? t("chan.secret_set") : t("chan.secret_none")}</td>
                    <td class="buttons">
                      <button type="button" data-action="edit-channel" aria-label={t("msg.edit_named", { name: c.name })}
                        onClick={() => { setNote(""); setTesting(null); setEditing({ channel: c, kind: c.kind }); }}>
                        {t("msg.edit")}
                      </button>{" "}
                      <button type="button" data-action="test-channel" aria-label={t("chan.test_title", { name: c.name })}
                        onClick={() => { setEditing(null); setTesting(c); }}>
                        {t("chan.test")}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <div class="actions">
          {(["email", "sms"] as const).map((kind) => (
            <button type="button" data-action={`new-${kind}`} onClick={() => { setNote(""); setTesting(null); setEditing({ channel: null, kind }); }}>
              {t(kind === "email" ? "chan.new_email" : "chan.new_sms")}
            </button>
          ))}
        </div>
      </section>
      {editing && (
        <ChannelEditor key={`${editing.kind}-${editing.channel?.id ?? "new"}`} ctx={ctx} channel={editing.channel} kind={editing.kind}
          onCancel={() => setEditing(null)}
          onSaved={(saved) => { setEditing(null); setNote(`${saved.name}: ${t("msg.saved")}`); list.reload(); }} />
      )}
      {testing && <ChannelTest key={testing.id} ctx={ctx} channel={testing} />}
      <MessagingRulesPanel ctx={ctx} />
    </div>
  );
}

function ChannelEditor(props: {
  ctx: PageContext;
  channel: Channel | null;
  kind: ChannelKind;
  onCancel: () => void;
  onSaved: (channel: Channel) => void;
}) {
  const { ctx, channel } = props;
  const { t, workspace } = ctx;
  const [form, setForm] = useState<ChannelForm>(() => (channel ? channelFormOf(channel) : emptyChannelForm(props.kind)));
  const [secretAction, setSecretAction] = useState<SecretAction>(channel?.has_secret ? "keep" : "replace");
  const [secret, setSecret] = useState("");
  const [problem, setProblem] = useState("");
  const [busy, setBusy] = useState(false);
  const set = (change: Partial<ChannelForm>) => setForm({ ...form, ...change });
  // Addresses, hosts and pointers read left to right in either language.
  const text = (name: keyof ChannelForm, label: string, shape: "ltr" | "numeric" | "plain" = "plain") => (
    <label>
      {label}
      <input name={name} value={form[name]} dir={shape === "plain" ? undefined : "ltr"}
        inputMode={shape === "numeric" ? "numeric" : undefined}
        onInput={(e) => set({ [name]: (e.target as HTMLInputElement).value } as Partial<ChannelForm>)} />
    </label>
  );
  const save = async () => {
    setProblem("");
    // A new channel without a secret sends none (an SMTP relay without login).
    const action = !channel && secret === "" ? "keep" : secretAction;
    const made = channelRequest(form, { action, value: secret });
    if ("headerLine" in made) {
      setProblem(t("chan.bad_header", { line: formatNumber(ctx.language, made.headerLine), text: made.text }));
      return;
    }
    setBusy(true);
    try {
      const answer = channel
        ? await api.put<Answer<"updateMessageChannel">>(workspace.slug, `/message-channels/${channel.id}`, made.body)
        : await api.post<Answer<"addMessageChannel", 201>>(workspace.slug, "/message-channels", made.body);
      props.onSaved(answer.channel);
    } catch (error) {
      setProblem(problemText(error));
    } finally {
      setBusy(false);
    }
  };
  const kindName = labelOf(t, "msg.kind", form.kind);
  const title = channel ? t("chan.form_edit", { name: channel.name }) : t("chan.form_new", { kind: kindName });
  return (
    <section class="panel wide" aria-labelledby="channel-form-title" data-channel-form={channel?.id ?? "new"}>
      <h2 id="channel-form-title">{title}</h2>
      <form class="filters" onSubmit={(e) => { e.preventDefault(); void save(); }}>
        {text("name", t("msg.name"))}
        {text("per_minute", t("chan.per_minute"), "numeric")}
        {text("price", t(form.kind === "sms" ? "chan.price_sms" : "chan.price_email"), "numeric")}
        {form.kind === "email" ? (
          <>
            {text("host", t("chan.host"), "ltr")}
            {text("port", t("chan.port"), "numeric")}
            <label>
              {t("chan.security")}
              <select name="security" value={form.security}
                onChange={(e) => set({ security: (e.target as HTMLSelectElement).value as ChannelForm["security"] })}>
                {(["starttls", "tls", "none"] as const).map((s) => <option value={s}>{t(`chan.security.${s}`)}</option>)}
              </select>
            </label>
            {text("user", t("chan.user"), "ltr")}
            {text("from_address", t("chan.from_address"), "ltr")}
            {text("from_name", t("chan.from_name"))}
            {text("reply_to", t("chan.reply_to"), "ltr")}
            {text("unsubscribe_url", t("chan.unsubscribe_url"), "ltr")}
          </>
        ) : (
          <>
            {text("url", t("chan.url"), "ltr")}
            <label>
              {t("chan.method")}
              <select name="method" value={form.method}
                onChange={(e) => set({ method: (e.target as HTMLSelectElement).value as ChannelForm["method"] })}>
                {(["POST", "PUT", "GET"] as const).map((m) => <option value={m}>{m}</option>)}
              </select>
            </label>
            <label>
              {t("chan.headers")}
              <textarea name="headers" dir="ltr" rows={3} value={form.headers}
                onInput={(e) => set({ headers: (e.target as HTMLTextAreaElement).value })} />
            </label>
            <label>
              {t("chan.body")}
              <textarea name="body" dir="ltr" rows={3} value={form.body} disabled={form.method === "GET"}
                onInput={(e) => set({ body: (e.target as HTMLTextAreaElement).value })} />
            </label>
            {text("id_pointer", t("chan.id_pointer"), "ltr")}
            {text("status_pointer", t("chan.status_pointer"), "ltr")}
            {text("accepted", t("chan.accepted"), "ltr")}
            {text("timeout", t("chan.timeout"), "numeric")}
            <p class="muted small">{t("chan.placeholders_sms")}</p>
            <p class="muted small">{t("chan.reports_help")}</p>
            {text("report_id_pointer", t("chan.report_id_pointer"), "ltr")}
            {text("report_status_pointer", t("chan.report_status_pointer"), "ltr")}
            {text("report_reason_pointer", t("chan.report_reason_pointer"), "ltr")}
            {text("delivered", t("chan.delivered"), "ltr")}
            {text("failed", t("chan.failed"), "ltr")}
          </>
        )}
        <fieldset>
          <legend>
            {t("chan.secret_action")}: <span data-secret-state={String(channel?.has_secret ?? false)}>
              {channel?.has_secret ? t("chan.secret_set") : t("chan.secret_none")}
            </span>
          </legend>
          {channel?.has_secret && (["keep", "replace", "remove"] as const).map((action) => (
            <label>
              <input type="radio" name="secret-action" value={action} checked={secretAction === action}
                onChange={() => setSecretAction(action)} />{" "}
              {t(`chan.secret_${action}`)}
            </label>
          ))}
          {secretAction === "replace" && (
            <label>
              {t("chan.secret_new")}
              <input name="secret" type="password" autoComplete="new-password" value={secret}
                onInput={(e) => setSecret((e.target as HTMLInputElement).value)} />
            </label>
          )}
        </fieldset>
        <div class="actions">
          <button type="submit" class="primary" data-action="save-channel" disabled={busy}>{t("msg.save")}</button>
          <button type="button" onClick={props.onCancel}>{t("msg.cancel")}</button>
        </div>
      </form>
      {problem && <p class="error" role="alert" data-channel-problem>{problem}</p>}
    </section>
  );
}

function ChannelTest(props: { ctx: PageContext; channel: Channel }) {
  const { ctx, channel } = props;
  const { t, workspace } = ctx;
  const [to, setTo] = useState("");
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TestResult | null>(null);
  const [problem, setProblem] = useState("");
  const send = async () => {
    setBusy(true);
    setResult(null);
    setProblem("");
    try {
      const body: Record<string, string> = { to: to.trim() };
      if (text.trim()) body.text = text;
      setResult(await api.post<TestResult>(workspace.slug, `/message-channels/${channel.id}/test`, body));
    } catch (error) {
      setProblem(problemText(error));
    } finally {
      setBusy(false);
    }
  };
  const email = channel.kind === "email";
  return (
    <section class="panel wide" aria-labelledby="channel-test-title" data-channel-test={channel.id}>
      <h2 id="channel-test-title">{t("chan.test_title", { name: channel.name })}</h2>
      <form class="filters" onSubmit={(e) => { e.preventDefault(); void send(); }}>
        <label>
          {t(email ? "chan.test_to_email" : "chan.test_to_sms")}
          <input name="test-to" dir="ltr" inputMode={email ? "email" : "tel"} required value={to}
            onInput={(e) => setTo((e.target as HTMLInputElement).value)} />
        </label>
        <label>
          {t("chan.test_text")}
          <input name="test-text" value={text} onInput={(e) => setText((e.target as HTMLInputElement).value)} />
        </label>
        <button type="submit" data-action="send-test" disabled={busy}>{busy ? t("chan.test_sending") : t("chan.test_send")}</button>
      </form>
      {problem && <p class="error" role="alert">{problem}</p>}
      {result && (
        <p class={result.result === "sent" ? "ok" : "error"} role={result.result === "sent" ? "status" : "alert"}
          data-test-result={result.result}>
          {t(`chan.test.${result.result}`, { id: result.provider_message_id ?? "–", reason: result.reason ?? "–" })}
        </p>
      )}
    </section>
  );
}
