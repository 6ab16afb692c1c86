// The dashboard's data quality panel in a real browser (Debian's chromium,
// headless, playwright-core) against a real `vafa serve` on a small demo
// workspace, in English and in Persian: before any run it says so; "run
// now" measures and shows completeness and validity, when, the worst fields
// with the customers each affects and links to them (one opens the
// customer's 360 page); a second run after a customer without phone or
// e-mail shows the trend against the first; a viewer reads the panel but
// has no button.
//
//   VAFA_BIN=build/src/cli/vafa node --test web/e2e/quality.test.mjs

import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { launchBrowser, run, startServer, stopServer, vafa, web } from "./vafa-server.mjs";

const owner = "owner@vafa.demo";
const viewer = "viewer@vafa.demo";
const password = "e2e password 1";
const ws = "/api/v1/workspaces/demo";
const panel = "[data-panel=quality]";

let scratch;
let server;
let base;
let browser;

before(async () => {
  assert.ok(existsSync(vafa), `no vafa binary at ${vafa} (set VAFA_BIN)`);
  assert.ok(existsSync(join(web, "index.html")), `no built UI in ${web}: run npm run build`);
  scratch = mkdtempSync(join(tmpdir(), "vafa-e2e-quality-"));
  const db = join(scratch, "e2e.db");
  run(["--db", db, "demo", "--customers", "200", "--seed", "7"]);
  for (const [email, role] of [[owner, "owner"], [viewer, "viewer"]]) {
    run(["--db", db, "user", "add", email, "--name", role, "--role", role, "--language", "en",
      "--password-stdin"], password + "\n");
  }
  ({ server, base } = await startServer(db));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stopServer(server);
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

async function call(page, method, path, data) {
  const response = await page.request.fetch(`${base}${path}`, { method, data });
  const body = await response.json();
  assert.ok(response.ok(), `${method} ${path}: ${response.status()} ${JSON.stringify(body)}`);
  return body;
}

async function signIn(page, email) {
  await page.goto(`${base}/`);
  await page.fill("input[name=email]", email);
  await page.fill("input[name=password]", password);
  await page.click("button[type=submit]");
  await page.waitForSelector("nav.side");
}

async function setLanguage(page, language) {
  if ((await page.getAttribute("html", "lang")) !== language) {
    await page.click("[data-action=language]");
    await page.waitForFunction((l) => document.documentElement.lang === l, language);
  }
}

/** The dashboard, loaded afresh, with the quality panel settled. */
async function openDashboard(page) {
  await page.goto(`${base}/#/customers`);
  await page.goto(`${base}/#/`);
  await page.waitForSelector(`${panel} [data-quality-run], ${panel} [data-quality=none]`);
}

/** The run the panel shows, or null before any. */
async function shownRun(page) {
  const shown = page.locator(`${panel} [data-quality-run]`);
  return (await shown.count()) > 0 ? shown.getAttribute("data-quality-run") : null;
}

/** Clicks "run now" and waits for a run other than `before` to show. */
async function runNow(page, before) {
  await page.click(`${panel} [data-action=run-quality]`);
  await page.waitForFunction(
    ([selector, old]) => {
      const shown = document.querySelector(`${selector} [data-quality-run]`);
      return shown && shown.getAttribute("data-quality-run") !== old;
    },
    [panel, before ?? ""],
  );
  return page.getAttribute(`${panel} [data-quality-run]`, "data-quality-run");
}

const texts = {
  en: { title: "Quality of customer data", none: /not been measured/, first: /first run/,
    trend: /(up|down) .* since the run before|unchanged since the run before/, digits: /[0-9]/ },
  fa: { title: "کیفیت داده‌های مشتریان", none: /سنجیده نشده/, first: /نخستین اجرا/,
    trend: /(بیشتر|کمتر) از اجرای قبل|بی‌تغییر نسبت به اجرای قبل/, digits: /[۰-۹]/ },
};

describe("the dashboard's quality panel", () => {
  let page;
  before(async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("pageerror", (error) => assert.fail(`error in the page: ${error.message}`));
    await signIn(page, owner);
  });

  for (const language of ["en", "fa"]) {
    test(`measures, names the worst fields and shows the trend (${language})`, async () => {
      const words = texts[language];
      await setLanguage(page, language);
      await openDashboard(page);
      assert.equal(await page.textContent(`${panel} h2`), words.title);
      const shownBefore = await shownRun(page);
      if (language === "en") {
        // Nothing has been measured in this workspace yet.
        assert.equal(shownBefore, null);
        assert.match(await page.textContent(`${panel} [data-quality=none]`), words.none);
      }

      const first = await runNow(page, shownBefore);
      const stored = await call(page, "GET", `${ws}/quality/runs/latest`);
      assert.equal(String(stored.run.id), first);
      const completeness = await page.textContent(`${panel} [data-tile=quality-completeness] .tile-value`);
      assert.match(completeness, words.digits);
      assert.match(await page.textContent(`${panel} .muted.small`), words.digits);
      if (language === "en") {
        assert.equal(completeness, new Intl.NumberFormat("en-US", { style: "percent", maximumFractionDigits: 1 })
          .format(stored.overall.completeness));
        assert.match(await page.textContent(`${panel} [data-tile=quality-completeness] .tile-delta`), words.first);
      }
      // The worst fields, as the API names them, each with links to customers.
      const rows = page.locator(`${panel} [data-table=quality-worst] tbody tr`);
      assert.equal(await rows.count(), stored.worst_fields.length);
      assert.ok(stored.worst_fields.length > 0 && stored.worst_fields.length <= 5);
      const worst = stored.worst_fields[0];
      const row = page.locator(`${panel} tr[data-field=${worst.field}]`);
      assert.match(await row.locator("td").nth(0).textContent(), words.digits);
      const links = row.locator("a");
      assert.equal(await links.count(), worst.examples.length);
      assert.equal(await links.first().getAttribute("href"), `#/customers/${worst.examples[0]}`);

      // A customer without phone or e-mail; the second run shows the trend.
      await call(page, "POST", `${ws}/customers`, {
        external_id: `Q-${language}`, first_name: "Nima", last_name: "Rad",
      });
      const second = await runNow(page, first);
      assert.notEqual(second, first);
      const latest = await call(page, "GET", `${ws}/quality/runs/latest`);
      assert.equal(String(latest.previous.id), first);
      const delta = page.locator(`${panel} [data-tile=quality-completeness] .tile-delta`);
      assert.match(await delta.textContent(), words.trend);
      const trend = await delta.getAttribute("data-trend");
      assert.equal(trend, latest.change.completeness < -0.001 ? "down"
        : latest.change.completeness > 0.001 ? "up" : "same");

      // An example opens the customer's 360 page.
      const id = latest.worst_fields[0].examples[0];
      await page.locator(`${panel} tr[data-field=${latest.worst_fields[0].field}] a`).first().click();
      await page.waitForSelector(`h1[data-customer="${id}"]`);
    });
  }

  test("a viewer reads the panel without a run button", async () => {
    const other = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(other, viewer);
    await openDashboard(other);
    assert.ok(await shownRun(other));
    assert.equal(await other.locator(`${panel} [data-action=run-quality]`).count(), 0);
    await other.close();
  });
});
