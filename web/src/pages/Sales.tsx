import { useEffect, useState } from "preact/hooks";
import { type Answer, ApiError, api, type Item } from "../api";
import { useAsync } from "../components/hooks";
import { DataTable, ErrorNote, Figure, Loading } from "../components/Panel";
import type { PageContext } from "../context";
import { formatDate, formatMoney, formatMonth, formatNumber, formatPercent } from "../format";
import { labelOf } from "../i18n";
import { routeHash } from "../state";
import { moveOnBoard, openTotals, stageName, type Board, type BoardDeal, type BoardStage } from "./sales-data";


type Forecast = Answer<"getSalesForecast">;
type Conversion = Answer<"getSalesConversion">;
type AgendaTask = Item<Agenda["today"]>;
type Agenda = Answer<"getAgenda">;

const LOST_REASONS = ["price", "chose a competitor", "no budget", "no decision", "timing"];

/**
 * The sales pipeline: the board (drag a card to another stage; a loss asks
 * for its reason), the forecast against the targets, the conversion between
 * stages, and the agenda of tasks.
 */
export function Sales(props: { ctx: PageContext }) {
  const { ctx } = props;
  const { t, language, money } = ctx;
  const slug = ctx.workspace.slug;
  const tz = ctx.workspace.timezone;
  const canMove = ctx.workspace.permissions.sales === "write";
  const board = useAsync(() => api.get<Board>(slug, "/sales/board"), [slug]);
  const forecast = useAsync(
    () => api.get<Forecast>(slug, "/sales/forecast", { calendar: ctx.calendar }),
    [slug, ctx.calendar],
  );
  const conversion = useAsync(() => api.get<Conversion>(slug, "/sales/conversion"), [slug]);
  const [stages, setStages] = useState<BoardStage[] | null>(null);
  const [note, setNote] = useState("");
  const [losing, setLosing] = useState<BoardDeal | null>(null);
  const [dragging, setDragging] = useState<number | null>(null);
  useEffect(() => {
    if (board.data) setStages(board.data.stages);
  }, [board.data]);

  const move = async (deal: BoardDeal, to: string, reason?: string) => {
    if (!stages) return;
    const target = stages.find((s) => s.key === to);
    const from = stages.find((s) => s.deals.some((d) => d.id === deal.id));
    if (!target || !from || from.key === to) return;
    if (target.outcome === "lost" && !reason) {
      setLosing(deal);
      return;
    }
    const before = stages;
    setStages(moveOnBoard(stages, deal.id, to));
    try {
      const body: Record<string, unknown> = { stage: to, version: deal.version };
      if (reason) body.close_reason = reason;
      const answer = await api.patch<Answer<"updateDeal">>(slug, `/deals/${deal.id}`, body);
      setStages((now) =>
        now?.map((s) => ({
          ...s,
          deals: s.deals.map((d) => (d.id === deal.id ? { ...d, version: answer.deal.version } : d)),
        })) ?? now,
      );
      setNote(t("sales.moved", { title: deal.title, stage: stageName(target, language) }));
      forecast.reload();
      conversion.reload();
    } catch (error) {
      setStages(before);
      if (error instanceof ApiError && error.status === 409) {
        setNote(t("sales.stale"));
        board.reload();
      } else {
        setNote(error instanceof Error ? error.message : String(error));
      }
    }
  };

  const totals = stages ? openTotals(stages) : null;
  const f = forecast.data;
  const c = conversion.data;
  const money0 = (minor: number | null | undefined) => formatMoney(language, minor ?? null, money, true);
  return (
    <div>
      <h1>{t("sales.title")}</h1>
      {totals && (
        <div class="tiles" data-sales-tiles>
          <Figure id="open" label={t("sales.open_deals")} value={formatNumber(language, totals.count)} />
          <Figure id="value" label={t("sales.pipeline_value")} value={money0(totals.value)} />
          <Figure id="weighted" label={t("sales.weighted")} value={money0(totals.weighted)} />
          <Figure id="win-rate" label={t("sales.win_rate")} value={c ? formatPercent(language, c.win_rate, 0) : "–"} />
          <Figure id="overdue" label={t("sales.overdue")} value={f ? formatNumber(language, f.overdue_deals) : "–"} />
        </div>
      )}
      <p class="muted">{t("sales.board_hint")}</p>
      <p role="status" aria-live="polite" data-sales-note>{note}</p>
      {board.error && <ErrorNote t={t} error={board.error} retry={board.reload} />}
      {!stages && !board.error && <Loading t={t} />}
      {stages && (
        <section class="board" aria-label={t("sales.board")}>
          {stages.map((stage) => (
            <div
              class={`column column-${stage.outcome}${dragging !== null ? " droppable" : ""}`}
              data-stage={stage.key}
              data-count={stage.count}
              onDragOver={(e) => {
                if (canMove) e.preventDefault();
              }}
              onDrop={(e) => {
                e.preventDefault();
                const id = Number(e.dataTransfer?.getData("text/plain"));
                const deal = stages.flatMap((s) => s.deals).find((d) => d.id === id);
                setDragging(null);
                if (deal) void move(deal, stage.key);
              }}
            >
              <h2>
                {stageName(stage, language)}{" "}
                <span class="muted">{formatPercent(language, stage.probability / 100, 0)}</span>
              </h2>
              <div class="column-sums muted">
                {t("sales.deals_count", { count: formatNumber(language, stage.count) })} · {money0(stage.value_minor)}
              </div>
              <ol class="cards">
                {stage.deals.map((deal) => (
                  <li
                    class={`card${deal.overdue ? " overdue" : ""}`}
                    data-deal={deal.id}
                    draggable={canMove}
                    onDragStart={(e) => {
                      e.dataTransfer?.setData("text/plain", String(deal.id));
                      setDragging(deal.id);
                    }}
                    onDragEnd={() => setDragging(null)}
                  >
                    <a href={routeHash(["customers", deal.customer_id])} class="card-title">{deal.title}</a>
                    <div class="muted">{deal.customer_name}</div>
                    <div>
                      <strong>{formatMoney(language, deal.value_minor, money)}</strong>
                    </div>
                    <div class="muted">
                      {t("sales.expected_close")}: {formatDate(language, deal.expected_close_at, tz)}
                      {deal.overdue && <span class="badge"> {t("sales.overdue_badge")}</span>}
                    </div>
                    {deal.close_reason && <div class="muted">{labelOf(t, "lost_reason", deal.close_reason)}</div>}
                    {canMove && (
                      <label class="move">
                        <span class="sr-only">{t("sales.move_to")}</span>
                        <select
                          aria-label={`${t("sales.move_to")}: ${deal.title}`}
                          value={stage.key}
                          onChange={(e) => void move(deal, (e.target as HTMLSelectElement).value)}
                        >
                          {stages.map((s) => <option value={s.key}>{stageName(s, language)}</option>)}
                        </select>
                      </label>
                    )}
                  </li>
                ))}
              </ol>
            </div>
          ))}
        </section>
      )}
      {losing && (
        <LostReason
          ctx={ctx}
          deal={losing}
          onCancel={() => setLosing(null)}
          onConfirm={(reason) => {
            const deal = losing;
            setLosing(null);
            const lost = stages?.find((s) => s.outcome === "lost");
            if (lost) void move(deal, lost.key, reason);
          }}
        />
      )}
      <div class="grid">
        <section class="panel" aria-labelledby="forecast-title" data-forecast>
          <h2 id="forecast-title">{t("sales.forecast")}</h2>
          {forecast.error && <ErrorNote t={t} error={forecast.error} retry={forecast.reload} />}
          {f && (
            <DataTable
              data={{
                header: [t("sales.month"), t("sales.pipeline"), t("sales.weighted"), t("sales.commit"), t("sales.won"),
                  t("sales.target"), t("sales.attainment")],
                numeric: [false, true, true, true, true, true, true],
                rows: f.months.map((m) => [
                  formatMonth(language, m.month, ctx.calendar), money0(m.pipeline_minor), money0(m.weighted_minor),
                  money0(m.commit_minor), money0(m.won_minor), m.target_minor === null ? "–" : money0(m.target_minor),
                  formatPercent(language, m.attainment, 0),
                ]),
                csv: f.months.map((m) => [m.month, m.pipeline_minor, m.weighted_minor, m.commit_minor, m.won_minor,
                  m.target_minor, m.attainment]),
              }}
            />
          )}
        </section>
        <section class="panel" aria-labelledby="conversion-title" data-conversion>
          <h2 id="conversion-title">{t("sales.conversion")}</h2>
          {conversion.error && <ErrorNote t={t} error={conversion.error} retry={conversion.reload} />}
          {c && stages && (
            <DataTable
              data={{
                header: [t("sales.stage"), t("sales.reached"), t("sales.advanced"), t("sales.rate"),
                  t("sales.mean_days"), t("sales.lost_here")],
                numeric: [false, true, true, true, true, true],
                rows: c.stages.map((s) => [
                  stageName(stages.find((x) => x.key === s.stage) ?? { key: s.stage, name: s.stage, name_fa: "" }, language),
                  formatNumber(language, s.reached), formatNumber(language, s.advanced),
                  formatPercent(language, s.rate, 0), formatNumber(language, s.mean_days, 1),
                  formatNumber(language, s.lost_here),
                ]),
                csv: c.stages.map((s) => [s.stage, s.reached, s.advanced, s.rate, s.mean_days, s.lost_here]),
              }}
            />
          )}
        </section>
      </div>
      <AgendaPanel ctx={ctx} />
    </div>
  );
}

function LostReason(props: { ctx: PageContext; deal: BoardDeal; onCancel: () => void; onConfirm: (reason: string) => void }) {
  const { t } = props.ctx;
  const [reason, setReason] = useState(LOST_REASONS[0]);
  return (
    <div class="panel dialog" role="dialog" aria-labelledby="lost-title" data-lost-reason>
    <form
      onSubmit={(e) => {
        e.preventDefault();
        props.onConfirm(reason);
      }}
    >
      <h2 id="lost-title">{t("sales.lost_reason_title", { title: props.deal.title })}</h2>
      <label>
        {t("sales.lost_reason")}
        <select name="reason" value={reason} onChange={(e) => setReason((e.target as HTMLSelectElement).value)}>
          {LOST_REASONS.map((r) => <option value={r}>{labelOf(t, "lost_reason", r)}</option>)}
        </select>
      </label>
      <button type="submit">{t("sales.confirm_lost")}</button>{" "}
      <button type="button" onClick={props.onCancel}>{t("sales.cancel")}</button>
    </form>
    </div>
  );
}

/** Open tasks due: overdue, today and this week, each with a done button. */
function AgendaPanel(props: { ctx: PageContext }) {
  const { ctx } = props;
  const { t, language } = ctx;
  const slug = ctx.workspace.slug;
  const [everyone, setEveryone] = useState(true);
  const agenda = useAsync(
    () => api.get<Agenda>(slug, "/agenda", { owner_user_id: everyone ? 0 : undefined }),
    [slug, everyone],
  );
  const canWrite = ctx.workspace.permissions.tasks === "write";
  const finish = async (task: AgendaTask) => {
    await api.patch(slug, `/tasks/${task.id}`, { status: "done", version: task.version });
    agenda.reload();
  };
  const list = (name: "overdue" | "today" | "upcoming", title: string) => {
    const tasks = agenda.data?.[name] ?? [];
    return (
      <div data-agenda={name} data-count={tasks.length}>
        <h3>{title} <span class="muted">({formatNumber(language, tasks.length)})</span></h3>
        {tasks.length === 0 ? (
          <p class="muted">{t("sales.agenda_empty")}</p>
        ) : (
          <ul class="tasks">
            {tasks.slice(0, 8).map((task) => (
              <li data-task={task.id}>
                <span class="muted">{formatDate(language, task.due_at, ctx.workspace.timezone)}</span>{" "}
                {labelOf(t, "task_kind", task.kind)} · {task.title}
                {task.customer_id && (
                  <> · <a href={routeHash(["customers", task.customer_id])}>{task.customer_name}</a></>
                )}{" "}
                {canWrite && (
                  <button type="button" onClick={() => void finish(task)}>{t("sales.done")}</button>
                )}
              </li>
            ))}
            {tasks.length > 8 && (
              <li class="muted">{t("sales.more", { count: formatNumber(language, tasks.length - 8) })}</li>
            )}
          </ul>
        )}
      </div>
    );
  };
  return (
    <section class="panel wide" aria-labelledby="agenda-title">
      <h2 id="agenda-title">{everyone ? t("sales.agenda_all") : t("sales.agenda")}</h2>
      <label>
        <input type="checkbox" checked={everyone} onChange={(e) => setEveryone((e.target as HTMLInputElement).checked)} />{" "}
        {t("sales.agenda_all")}
      </label>
      {agenda.error && <ErrorNote t={t} error={agenda.error} retry={agenda.reload} />}
      {agenda.data && (
        <div class="grid">
          {list("overdue", t("sales.agenda_overdue"))}
          {list("today", t("sales.agenda_today"))}
          {list("upcoming", t("sales.agenda_upcoming"))}
        </div>
      )}
    </section>
  );
}
