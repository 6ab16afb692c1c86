// The bank dashboard's rates panel (docs/holdings.md, "Profitability per
// customer"): the yearly interest spread and the monthly fee of each
// product type and the cost of a use of each service channel, each from a
// day, which the key-customer reports' profit is computed from. The roles
// that read money figures see them; owners and administrators change them
// (PUT …/holdings/profitability-settings replaces them whole, audited).

import { useEffect, useState } from "preact/hooks";
import { type Answer, api, ApiError } from "../api";
import { useAsync } from "../components/hooks";
import { ErrorNote, Loading } from "../components/Panel";
import type { PageContext } from "../context";
import { formatDate, formatMoney, formatNumber, formatPercent, minorDigits } from "../format";
import { codeLabel, labelOf } from "../i18n";
import { can } from "../state";
import {
  RATE_LISTS,
  type RateList,
  type RateRow,
  ratesBody,
  ratesOf,
  rowsOf,
} from "./profit-rates-data";

type Settings = Answer<"getProfitabilitySettings">;

const PRODUCT_TYPES = ["account", "deposit", "card", "loan", "policy", "plan"];
const CHANNELS = ["branch", "call_centre", "internet", "mobile", "atm"];

/** An error as the reader needs it: the field it names, then the server's words. */
function problemText(error: unknown): string {
  if (error instanceof ApiError) return error.field ? `${error.field}: ${error.message}` : error.message;
  return error instanceof Error ? error.message : String(error);
}

export function ProfitRatesPanel(props: { ctx: PageContext }) {
  const { ctx } = props;
  const { t, workspace } = ctx;
  const read = useAsync(
    () => api.get<Settings>(workspace.slug, "/holdings/profitability-settings"),
    [workspace.slug],
  );
  const [settings, setSettings] = useState<Settings | null>(null);
  useEffect(() => {
    if (read.data) setSettings(read.data);
  }, [read.data]);
  return (
    <section class="panel wide" aria-labelledby="profit-rates-title" data-panel="profit-rates">
      <header class="panel-head">
        <h2 id="profit-rates-title">{t("rates.title")}</h2>
      </header>
      <p class="muted">{t("rates.intro")}</p>
      {read.error && <ErrorNote t={t} error={read.error} retry={read.reload} />}
      {!settings && !read.error && <Loading t={t} />}
      {settings && <RatesView ctx={ctx} settings={settings} saved={setSettings} />}
    </section>
  );
}

function subjectLabel(ctx: PageContext, list: RateList, subject: string): string {
  return list === "channel_costs" ? codeLabel(ctx.t, subject) : labelOf(ctx.t, "holdings.type", subject);
}

function RatesView(props: { ctx: PageContext; settings: Settings; saved: (s: Settings) => void }) {
  const { ctx, settings } = props;
  const { t, language, money } = ctx;
  const digits = minorDigits(money.currency);
  const [rows, setRows] = useState<Record<RateList, RateRow[]> | null>(null);
  const [problem, setProblem] = useState("");
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const editable = can(ctx.workspace, "workspace", "write");
  const startEditing = () => {
    setNote("");
    setProblem("");
    setRows({
      spreads: rowsOf("spreads", ratesOf("spreads", settings), money, digits),
      fees: rowsOf("fees", ratesOf("fees", settings), money, digits),
      channel_costs: rowsOf("channel_costs", ratesOf("channel_costs", settings), money, digits),
    });
  };
  const send = async (edited: Record<RateList, RateRow[]>) => {
    setProblem("");
    setNote("");
    const made = ratesBody(edited, money, digits);
    if ("problem" in made) {
      const { list, row, problem: what } = made.problem;
      return setProblem(t(`rates.${what}`, { list: t(`rates.${list}`), row: formatNumber(language, row) }));
    }
    setBusy(true);
    try {
      const answer = await api.put<Settings>(ctx.workspace.slug, "/holdings/profitability-settings", made.body);
      props.saved(answer);
      setRows(null);
      setNote(t(answer.defaults ? "rates.back_to_defaults" : "rates.saved"));
    } catch (error) {
      setProblem(problemText(error));
    } finally {
      setBusy(false);
    }
  };
  const value = (list: RateList, v: number) =>
    list === "spreads" ? formatPercent(language, v / 10000, 2) : formatMoney(language, v, money);
  return (
    <div>
      <p class="small" data-reading="rates-source">
        {settings.defaults
          ? t("rates.defaults")
          : t("rates.updated", { date: formatDate(language, new Date(Number(settings.updated_at) * 1000).toISOString().slice(0, 10)) })}
      </p>
      {!rows && (
        <div class="rate-tables">
          {RATE_LISTS.map((list) => (
            <table key={list} data-rates={list}>
              <caption>{t(`rates.${list}`)}</caption>
              <thead>
                <tr>
                  <th scope="col">{t(list === "channel_costs" ? "rates.channel" : "rates.product_type")}</th>
                  <th scope="col">{t("rates.valid_from")}</th>
                  <th scope="col" class="num">{t(`rates.value.${list}`)}</th>
                </tr>
              </thead>
              <tbody>
                {ratesOf(list, settings).map((rate) => (
                  <tr key={`${rate.subject}-${rate.valid_from}`}>
                    <td>{subjectLabel(ctx, list, rate.subject)}</td>
                    <td>{formatDate(language, rate.valid_from)}</td>
                    <td class="num">{value(list, rate.value)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
        </div>
      )}
      {!rows && editable && (
        <div class="actions">
          <button type="button" data-action="edit-rates" onClick={startEditing}>{t("rates.edit")}</button>
          {!settings.defaults && (
            <button type="button" class="link" data-action="reset-rates" disabled={busy}
              onClick={() => void send({ spreads: [], fees: [], channel_costs: [] })}>
              {t("rates.reset")}
            </button>
          )}
        </div>
      )}
      {rows && (
        <RatesForm ctx={ctx} rows={rows} setRows={setRows} busy={busy}
          save={() => void send(rows)} cancel={() => { setRows(null); setProblem(""); }} />
      )}
      {problem && <p class="error" role="alert" data-problem="rates">{problem}</p>}
      {note && <p class="note" role="status" data-note="rates">{note}</p>}
    </div>
  );
}

function RatesForm(props: {
  ctx: PageContext;
  rows: Record<RateList, RateRow[]>;
  setRows: (rows: Record<RateList, RateRow[]>) => void;
  busy: boolean;
  save: () => void;
  cancel: () => void;
}) {
  const { ctx, rows, setRows } = props;
  const { t, money } = ctx;
  const unit = money.currency === "IRR" ? t(`money.${money.display}`) : money.currency;
  const change = (list: RateList, index: number, patch: Partial<RateRow>) =>
    setRows({ ...rows, [list]: rows[list].map((row, i) => (i === index ? { ...row, ...patch } : row)) });
  const remove = (list: RateList, index: number) =>
    setRows({ ...rows, [list]: rows[list].filter((_, i) => i !== index) });
  const add = (list: RateList) =>
    setRows({ ...rows, [list]: [...rows[list], { subject: "", valid_from: "", value: "" }] });
  return (
    <form data-form="rates" onSubmit={(e) => { e.preventDefault(); props.save(); }}>
      <datalist id="rate-channels">
        {CHANNELS.map((c) => <option key={c} value={c}>{codeLabel(t, c)}</option>)}
      </datalist>
      {RATE_LISTS.map((list) => (
        <fieldset key={list} data-rates-form={list}>
          <legend>{t(`rates.${list}`)}</legend>
          {rows[list].map((row, index) => (
            <div class="filters" key={index} data-rate-row={index}>
              <label>
                {t(list === "channel_costs" ? "rates.channel" : "rates.product_type")}
                {list === "channel_costs" ? (
                  <input name="subject" dir="ltr" list="rate-channels" autoComplete="off" value={row.subject}
                    onInput={(e) => change(list, index, { subject: (e.target as HTMLInputElement).value })} />
                ) : (
                  <select name="subject" value={row.subject}
                    onChange={(e) => change(list, index, { subject: (e.target as HTMLSelectElement).value })}>
                    <option value="">–</option>
                    {PRODUCT_TYPES.map((type) => (
                      <option key={type} value={type}>{labelOf(t, "holdings.type", type)}</option>
                    ))}
                  </select>
                )}
              </label>
              <label>
                {t("rates.valid_from")}
                <input name="valid_from" type="date" value={row.valid_from}
                  onInput={(e) => change(list, index, { valid_from: (e.target as HTMLInputElement).value })} />
              </label>
              <label>
                {list === "spreads" ? t("rates.value.spreads") : t(`rates.value_in.${list}`, { unit })}
                <input name="value" dir="ltr" inputMode="decimal" autoComplete="off" value={row.value}
                  onInput={(e) => change(list, index, { value: (e.target as HTMLInputElement).value })} />
              </label>
              <button type="button" class="link" data-action="remove-rate" onClick={() => remove(list, index)}>
                {t("rates.remove")}
              </button>
            </div>
          ))}
          <button type="button" class="link" data-action={`add-${list}`} onClick={() => add(list)}>
            {t("rates.add")}
          </button>
        </fieldset>
      ))}
      <div class="actions">
        <button type="submit" data-action="save-rates" disabled={props.busy}>{t("rates.save")}</button>
        <button type="button" class="link" onClick={props.cancel}>{t("rates.cancel")}</button>
      </div>
    </form>
  );
}
