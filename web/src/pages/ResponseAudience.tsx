import { useEffect, useState } from "preact/hooks";
import { type Answer, api, ApiError, type Schema } from "../api";
import { useAsync } from "../components/hooks";
import { ErrorNote, Figure, Loading } from "../components/Panel";
import type { PageContext } from "../context";
import { formatDateTime, formatMoney, formatNumber } from "../format";
import type { MessageKey } from "../i18n";

type Audience = Schema<"ResponseAudience">;
type Job = Schema<"ResponseJob">;
type Expectation = Schema<"ResponseExpectation">;

const AUDIENCES = ["persuadable", "predicted_responders", "do_not_disturb"] as const;

/**
 * The audiences the response and uplift models offer a new campaign: train
 * the models (or read why the history is too thin), choose an audience and
 * a size, see the expected responders, incremental buyers and revenue with
 * their 95% intervals and what drives the audience, and draw a campaign
 * from it (a segment of the audience's rules, then the usual draw with its
 * control group).
 */
export function ResponseAudiencePanel(props: { ctx: PageContext; canWrite: boolean; created: (id: number) => void }) {
  const { ctx } = props;
  const { t, language } = ctx;
  const slug = ctx.workspace.slug;
  const evaluation = useAsync(() => api.get<Answer<"getResponseEvaluation">>(slug, "/response/evaluation"), [slug]);
  const [job, setJob] = useState<Job | null>(null);
  const permissions = ctx.workspace.permissions;
  const canRead = (permissions.analytics ?? "none") !== "none";
  const canTrain = permissions.analytics === "write" || (canRead && permissions.marketing === "write");
  useEffect(() => {
    if (!job || job.status !== "running") return;
    const timer = setTimeout(async () => {
      const answer = await api.get<Answer<"getResponseTrainingJob">>(slug, `/response/jobs/${job.id}`);
      setJob(answer.job);
      if (answer.job.status === "completed") evaluation.reload();
    }, 1000);
    return () => clearTimeout(timer);
  }, [job]);
  const train = async () => {
    const answer = await api.post<Answer<"startResponseTraining", 202>>(slug, "/response/jobs", {});
    setJob(answer.job);
  };
  const data = evaluation.data;
  const thresholds = data?.thresholds;
  const refusal = job?.status === "failed" && job.refused && thresholds
    ? t(`response.refused.${job.refused}` as MessageKey, {
      campaigns: formatNumber(language, thresholds.campaigns),
      responders: formatNumber(language, thresholds.responders),
      buyers: formatNumber(language, thresholds.buyers_per_group),
    })
    : "";
  const e = data?.evaluation;
  if (!canRead) return null;
  return (
    <section class="panel wide" aria-labelledby="audience-title" data-response-audience>
      <h2 id="audience-title">{t("response.title")}</h2>
      {evaluation.error && <ErrorNote t={t} error={evaluation.error} retry={evaluation.reload} />}
      {!data && !evaluation.error && <Loading t={t} />}
      {data && !e && <p data-response-none>{t("response.none")}</p>}
      {e && (
        <p data-response-run={e.run_id}>
          {t("response.trained", {
            when: formatDateTime(language, e.trained_at, ctx.workspace.timezone),
            campaigns: formatNumber(language, e.finished_campaigns),
            members: formatNumber(language, e.members),
            learner: e.chosen.uplift_learner ?? "–",
            method: e.chosen.uplift_method ?? "–",
          })}
        </p>
      )}
      {canTrain && e === null && !job && <p class="muted">{t("response.thresholds", {
        campaigns: formatNumber(language, thresholds?.campaigns),
        responders: formatNumber(language, thresholds?.responders),
        buyers: formatNumber(language, thresholds?.buyers_per_group),
      })}</p>}
      {canTrain && (
        <button type="button" data-action="train-response" disabled={job?.status === "running"} onClick={() => void train()}>
          {job?.status === "running" ? t("response.training") : t("response.train")}
        </button>
      )}
      {refusal && <p class="error" role="alert" data-refused={job?.refused}>{refusal}</p>}
      {job?.status === "failed" && !job.refused && <p class="error" role="alert">{job.error}</p>}
      {e && <AudienceChooser ctx={ctx} canWrite={props.canWrite} created={props.created} />}
    </section>
  );
}

function AudienceChooser(props: { ctx: PageContext; canWrite: boolean; created: (id: number) => void }) {
  const { ctx } = props;
  const { t, language, money } = ctx;
  const slug = ctx.workspace.slug;
  const [audience, setAudience] = useState<(typeof AUDIENCES)[number]>("persuadable");
  const [size, setSize] = useState("");
  const [answer, setAnswer] = useState<Audience | null>(null);
  const [problem, setProblem] = useState("");
  const estimate = async () => {
    setProblem("");
    try {
      setAnswer(await api.get<Audience>(slug, `/response/audiences/${audience}`, { size: size.trim() || undefined }));
    } catch (error) {
      setAnswer(null);
      setProblem(error instanceof ApiError ? error.message : String(error));
    }
  };
  const draw = async () => {
    if (!answer?.segment_rules) return;
    setProblem("");
    try {
      const name = `${t(`response.audience.${audience}` as MessageKey)} (${formatNumber(language, answer.size)})`;
      const segment = await api.post<Answer<"createSegment", 201>>(slug, "/segments", { name, rules: answer.segment_rules });
      const today = new Date();
      const end = new Date(today.getTime() + 14 * 86400000);
      const campaign = await api.post<Answer<"createCampaign", 201>>(slug, "/campaigns", {
        name, channel: "sms", goal: "retention", segment_id: segment.segment.id,
        starts_at: today.toISOString().slice(0, 10), ends_at: end.toISOString().slice(0, 10), control_percent: 20,
      });
      await api.post(slug, `/campaigns/${campaign.campaign.id}/draw`);
      props.created(campaign.campaign.id);
    } catch (error) {
      setProblem(error instanceof ApiError ? `${error.field ?? ""} ${error.message}`.trim() : String(error));
    }
  };
  const range = (x: Expectation | null | undefined, show: (v: number | null) => string) =>
    x ? t("response.range", { value: show(x.value), low: show(x.low), high: show(x.high) }) : "–";
  const count = (v: number | null) => formatNumber(language, v, 0);
  return (
    <>
      <form class="filters" onSubmit={(ev) => { ev.preventDefault(); void estimate(); }}>
        <label>{t("response.audience")}
          <select name="audience" value={audience}
            onChange={(ev) => setAudience((ev.target as HTMLSelectElement).value as (typeof AUDIENCES)[number])}>
            {AUDIENCES.map((a) => <option value={a}>{t(`response.audience.${a}` as MessageKey)}</option>)}
          </select>
        </label>
        <label>{t("response.size")}
          <input name="size" type="number" min="1" value={size} placeholder={t("response.size_default")}
            onInput={(ev) => setSize((ev.target as HTMLInputElement).value)} />
        </label>
        <button type="submit" data-action="estimate-audience">{t("response.estimate")}</button>
      </form>
      {problem && <p class="error" role="alert">{problem}</p>}
      {answer && (
        <div data-audience={answer.audience} data-size={answer.size}>
          <p>{t("response.holds", { size: count(answer.size), available: count(answer.available) })}</p>
          <div class="tiles">
            <Figure id="expected-responders" label={t("response.expected_responders")} value={range(answer.expected_responders, count)} />
            <Figure id="expected-incremental" label={t("response.expected_incremental")} value={range(answer.expected_incremental_buyers, count)} />
            <Figure id="expected-revenue" label={t("response.expected_revenue")}
              value={range(answer.expected_incremental_revenue, (v) => formatMoney(language, v === null ? null : Math.round(v), money, true))} />
          </div>
          <p class="muted">{t("response.interval_note")}</p>
          {answer.drivers.length > 0 && (
            <>
              <h3>{t("response.drivers")}</h3>
              <ul data-drivers>
                {answer.drivers.map((d) => <li data-feature={d.feature}>{language === "fa" ? d.words.fa : d.words.en}</li>)}
              </ul>
            </>
          )}
          {props.canWrite && answer.segment_rules && (
            <button type="button" data-action="draw-audience" onClick={() => void draw()}>{t("response.draw")}</button>
          )}
        </div>
      )}
    </>
  );
}
