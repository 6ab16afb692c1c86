import { useState } from "preact/hooks";
import { type Answer, api, ApiError, type Item } from "../api";
import { useAsync } from "../components/hooks";
import { ErrorNote, Loading } from "../components/Panel";
import type { PageContext } from "../context";
import { formatDate, formatDateTime, formatMoney, formatNumber, formatPercent } from "../format";
import { labelOf, type Translate } from "../i18n";
import { routeHash } from "../state";
import { type FieldValue, initialChoices, reasonParts, type Side } from "./duplicate-data";

// Duplicate customers (docs/duplicates.md): the likely pairs with their
// reasons, one pair side by side to choose each field and merge, and the
// merge history with undo. For those who may write customers.

type Scan = Answer<"scanDuplicates">;
type Pair = Item<Scan["pairs"]>;
type Preview = Answer<"previewCustomerMerge">;
type Merge = Item<Answer<"listCustomerMerges">["merges"]>;

export function Duplicates(props: { ctx: PageContext; query: URLSearchParams }) {
  const kept = Number(props.query.get("kept"));
  const other = Number(props.query.get("other"));
  // An undo brings a pair back: the list is scanned again after one.
  const [undone, setUndone] = useState(0);
  if (kept > 0 && other > 0) return <MergeReview ctx={props.ctx} kept={kept} other={other} />;
  return (
    <div>
      <h1>{props.ctx.t("dup.title")}</h1>
      <p class="muted">{props.ctx.t("dup.intro")}</p>
      <PairList ctx={props.ctx} undone={undone} />
      <MergeHistory ctx={props.ctx} onUndone={() => setUndone((n) => n + 1)} />
    </div>
  );
}

export function reasonsText(t: Translate, language: PageContext["language"], reasons: string): string {
  return reasonParts(reasons)
    .map((part) =>
      part.kind === "name"
        ? t("dup.reason.name", { share: formatPercent(language, part.similarity, 0) })
        : labelOf(t, "dup.reason", part.text),
    )
    .join(language === "fa" ? "، " : ", ");
}

function PairList(props: { ctx: PageContext; undone: number }) {
  const { t, language, workspace } = props.ctx;
  const [minScore, setMinScore] = useState("0.8");
  const scan = useAsync(
    () => api.get<Scan>(workspace.slug, "/duplicates", { min_score: minScore, limit: 100 }),
    [workspace.slug, minScore, props.undone],
  );
  const who = (c: Pair["first"]) => (
    <a href={routeHash(["customers", c.id])}>
      {c.name}
      {c.external_id ? <span class="muted"> ({c.external_id})</span> : null}
    </a>
  );
  return (
    <section class="panel wide" aria-labelledby="pairs-title">
      <h2 id="pairs-title">{t("dup.pairs")}</h2>
      <label>
        {t("dup.min_score")}{" "}
        <select name="min_score" value={minScore} onChange={(e) => setMinScore((e.target as HTMLSelectElement).value)}>
          {["0.6", "0.7", "0.8", "0.9"].map((s) => (
            <option value={s}>{formatPercent(language, Number(s), 0)}</option>
          ))}
        </select>
      </label>
      {scan.loading && <Loading t={t} />}
      {scan.error && <ErrorNote t={t} error={scan.error} retry={scan.reload} />}
      {scan.data && (
        <>
          <p class="muted" data-pairs={scan.data.pair_count}>
            {t("dup.found", {
              pairs: formatNumber(language, scan.data.pair_count),
              customers: formatNumber(language, scan.data.customers),
            })}
          </p>
          {scan.data.pairs.length === 0 ? (
            <p>{t("dup.none")}</p>
          ) : (
            <div class="table-wrap">
              <table class="duplicates">
                <thead>
                  <tr>
                    <th scope="col">{t("dup.first")}</th>
                    <th scope="col">{t("dup.second")}</th>
                    <th scope="col" class="num">{t("dup.score")}</th>
                    <th scope="col">{t("dup.reasons")}</th>
                    <th scope="col"><span class="sr-only">{t("dup.review")}</span></th>
                  </tr>
                </thead>
                <tbody>
                  {scan.data.pairs.map((pair) => (
                    <tr data-pair={`${pair.first.id}-${pair.second.id}`}>
                      <td>{who(pair.first)}</td>
                      <td>{who(pair.second)}</td>
                      <td class="num">{formatPercent(language, pair.score, 0)}</td>
                      <td>{reasonsText(t, language, pair.reasons)}</td>
                      <td>
                        <a class="button" data-action="review"
                          aria-label={t("dup.review_pair", { first: pair.first.name, second: pair.second.name })}
                          href={routeHash(["duplicates"], { kept: String(pair.first.id), other: String(pair.second.id) })}>
                          {t("dup.review")}
                        </a>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}

function MergeReview(props: { ctx: PageContext; kept: number; other: number }) {
  const { ctx, kept, other } = props;
  const { t, workspace } = ctx;
  const [choices, setChoices] = useState<Record<string, Side>>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Error | null>(null);
  const [done, setDone] = useState<Merge | null>(null);
  const preview = useAsync(async () => {
    const answer = await api.get<Preview>(workspace.slug, "/duplicates/merge-preview", {
      kept_id: kept,
      other_id: other,
    });
    setChoices(initialChoices(answer.fields));
    setDone(null);
    setFailure(null);
    return answer;
  }, [workspace.slug, kept, other]);
  const merge = async () => {
    setBusy(true);
    setFailure(null);
    try {
      setDone(await api.post<Merge>(workspace.slug, "/duplicates/merges", { kept_id: kept, other_id: other, take: choices }));
    } catch (reason) {
      setFailure(reason instanceof Error ? reason : new Error(String(reason)));
    } finally {
      setBusy(false);
    }
  };
  const back = <a href={routeHash(["duplicates"])}>{t("dup.back")}</a>;
  if (preview.loading) return <Loading t={t} />;
  if (preview.error || !preview.data) {
    return (
      <div>
        <h1>{t("dup.pair_title")}</h1>
        {preview.error && <ErrorNote t={t} error={preview.error} />}
        <p>{back}</p>
      </div>
    );
  }
  const p = preview.data;
  return (
    <div>
      <h1>{t("dup.pair_title")}</h1>
      <p>{back}</p>
      <section class="panel wide" aria-labelledby="review-title" data-review={`${kept}-${other}`}>
        <h2 id="review-title">{p.kept.name}</h2>
        <div class="table-wrap">
          <table class="merge-fields">
            <thead>
              <tr>
                <th scope="col">{t("dup.field")}</th>
                <th scope="col" data-side="kept">
                  {t("dup.kept")}: <a href={routeHash(["customers", p.kept.id])}>{p.kept.name}</a>
                </th>
                <th scope="col" data-side="other">
                  {t("dup.other")}: <a href={routeHash(["customers", p.other.id])}>{p.other.name}</a>
                </th>
              </tr>
            </thead>
            <tbody>
              {p.fields.map((f) => {
                const label = labelOf(t, "dup.field", f.field);
                const option = (side: Side) => (
                  <td>
                    <label>
                      <input type="radio" name={`take-${f.field}`} value={side} checked={choices[f.field] === side}
                        disabled={busy || done !== null}
                        aria-label={t("dup.choose", { field: label, side: t(side === "kept" ? "dup.kept" : "dup.other") })}
                        onChange={() => setChoices({ ...choices, [f.field]: side })} />{" "}
                      {shownValue(ctx, f.field, f[side])}
                    </label>
                  </td>
                );
                return (
                  <tr data-field={f.field} data-take={choices[f.field]}>
                    <th scope="row">{label}</th>
                    {option("kept")}
                    {option("other")}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <div class="actions">
          <button type="button" class="primary" data-action="merge" disabled={busy || done !== null} onClick={() => void merge()}>
            {busy ? t("dup.merging") : t("dup.merge")}
          </button>
          <a href={routeHash(["duplicates"], { kept: String(other), other: String(kept) })} data-action="swap">{t("dup.swap")}</a>
        </div>
        {failure && <ErrorNote t={t} error={failure} />}
        {done && (
          <p class="ok" role="status" data-merged={done.id}>
            {t("dup.merged", { other: p.other.name, kept: p.kept.name })}{" "}
            <a href={routeHash(["customers", done.kept_id])}>{t("dup.open_kept")}</a>
          </p>
        )}
      </section>
      {done && <MergeHistory ctx={ctx} />}
    </div>
  );
}

/** A field's value as the reader expects it: dates and money formatted, empty marked. */
function shownValue(ctx: PageContext, field: string, value: FieldValue): string {
  const { t, language } = ctx;
  if (value === null || value === "") return t("dup.empty");
  if (field === "joined_at" && typeof value === "number") return formatDate(language, value, ctx.workspace.timezone);
  if (field === "birth_date" && typeof value === "string") return formatDate(language, value);
  if (field === "acquisition_cost_minor" && typeof value === "number") return formatMoney(language, value, ctx.money);
  if (field === "acquisition_channel" || field === "gender") return labelOf(t, "code", String(value));
  return String(value);
}

function MergeHistory(props: { ctx: PageContext; onUndone?: () => void }) {
  const { t, language, workspace } = props.ctx;
  const history = useAsync(
    () => api.get<Answer<"listCustomerMerges">>(workspace.slug, "/duplicates/merges", { limit: 50 }),
    [workspace.slug],
  );
  const [note, setNote] = useState<{ id: number; ok: boolean; text: string } | null>(null);
  const undo = async (id: number) => {
    setNote(null);
    try {
      await api.post<Merge>(workspace.slug, `/duplicates/merges/${id}/undo`);
      setNote({ id, ok: true, text: t("dup.undone_now", { id: formatNumber(language, id) }) });
      history.reload();
      props.onUndone?.();
    } catch (reason) {
      const text = reason instanceof ApiError ? reason.message : String(reason);
      setNote({ id, ok: false, text: t("dup.undo_refused", { id: formatNumber(language, id), reason: text }) });
    }
  };
  const tz = workspace.timezone;
  return (
    <section class="panel wide" aria-labelledby="history-title">
      <h2 id="history-title">{t("dup.history")}</h2>
      {note && (
        <p class={note.ok ? "ok" : "error"} role={note.ok ? "status" : "alert"} data-undo={note.id} data-undo-ok={String(note.ok)}>
          {note.text}
        </p>
      )}
      {history.loading && !history.data && <Loading t={t} />}
      {history.error && <ErrorNote t={t} error={history.error} retry={history.reload} />}
      {history.data && history.data.merges.length === 0 && <p class="muted">{t("dup.history_none")}</p>}
      {history.data && history.data.merges.length > 0 && (
        <div class="table-wrap">
          <table class="merges">
            <thead>
              <tr>
                <th scope="col">{t("dup.merge_id")}</th>
                <th scope="col">{t("dup.kept")}</th>
                <th scope="col">{t("dup.other")}</th>
                <th scope="col">{t("dup.when")}</th>
                <th scope="col">{t("dup.by")}</th>
                <th scope="col">{t("dup.moved")}</th>
                <th scope="col">{t("dup.status")}</th>
              </tr>
            </thead>
            <tbody>
              {history.data.merges.map((m) => (
                <tr data-merge={m.id} data-undone={String(m.undone_at !== null)}>
                  <td class="num">{formatNumber(language, m.id)}</td>
                  <td><a href={routeHash(["customers", m.kept_id])}>{formatNumber(language, m.kept_id)}</a></td>
                  <td><a href={routeHash(["customers", m.other_id])}>{formatNumber(language, m.other_id)}</a></td>
                  <td>{formatDateTime(language, m.merged_at, tz)}</td>
                  <td>{m.batch ? t("dup.batch", { batch: m.batch }) : m.merged_by}</td>
                  <td>
                    {m.moved
                      .map((c) => t("dup.moved_rows", { rows: formatNumber(language, c.rows), table: labelOf(t, "dup.table", c.table) }))
                      .join(language === "fa" ? "، " : ", ")}
                  </td>
                  <td>
                    {m.undone_at !== null ? (
                      t("dup.undone", { when: formatDateTime(language, m.undone_at, tz) })
                    ) : (
                      <button type="button" data-action="undo" aria-label={t("dup.undo_merge", { id: formatNumber(language, m.id) })}
                        onClick={() => void undo(m.id)}>
                        {t("dup.undo")}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
