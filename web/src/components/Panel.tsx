import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { type Cell, downloadCsv } from "../csv";
import type { Translate } from "../i18n";

export interface TableData {
  header: string[];
  /** What the table shows (formatted for the language). */
  rows: ComponentChildren[][];
  /** What the CSV holds (plain numbers, so a spreadsheet can compute). */
  csv: Cell[][];
  /** Columns aligned as numbers. */
  numeric?: boolean[];
}

/**
 * A titled card holding a chart, with its numbers a click away (the table
 * view) and a CSV export of the same numbers.
 */
export function Panel(props: {
  t: Translate;
  title: string;
  id: string;
  table?: TableData;
  children?: ComponentChildren;
  wide?: boolean;
  actions?: ComponentChildren;
}) {
  const [view, setView] = useState<"chart" | "table">(props.children ? "chart" : "table");
  const { t, table } = props;
  const headingId = `${props.id}-title`;
  return (
    <section class={props.wide ? "panel wide" : "panel"} aria-labelledby={headingId} data-panel={props.id}>
      <header class="panel-head">
        <h2 id={headingId}>{props.title}</h2>
        <div class="panel-actions">
          {props.actions}
          {props.children && table && (
            <div class="toggle" role="group">
              <button
                type="button"
                aria-pressed={view === "chart"}
                onClick={() => setView("chart")}
              >
                {t("view.chart")}
              </button>
              <button
                type="button"
                aria-pressed={view === "table"}
                onClick={() => setView("table")}
              >
                {t("view.table")}
              </button>
            </div>
          )}
          {table && (
            <button
              type="button"
              class="link"
              onClick={() => downloadCsv(`${props.id}.csv`, table.header, table.csv)}
            >
              {t("view.export")}
            </button>
          )}
        </div>
      </header>
      {view === "chart" && props.children}
      {view === "table" && table && <DataTable data={table} caption={props.title} />}
    </section>
  );
}

export function DataTable(props: { data: TableData; caption?: string; maxHeight?: number }) {
  const { data } = props;
  return (
    // A region that may scroll: focusable, so the keyboard can scroll it too.
    <div
      class="table-wrap"
      style={props.maxHeight ? { maxHeight: `${props.maxHeight}px` } : undefined}
      tabIndex={0}
      role="region"
      aria-label={props.caption}
    >
      <table>
        {props.caption && <caption class="sr-only">{props.caption}</caption>}
        <thead>
          <tr>
            {data.header.map((h, i) => (
              <th scope="col" class={data.numeric?.[i] ? "num" : undefined}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.rows.map((row) => (
            <tr>
              {row.map((cell, i) => (
                <td class={data.numeric?.[i] ? "num" : undefined}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Loading(props: { t: Translate }) {
  return (
    <p class="muted" role="status">
      {props.t("app.loading")}
    </p>
  );
}

export function ErrorNote(props: { t: Translate; error: Error; retry?: () => void }) {
  return (
    <div class="error" role="alert">
      {props.t("app.error", { message: props.error.message })}
      {props.retry && (
        <button type="button" class="link" onClick={props.retry}>
          {props.t("app.retry")}
        </button>
      )}
    </div>
  );
}

/** One figure in a row of tiles: a label over its value. */
export function Figure(props: { id: string; label: string; value: string }) {
  return (
    <div class="tile" data-tile={props.id}>
      <div class="tile-label">{props.label}</div>
      <div class="tile-value">{props.value}</div>
    </div>
  );
}
