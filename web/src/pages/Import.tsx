import { useEffect, useState } from "preact/hooks";
import {
  type Answer,
  api,
  ApiError,
  type ImportErrorReport,
  type ImportProblem,
  parseImportReport,
  problemsOf,
  type Schema,
} from "../api";
import { useAsync } from "../components/hooks";
import { DataTable, ErrorNote } from "../components/Panel";
import { csvQuoted } from "../csv";
import type { PageContext } from "../context";
import { labelOf, type MessageKey } from "../i18n";
import { formatDateTime, formatNumber, formatPercent } from "../format";
import { can } from "../state";
import { LikelyDuplicatesNote } from "./LikelyDuplicatesNote";

type Batch = Schema<"ImportBatch">;

type ImportAnswer = Answer<"importFile", 201>;
type LikelyDuplicates = ImportAnswer["likely_duplicates"];

/** What an import would do (POST /import-batches?preview=true): nothing is written. */
export type ImportPreview = NonNullable<Answer<"importFile", 200>["preview"]>;

/** The errors of a rejected upload (422), when the answer carries them. */
export function rejectedReport(reason: unknown): ImportErrorReport | null {
  if (!(reason instanceof ApiError) || reason.field !== "file") return null;
  const errors = (reason.data as { errors?: ImportErrorReport } | null)?.errors;
  return errors && Array.isArray(errors.groups) ? errors : null;
}

/** The rejects file's name beside the uploaded one: sales.csv -> sales.rejects.csv. */
export function rejectsName(fileName: string): string {
  const dot = fileName.lastIndexOf(".");
  return (dot > 0 ? fileName.slice(0, dot) : fileName) + ".rejects.csv";
}

const MAX_UPLOAD = 16 * 1024 * 1024;

type Kind = "customers" | "transactions" | "interactions";

/** The file with its first line replaced by `cells` (CSV-quoted as needed). */
export function replaceHeader(text: string, cells: string[]): string {
  const body = text.replace(/^\uFEFF/, "");
  const end = body.search(/\r?\n/);
  const rest = end < 0 ? "" : body.slice(end);
  return cells.map((c) => csvQuoted(c)).join(",") + rest;
}

type ColumnMapping = Answer<"importColumns">;

/**
 * The chosen mapping as an import profile saves it: "Source Column=field,...", an ignored
 * column as "Column=". Headers that hold "," or "=" cannot be named in a mapping and are left out.
 */
export function mappingText(headers: string[], chosen: (string | null)[]): string {
  return headers
    .map((header, i) => ({ header: header.trim(), field: chosen[i] ?? "" }))
    .filter((c) => c.header !== "" && !/[,=]/.test(c.header))
    .map((c) => `${c.header}=${c.field}`)
    .join(",");
}

/** The lines of the preview's summary: how the file, its amounts and its dates are read. */
export function previewFacts(preview: ImportPreview): { key: MessageKey; value: string }[] {
  const facts: { key: MessageKey; value: string }[] = [];
  if (preview.read_as) facts.push({ key: "imp.preview_read_as", value: preview.read_as });
  if (preview.currency) facts.push({ key: "imp.preview_currency", value: preview.currency });
  if (preview.date_format) facts.push({ key: "imp.preview_dates", value: preview.date_format });
  return facts;
}

/** Header cells for the chosen mapping: a field's own name, or a name no field has. */
export function mappedHeader(chosen: (string | null)[]): string[] {
  return chosen.map((field, i) => field ?? `ignored_${i + 1}`);
}

/** Whether a file is an Excel workbook, which the server reads from its bytes (not as text). */
export function isWorkbook(fileName: string): boolean {
  return /\.xls[xm]$/i.test(fileName);
}

/** Required fields that no column gives under the chosen mapping. */
export function missingFields(fields: { name: string; required: boolean }[], chosen: (string | null)[]): string[] {
  return fields.filter((f) => f.required && !chosen.includes(f.name)).map((f) => f.name);
}

export function Import(props: { ctx: PageContext }) {
  const { ctx } = props;
  const { t, language } = ctx;
  const [kind, setKind] = useState<Kind>("transactions");
  const [mode, setMode] = useState("upsert");
  const [key, setKey] = useState("external_id");
  const [currency, setCurrency] = useState("IRR");
  // A CSV file's text, or a workbook's bytes.
  const [file, setFile] = useState<{ name: string; text: string; bytes: Blob | null } | null>(null);
  const [profile, setProfile] = useState("");
  const [skipBad, setSkipBad] = useState(false);
  const [anonymous, setAnonymous] = useState<"reject" | "skip" | "keep">("reject");
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [profileName, setProfileName] = useState("");
  const [saved, setSaved] = useState<string | null>(null);
  const [report, setReport] = useState<{ errors: ImportErrorReport; rejects?: string } | null>(null);
  const [mapping, setMapping] = useState<ColumnMapping | null>(null);
  const [chosen, setChosen] = useState<(string | null)[]>([]);
  const [busy, setBusy] = useState<"check" | "run" | null>(null);
  const [result, setResult] = useState<
    | { type: "valid"; rows: number; likely?: LikelyDuplicates }
    | { type: "invalid"; problems: ImportProblem[] }
    | {
        type: "done";
        batch: number;
        anonymous?: { lines: number; share: number; kept: boolean };
        likely?: LikelyDuplicates;
      }
    | { type: "error"; message: string }
    | null
  >(null);
  const batches = useAsync(
    () => api.get<Answer<"listImportBatches">>(ctx.workspace.slug, "/import-batches", { limit: 20 }),
    [ctx.workspace.slug],
  );
  const profiles = useAsync(
    () => api.get<Answer<"listImportProfiles">>(ctx.workspace.slug, "/import-profiles"),
    [ctx.workspace.slug],
  );
  const writable = can(ctx.workspace, "imports", "write");

  // The server reads the header as the import will; the person may change it.
  useEffect(() => {
    setMapping(null);
    if (!file) return;
    let current = true;
    const head = file.text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0];
    const columns = file.bytes
      ? api.postFile<ColumnMapping>(ctx.workspace.slug, "/import-columns", file.bytes, { kind, file_name: file.name })
      : api.postCsv<ColumnMapping>(ctx.workspace.slug, "/import-columns", head, { kind });
    columns.then(
        (answer) => {
          if (!current) return;
          setMapping(answer);
          setChosen(answer.columns.map((c) => (c.duplicate ? null : c.field)));
        },
        (reason: unknown) => current && setResult({ type: "error", message: String(reason) }),
      );
    return () => {
      current = false;
    };
  }, [file, kind]);

  const choose = async (input: HTMLInputElement) => {
    setResult(null);
    const chosen = input.files?.[0];
    if (!chosen) return setFile(null);
    if (chosen.size > MAX_UPLOAD) {
      setFile(null);
      setResult({ type: "error", message: t("imp.too_large") });
      return;
    }
    if (isWorkbook(chosen.name)) setFile({ name: chosen.name, text: "", bytes: chosen });
    else setFile({ name: chosen.name, text: await chosen.text(), bytes: null });
  };

  const send = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(dryRun ? "check" : "run");
    setResult(null);
    setReport(null);
    setPreview(null);
    try {
      // A saved mapping names the file's own headers, so they are sent as they are. A CSV
      // file's header is rewritten to the chosen mapping; a workbook's mapping goes as `map`.
      const remap = mapping !== null && !profile;
      const query = {
        kind,
        mode,
        key,
        currency: kind === "customers" ? undefined : currency,
        create_missing_customers: kind === "transactions" ? "true" : undefined,
        preview: dryRun ? "true" : undefined,
        file_name: file.name,
        profile: profile || undefined,
        on_error: skipBad ? "skip" : undefined,
        anonymous: kind === "transactions" && anonymous !== "reject" ? anonymous : undefined,
        map:
          mapping && !profile && file.bytes
            ? mappingText(
                mapping.columns.map((c) => c.header),
                chosen,
              )
            : undefined,
      };
      type Reply = ImportAnswer & { preview?: ImportPreview };
      const answer = file.bytes
        ? await api.postFile<Reply>(ctx.workspace.slug, "/import-batches", file.bytes, query)
        : await api.upload<Reply>(
            ctx.workspace.slug,
            remap ? replaceHeader(file.text, mappedHeader(chosen)) : file.text,
            query,
          );
      if (answer.preview) {
        const shown = answer.preview;
        setPreview(shown);
        if (shown.errors.errors > 0) setReport({ errors: shown.errors });
        if (shown.accepted) setResult({ type: "valid", rows: shown.counts.rows ?? 0 });
        else setResult({ type: "invalid", problems: problemsOf(shown.errors) });
        return;
      }
      if (answer.errors && answer.errors.errors > 0) {
        setReport({ errors: answer.errors, rejects: answer.rejects_csv });
      }
      if (dryRun) setResult({ type: "valid", rows: answer.rows, likely: answer.likely_duplicates });
      else {
        const lines = answer.anonymous_lines ?? 0;
        setResult({
          type: "done",
          batch: answer.batch?.id ?? 0,
          anonymous:
            lines > 0
              ? { lines, share: answer.anonymous_revenue_share ?? 0, kept: answer.anonymous_kept === true }
              : undefined,
          likely: answer.likely_duplicates,
        });
        batches.reload();
      }
    } catch (reason) {
      const errors = rejectedReport(reason);
      if (errors) setReport({ errors });
      if (reason instanceof ApiError && reason.field === "file") {
        setResult({ type: "invalid", problems: errors ? problemsOf(errors) : parseImportReport(reason.message) });
      } else {
        setResult({ type: "error", message: reason instanceof Error ? reason.message : String(reason) });
      }
    } finally {
      setBusy(null);
    }
  };

  // The mapping chosen on the page, kept in the workspace under a name for the next file.
  const saveProfile = async () => {
    if (!mapping || !profileName.trim()) return;
    setSaved(null);
    try {
      await api.post(ctx.workspace.slug, "/import-profiles", {
        name: profileName.trim(),
        kind,
        mapping: mappingText(
          mapping.columns.map((c) => c.header),
          chosen,
        ),
      });
      setSaved(profileName.trim());
      profiles.reload();
    } catch (reason) {
      setResult({ type: "error", message: reason instanceof Error ? reason.message : String(reason) });
    }
  };

  const revert = async (batch: Batch) => {
    if (!window.confirm(t("imp.revert_confirm", { batch: formatNumber(language, batch.id) }))) return;
    try {
      await api.post(ctx.workspace.slug, `/import-batches/${batch.id}/revert`);
      batches.reload();
    } catch (reason) {
      setResult({ type: "error", message: reason instanceof Error ? reason.message : String(reason) });
    }
  };

  return (
    <div>
      <h1>{t("imp.title")}</h1>
      {writable && (
        <form class="import-form" onSubmit={(e) => { e.preventDefault(); void send(true); }}>
          <label>
            {t("imp.kind")}
            <select name="kind" value={kind} onChange={(e) => { setKind((e.target as HTMLSelectElement).value as Kind); setResult(null); }}>
              <option value="customers">{t("imp.kind.customers")}</option>
              <option value="transactions">{t("imp.kind.transactions")}</option>
              <option value="interactions">{t("imp.kind.interactions")}</option>
            </select>
          </label>
          <label>
            {t("imp.mode")}
            <select name="mode" value={mode} onChange={(e) => setMode((e.target as HTMLSelectElement).value)}>
              <option value="upsert">{t("imp.mode.upsert")}</option>
              <option value="create">{t("imp.mode.create")}</option>
              <option value="update">{t("imp.mode.update")}</option>
            </select>
          </label>
          <label>
            {t("imp.key")}
            <select name="key" value={key} onChange={(e) => setKey((e.target as HTMLSelectElement).value)}>
              <option value="external_id">{t("imp.key.external_id")}</option>
              <option value="national_id">{t("imp.key.national_id")}</option>
              <option value="phone">{t("imp.key.phone")}</option>
              <option value="email">{t("imp.key.email")}</option>
            </select>
          </label>
          {kind !== "customers" && (
            <label>
              {t("imp.currency")}
              <select name="currency" value={currency} onChange={(e) => setCurrency((e.target as HTMLSelectElement).value)}>
                <option value="IRR">{t("imp.currency.irr")}</option>
                <option value="toman">{t("imp.currency.toman")}</option>
              </select>
            </label>
          )}
          <label class="check">
            <input type="checkbox" name="on_error" checked={skipBad} onChange={(e) => setSkipBad((e.target as HTMLInputElement).checked)} />
            {t("imp.skip_bad")}
          </label>
          {kind === "transactions" && (
            <label>
              {t("imp.anonymous")}
              <select
                name="anonymous"
                value={anonymous}
                onChange={(e) => setAnonymous((e.target as HTMLSelectElement).value as "reject" | "skip" | "keep")}
              >
                <option value="reject">{t("imp.anonymous.reject")}</option>
                <option value="skip">{t("imp.anonymous.skip")}</option>
                <option value="keep">{t("imp.anonymous.keep")}</option>
              </select>
            </label>
          )}
          <label>
            {t("imp.profile")}
            <select name="profile" value={profile} onChange={(e) => setProfile((e.target as HTMLSelectElement).value)}>
              <option value="">{t("imp.profile_none")}</option>
              {(profiles.data?.items ?? [])
                .filter((p) => p.kind === kind)
                .map((p) => (
                  <option value={p.name} title={p.mapping}>{p.name}</option>
                ))}
            </select>
          </label>
          <label>
            {t("imp.file")}
            <input type="file" name="file" accept=".csv,text/csv,.xlsx,.xlsm,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" onChange={(e) => void choose(e.target as HTMLInputElement)} />
          </label>
          {mapping && !profile && (
            <div class="mapping">
              <h2>{t("imp.mapping")}</h2>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("col.column")}</th>
                    <th scope="col">{t("imp.read_as")}</th>
                  </tr>
                </thead>
                <tbody>
                  {mapping.columns.map((c, i) => (
                    <tr>
                      <td>{c.header}</td>
                      <td>
                        <select
                          aria-label={t("imp.read_as_label", { column: c.header })}
                          data-column={c.header}
                          value={chosen[i] ?? ""}
                          onChange={(e) => {
                            const next = [...chosen];
                            const value = (e.target as HTMLSelectElement).value;
                            next[i] = value === "" ? null : value;
                            setChosen(next);
                          }}
                        >
                          <option value="">{t("imp.mapping_none")}</option>
                          {mapping.fields.map((f) => (
                            <option value={f.name}>{f.name}{f.required ? " *" : ""}</option>
                          ))}
                        </select>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {missingFields(mapping.fields, chosen).length > 0 && (
                <p class="error" role="alert">
                  {t("imp.missing", { fields: missingFields(mapping.fields, chosen).join("، ") })}
                </p>
              )}
              <div class="save-profile">
                <label>
                  {t("imp.profile_save_name")}
                  <input name="profile_name" value={profileName} onInput={(e) => setProfileName((e.target as HTMLInputElement).value)} />
                </label>
                <button type="button" disabled={!profileName.trim()} onClick={() => void saveProfile()}>
                  {t("imp.profile_save")}
                </button>
                {saved && <span role="status">{t("imp.profile_saved", { name: saved })}</span>}
              </div>
            </div>
          )}
          <div class="buttons">
            <button type="submit" disabled={!file || busy !== null}>{t("imp.check")}</button>
            <button type="button" class="primary" disabled={!file || busy !== null} onClick={() => void send(false)}>
              {t("imp.run")}
            </button>
          </div>
          {busy && (
            <p role="status">
              <progress /> {busy === "check" ? t("imp.checking") : t("imp.running")}
            </p>
          )}
        </form>
      )}
      <div aria-live="polite" class="import-result">
        {preview && (
          <div class="import-preview">
            <h2>{t("imp.preview", { count: formatNumber(language, preview.rows.length) })}</h2>
            <ul>
              {previewFacts(preview).map((f) => (
                <li>{t(f.key, { value: f.value })}</li>
              ))}
            </ul>
            <DataTable
              maxHeight={400}
              data={{
                header: [t("col.row"), ...preview.fields],
                numeric: [true, ...preview.fields.map(() => false)],
                rows: preview.rows.map((r) => [formatNumber(language, r.line), ...r.values]),
                csv: preview.rows.map((r) => [r.line, ...r.values]),
              }}
            />
          </div>
        )}
        {result?.type === "valid" && <p class="ok">{t("imp.valid", { rows: formatNumber(language, result.rows) })}</p>}
        {result?.type === "done" && <p class="ok">{t("imp.done", { batch: formatNumber(language, result.batch) })}</p>}
        {result?.type === "done" && result.anonymous && (
          <p class="anonymous-sales">
            {t(result.anonymous.kept ? "imp.anonymous_kept" : "imp.anonymous_left_out", {
              lines: formatNumber(language, result.anonymous.lines),
              share: formatPercent(language, result.anonymous.share),
            })}
          </p>
        )}
        {(result?.type === "valid" || result?.type === "done") && result.likely && (
          <LikelyDuplicatesNote ctx={ctx} likely={result.likely} />
        )}
        {result?.type === "error" && <p class="error" role="alert">{result.message}</p>}
        {report && (
          <div class="error-table">
            <h2>{t("imp.error_table", { count: formatNumber(language, report.errors.errors) })}</h2>
            <DataTable
              data={{
                header: [t("col.count"), t("col.column"), t("col.problem")],
                numeric: [true, false, false],
                rows: report.errors.groups.map((g) => [formatNumber(language, g.count), g.column, g.reason]),
                csv: report.errors.groups.map((g) => [g.count, g.column, g.reason]),
              }}
            />
            {report.rejects && file && (
              <a
                class="button"
                download={rejectsName(file.name)}
                href={URL.createObjectURL(new Blob([report.rejects], { type: "text/csv;charset=utf-8" }))}
              >
                {t("imp.rejects_download")}
              </a>
            )}
          </div>
        )}
        {result?.type === "invalid" && (
          <div class="error-report">
            <p class="error" role="alert">{t("imp.invalid", { count: formatNumber(language, result.problems.length) })}</p>
            <DataTable
              maxHeight={400}
              data={{
                header: [t("col.row"), t("col.column"), t("col.problem")],
                numeric: [true, false, false],
                rows: result.problems.map((p) => [p.row === null ? "" : formatNumber(language, p.row), p.column ?? "", p.text]),
                csv: result.problems.map((p) => [p.row, p.column, p.text]),
              }}
            />
          </div>
        )}
      </div>
      <h2>{t("imp.batches")}</h2>
      {batches.error && <ErrorNote t={t} error={batches.error} retry={batches.reload} />}
      {batches.data && (
        <DataTable
          data={{
            header: [t("col.batch"), t("col.kind"), t("col.file"), t("col.rows"), t("col.date"), t("col.by"), t("col.status"), ""],
            numeric: [true, false, false, true, false, false, false, false],
            rows: batches.data.items.map((b) => [
              formatNumber(language, b.id),
              labelOf(t, "imp.kind", b.kind),
              <bdi>{b.file_name.split("/").pop() ?? ""}</bdi>,
              formatNumber(language, b.rows_total),
              formatDateTime(language, b.started_at, ctx.workspace.timezone),
              b.created_by,
              b.reverted_at ? t("imp.reverted", { batch: formatNumber(language, b.id) }) : labelOf(t, "imp.status", b.status),
              writable && !b.reverted_at ? (
                <button type="button" class="link" onClick={() => void revert(b)}>
                  {t("imp.revert")}
                </button>
              ) : (
                ""
              ),
            ]),
            csv: [],
          }}
        />
      )}
    </div>
  );
}
