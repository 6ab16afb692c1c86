import "@fontsource/vazirmatn/400.css";
import "@fontsource/vazirmatn/700.css";
import "./styles.css";
import { render } from "preact";
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";
import { api, ApiError, type Me, setUnauthenticatedHandler } from "./api";
import { lazyPage } from "./components/lazy";
import type { PageContext } from "./context";
import type { Language } from "./format";
import { direction, kindTranslator, type MessageKey, translator } from "./i18n";
import { Dashboard } from "./pages/Dashboard";
import { SignIn } from "./pages/SignIn";
import { Attention, AttentionLink } from "./pages/Attention";
import {
  app,
  can,
  chooseWorkspace,
  currentWorkspace,
  initialLanguage,
  moneySetting,
  parseRoute,
  useAppState,
} from "./state";

// Every page but the dashboard is loaded when first opened (components/lazy.tsx).
const Analytics = lazyPage(() => import("./pages/index").then((m) => m.Analytics));
const Customer360 = lazyPage(() => import("./pages/Customer360").then((m) => m.Customer360));
const CustomerCreate = lazyPage(() => import("./pages/CustomerCreate").then((m) => m.CustomerCreate));
const Customers = lazyPage(() => import("./pages/Customers").then((m) => m.Customers));
const Duplicates = lazyPage(() => import("./pages/Duplicates").then((m) => m.Duplicates));
const Import = lazyPage(() => import("./pages/Import").then((m) => m.Import));
const Loyalty = lazyPage(() => import("./pages/Loyalty").then((m) => m.Loyalty));
const Marketing = lazyPage(() => import("./pages/Marketing").then((m) => m.Marketing));
const Channels = lazyPage(() => import("./pages/Channels").then((m) => m.Channels));
const Outbox = lazyPage(() => import("./pages/Outbox").then((m) => m.Outbox));
const Templates = lazyPage(() => import("./pages/Templates").then((m) => m.Templates));
const Sales = lazyPage(() => import("./pages/Sales").then((m) => m.Sales));
const Surveys = lazyPage(() => import("./pages/Surveys").then((m) => m.Surveys));
const Tickets = lazyPage(() => import("./pages/Tickets").then((m) => m.Tickets));

const LANGUAGE_KEY = "vafa.language";
const WORKSPACE_KEY = "vafa.workspace";

function applyLanguage(language: Language) {
  document.documentElement.lang = language;
  document.documentElement.dir = direction(language);
  localStorage.setItem(LANGUAGE_KEY, language);
}

function signedIn(me: Me) {
  const language = me.user.language === "fa" || me.user.language === "en" ? me.user.language : app.get().language;
  applyLanguage(language);
  app.set({ me, language, workspace: chooseWorkspace(me, localStorage.getItem(WORKSPACE_KEY)) });
}

/** The side menu; an entry with `writes` shows only to those who may write that resource. */
const NAV: { path: string; key: MessageKey; writes?: string }[] = [
  { path: "", key: "nav.dashboard" },
  { path: "customers", key: "nav.customers" },
  { path: "sales", key: "nav.sales" },
  { path: "marketing", key: "nav.marketing" },
  { path: "tickets", key: "nav.tickets" },
  { path: "surveys", key: "nav.surveys" },
  { path: "loyalty", key: "nav.loyalty" },
  { path: "import", key: "nav.import" },
  { path: "duplicates", key: "nav.duplicates", writes: "customers" },
  { path: "messaging/templates", key: "nav.templates" },
  { path: "messaging/outbox", key: "nav.outbox" },
  { path: "messaging/channels", key: "nav.channels", writes: "workspace" },
  { path: "analytics/rfm", key: "nav.rfm" },
  { path: "analytics/value", key: "nav.value" },
  { path: "analytics/clv", key: "nav.clv" },
  { path: "analytics/churn", key: "nav.churn" },
  { path: "analytics/cohorts", key: "nav.cohorts" },
];

function App() {
  const state = useAppState();
  // The words follow the language and the workspace's kind (a bank's
  // customers hold products and close them; a shop's buy and churn).
  const kind = currentWorkspace(state)?.kind;
  const t = useMemo(() => kindTranslator(translator(state.language), kind), [state.language, kind]);
  // On a narrow screen the navigation folds behind a menu button (styles.css).
  const [menuOpen, setMenuOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    document.title = t("app.name");
  }, [t]);
  useEffect(() => setMenuOpen(false), [state.route]);
  // Escape closes the open menu. Listened for as the render that opened it
  // commits (a layout effect, not a deferred one), so that a key pressed in
  // the next frame is not lost.
  useLayoutEffect(() => {
    if (!menuOpen) return;
    const close = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setMenuOpen(false);
      menuButton.current?.focus();
    };
    document.addEventListener("keydown", close);
    return () => document.removeEventListener("keydown", close);
  }, [menuOpen]);
  const switchLanguage = async (language: Language) => {
    applyLanguage(language);
    app.set({ language });
    if (state.me) {
      try {
        await api.setLanguage(language);
      } catch {
        // The choice still holds in this browser.
      }
    }
  };
  if (!state.me) {
    return <SignIn t={t} language={state.language} onLanguage={switchLanguage} onSignedIn={signedIn} />;
  }
  const workspace = currentWorkspace(state);
  const path = state.route.path;
  const here = path.join("/");
  const ctx: PageContext | null = workspace && {
    t,
    language: state.language,
    workspace,
    money: moneySetting(workspace),
    calendar: state.language === "fa" ? "jalali" : "gregorian",
  };
  let page = null;
  if (ctx) {
    if (path[0] === "customers" && path[1] === "new") page = <CustomerCreate ctx={ctx} />;
    else if (path[0] === "customers" && path[1]) page = <Customer360 ctx={ctx} id={path[1]} />;
    else if (path[0] === "customers") page = <Customers ctx={ctx} query={state.route.query} />;
    else if (path[0] === "import") page = <Import ctx={ctx} />;
    else if (path[0] === "duplicates") page = <Duplicates ctx={ctx} query={state.route.query} />;
    else if (path[0] === "sales") page = <Sales ctx={ctx} />;
    else if (path[0] === "attention") page = <Attention ctx={ctx} />;
    else if (path[0] === "loyalty") page = <Loyalty ctx={ctx} query={state.route.query} />;
    else if (path[0] === "marketing") page = <Marketing ctx={ctx} />;
    else if (path[0] === "messaging" && path[1] === "channels") page = <Channels ctx={ctx} />;
    else if (path[0] === "messaging" && path[1] === "templates") page = <Templates ctx={ctx} />;
    else if (path[0] === "messaging") page = <Outbox ctx={ctx} query={state.route.query} />;
    else if (path[0] === "tickets") page = <Tickets ctx={ctx} />;
    else if (path[0] === "surveys") page = <Surveys ctx={ctx} />;
    else if (path[0] === "analytics") page = <Analytics ctx={ctx} name={path[1] ?? "rfm"} />;
    else page = <Dashboard ctx={ctx} />;
  }
  const signOut = async () => {
    try {
      await api.signOut();
    } finally {
      app.set({ me: null });
    }
  };
  return (
    <>
      <a class="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById("main")?.focus(); }}>
        {t("app.skip")}
      </a>
      <header class="top">
        <button type="button" class="menu-button" data-action="menu" ref={menuButton} aria-expanded={menuOpen}
          aria-controls="side-nav" onClick={() => setMenuOpen(!menuOpen)}>
          {t("nav.menu")}
        </button>
        <span class="brand">{t("app.name")}</span>
        {state.me.workspaces.length > 1 && (
          <select aria-label={t("nav.workspace")} value={state.workspace ?? ""}
            onChange={(e) => {
              const slug = (e.target as HTMLSelectElement).value;
              localStorage.setItem(WORKSPACE_KEY, slug);
              app.set({ workspace: slug });
            }}>
            {state.me.workspaces.map((w) => <option value={w.slug}>{w.name}</option>)}
          </select>
        )}
        <span class="spacer" />
        {workspace && <AttentionLink t={t} workspace={workspace.slug} language={state.language} />}
        <span class="user">{state.me.user.name || state.me.user.email}</span>
        <button type="button" class="link" data-action="language" title={t("nav.language_label")}
          lang={state.language === "fa" ? "en" : "fa"}
          onClick={() => void switchLanguage(state.language === "fa" ? "en" : "fa")}>
          {t("nav.language")}
        </button>
        <button type="button" class="link" onClick={() => void signOut()}>{t("nav.signout")}</button>
      </header>
      <div class="body">
        <nav id="side-nav" class={menuOpen ? "side open" : "side"} aria-label={t("nav.main")}>
          <ul>
            {NAV.filter((item) => !item.writes || can(workspace, item.writes, "write")).map((item) => {
              const active = item.path === "" ? here === "" : here === item.path || here.startsWith(item.path + "/");
              return (
                <li>
                  <a href={`#/${item.path}`} aria-current={active ? "page" : undefined}
                    onClick={() => setMenuOpen(false)}>{t(item.key)}</a>
                </li>
              );
            })}
          </ul>
        </nav>
        <main id="main" tabIndex={-1}>{page}</main>
      </div>
    </>
  );
}

async function start() {
  const language = initialLanguage(localStorage.getItem(LANGUAGE_KEY), navigator.language);
  applyLanguage(language);
  app.set({ language });
  window.addEventListener("hashchange", () => app.set({ route: parseRoute(location.hash) }));
  setUnauthenticatedHandler(() => app.set({ me: null }));
  const root = document.getElementById("app")!;
  try {
    const session = await api.session();
    if (session.signed_in && session.user && session.workspaces) {
      signedIn({ user: session.user, workspaces: session.workspaces });
    }
  } catch (reason) {
    if (!(reason instanceof ApiError && reason.status === 401)) console.error(reason);
  }
  render(<App />, root);
}

void start();
