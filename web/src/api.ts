// The one way the UI reaches vafa: the public /api/v1 API, with the session
// cookie the sign-in sets. Errors arrive as ApiError with the server's
// stable code, field and message. The types of the answers are generated
// from src/api/openapi.json (api-types.ts, `npm run api-types`), so a field
// the UI reads and the document loses breaks the type check.

import type { components, operations } from "./api-types";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** The whole answer, for errors that carry more (an import's report). */
    readonly data?: unknown,
  ) {
    super(message);
  }
}

/** A named schema of src/api/openapi.json (types generated into api-types.ts). */
export type Schema<Name extends keyof components["schemas"]> = components["schemas"][Name];

type Responses<Id extends keyof operations> = operations[Id]["responses"];

/**
 * The JSON answer of one operation of src/api/openapi.json, named by its
 * operationId, for a status (200 unless given).
 */
export type Answer<
  Id extends keyof operations,
  Status extends keyof Responses<Id> = 200 & keyof Responses<Id>,
> = Responses<Id>[Status] extends { content: { "application/json": infer Body } } ? Body : never;

/** One item of a list an answer carries (`Item<Answer<"listTickets">["items"]>`). */
export type Item<List> = List extends readonly (infer Element)[] ? Element : never;

export type Permissions = Schema<"Permissions">;
export type Workspace = Schema<"Workspace">;
export type User = Schema<"User">;
/** What the UI keeps of the caller: both sign-in and GET /me answer it. */
export type Me = Pick<Answer<"getMe">, "user" | "workspaces">;
export type Report = Schema<"Report">;
export type ScoreGroup = Item<Answer<"getScoreDistribution">["groups"]>;

export type Query = Record<string, string | number | boolean | undefined | null>;

export function queryString(query: Query | undefined): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** Called when any request answers 401, so the app can show the sign-in. */
let onUnauthenticated: () => void = () => {};
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

export async function request<T>(
  method: string,
  path: string,
  options: { query?: Query; json?: unknown; body?: BodyInit; type?: string } = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  let body: BodyInit | undefined = options.body;
  if (options.json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(options.json);
  } else if (options.type) {
    headers["Content-Type"] = options.type;
  }
  const response = await fetch(`/api/v1${path}${queryString(options.query)}`, {
    method,
    headers,
    body,
    credentials: "same-origin",
  });
  const text = await response.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    const error = (data as { error?: { code?: string; message?: string; field?: string } })
      ?.error;
    if (response.status === 401 && path !== "/auth/sign-in") onUnauthenticated();
    throw new ApiError(
      response.status,
      error?.code ?? "http_" + response.status,
      error?.message ?? response.statusText,
      error?.field,
      data,
    );
  }
  return data as T;
}

export const api = {
  me: () => request<Answer<"getMe">>("GET", "/me"),
  /** Who is signed in, if anyone: 200 either way, so no error before sign-in. */
  session: () => request<Answer<"getSession">>("GET", "/auth/session"),
  signIn: (email: string, password: string) =>
    request<Answer<"signIn">>("POST", "/auth/sign-in", { json: { email, password } }),
  signOut: () => request<unknown>("POST", "/auth/sign-out"),
  setLanguage: (language: "fa" | "en") =>
    request<Answer<"updateMe">>("PATCH", "/me", { json: { language } }),
  get: <T>(workspace: string, path: string, query?: Query) =>
    request<T>("GET", `/workspaces/${encodeURIComponent(workspace)}${path}`, { query }),
  post: <T>(workspace: string, path: string, json?: unknown, query?: Query) =>
    request<T>("POST", `/workspaces/${encodeURIComponent(workspace)}${path}`, {
      json,
      query,
    }),
  patch: <T>(workspace: string, path: string, json: unknown) =>
    request<T>("PATCH", `/workspaces/${encodeURIComponent(workspace)}${path}`, { json }),
  put: <T>(workspace: string, path: string, json: unknown, query?: Query) =>
    request<T>("PUT", `/workspaces/${encodeURIComponent(workspace)}${path}`, { json, query }),
  report: (workspace: string, name: string, query?: Query) =>
    request<Report>(
      "GET",
      `/workspaces/${encodeURIComponent(workspace)}/analytics/reports/${name}`,
      { query },
    ),
  scoreGroups: (workspace: string, name: string, measure?: string) =>
    request<Answer<"getScoreDistribution">>(
      "GET",
      `/workspaces/${encodeURIComponent(workspace)}/analytics/scores/${name}`,
      { query: { measure } },
    ),
  /** A POST whose body is CSV text rather than JSON. */
  postCsv: <T>(workspace: string, path: string, csv: string, query: Query) =>
    request<T>("POST", `/workspaces/${encodeURIComponent(workspace)}${path}`, {
      body: csv,
      type: "text/csv; charset=utf-8",
      query,
    }),
  /** A POST whose body is a file's bytes as they are (an Excel workbook); `file_name` in the query says what it is. */
  postFile: <T>(workspace: string, path: string, file: Blob, query: Query) =>
    request<T>("POST", `/workspaces/${encodeURIComponent(workspace)}${path}`, {
      body: file,
      type: "application/octet-stream",
      query,
    }),
  upload: <T>(workspace: string, file: string, query: Query) =>
    request<T>("POST", `/workspaces/${encodeURIComponent(workspace)}/import-batches`, {
      body: file,
      type: "text/csv; charset=utf-8",
      query,
    }),
};

/** Report rows as objects keyed by column name. */
export function reportRecords(report: Report): Record<string, string | number | null>[] {
  return report.rows.map((row) =>
    Object.fromEntries(report.columns.map((column, i) => [column, row[i]])),
  );
}

/** An import's errors counted by column and reason, with a few examples. */
export type ImportErrorReport = Schema<"ImportErrors">;

export interface ImportProblem {
  file: string;
  row: number | null;
  column: string | null;
  text: string;
}

/**
 * The lines of a rejected import's report ("file.csv:12: column "phone":
 * "0912": … too short") as rows of a table; a line of another shape is kept
 * whole as its text.
 */
/** The example rows of a structured report, in file order. */
export function problemsOf(report: ImportErrorReport): ImportProblem[] {
  const problems: ImportProblem[] = [];
  for (const group of report.groups) {
    for (const example of group.examples) {
      problems.push({
        file: report.file,
        row: example.line > 0 ? example.line : null,
        column: group.column || null,
        text: group.column ? `"${example.value}": ${example.reason}` : example.reason,
      });
    }
  }
  return problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
}

export function parseImportReport(message: string): ImportProblem[] {
  const problems: ImportProblem[] = [];
  for (const line of message.split("\n")) {
    // The heading ("file: …: 2 errors in 2 rows"), the table of counts by
    // column and reason, and "(N more errors of this kind not shown)" are
    // indented or summarise; the problems are the "file:row: …" lines.
    if (!line.trim() || / rejected, nothing was imported/.test(line)) continue;
    if (/^\s/.test(line) || /: \d+ errors? in \d+ rows?$/.test(line)) continue;
    const match = /^(.*?):(\d+): (?:column "([^"]*)": )?(.*)$/.exec(line);
    if (match) {
      problems.push({
        file: match[1],
        row: Number(match[2]),
        column: match[3] ?? null,
        text: match[4],
      });
    } else {
      problems.push({ file: "", row: null, column: null, text: line });
    }
  }
  return problems;
}
