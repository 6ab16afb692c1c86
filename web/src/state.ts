// Application state: who is signed in, in which workspace and language, and
// the route (the part of the address after #). A tiny observable store:
// components read it with useAppState() and re-render on change.

import { useEffect, useState } from "preact/hooks";
import type { Me, Workspace } from "./api";
import type { Language, MoneySetting } from "./format";

export interface Route {
  path: string[]; // "#/customers/12" → ["customers", "12"]
  query: URLSearchParams;
}

export interface AppState {
  me: Me | null;
  workspace: string | null;
  language: Language;
  route: Route;
}

export function parseRoute(hash: string): Route {
  const text = hash.replace(/^#\/?/, "");
  const [path, query = ""] = text.split("?", 2);
  return {
    path: path.split("/").filter(Boolean).map(decodeURIComponent),
    query: new URLSearchParams(query),
  };
}

export function routeHash(path: (string | number)[], query?: Record<string, string>): string {
  const text = path.map((part) => encodeURIComponent(String(part))).join("/");
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value) params.set(name, value);
  }
  const q = params.toString();
  return `#/${text}${q ? `?${q}` : ""}`;
}

/** The language before sign-in: the last one used here, else the browser's. */
export function initialLanguage(saved: string | null, browser: string): Language {
  if (saved === "fa" || saved === "en") return saved;
  return browser.toLowerCase().startsWith("fa") ? "fa" : "en";
}

/** The workspace to open: the one last used if still a member, else the first. */
export function chooseWorkspace(me: Me, saved: string | null): string | null {
  if (saved && me.workspaces.some((w) => w.slug === saved)) return saved;
  return me.workspaces[0]?.slug ?? null;
}

type Listener = () => void;

export class Store<T> {
  private listeners = new Set<Listener>();
  constructor(private value: T) {}
  get(): T {
    return this.value;
  }
  set(patch: Partial<T>): void {
    this.value = { ...this.value, ...patch };
    for (const listener of this.listeners) listener();
  }
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export const app = new Store<AppState>({
  me: null,
  workspace: null,
  language: "en",
  route: parseRoute(typeof location === "undefined" ? "" : location.hash),
});

export function useAppState(): AppState {
  const [, setTick] = useState(0);
  useEffect(() => app.subscribe(() => setTick((n) => n + 1)), []);
  return app.get();
}

export function currentWorkspace(state: AppState): Workspace | null {
  return state.me?.workspaces.find((w) => w.slug === state.workspace) ?? null;
}

export function moneySetting(workspace: Workspace | null): MoneySetting {
  return {
    currency: workspace?.currency ?? "IRR",
    display: workspace?.money_display ?? "toman",
  };
}

export function can(
  workspace: Workspace | null,
  resource: string,
  access: "read" | "write" = "read",
): boolean {
  const granted = workspace?.permissions[resource];
  return access === "read" ? granted === "read" || granted === "write" : granted === "write";
}
