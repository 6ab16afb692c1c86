import { useEffect, useRef, useState } from "preact/hooks";
import { type Answer, api, type Item } from "../api";
import { useAsync } from "../components/hooks";
import { ErrorNote } from "../components/Panel";
import type { PageContext } from "../context";
import { formatNumber, latinDigits, minorDigits } from "../format";
import { labelOf, type MessageKey } from "../i18n";
import { can, routeHash } from "../state";
import { SEGMENT_ORDER } from "./analytics-data";
import {
  type CustomerFilter,
  FILTER_SCORES,
  loadViews,
  saveViews,
  type SavedView,
  scoreBound,
} from "./views";

export type CustomerRow = Item<Answer<"listCustomers">["items"]>;

const PAGE_SIZE = 50;

export function Customers(props: { ctx: PageContext; query: URLSearchParams }) {
  const { ctx } = props;
  const { t, language } = ctx;
  const filter: CustomerFilter = {
    q: props.query.get("q") ?? "",
    segment: props.query.get("segment") ?? "",
    city: props.query.get("city") ?? "",
    acquisition_channel: props.query.get("acquisition_channel") ?? "",
    score: props.query.get("score") ?? "",
    score_min: props.query.get("score_min") ?? "",
    score_max: props.query.get("score_max") ?? "",
    segment_id: props.query.get("segment_id") ?? "",
  };
  const scoreKind = FILTER_SCORES.find((f) => f.name === filter.score)?.kind ?? "number";
  const bound = (typed: string) =>
    filter.score ? scoreBound(typed, scoreKind, ctx.money, minorDigits(ctx.money.currency)) : null;
  const scores = FILTER_SCORES.filter(
    (f) => can(ctx.workspace, "analytics") && (!f.money || can(ctx.workspace, "money_scores")),
  );
  const [typed, setTyped] = useState(filter.q);
  const [cursors, setCursors] = useState<string[]>([]); // cursors of the pages before
  const [cursor, setCursor] = useState<string | null>(null);
  const [views, setViews] = useState<SavedView[]>(() => loadViews(ctx.workspace.slug));
  const key = JSON.stringify(filter);

  // A new filter starts from the first page.
  useEffect(() => {
    setCursor(null);
    setCursors([]);
  }, [key]);
  useEffect(() => setTyped(filter.q), [filter.q]);

  const navigate = (next: CustomerFilter) => {
    location.hash = routeHash(["customers"], { ...next });
  };
  const timer = useRef<number | undefined>(undefined);
  const onType = (value: string) => {
    setTyped(value);
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => navigate({ ...filter, q: value.trim() }), 250);
  };

  const loaded = useAsync(async () => {
    const started = performance.now();
    const page = await api.get<Answer<"listCustomers">>(ctx.workspace.slug, "/customers", {
      q: filter.q ? latinDigits(filter.q) : undefined,
      segment: filter.segment,
      city: filter.city,
      acquisition_channel: filter.acquisition_channel,
      score: filter.score || undefined,
      score_min: bound(filter.score_min),
      score_max: bound(filter.score_max),
      segment_id: filter.segment_id || undefined,
      limit: PAGE_SIZE,
      cursor,
    });
    // The time and the query travel with the rows they belong to, so a
    // late answer to an older query cannot label the newer one.
    return { ...page, query: filter.q, filter: key, took: performance.now() - started };
  }, [key, cursor, ctx.workspace.slug]);

  const segmentName = (label: string) => labelOf(t, "segment", label);
  const saveView = () => {
    const name = window.prompt(t("cust.view_name"));
    if (!name) return;
    const next = [...views.filter((v) => v.name !== name), { name, filter }];
    setViews(next);
    saveViews(ctx.workspace.slug, next);
  };
  const deleteView = (name: string) => {
    const next = views.filter((v) => v.name !== name);
    setViews(next);
    saveViews(ctx.workspace.slug, next);
  };

  const page = loaded.data;
  return (
    <div>
      <h1>{t("cust.title")}</h1>
      {can(ctx.workspace, "customers", "write") && <p><a href={routeHash(["customers", "new"])} data-action="new-customer">{t("newc.new")}</a></p>}
      <form class="filters" role="search" onSubmit={(e) => { e.preventDefault(); navigate({ ...filter, q: typed.trim() }); }}>
        <input
          type="search"
          name="q"
          class="search"
          value={typed}
          placeholder={t("cust.search")}
          aria-label={t("cust.search_label")}
          onInput={(e) => onType((e.target as HTMLInputElement).value)}
        />
        <select
          aria-label={t("col.segment")}
          value={filter.segment}
          onChange={(e) => navigate({ ...filter, segment: (e.target as HTMLSelectElement).value })}
        >
          <option value="">{t("cust.all_segments")}</option>
          {SEGMENT_ORDER.map((s) => (
            <option value={s}>{segmentName(s)}</option>
          ))}
        </select>
        <input
          type="text"
          name="city"
          value={filter.city}
          placeholder={t("cust.city")}
          aria-label={t("cust.city")}
          onChange={(e) => navigate({ ...filter, city: (e.target as HTMLInputElement).value.trim() })}
        />
        <input
          type="text"
          name="acquisition_channel"
          value={filter.acquisition_channel}
          placeholder={t("cust.channel")}
          aria-label={t("cust.channel")}
          onChange={(e) =>
            navigate({ ...filter, acquisition_channel: (e.target as HTMLInputElement).value.trim() })
          }
        />
        {scores.length > 0 && (
          <span class="score-filter">
            <select
              name="score"
              aria-label={t("cust.score")}
              value={filter.score}
              onChange={(e) => navigate({ ...filter, score: (e.target as HTMLSelectElement).value })}
            >
              <option value="">{t("cust.any_score")}</option>
              {scores.map((f) => (
                <option value={f.name}>{t(`score.${f.name}` as MessageKey)}</option>
              ))}
            </select>
            {filter.score && (
              <>
                <input
                  type="text"
                  inputMode="decimal"
                  name="score_min"
                  class="bound"
                  value={filter.score_min}
                  placeholder={t("cust.at_least")}
                  aria-label={t("cust.at_least")}
                  onChange={(e) => navigate({ ...filter, score_min: (e.target as HTMLInputElement).value.trim() })}
                />
                <input
                  type="text"
                  inputMode="decimal"
                  name="score_max"
                  class="bound"
                  value={filter.score_max}
                  placeholder={t("cust.at_most")}
                  aria-label={t("cust.at_most")}
                  onChange={(e) => navigate({ ...filter, score_max: (e.target as HTMLInputElement).value.trim() })}
                />
                {scoreKind !== "number" && (
                  <span class="muted small">{t(scoreKind === "money" ? "unit.money" : "unit.percent")}</span>
                )}
              </>
            )}
          </span>
        )}
        <button type="button" onClick={saveView}>
          {t("cust.save_view")}
        </button>
      </form>
      {views.length > 0 && (
        <nav class="views" aria-label={t("cust.views")}>
          {views.map((v) => (
            <span class="chip">
              <a href={routeHash(["customers"], { ...v.filter })}>{v.name}</a>
              <button type="button" class="link" aria-label={t("cust.delete_view", { name: v.name })} onClick={() => deleteView(v.name)}>
                ×
              </button>
            </span>
          ))}
        </nav>
      )}
      {loaded.error && <ErrorNote t={t} error={loaded.error} retry={loaded.reload} />}
      {page && (
        <>
          <p class="muted small" role="status" data-took={Math.round(page.took)} data-query={page.query} data-filter={page.filter}>
            {t("cust.took", {
              count: formatNumber(language, page.items.length),
              ms: formatNumber(language, Math.round(page.took)),
            })}
          </p>
          {page.items.length === 0 ? (
            <p>{t("cust.none")}</p>
          ) : (
            <div class="table-wrap list">
              <table class="customers" aria-busy={loaded.loading}>
                <thead>
                  <tr>
                    <th scope="col">{t("c360.external_id")}</th>
                    <th scope="col">{t("col.name")}</th>
                    <th scope="col">{t("col.phone")}</th>
                    <th scope="col">{t("col.email")}</th>
                    <th scope="col">{t("col.city")}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((c) => (
                    <tr>
                      <td>{c.external_id ?? ""}</td>
                      <td>
                        <a href={routeHash(["customers", c.id])}>{c.display_name}</a>
                      </td>
                      <td dir="ltr" class="ltr-cell">{c.phone ?? ""}</td>
                      <td dir="ltr" class="ltr-cell">{c.email ?? ""}</td>
                      <td>{c.city ?? ""}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div class="pager">
            <button type="button" disabled={cursors.length === 0} onClick={() => { setCursors([]); setCursor(null); }}>
              {t("cust.first")}
            </button>
            <button
              type="button"
              disabled={!page.next_cursor}
              onClick={() => {
                setCursors([...cursors, cursor ?? ""]);
                setCursor(page.next_cursor);
              }}
            >
              {t("cust.next")}
            </button>
          </div>
        </>
      )}
    </div>
  );
}
