import { useEffect, useState } from "preact/hooks";
import { type Answer, api, type Schema } from "../api";
import { useAsync } from "../components/hooks";
import { ErrorNote, Loading } from "../components/Panel";
import type { PageContext } from "../context";
import { formatDateTime, formatNumber } from "../format";
import { routeHash } from "../state";
import { problemText } from "./Channels";
import { queueRows } from "./messaging-data";

// "Send to members" on a campaign's view: choose a marketing template and a
// channel of its kind, see what queueing would do (the server's dry run:
// how many are queued, how many are skipped for consent, a missing address
// or the weekly cap, and when marketing SMS may go out after quiet hours),
// then queue. Shown to those who may write marketing, once members are drawn.

type QueueAnswer = Answer<"queueCampaignMessages">;
type Campaign = Schema<"Campaign">;

export function CampaignSend(props: { ctx: PageContext; campaign: Campaign }) {
  const { ctx, campaign } = props;
  const { t, language, workspace } = ctx;
  const slug = workspace.slug;
  const setup = useAsync(async () => {
    const [templates, channels] = await Promise.all([
      api.get<Answer<"listMessageTemplates">>(slug, "/message-templates"),
      api.get<Answer<"listMessageChannels">>(slug, "/message-channels"),
    ]);
    return { templates: templates.items.filter((x) => x.purpose === "marketing"), channels: channels.items };
  }, [slug]);
  const [templateId, setTemplateId] = useState(0);
  const [channelId, setChannelId] = useState(0);
  const [counted, setCounted] = useState<QueueAnswer | null>(null);
  const [done, setDone] = useState<QueueAnswer | null>(null);
  const [problem, setProblem] = useState("");
  const [busy, setBusy] = useState(false);
  const templates = setup.data?.templates ?? [];
  const template = templates.find((x) => x.id === templateId) ?? templates[0];
  const channels = (setup.data?.channels ?? []).filter((c) => c.kind === template?.kind);
  const channel = channels.find((c) => c.id === channelId) ?? channels[0];
  const path = `/campaigns/${campaign.id}/messages`;
  useEffect(() => {
    setCounted(null);
    if (!template || !channel || !campaign.drawn_at) return;
    let live = true;
    api.post<QueueAnswer>(slug, path, { template_id: template.id, channel_id: channel.id, dry_run: true }).then(
      (answer) => { if (live) { setCounted(answer); setProblem(""); } },
      (error: unknown) => { if (live) setProblem(problemText(error)); },
    );
    return () => { live = false; };
  }, [slug, path, template?.id, channel?.id, campaign.drawn_at, done]);
  const queue = async () => {
    if (!template || !channel) return;
    setBusy(true);
    setProblem("");
    try {
      setDone(await api.post<QueueAnswer>(slug, path, { template_id: template.id, channel_id: channel.id }));
    } catch (error) {
      setProblem(problemText(error));
    } finally {
      setBusy(false);
    }
  };
  const counts = (report: QueueAnswer, name: string) => (
    <dl class="fields" data-queue-report={name}>
      {queueRows(report).map((row) => (
        <div class="field" data-count={row.key}>
          <dt>{t(`send.${row.key}`)}</dt>
          <dd>{formatNumber(language, row.count)}</dd>
        </div>
      ))}
    </dl>
  );
  const later = counted && counted.due_at > Date.now() / 1000 + 60;
  return (
    <section class="panel wide" aria-labelledby={`send-title-${campaign.id}`} data-campaign-send={campaign.id}>
      <h3 id={`send-title-${campaign.id}`}>{t("send.title")}</h3>
      <p class="muted">{t("send.intro")}</p>
      {!campaign.drawn_at && <p class="muted">{t("send.not_drawn")}</p>}
      {setup.loading && !setup.data && <Loading t={t} />}
      {setup.error && <ErrorNote t={t} error={setup.error} retry={setup.reload} />}
      {setup.data && (!template || !channel) && <p class="muted" data-send-setup>{template ? t("send.no_match") : t("send.need_setup")}</p>}
      {campaign.drawn_at && setup.data && templates.length > 0 && (
        <form class="filters" onSubmit={(e) => { e.preventDefault(); void queue(); }}>
          <label>
            {t("send.template")}
            <select name="send-template" value={String(template?.id ?? "")}
              onChange={(e) => { setDone(null); setTemplateId(Number((e.target as HTMLSelectElement).value)); }}>
              {templates.map((x) => <option value={String(x.id)}>{x.name}</option>)}
            </select>
          </label>
          <label>
            {t("send.channel")}
            <select name="send-channel" value={String(channel?.id ?? "")} disabled={channels.length === 0}
              onChange={(e) => { setDone(null); setChannelId(Number((e.target as HTMLSelectElement).value)); }}>
              {channels.map((c) => <option value={String(c.id)}>{c.name}</option>)}
            </select>
          </label>
          <button type="submit" class="primary" data-action="queue-messages"
            disabled={busy || !channel || !counted || counted.queued === 0}>
            {busy ? t("send.queueing") : t("send.queue")}
          </button>
        </form>
      )}
      {counted && !done && counts(counted, "dry-run")}
      {later && !done && (
        <p class="muted" data-due-at={counted.due_at}>
          {t("send.quiet_until", { when: formatDateTime(language, counted.due_at, workspace.timezone) })}
        </p>
      )}
      {problem && <p class="error" role="alert">{problem}</p>}
      {done && (
        <div role="status" data-queued={done.queued}>
          <p class="ok">{t("send.result", { queued: formatNumber(language, done.queued) })}</p>
          {counts(done, "queued")}
          <p><a href={routeHash(["messaging", "outbox"])}>{t("send.open_outbox")}</a></p>
        </div>
      )}
    </section>
  );
}
