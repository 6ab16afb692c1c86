import { useEffect, useState } from "preact/hooks";
import { type Answer, api, ApiError } from "../api";
import { useAsync } from "../components/hooks";
import { ErrorNote, Loading } from "../components/Panel";
import type { PageContext } from "../context";
import { changedRules, clockOf, type MessagingRules, minutesOf } from "./messaging-rules-data";

// The workspace's messaging rules (docs/messaging.md, "Quiet hours and the
// weekly cap"): the window of the day marketing SMS may go in, whether
// Fridays and holidays are allowed, the weekly cap and the two tracking
// switches. Saving sends only what changed (PATCH …/messaging-rules).

/** An error as the reader needs it: the field it names, then the server's words. */
function problemText(error: unknown): string {
  if (error instanceof ApiError) return error.field ? `${error.field}: ${error.message}` : error.message;
  return error instanceof Error ? error.message : String(error);
}

const SWITCHES = ["on_fridays", "on_holidays", "track_opens", "track_sms_links"] as const;

export function MessagingRulesPanel(props: { ctx: PageContext }) {
  const { t, workspace } = props.ctx;
  const read = useAsync(() => api.get<Answer<"getMessagingRules">>(workspace.slug, "/messaging-rules"), [workspace.slug]);
  const [saved, setSaved] = useState<MessagingRules | null>(null);
  const [form, setForm] = useState({ from: "", until: "", cap: "" });
  const [switches, setSwitches] = useState<Record<(typeof SWITCHES)[number], boolean> | null>(null);
  const [problem, setProblem] = useState("");
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const show = (rules: MessagingRules) => {
    setSaved(rules);
    setForm({ from: clockOf(rules.window_start_minute), until: clockOf(rules.window_end_minute), cap: String(rules.weekly_cap) });
    setSwitches({ on_fridays: rules.on_fridays, on_holidays: rules.on_holidays, track_opens: rules.track_opens, track_sms_links: rules.track_sms_links });
  };
  useEffect(() => {
    if (read.data) show(read.data.rules);
  }, [read.data]);
  const save = async () => {
    if (!saved || !switches) return;
    setProblem("");
    setNote("");
    const start = minutesOf(form.from);
    const end = minutesOf(form.until);
    const cap = /^\d+$/.test(form.cap.trim()) ? Number(form.cap.trim()) : null;
    if (start === null) return setProblem(t("rules.bad_time", { field: t("rules.from") }));
    if (end === null) return setProblem(t("rules.bad_time", { field: t("rules.until") }));
    if (cap === null) return setProblem(t("rules.bad_cap"));
    const edited: MessagingRules = { ...saved, ...switches, window_start_minute: start, window_end_minute: end, weekly_cap: cap };
    setBusy(true);
    try {
      const answer = await api.patch<Answer<"changeMessagingRules">>(workspace.slug, "/messaging-rules", changedRules(saved, edited));
      show(answer.rules);
      setNote(t("msg.saved"));
    } catch (error) {
      setProblem(problemText(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="panel wide" aria-labelledby="rules-title" data-messaging-rules>
      <h2 id="rules-title">{t("rules.title")}</h2>
      <p class="muted">{t("rules.intro")}</p>
      {read.loading && !read.data && <Loading t={t} />}
      {read.error && <ErrorNote t={t} error={read.error} retry={read.reload} />}
      {saved && switches && (
        <form class="filters" onSubmit={(e) => { e.preventDefault(); void save(); }}>
          <label>
            {t("rules.from")}
            <input name="rules-from" dir="ltr" inputMode="numeric" autoComplete="off" required value={form.from}
              onInput={(e) => setForm({ ...form, from: (e.target as HTMLInputElement).value })} />
          </label>
          <label>
            {t("rules.until")}
            <input name="rules-until" dir="ltr" inputMode="numeric" autoComplete="off" required value={form.until}
              onInput={(e) => setForm({ ...form, until: (e.target as HTMLInputElement).value })} />
          </label>
          <label>
            {t("rules.weekly_cap")}
            <input name="rules-cap" type="number" min={0} max={1000} dir="ltr" inputMode="numeric" required value={form.cap}
              onInput={(e) => setForm({ ...form, cap: (e.target as HTMLInputElement).value })} />
          </label>
          {SWITCHES.map((name) => (
            <label class="check">
              <input type="checkbox" name={`rules-${name}`} checked={switches[name]}
                onChange={(e) => setSwitches({ ...switches, [name]: (e.target as HTMLInputElement).checked })} />{" "}
              {t(`rules.${name}`)}
            </label>
          ))}
          <p class="muted small" data-rules-privacy>{t("rules.track_opens_help")}</p>
          <div class="actions">
            <button type="submit" class="primary" data-action="save-rules" disabled={busy}>{t("msg.save")}</button>
          </div>
        </form>
      )}
      {note && <p class="ok" role="status">{note}</p>}
      {problem && <p class="error" role="alert" data-rules-problem>{problem}</p>}
    </section>
  );
}
