import { useState } from "preact/hooks";
import { type Answer, api, ApiError, type Schema } from "../api";
import { useAsync } from "../components/hooks";
import { DataTable, ErrorNote, Figure, Loading } from "../components/Panel";
import type { PageContext } from "../context";
import { formatDate, formatMonth, formatNumber } from "../format";
import { labelOf } from "../i18n";

type Survey = Schema<"Survey">;


type SurveyReport = Answer<"getSurveyReport">;
type Summary = NonNullable<SurveyReport["overall"]>;
type Questionnaire = Answer<"getReadinessQuestionnaire">;

const DIMENSIONS = ["key_customer_focus", "crm_organisation", "knowledge_management", "technology_based_crm"];
const BREAKDOWNS = ["month", "branch", "channel", "segment", "group"];

/** Surveys: each survey's score with its margin and breakdowns, and the readiness self-assessment. */
export function Surveys(props: { ctx: PageContext }) {
  const { ctx } = props;
  const { t } = ctx;
  const slug = ctx.workspace.slug;
  const surveys = useAsync(() => api.get<Answer<"listSurveys">>(slug, "/surveys", { limit: 200 }), [slug]);
  const [chosen, setChosen] = useState<number | null>(null);
  const list = surveys.data?.items ?? [];
  const current = list.find((s) => s.id === chosen) ?? list[0] ?? null;
  return (
    <div>
      <h1>{t("surveys.title")}</h1>
      {surveys.error && <ErrorNote t={t} error={surveys.error} retry={surveys.reload} />}
      {!surveys.data && !surveys.error && <Loading t={t} />}
      {list.length > 0 && (
        <form class="filters" onSubmit={(e) => e.preventDefault()}>
          <label>
            {t("surveys.survey")}
            <select name="survey" value={String(current?.id ?? "")}
              onChange={(e) => setChosen(Number((e.target as HTMLSelectElement).value))}>
              {list.map((s) => <option value={String(s.id)}>{s.name} ({labelOf(t, "survey_kind", s.kind)})</option>)}
            </select>
          </label>
        </form>
      )}
      {current && (current.kind === "readiness"
        ? <Readiness key={current.id} ctx={ctx} survey={current} />
        : <ScoreReport key={current.id} ctx={ctx} survey={current} />)}
    </div>
  );
}

function ScoreReport(props: { ctx: PageContext; survey: Survey }) {
  const { ctx, survey } = props;
  const { t, language } = ctx;
  const [by, setBy] = useState(survey.kind === "pulse" ? "group" : "month");
  const report = useAsync(
    () => api.get<SurveyReport>(ctx.workspace.slug, `/surveys/${survey.id}/report`, { by, calendar: ctx.calendar }),
    [ctx.workspace.slug, survey.id, by, ctx.calendar],
  );
  const r = report.data;
  const points = survey.kind === "nps";
  const score = (s: Summary | null) =>
    s === null || s.score === null
      ? "–"
      : `${formatNumber(language, s.score, points ? 0 : 1)}${points ? "" : language === "fa" ? "٪" : "%"} ± ${formatNumber(language, s.margin, points ? 0 : 1)}`;
  const keyLabel = (key: string) => (by === "month" ? formatMonth(language, key, ctx.calendar) : key === "none" ? "–" : labelOf(t, by === "segment" ? "segment" : "code", key));
  return (
    <section class="panel wide" aria-labelledby="survey-title" data-survey={survey.id} data-kind={survey.kind}>
      <h2 id="survey-title">{survey.name}</h2>
      {survey.question && <p class="muted">{survey.question}</p>}
      {report.error && <ErrorNote t={t} error={report.error} retry={report.reload} />}
      {r && (
        <div class="tiles">
          <Figure id="responses" label={t("surveys.responses")} value={formatNumber(language, r.responses)} />
          <Figure id="score" label={t(`surveys.score_${survey.kind}` as "surveys.score_nps")}
            value={r.overall ? score(r.overall) : t("surveys.withheld", { n: formatNumber(language, r.min_group) })} />
          <Figure id="mean" label={t("surveys.mean")} value={formatNumber(language, r.overall?.mean ?? null, 2)} />
        </div>
      )}
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t("surveys.by")}
          <select name="by" value={by} onChange={(e) => setBy((e.target as HTMLSelectElement).value)}>
            {BREAKDOWNS.map((b) => <option value={b}>{t(`surveys.by_${b}` as "surveys.by_month")}</option>)}
          </select>
        </label>
      </form>
      {r && (
        <div data-groups={r.groups.length}>
          <DataTable
            data={{
              header: [t(`surveys.by_${by}` as "surveys.by_month"), t("surveys.responses"), t(`surveys.score_${survey.kind}` as "surveys.score_nps")],
              numeric: [false, true, true],
              rows: r.groups.map((g) => [
                keyLabel(g.key),
                formatNumber(language, g.responses),
                g.withheld ? t("surveys.withheld", { n: formatNumber(language, r.min_group) }) : score(g.summary),
              ]),
              csv: r.groups.map((g) => [g.key, g.responses, g.summary?.score ?? null, g.summary?.margin ?? null]),
            }}
          />
        </div>
      )}
    </section>
  );
}

function Readiness(props: { ctx: PageContext; survey: Survey }) {
  const { ctx, survey } = props;
  const { t, language } = ctx;
  const slug = ctx.workspace.slug;
  const report = useAsync(() => api.get<SurveyReport>(slug, `/surveys/${survey.id}/report`), [slug, survey.id]);
  const questionnaire = useAsync(() => api.get<Questionnaire>(slug, "/readiness/questionnaire"), [slug]);
  const [answers, setAnswers] = useState<Record<string, number>>({});
  const [group, setGroup] = useState("");
  const [problem, setProblem] = useState("");
  const canWrite = ctx.workspace.permissions.surveys === "write";
  const submit = async () => {
    setProblem("");
    try {
      await api.post(slug, `/surveys/${survey.id}/responses`, { answers, group: group || undefined });
      setAnswers({});
      report.reload();
    } catch (error) {
      setProblem(error instanceof ApiError ? `${error.field ?? ""} ${error.message}`.trim() : String(error));
    }
  };
  const history = report.data?.assessments ?? [];
  const pct = (x: number) => formatNumber(language, x, 0);
  return (
    <>
      <section class="panel wide" aria-labelledby="readiness-title" data-assessments={history.length}>
        <h2 id="readiness-title">{t("surveys.readiness_history")}</h2>
        <p class="muted">{t("surveys.readiness_note")}</p>
        {report.error && <ErrorNote t={t} error={report.error} retry={report.reload} />}
        <DataTable
          data={{
            header: [t("surveys.date"), ...DIMENSIONS.map((d) => t(`dimension.${d}` as "dimension.key_customer_focus")), t("surveys.overall")],
            numeric: [false, true, true, true, true, true],
            rows: history.map((a) => [
              formatDate(language, a.answered_at, ctx.workspace.timezone),
              ...DIMENSIONS.map((d) => (
                <span class={a.weakest === d ? "badge" : ""}>{pct(a.dimensions[d])}</span>
              )),
              <strong data-overall={a.overall.toFixed(2)}>{pct(a.overall)}</strong>,
            ]),
            csv: history.map((a) => [a.answered_at, ...DIMENSIONS.map((d) => a.dimensions[d]), a.overall]),
          }}
        />
      </section>
      {canWrite && questionnaire.data && (
        <section class="panel wide" aria-labelledby="assess-title" data-assess>
          <h2 id="assess-title">{t("surveys.take_assessment")}</h2>
          <form onSubmit={(e) => { e.preventDefault(); void submit(); }}>
            {DIMENSIONS.map((d) => (
              <fieldset>
                <legend>{t(`dimension.${d}` as "dimension.key_customer_focus")}</legend>
                {questionnaire.data!.items.filter((i) => i.dimension === d).map((item) => (
                  <label class="statement">
                    <span>{language === "fa" ? item.text_fa : item.text_en}</span>
                    <select name={item.key} value={String(answers[item.key] ?? "")}
                      onChange={(e) => setAnswers({ ...answers, [item.key]: Number((e.target as HTMLSelectElement).value) })}>
                      <option value="">–</option>
                      {[1, 2, 3, 4, 5, 6, 7].map((n) => <option value={String(n)}>{formatNumber(language, n)}</option>)}
                    </select>
                  </label>
                ))}
              </fieldset>
            ))}
            <label>
              {t("surveys.assessed_by")}
              <input name="group" value={group} onInput={(e) => setGroup((e.target as HTMLInputElement).value)} />
            </label>
            <button type="submit" data-action="assess">{t("surveys.submit_assessment")}</button>
          </form>
          {problem && <p class="error" role="alert">{problem}</p>}
        </section>
      )}
    </>
  );
}
