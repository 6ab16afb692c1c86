// Every page of the web UI as people meet it, in both languages, on a phone
// (390×844): no horizontal scrolling of the page and no element past the
// screen's edges, no serious or critical accessibility violation (axe-core),
// no word outside the page's language (raw keys, English in Persian pages
// other than names from the data), and no console error or failed request
// from the first load on. The pages are those the navigation lists, plus a
// customer's 360 page, so a page added to the menu is checked too. On a
// desktop screen (1366×768) too, nothing runs past its panel (a table's
// columns cut off at a card's edge) or the screen. Screenshots go to
// web/e2e/screenshots/phone-LANGUAGE-PAGE.png.
//
//   VAFA_BIN=build/src/cli/vafa node --test web/e2e/every-page.mjs

import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { launchBrowser, run, startServer, stopServer, vafa, web } from "./vafa-server.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const shots = join(here, "screenshots");
const axeSource = readFileSync(resolve(here, "../node_modules/axe-core/axe.min.js"), "utf8");
const email = "owner@vafa.demo";
const password = "pages password 1";
const phone = { width: 390, height: 844 };
const desktop = { width: 1366, height: 768 };

let scratch;
let server;
let base;
let browser;

before(async () => {
  assert.ok(existsSync(vafa), `no vafa binary at ${vafa} (set VAFA_BIN)`);
  assert.ok(existsSync(join(web, "index.html")), `no built UI in ${web}: run npm run build`);
  mkdirSync(shots, { recursive: true });
  scratch = mkdtempSync(join(tmpdir(), "vafa-pages-"));
  const db = join(scratch, "pages.db");
  run(["--db", db, "demo", "--customers", "600", "--seed", "7"]);
  run(["--db", db, "analyze"]);
  run(["--db", db, "basket", "--min-support", "1%", "--offers"]);
  run(["--db", db, "churn", "--top", "0"]);
  run(["--db", db, "user", "add", email, "--name", "Demo owner", "--role", "owner", "--language", "en",
    "--password-stdin"], password + "\n");
  ({ server, base } = await startServer(db));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stopServer(server);
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** The texts of a dictionary's entries (web/src/i18n/LANGUAGE*.ts), and its keys. */
function dictionary(language) {
  const dir = resolve(here, "../src/i18n");
  const texts = [];
  const keys = new Set();
  for (const file of readdirSync(dir).filter((f) => new RegExp(`^${language}(_\\w+)?\\.ts$`).test(f))) {
    const source = readFileSync(join(dir, file), "utf8");
    for (const m of source.matchAll(/^\s*"?([\w.]+)"?:\s*\n?\s*"((?:[^"\\]|\\.)*)"/gm)) {
      keys.add(m[1]);
      texts.push(m[2]);
    }
  }
  return { texts, keys };
}

const persian = dictionary("fa");
const english = dictionary("en");
/** Latin words the Persian dictionary itself uses (RFM, CSV, BG/NBD...). */
const persianLatin = new Set(persian.texts.flatMap((t) => t.match(/[A-Za-z][A-Za-z'-]*/g) ?? []));

/**
 * Words a page shows that are not in its language. In Persian, a Latin word
 * passes when the Persian dictionary uses it or it belongs to a name from
 * the data (`names`: the strings with a capital or a space the page's API
 * answers carried; codes such as slow_complaint or standard_error are not
 * names). In both languages, a raw key or code (a word with an underscore,
 * a dictionary key) fails; a template placeholder in braces ({first_name})
 * is what users type, and passes.
 */
function foreignWords(text, language, names) {
  const bad = new Set();
  const clean = text
    .replace(/\S+@\S+/g, " ")
    .replace(/https?:\/\/\S+/g, " ")
    .replace(/\{[a-z_]+\}/g, " "); // a template's placeholder, typed as shown
  for (const word of clean.match(/[A-Za-z0-9_.'-]*[A-Za-z][A-Za-z0-9_.'-]*/g) ?? []) {
    const bare = word.replace(/^[.'-]+|[.'-]+$/g, "");
    if (bare === "") continue;
    if (/_/.test(bare) || english.keys.has(bare) && /\./.test(bare)) {
      bad.add(bare);
      continue;
    }
    if (language !== "fa") continue;
    if (/\d/.test(bare)) continue; // codes: SKU-12, INV2024
    if (bare.length === 1) continue; // a symbol: the p and q of a model
    if (/^[\w-]+\.[a-z]{2,4}$/.test(bare)) continue; // a file's name
    if (persianLatin.has(bare) || names.has(bare)) continue;
    bad.add(bare);
  }
  return [...bad];
}

/** The Latin words of the names in an API answer (see foreignWords). */
function namesIn(value, into) {
  if (typeof value === "string") {
    if (/[A-Z ]/.test(value) && !/^[a-z0-9_]+$/.test(value)) {
      for (const w of value.match(/[A-Za-z][A-Za-z'-]*/g) ?? []) into.add(w);
    }
  } else if (Array.isArray(value)) {
    value.forEach((v) => namesIn(v, into));
  } else if (value && typeof value === "object") {
    for (const [key, v] of Object.entries(value)) if (key !== "columns") namesIn(v, into);
  }
}

/**
 * A page that records what goes wrong: console errors, failed requests and
 * error statuses, and the names its API answers carry.
 */
async function watchedPage(viewport) {
  const page = await browser.newPage({ viewport });
  const watch = { problems: [], names: new Set(), inFlight: 0 };
  page.on("pageerror", (error) => watch.problems.push(`error in the page: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") watch.problems.push(`console error: ${message.text()}`);
  });
  page.on("request", () => watch.inFlight++);
  page.on("requestfailed", (request) => {
    watch.inFlight--;
    watch.problems.push(`request failed: ${request.method()} ${request.url()} ${request.failure()?.errorText}`);
  });
  page.on("requestfinished", () => watch.inFlight--);
  page.on("response", async (response) => {
    if (response.status() >= 400) {
      watch.problems.push(`${response.status()} from ${response.request().method()} ${response.url()}`);
    }
    if (/\/api\/v1\//.test(response.url()) && /json/.test(response.headers()["content-type"] ?? "")) {
      try {
        namesIn(await response.json(), watch.names);
      } catch {
        // A body the browser has already let go of.
      }
    }
  });
  return { page, watch };
}

/** Waits until no request has been under way for a moment and nothing says loading. */
async function settled(page, watch) {
  await page.waitForSelector("main h1, main h2");
  let quiet = 0;
  for (let i = 0; i < 200 && quiet < 3; i++) {
    await page.waitForTimeout(100);
    quiet = watch.inFlight <= 0 ? quiet + 1 : 0;
  }
  await page.waitForFunction(() => !document.querySelector("main [role=status][aria-busy=true], main p.muted[role=status]"),
    null, { timeout: 15000 }).catch(() => {});
}

async function signIn(page) {
  await page.goto(`${base}/`);
  await page.fill("input[name=email]", email);
  await page.fill("input[name=password]", password);
  await page.click("button[type=submit]");
  await page.waitForSelector("[data-tile=customers]");
}

async function setLanguage(page, language) {
  if ((await page.getAttribute("html", "lang")) !== language) {
    await page.click("[data-action=language]");
    await page.waitForFunction((l) => document.documentElement.lang === l, language);
  }
}

/**
 * What sticks out of the screen: the page's own scroll width, and every
 * visible element whose left or right edge lies past the viewport's, unless
 * it sits inside a box that scrolls (a table's wrap, the sales board), which
 * is then checked instead; inside a panel, its edges are the bounds. Works
 * the same left to right and right to left.
 */
function overflowing() {
  const width = window.innerWidth;
  const out = [];
  // A panel's own edges bound what it holds (a table cut off at a card's
  // edge on a wide screen), the screen's edges bound the rest.
  const bounds = (el, outer) => {
    if (!el.classList.contains("panel")) return outer;
    const box = el.getBoundingClientRect();
    return { left: box.left, right: box.right, what: `its panel "${(el.querySelector("h2")?.textContent ?? "").trim().slice(0, 30)}"` };
  };
  const scrolls = (el) => {
    const style = getComputedStyle(el);
    return /auto|scroll|hidden|clip/.test(style.overflowX) && el !== document.body && el !== document.documentElement;
  };
  const hidden = (el) => el.closest(".skip:not(:focus)") !== null;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? `#${el.id}` : "") +
    (typeof el.className === "string" && el.className ? `.${el.className.trim().split(/\s+/).join(".")}` : "") +
    ` "${(el.textContent ?? "").trim().slice(0, 30)}"`;
  if (document.scrollingElement.scrollWidth > width) {
    out.push(`the page scrolls sideways: ${document.scrollingElement.scrollWidth}px on a ${width}px screen`);
  }
  const walk = (el, outer) => {
    for (const child of el.children) {
      if (hidden(child)) continue;
      const box = child.getBoundingClientRect();
      if (box.width > 0 && box.height > 0 && (box.right > outer.right + 1 || box.left < outer.left - 1)) {
        out.push(`${name(child)}: ${Math.round(box.left)}..${Math.round(box.right)} past ${outer.what}` +
          ` (${Math.round(outer.left)}..${Math.round(outer.right)})`);
        continue;
      }
      if (!scrolls(child)) walk(child, bounds(child, outer));
    }
  };
  walk(document.body, { left: 0, right: width, what: "the screen" });
  return out;
}

async function axeViolations(page) {
  // Evaluated through the DevTools protocol, which the page's
  // Content-Security-Policy (no inline script) does not govern.
  if (!(await page.evaluate(() => typeof window.axe !== "undefined"))) await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const answer = await window.axe.run(document, { resultTypes: ["violations"] });
    return answer.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id} (${v.impact}): ${v.help}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
  });
  return result;
}

/** The pages to visit: the navigation's, a customer's 360 page and the attention list. */
async function pagesOf(page) {
  const links = await page.$$eval("nav a[href^='#/']", (as) => as.map((a) => a.getAttribute("href")));
  return [...new Set([...links, "#/customers/1", "#/attention", "#/customers/new"])];
}

function shotName(path) {
  return path.replace(/^#\/?/, "").replace(/[/?=&]+/g, "-") || "dashboard";
}

describe("every page, in both languages, on a phone", () => {
  let page;
  let watch;
  before(async () => {
    ({ page, watch } = await watchedPage(phone));
  });

  test("the first load and the sign-in cause no console error or failed request", async () => {
    await page.goto(`${base}/`);
    await page.waitForSelector("input[name=email]");
    await signIn(page);
    await settled(page, watch);
    assert.deepEqual(watch.problems, []);
  });

  test("the menu collapses behind a button that the keyboard opens and closes", async () => {
    const button = page.locator("[data-action=menu]");
    await button.waitFor({ timeout: 2000 });
    // The page renders a key's effect a frame later: wait (at most 2 s) for
    // the button to say `value` before asserting that it does.
    const expanded = async (value) => {
      await page
        .waitForFunction(
          (v) => document.querySelector("[data-action=menu]")?.getAttribute("aria-expanded") === v,
          value,
          { timeout: 2000 },
        )
        .catch(() => {});
      return button.getAttribute("aria-expanded");
    };
    assert.equal(await button.getAttribute("aria-expanded"), "false");
    assert.equal(await page.locator("nav.side a[href='#/customers']").isVisible(), false);
    await button.focus();
    await page.keyboard.press("Enter");
    assert.equal(await expanded("true"), "true");
    await page.locator("nav.side a[href='#/customers']").waitFor({ state: "visible" });
    let inMenu = false;
    for (let i = 0; i < 10 && !inMenu; i++) {
      await page.keyboard.press("Tab");
      inMenu = await page.evaluate(() => document.activeElement?.closest("nav.side") !== null);
    }
    assert.ok(inMenu, "Tab reaches the open menu's links");
    await page.keyboard.press("Escape");
    assert.equal(await expanded("false"), "false");
    await button.click();
    await page.click("nav.side a[href='#/customers']");
    await page.waitForSelector("table.customers");
    assert.equal(await expanded("false"), "false", "choosing a page closes the menu");
  });

  for (const language of ["fa", "en"]) {
    test(`in ${language}: no page scrolls sideways, breaks axe-core's serious rules, shows a foreign word, or fails a request`, async () => {
      await page.goto(`${base}/#/`);
      await page.waitForSelector("[data-tile=customers]");
      await setLanguage(page, language);
      assert.equal(await page.getAttribute("html", "lang"), language);
      assert.equal(await page.getAttribute("html", "dir"), language === "fa" ? "rtl" : "ltr");
      const failures = [];
      for (const path of await pagesOf(page)) {
        watch.problems.length = 0;
        await page.goto(`${base}/${path}`);
        await settled(page, watch);
        const where = `${language} ${path}`;
        for (const line of await page.evaluate(overflowing)) failures.push(`${where}: ${line}`);
        for (const line of await axeViolations(page)) failures.push(`${where}: ${line}`);
        const text = await page.evaluate(() => document.body.innerText);
        for (const word of foreignWords(text, language, watch.names)) failures.push(`${where}: foreign word "${word}"`);
        for (const line of watch.problems) failures.push(`${where}: ${line}`);
        await page.screenshot({ path: join(shots, `phone-${language}-${shotName(path)}.png`), fullPage: true });
      }
      assert.deepEqual(failures, []);
    });
  }
});

describe("every page, in both languages, on a desktop screen", () => {
  let page;
  let watch;
  before(async () => {
    ({ page, watch } = await watchedPage(desktop));
    await signIn(page);
  });

  for (const language of ["fa", "en"]) {
    test(`in ${language}: nothing runs past its panel or the screen`, async () => {
      await page.goto(`${base}/#/`);
      await page.waitForSelector("[data-tile=customers]");
      await setLanguage(page, language);
      const failures = [];
      for (const path of await pagesOf(page)) {
        watch.problems.length = 0;
        await page.goto(`${base}/${path}`);
        await settled(page, watch);
        for (const line of await page.evaluate(overflowing)) failures.push(`${language} ${path}: ${line}`);
        for (const line of watch.problems) failures.push(`${language} ${path}: ${line}`);
      }
      assert.deepEqual(failures, []);
    });
  }
});
