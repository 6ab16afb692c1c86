// A bank's workspace (`vafa demo --kind bank`: customers hold accounts,
// deposits, cards and loans, and place no orders) in the web UI: every page
// the navigation lists, a customer's 360 page and the attention list, in
// Persian and English, answer no request with an error, log no console
// error and show no raw key (nor, in Persian, a Latin word that is neither
// in the Persian dictionary nor in a name the page's API answers carried);
// the dashboard shows the bank's panels (customers, products held and
// balances by type, openings and closings by month, customers likeliest to
// close, the move to cheaper channels, the rates behind profit) with their
// tables, in the bank's words; the rates can be changed and reset; the key
// customers page ranks customers by profit.
//
//   VAFA_BIN=build/src/cli/vafa node --test web/e2e/bank-pages.test.mjs

import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { launchBrowser, run, startServer, stopServer, vafa, web } from "./vafa-server.mjs";

const shots = join(dirname(fileURLToPath(import.meta.url)), "screenshots");
const email = "owner@bank.demo";
const password = "bank pages password 1";

let scratch;
let server;
let base;
let browser;

before(async () => {
  assert.ok(existsSync(vafa), `no vafa binary at ${vafa} (set VAFA_BIN)`);
  assert.ok(existsSync(join(web, "index.html")), `no built UI in ${web}: run npm run build`);
  mkdirSync(shots, { recursive: true });
  scratch = mkdtempSync(join(tmpdir(), "vafa-bank-pages-"));
  const db = join(scratch, "bank.db");
  run(["--db", db, "demo", "--kind", "bank", "--customers", "400", "--seed", "3"]);
  run(["--db", db, "churn", "--contracts", "--top", "0"]);
  run(["--db", db, "user", "add", email, "--name", "Bank owner", "--role", "owner", "--language", "en",
    "--password-stdin"], password + "\n");
  ({ server, base } = await startServer(db));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stopServer(server);
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** Latin words the Persian dictionaries use (RFM, CSV...), as every-page.mjs reads them. */
const persianLatin = (() => {
  const dir = join(dirname(fileURLToPath(import.meta.url)), "../src/i18n");
  const words = new Set();
  for (const file of readdirSync(dir).filter((f) => /^fa(_\w+)?\.ts$/.test(f))) {
    for (const m of readFileSync(join(dir, file), "utf8").matchAll(/"((?:[^"\\]|\\.)*)"/g)) {
      for (const w of m[1].match(/[A-Za-z][A-Za-z'-]*/g) ?? []) words.add(w);
    }
  }
  return words;
})();

/** The Latin words of the names (strings with a capital or a space) in an API answer. */
function namesIn(value, into) {
  if (typeof value === "string") {
    if (/[A-Z ]/.test(value) && !/^[a-z0-9_]+$/.test(value)) {
      for (const w of value.match(/[A-Za-z][A-Za-z'-]*/g) ?? []) into.add(w);
    }
  } else if (Array.isArray(value)) {
    value.forEach((v) => namesIn(v, into));
  } else if (value && typeof value === "object") {
    Object.values(value).forEach((v) => namesIn(v, into));
  }
}

/** Latin words on a Persian page that neither the dictionary nor the data's names hold. */
function latinWords(text, names) {
  const clean = text.replace(/\S+@\S+/g, " ").replace(/\S+\.(csv|xlsx)\b/g, " ");
  return [...new Set((clean.match(/[A-Za-z][A-Za-z'-]*/g) ?? [])
    .filter((w) => w.length > 1 && !persianLatin.has(w) && !names.has(w)))];
}

/** A page that records console errors, failed requests and error statuses. */
async function watchedPage() {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const watch = { problems: [], inFlight: 0, names: new Set() };
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

/** Waits until no request has been under way for a moment. */
async function settled(page, watch) {
  await page.waitForSelector("main h1, main h2");
  let quiet = 0;
  for (let i = 0; i < 150 && quiet < 3; i++) {
    await page.waitForTimeout(100);
    quiet = watch.inFlight <= 0 ? quiet + 1 : 0;
  }
}

async function setLanguage(page, language) {
  if ((await page.getAttribute("html", "lang")) !== language) {
    await page.click("[data-action=language]");
    await page.waitForFunction((l) => document.documentElement.lang === l, language);
  }
}

describe("a bank's workspace in the web UI", () => {
  let page;
  let watch;
  before(async () => {
    ({ page, watch } = await watchedPage());
    await page.goto(`${base}/`);
    await page.fill("input[name=email]", email);
    await page.fill("input[name=password]", password);
    await page.click("button[type=submit]");
    await page.waitForSelector("[data-tile=customers]");
    await settled(page, watch);
  });

  test("the dashboard shows the bank's panels with their tables, in the bank's words", async () => {
    await setLanguage(page, "en");
    await page.goto(`${base}/#/`);
    await page.waitForSelector("[data-panel=likeliest-to-close] table, [data-panel=likeliest-to-close] .toggle");
    await settled(page, watch);
    const text = await page.evaluate(() => document.querySelector("main").innerText);
    assert.doesNotMatch(text, /no orders to analyse/i);
    assert.doesNotMatch(text, /\border(s)?\b|\bpurchase/i, "a bank's dashboard speaks of holdings, not orders");
    for (const panel of ["held-by-type", "balances-by-type", "openings-by-month", "likeliest-to-close"]) {
      assert.ok(await page.$(`[data-panel=${panel}]`), `the ${panel} panel`);
    }
    // Each panel's table alternative: rows for the demo's types and months.
    const rowsOf = async (panel) => {
      const toTable = page.locator(`[data-panel=${panel}] .toggle button`).nth(1);
      if (await toTable.count()) await toTable.click();
      const rows = await page.$$eval(`[data-panel=${panel}] table tbody tr`, (trs) =>
        trs.map((tr) => [...tr.querySelectorAll("td,th")].map((c) => c.textContent.trim())));
      return rows;
    };
    const held = await rowsOf("held-by-type");
    const types = held.map((r) => r[0]);
    for (const type of ["Account", "Deposit", "Card", "Loan"]) assert.ok(types.includes(type), `${type} in ${types}`);
    assert.ok(held.every((r) => Number(r[1].replace(/,/g, "")) > 0), "every type has open holdings");
    const balances = await rowsOf("balances-by-type");
    assert.equal(balances.length, held.length);
    const months = await rowsOf("openings-by-month");
    assert.ok(months.length >= 24, `three years of months, got ${months.length}`);
    const opened = months.reduce((sum, r) => sum + Number(r[1].replace(/,/g, "")), 0);
    const closed = months.reduce((sum, r) => sum + Number(r[2].replace(/,/g, "")), 0);
    assert.ok(opened > 400 && closed > 0, `opened ${opened}, closed ${closed}`);
    const atRisk = await rowsOf("likeliest-to-close");
    assert.equal(atRisk.length, 10);
    const risks = atRisk.map((r) => Number(r[1].replace(/[%,]/g, "")));
    assert.deepEqual(risks, [...risks].sort((a, b) => b - a), "riskiest first");
    const customers = await page.textContent("[data-tile=customers] .tile-value");
    assert.equal(customers.trim(), "400");
    assert.deepEqual(watch.problems, []);
  });

  test("the riskiest customer's page names the chance of closing, not orders or churn", async () => {
    await setLanguage(page, "en");
    await page.goto(`${base}/#/`);
    const first = page.locator("[data-panel=likeliest-to-close] table tbody tr a").first();
    await first.waitFor();
    await first.click();
    await page.waitForSelector("[data-score=contract_close_risk]");
    await settled(page, watch);
    const score = await page.textContent("[data-score=contract_close_risk]");
    assert.match(score, /Chance of closing everything\s*\d+%/);
    const text = await page.evaluate(() => document.querySelector("main").innerText);
    assert.doesNotMatch(text, /\bOrders?\b|\bchurn\b/i);
    assert.match(await page.textContent("nav.side"), /Closing/);
    assert.deepEqual(watch.problems, []);
  });

  for (const language of ["en", "fa"]) {
    test(`in ${language}: the dashboard shows the move to cheaper channels, and key customers rank by profit`, async () => {
      await page.goto(`${base}/#/`);
      await page.waitForSelector("[data-tile=customers]");
      await setLanguage(page, language);
      watch.problems.length = 0;
      await page.goto(`${base}/#/`);
      await page.waitForSelector("[data-panel=channel-migration] canvas");
      await settled(page, watch);
      const reading = await page.textContent("[data-reading=channel-saving]");
      assert.match(reading, language === "en" ? /saved/ : /صرفه‌جویی/);
      await page.click("[data-panel=channel-migration] .toggle button:nth-child(2)");
      const rows = await page.$$eval("[data-panel=channel-migration] table tbody tr", (trs) =>
        trs.map((tr) => [...tr.querySelectorAll("td,th")].map((c) => c.textContent.trim())));
      assert.ok(rows.length >= 12, `three years of quarters, got ${rows.length}`);
      const header = await page.$$eval("[data-panel=channel-migration] table thead th", (ths) =>
        ths.map((th) => th.textContent.trim()));
      const mobile = header.indexOf(language === "en" ? "mobile banking" : "همراه‌بانک");
      assert.ok(mobile > 0, `a mobile column in ${header}`);
      const latin = (text) => text.replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x6f0))
        .replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x660));
      const share = (row) => Number(latin(row[mobile]).replace(/[^\d.]/g, ""));
      assert.ok(share(rows[rows.length - 1]) > share(rows[0]), `the mobile share grows: ${rows[0]} … ${rows[rows.length - 1]}`);

      await page.goto(`${base}/#/analytics/value`);
      await page.waitForSelector("[data-note=by-profit]");
      await page.waitForSelector("[data-panel=abc] table tbody tr");
      await settled(page, watch);
      const note = await page.textContent("[data-note=by-profit]");
      assert.match(note, language === "en" ? /ranked by what the bank earned/ : /رتبه‌بندی/);
      assert.equal(await page.$("[data-empty=no_orders]"), null, "no 'no orders' note on the key customers page");
      const title = await page.textContent("[data-panel=abc] h2");
      assert.match(title, language === "en" ? /by profit/ : /سود/);
      const classes = await page.$$eval("[data-panel=abc] table tbody tr", (trs) =>
        trs.map((tr) => tr.querySelector("td,th").textContent.trim()));
      assert.deepEqual(classes, ["A", "B", "C"]);
      assert.deepEqual(watch.problems, []);
    });

    test(`in ${language}: the riskiest customer's page gives the reasons of closing in words, as stored`, async () => {
      await setLanguage(page, language);
      await page.goto(`${base}/#/`);
      const first = page.locator("[data-panel=likeliest-to-close] table tbody tr a, [data-panel=likeliest-to-close] li a").first();
      await first.waitFor();
      const answer = page.waitForResponse((r) => /\/customers\/\d+\/360/.test(r.url()));
      await first.click();
      const scores = (await (await answer).json()).scores;
      await page.waitForSelector("[data-score=contract_close_risk]");
      await settled(page, watch);
      // The stored label, "code:value;…" heaviest first, is what the page lists.
      const stored = scores.contract_close_reasons.label.split(";").map((part) => part.split(":")[0]);
      assert.ok(stored.length > 0 && stored[0] !== "", "the riskiest customer has reasons");
      const items = await page.$$eval("[data-score=contract_close_risk] li[data-reason]", (lis) =>
        lis.map((li) => ({ code: li.dataset.reason, text: li.textContent.trim() })));
      assert.deepEqual(items.map((i) => i.code), stored);
      const stage = await page.getAttribute("[data-score=contract_close_risk] [data-stage]", "data-stage");
      assert.equal(stage, scores.contract_close_stage.label);
      for (const { code, text } of items) {
        assert.ok(text.length > 8, `${code} is a sentence: "${text}"`);
        assert.ok(text !== code && !/\b[a-z]+_[a-z_]+\b/.test(text) && !/[{}]|NaN/.test(text), `${code} in words: "${text}"`);
        if (language === "fa") {
          assert.deepEqual(text.match(/[A-Za-z]+/g) ?? [], [], `Persian words only: "${text}"`);
          assert.match(text, /[\u0600-\u06FF]/);
        }
      }
      if (language === "en") {
        const words = { credits_stopped: /salary-like credit/, complaint: /complaint/, card_unused: /Credit card left unused/ };
        for (const { code, text } of items) if (words[code]) assert.match(text, words[code]);
      }
      assert.deepEqual(watch.problems, []);
    });

    test(`in ${language}: RFM and lifetime value say why they do not apply, with links instead of empty charts`, async () => {
      await setLanguage(page, language);
      for (const name of ["rfm", "clv"]) {
        watch.problems.length = 0;
        await page.goto(`${base}/#/analytics/${name}`);
        await page.waitForSelector(`[data-contractual-note=${name}]`);
        await settled(page, watch);
        assert.equal(await page.$$eval("main canvas", (c) => c.length), 0, `${name}: no chart`);
        assert.equal(await page.$$eval("main table", (t) => t.length), 0, `${name}: no empty table`);
        const note = await page.textContent(`[data-contractual-note=${name}] [role=note]`);
        assert.ok(note.length > 80, `${name}: a sentence why: "${note}"`);
        if (language === "en") assert.match(note, /hold products/);
        else assert.match(note, /محصول نگه می‌دارند/);
        const links = await page.$$eval(`[data-contractual-note=${name}] a`, (as) => as.map((a) => a.getAttribute("href")));
        assert.deepEqual(links, ["#/analytics/churn", "#/"]);
        assert.deepEqual(watch.problems, []);
      }
      await page.click("[data-contractual-note=clv] a[data-link=closing]");
      await page.waitForFunction(() => location.hash === "#/analytics/churn");
      await settled(page, watch);
      assert.equal(await page.$("[data-contractual-note]"), null);
      assert.deepEqual(watch.problems, []);
    });
  }

  for (const language of ["en", "fa"]) {
    test(`in ${language}: the rates panel shows the defaults, saves the bank's own, names a bad row and goes back`, async () => {
      await page.goto(`${base}/#/`);
      await page.waitForSelector("[data-tile=customers]");
      await setLanguage(page, language);
      watch.problems.length = 0;
      await page.goto(`${base}/#/`);
      await page.waitForSelector("[data-panel=profit-rates] table[data-rates=spreads] tbody tr");
      await settled(page, watch);
      const source = () => page.textContent("[data-reading=rates-source]");
      assert.match(await source(), language === "en" ? /default rates/ : /پیش‌فرض/);
      const spreadRows = () => page.$$eval("[data-panel=profit-rates] table[data-rates=spreads] tbody tr", (trs) =>
        trs.map((tr) => [...tr.querySelectorAll("td")].map((c) => c.textContent.trim())));
      const before = await spreadRows();
      assert.equal(before.length, 6, "a spread for each product type");
      const account = language === "en" ? "Account" : "حساب";
      const accountRow = before.find((r) => r[0] === account);
      assert.ok(accountRow, `an ${account} row in ${JSON.stringify(before)}`);
      assert.match(accountRow[2], language === "en" ? /^4%$/ : /۴/);

      // A row without its day is named before anything is sent.
      await page.click("[data-action=edit-rates]");
      await page.waitForSelector("[data-form=rates]");
      await page.click("[data-action=add-spreads]");
      const added = page.locator("[data-rates-form=spreads] [data-rate-row]").last();
      await added.locator("select[name=subject]").selectOption("account");
      await added.locator("input[name=value]").fill(language === "en" ? "5.5" : "۵٫۵");
      let put = 0;
      const countPut = (request) => { if (request.method() === "PUT") put++; };
      page.on("request", countPut);
      await page.click("[data-action=save-rates]");
      const problem = await page.textContent("[data-problem=rates]");
      assert.match(problem, language === "en" ? /Interest spread, row 7: choose the first day/ : /ردیف ۷/);
      assert.equal(put, 0, "nothing sent for a bad row");

      // With its day the bank's own rates are stored and shown.
      await added.locator("input[name=valid_from]").fill("2025-01-01");
      const saved = page.waitForResponse((r) => r.request().method() === "PUT" && /profitability-settings/.test(r.url()));
      await page.click("[data-action=save-rates]");
      assert.equal((await saved).status(), 200);
      await page.waitForSelector("[data-note=rates]");
      page.off("request", countPut);
      assert.match(await source(), language === "en" ? /bank's own rates/ : /خود بانک/);
      const after = await spreadRows();
      assert.equal(after.length, 7);
      const stored = await page.evaluate(async () => {
        const answer = await fetch("/api/v1/workspaces/demo/holdings/profitability-settings");
        return answer.json();
      });
      assert.equal(stored.defaults, false);
      assert.deepEqual(stored.spreads.filter((r) => r.product_type === "account").map((r) => [r.valid_from, r.basis_points]),
        [["2000-01-01", 400], ["2025-01-01", 550]]);

      // Back to the defaults.
      await page.click("[data-action=reset-rates]");
      await page.waitForFunction(() => /default|پیش‌فرض/.test(document.querySelector("[data-reading=rates-source]")?.textContent ?? ""));
      assert.equal((await spreadRows()).length, 6);
      assert.deepEqual(watch.problems, []);
    });
  }

  for (const language of ["fa", "en"]) {
    test(`in ${language}: no page answers an error, logs one or shows a raw key (or, in Persian, a Latin word)`, async () => {
      await page.goto(`${base}/#/`);
      await page.waitForSelector("[data-tile=customers]");
      await setLanguage(page, language);
      const links = await page.$$eval("nav a[href^='#/']", (as) => as.map((a) => a.getAttribute("href")));
      const paths = [...new Set([...links, "#/customers/1", "#/attention"])];
      assert.ok(paths.length > 8, `the navigation lists ${paths.length} pages`);
      const failures = [];
      for (const path of paths) {
        watch.problems.length = 0;
        await page.goto(`${base}/${path}`);
        await settled(page, watch);
        for (const line of watch.problems) failures.push(`${language} ${path}: ${line}`);
        // The retail words a bank's pages must not show, and raw keys.
        const text = await page.evaluate(() => document.querySelector("main").innerText);
        for (const word of text.match(/\b[a-z]+(\.[a-z_]+)+\b/g) ?? []) {
          if (!/\.(csv|xlsx|json)$/.test(word)) failures.push(`${language} ${path}: raw key "${word}"`);
        }
        if (language === "fa") {
          for (const word of latinWords(text, watch.names)) failures.push(`fa ${path}: Latin word "${word}"`);
        }
        const name = path.replace(/^#\/?/, "").replace(/[/?=&]+/g, "-") || "dashboard";
        await page.screenshot({ path: join(shots, `bank-${language}-${name}.png`), fullPage: true });
      }
      assert.deepEqual(failures, []);
    });
  }
});
