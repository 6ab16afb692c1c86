import { useState } from "preact/hooks";
import { type Answer, api, ApiError, type Schema } from "../api";
import { useAsync } from "../components/hooks";
import { ErrorNote, Figure, Loading } from "../components/Panel";
import type { PageContext } from "../context";
import { formatDate, formatMoney, formatNumber, formatPercent } from "../format";
import { dynamicKey, labelOf } from "../i18n";
import { routeHash } from "../state";
import { CampaignExpectationPanel } from "./CampaignExpectation";
import { CampaignMessages } from "./CampaignMessages";
import { CampaignSend } from "./CampaignSend";
import {
  FIELDS,
  kindOf,
  opsFor,
  rulesOf,
  upliftVerdict,
  type BuilderRow,
  type CampaignReport,
} from "./marketing-data";
import { ResponseAudiencePanel } from "./ResponseAudience";

type Segment = Schema<"Segment">;
type Campaign = Schema<"Campaign">;

type Preview = Answer<"previewSegment">;

const CHANNELS = ["sms", "email", "phone", "branch", "messaging", "mail", "web"];

/**
 * Marketing: the segment builder (rules previewed before they are saved),
 * the saved segments, and campaigns on them with their control group,
 * member list and honest report.
 */
export function Marketing(props: { ctx: PageContext }) {
  const { ctx } = props;
  const { t } = ctx;
  const slug = ctx.workspace.slug;
  const [tick, setTick] = useState(0);
  const segments = useAsync(() => api.get<Answer<"listSegments">>(slug, "/segments", { limit: 200 }), [slug, tick]);
  const campaigns = useAsync(
    () => api.get<Answer<"listCampaigns">>(slug, "/campaigns", { limit: 200, sort: "-starts_at" }),
    [slug, tick],
  );
  const canWrite = ctx.workspace.permissions.marketing === "write";
  const [chosen, setChosen] = useState<number | null>(null);
  const refresh = () => setTick((n) => n + 1);
  const list = campaigns.data?.items ?? [];
  const current = list.find((c) => c.id === chosen) ?? null;
  return (
    <div>
      <h1>{t("marketing.title")}</h1>
      <SegmentBuilder ctx={ctx} canWrite={canWrite} saved={refresh} />
      <section class="panel wide" aria-labelledby="segments-title" data-segments={segments.data?.items.length ?? 0}>
        <h2 id="segments-title">{t("marketing.segments")}</h2>
        {segments.error && <ErrorNote t={t} error={segments.error} retry={segments.reload} />}
        {!segments.data && !segments.error && <Loading t={t} />}
        <ul class="tasks">
          {(segments.data?.items ?? []).map((s) => (
            <li data-segment={s.id}>
              <a href={routeHash(["customers"], { segment_id: String(s.id) })}>{s.name}</a>
              {s.description ? <span class="muted"> · {s.description}</span> : null}
            </li>
          ))}
        </ul>
      </section>
      {canWrite && segments.data && (
        <NewCampaign ctx={ctx} segments={segments.data.items} created={(id) => { setChosen(id); refresh(); }} />
      )}
      <ResponseAudiencePanel ctx={ctx} canWrite={canWrite} created={(id) => { setChosen(id); refresh(); }} />
      <section class="panel wide" aria-labelledby="campaigns-title">
        <h2 id="campaigns-title">{t("marketing.campaigns")}</h2>
        {campaigns.error && <ErrorNote t={t} error={campaigns.error} retry={campaigns.reload} />}
        <ul class="tasks">
          {list.map((c) => (
            <li data-campaign={c.id} data-status={c.status}>
              <button type="button" class="link" onClick={() => setChosen(c.id)} aria-pressed={chosen === c.id}>
                {c.name}
              </button>{" "}
              <span class="muted">
                · {labelOf(t, "channel", c.channel)} · {labelOf(t, "campaign_status", c.status)} ·{" "}
                {formatDate(ctx.language, c.starts_at, ctx.workspace.timezone)} ·{" "}
                {c.drawn_at
                  ? t("marketing.members_line", {
                    members: formatNumber(ctx.language, c.members_count),
                    control: formatNumber(ctx.language, c.control_count),
                  })
                  : t("marketing.not_drawn")}
              </span>
            </li>
          ))}
        </ul>
      </section>
      {current && <CampaignView key={current.id} ctx={ctx} campaign={current} canWrite={canWrite} changed={refresh} />}
    </div>
  );
}

function SegmentBuilder(props: { ctx: PageContext; canWrite: boolean; saved: () => void }) {
  const { ctx } = props;
  const { t, language } = ctx;
  const [match, setMatch] = useState<"all" | "any">("all");
  const [rows, setRows] = useState<BuilderRow[]>([{ field: "orders_count", op: ">=", value: "3" }]);
  const [name, setName] = useState("");
  const [preview, setPreview] = useState<Preview | null>(null);
  const [problem, setProblem] = useState("");
  const rules = rulesOf(match, rows);
  const update = (i: number, change: Partial<BuilderRow>) => {
    setPreview(null);
    setRows(rows.map((r, j) => {
      if (j !== i) return r;
      const next = { ...r, ...change };
      if (change.field && !opsFor(kindOf(change.field)).includes(next.op)) next.op = opsFor(kindOf(change.field))[0];
      return next;
    }));
  };
  const explain = (error: unknown) =>
    setProblem(error instanceof ApiError ? `${error.field ?? ""} ${error.message}`.trim() : String(error));
  const run = async () => {
    setProblem("");
    try {
      setPreview(await api.post<Preview>(ctx.workspace.slug, "/segments/preview", { rules }));
    } catch (error) {
      explain(error);
    }
  };
  const save = async () => {
    setProblem("");
    try {
      await api.post(ctx.workspace.slug, "/segments", { name, rules });
      setName("");
      props.saved();
    } catch (error) {
      explain(error);
    }
  };
  const fieldLabel = (field: string) => {
    const key = dynamicKey("segment_field", field);
    return key ? t(key) : field;
  };
  return (
    <section class="panel wide" aria-labelledby="builder-title" data-builder>
      <h2 id="builder-title">{t("marketing.builder")}</h2>
      <form class="filters" onSubmit={(e) => { e.preventDefault(); void run(); }}>
        <label>
          {t("marketing.match")}
          <select name="match" value={match} onChange={(e) => { setPreview(null); setMatch((e.target as HTMLSelectElement).value as "all" | "any"); }}>
            <option value="all">{t("marketing.match_all")}</option>
            <option value="any">{t("marketing.match_any")}</option>
          </select>
        </label>
        {rows.map((row, i) => (
          <div class="condition" data-condition={i}>
            <select aria-label={t("marketing.field")} name={`field-${i}`} value={row.field}
              onChange={(e) => update(i, { field: (e.target as HTMLSelectElement).value })}>
              {FIELDS.map((f) => <option value={f.name}>{fieldLabel(f.name)}</option>)}
            </select>
            <select aria-label={t("marketing.op")} name={`op-${i}`} value={row.op}
              onChange={(e) => update(i, { op: (e.target as HTMLSelectElement).value })}>
              {opsFor(kindOf(row.field)).map((op) => <option value={op}>{labelOf(t, "op", op)}</option>)}
            </select>
            {row.op !== "exists" && (
              <input aria-label={t("marketing.value")} name={`value-${i}`} value={row.value}
                onInput={(e) => update(i, { value: (e.target as HTMLInputElement).value })} />
            )}
            <button type="button" onClick={() => { setPreview(null); setRows(rows.filter((_, j) => j !== i)); }}>
              {t("marketing.remove")}
            </button>
          </div>
        ))}
        <button type="button" onClick={() => setRows([...rows, { field: "city", op: "=", value: "" }])}>
          {t("marketing.add_condition")}
        </button>
        <button type="submit" data-action="preview">{t("marketing.preview")}</button>
      </form>
      {problem && <p class="error" role="alert">{problem}</p>}
      {preview && (
        <div data-preview={preview.customers}>
          <p>
            <strong>{t("marketing.selects", { count: formatNumber(language, preview.customers) })}</strong>
          </p>
          <p class="muted">
            {preview.sample.slice(0, 8).map((c, i) => (
              <>{i > 0 ? " · " : ""}<a href={routeHash(["customers", c.id])}>{c.display_name}</a></>
            ))}
          </p>
          {props.canWrite && (
            <form class="filters" onSubmit={(e) => { e.preventDefault(); void save(); }}>
              <label>
                {t("marketing.segment_name")}
                <input name="segment-name" value={name} required onInput={(e) => setName((e.target as HTMLInputElement).value)} />
              </label>
              <button type="submit" data-action="save-segment">{t("marketing.save_segment")}</button>
            </form>
          )}
        </div>
      )}
    </section>
  );
}

function NewCampaign(props: { ctx: PageContext; segments: Segment[]; created: (id: number) => void }) {
  const { ctx } = props;
  const { t } = ctx;
  const today = new Date().toISOString().slice(0, 10);
  const [form, setForm] = useState({
    name: "", channel: "sms", segment_id: props.segments[0]?.id ?? 0, starts_at: today, ends_at: today,
    control_percent: "10", cost: "",
  });
  const [problem, setProblem] = useState("");
  const set = (change: Partial<typeof form>) => setForm({ ...form, ...change });
  const submit = async () => {
    setProblem("");
    try {
      const body: Record<string, unknown> = {
        name: form.name, channel: form.channel, segment_id: Number(form.segment_id),
        starts_at: form.starts_at, ends_at: form.ends_at, control_percent: Number(form.control_percent),
      };
      if (form.cost.trim() !== "") body.cost_minor = Number(form.cost) * (ctx.money.display === "toman" ? 10 : 1);
      const answer = await api.post<Answer<"createCampaign", 201>>(ctx.workspace.slug, "/campaigns", body);
      props.created(answer.campaign.id);
    } catch (error) {
      setProblem(error instanceof ApiError ? `${error.field ?? ""} ${error.message}`.trim() : String(error));
    }
  };
  return (
    <section class="panel wide" aria-labelledby="new-campaign-title" data-new-campaign>
      <h2 id="new-campaign-title">{t("marketing.new_campaign")}</h2>
      <form class="filters" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <label>{t("marketing.campaign_name")}
          <input name="campaign-name" required value={form.name} onInput={(e) => set({ name: (e.target as HTMLInputElement).value })} />
        </label>
        <label>{t("marketing.channel")}
          <select name="channel" value={form.channel} onChange={(e) => set({ channel: (e.target as HTMLSelectElement).value })}>
            {CHANNELS.map((c) => <option value={c}>{labelOf(t, "channel", c)}</option>)}
          </select>
        </label>
        <label>{t("marketing.segment")}
          <select name="segment" value={String(form.segment_id)} onChange={(e) => set({ segment_id: Number((e.target as HTMLSelectElement).value) })}>
            {props.segments.map((s) => <option value={String(s.id)}>{s.name}</option>)}
          </select>
        </label>
        <label>{t("marketing.starts")}
          <input name="starts" type="date" value={form.starts_at} onInput={(e) => set({ starts_at: (e.target as HTMLInputElement).value })} />
        </label>
        <label>{t("marketing.ends")}
          <input name="ends" type="date" value={form.ends_at} onInput={(e) => set({ ends_at: (e.target as HTMLInputElement).value })} />
        </label>
        <label>{t("marketing.control_percent")}
          <input name="control" type="number" min="0" max="50" value={form.control_percent}
            onInput={(e) => set({ control_percent: (e.target as HTMLInputElement).value })} />
        </label>
        <label>{t("marketing.cost", { unit: t(ctx.money.display === "toman" ? "money.toman" : "money.rial") })}
          <input name="cost" inputMode="numeric" value={form.cost} onInput={(e) => set({ cost: (e.target as HTMLInputElement).value })} />
        </label>
        <button type="submit" data-action="create-campaign">{t("marketing.create")}</button>
      </form>
      {problem && <p class="error" role="alert">{problem}</p>}
    </section>
  );
}

function CampaignView(props: { ctx: PageContext; campaign: Campaign; canWrite: boolean; changed: () => void }) {
  const { ctx, campaign } = props;
  const { t, language, money } = ctx;
  const slug = ctx.workspace.slug;
  const report = useAsync(
    () => api.get<CampaignReport>(slug, `/campaigns/${campaign.id}/report`),
    [slug, campaign.id, campaign.members_count],
  );
  const [problem, setProblem] = useState("");
  const [note, setNote] = useState("");
  const draw = async () => {
    setProblem("");
    try {
      await api.post(slug, `/campaigns/${campaign.id}/draw`);
      props.changed();
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };
  const r = report.data;
  const verdict = r ? upliftVerdict(r) : "none";
  const pct = (x: number | null | undefined) => formatPercent(language, x ?? null, 1);
  return (
    <section class="panel wide" aria-labelledby="campaign-title" data-campaign-view={campaign.id}>
      <h2 id="campaign-title">{campaign.name}</h2>
      {!campaign.drawn_at && props.canWrite && (
        <button type="button" data-action="draw" onClick={() => void draw()}>{t("marketing.draw")}</button>
      )}
      {campaign.drawn_at && (
        <a href={`/api/v1/workspaces/${encodeURIComponent(slug)}/campaigns/${campaign.id}/members?format=csv`}
          data-action="export" download>
          {t("marketing.export")}
        </a>
      )}
      {campaign.drawn_at && props.canWrite && (
        <label class="upload">
          {t("marketing.upload_responses")}
          <input type="file" name="responses" accept=".csv,text/csv"
            onChange={async (e) => {
              const input = e.target as HTMLInputElement;
              const file = input.files?.[0];
              if (!file) return;
              setProblem("");
              try {
                const answer = await api.postCsv<Answer<"recordCampaignResponses">>(slug, `/campaigns/${campaign.id}/responses`, await file.text(), {});
                setNote(t("marketing.recorded", { count: formatNumber(language, answer.recorded) }));
                report.reload();
              } catch (error) {
                setProblem(error instanceof ApiError ? `${error.field ?? ""}: ${error.message}` : String(error));
              }
              input.value = "";
            }} />
        </label>
      )}
      {note && <p role="status" data-responses-note>{note}</p>}
      {problem && <p class="error" role="alert">{problem}</p>}
      {report.error && <ErrorNote t={t} error={report.error} retry={report.reload} />}
      {r && (
        <>
          <h3>{t("marketing.itt_title")}</h3>
          <div class="tiles" data-report-tiles>
            <Figure id="treatment" label={t("marketing.treatment")} value={formatNumber(language, r.treatment.members)} />
            <Figure id="control" label={t("marketing.control")} value={formatNumber(language, r.control.members)} />
            <Figure id="response" label={t("marketing.response_rate")} value={pct(r.response_rate)} />
            <Figure id="conversion" label={t("marketing.conversion_rate")} value={pct(r.conversion_rate)} />
            <Figure id="buy-treatment" label={t("marketing.buy_rate_treatment")} value={pct(r.buy_rate_treatment)} />
            <Figure id="buy-control" label={t("marketing.buy_rate_control")} value={pct(r.buy_rate_control)} />
            <Figure id="uplift" label={t("marketing.uplift")} value={r.has_control ? pct(r.uplift) : "–"} />
            <Figure id="incremental" label={t("marketing.incremental")} value={formatMoney(language, r.incremental_revenue_minor, money, true)} />
            <Figure id="roi" label={t("marketing.roi")} value={formatPercent(language, r.roi, 0)} />
          </div>
          <p data-verdict={verdict}>
            {verdict === "none"
              ? t("marketing.verdict_none")
              : t(`marketing.verdict_${verdict}` as "marketing.verdict_up", {
                low: pct(r.uplift_low),
                high: pct(r.uplift_high),
                p: formatNumber(language, r.p_value, 3),
              })}
          </p>
          {r.delivered.members > 0 && (
            <>
              <h3>{t("marketing.delivered_title")}</h3>
              <div class="tiles" data-delivered-tiles>
                <Figure id="delivered-members" label={t("marketing.delivered_members")} value={formatNumber(language, r.delivered.members)} />
                <Figure id="delivered-buy" label={t("marketing.delivered_buy_rate")} value={pct(r.delivered.buy_rate)} />
                <Figure id="delivered-uplift" label={t("marketing.delivered_uplift")} value={r.has_control ? pct(r.delivered.uplift) : "–"} />
                <Figure id="delivered-incremental" label={t("marketing.delivered_incremental")}
                  value={formatMoney(language, r.delivered.incremental_revenue_minor, money, true)} />
                <Figure id="delivered-roi" label={t("marketing.delivered_roi")} value={formatPercent(language, r.delivered.roi, 0)} />
              </div>
              <p class="muted small" data-delivered-note>{t("marketing.delivered_note")}</p>
            </>
          )}
        </>
      )}
      {campaign.drawn_at && (
        <CampaignExpectationPanel ctx={ctx} campaignId={campaign.id} drawn={Boolean(campaign.drawn_at)} />
      )}
      {campaign.drawn_at && <CampaignMessages ctx={ctx} campaignId={campaign.id} />}
      {props.canWrite && <CampaignSend ctx={ctx} campaign={campaign} />}
    </section>
  );
}
