// Expected against actual on the campaign page in a real browser (Debian's
// chromium, headless, playwright-core) against a real `vafa serve`, in
// English and in Persian: a campaign drawn before any response model was
// trained says that it kept no expectation; one drawn after `vafa response
// train`, whose window has closed, shows each expected figure with its
// interval beside what it measured, and whether the actual lies inside,
// as the API says.
//
//   VAFA_BIN=build/src/cli/vafa node --test web/e2e/expectation.test.mjs

import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { launchBrowser, run, startServer, stopServer, vafa, web } from "./vafa-server.mjs";

const email = "owner@vafa.demo";
const password = "e2e password 1";

let scratch;
let db;
let server;
let base;
let browser;
const campaigns = {};

before(async () => {
  assert.ok(existsSync(vafa), `no vafa binary at ${vafa} (set VAFA_BIN)`);
  assert.ok(existsSync(join(web, "index.html")), `no built UI in ${web}: run npm run build`);
  scratch = mkdtempSync(join(tmpdir(), "vafa-e2e-expectation-"));
  db = join(scratch, "e2e.db");
  run(["--db", db, "-w", "demo", "demo", "--customers", "1500", "--seed", "3", "--end", "2026-11-20",
    "--campaign-history"]);
  run(["--db", db, "-w", "demo", "user", "add", email, "--name", "Demo owner", "--role", "owner",
    "--language", "en", "--password-stdin"], password + "\n");
  ({ server, base } = await startServer(db));
  browser = await launchBrowser();
  const page = await browser.newPage();
  await signIn(page);
  const segment = await call(page, "POST", "/segments",
    { name: "Regulars", rules: { conditions: [{ field: "orders_count", op: ">=", value: 4 }] } });
  // Drawn before any model exists, then trained, then drawn again: both
  // windows (October 2026, 7 attribution days) have closed.
  campaigns.before = await drawnCampaign(page, segment.segment.id, "Before models");
  run(["--db", db, "-w", "demo", "response", "train", "--campaign-type", "retention"]);
  campaigns.after = await drawnCampaign(page, segment.segment.id, "After models");
  await page.close();
});

after(async () => {
  await browser?.close();
  await stopServer(server);
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

// The workspace's API through the signed-in page's session.
async function call(page, method, path, body) {
  return page.evaluate(async ({ method, url, body }) => {
    const response = await fetch(url, {
      method,
      headers: body ? { "Content-Type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
      credentials: "same-origin",
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }, { method, url: `/api/v1/workspaces/demo${path}`, body });
}

async function drawnCampaign(page, segmentId, name) {
  const made = await call(page, "POST", "/campaigns", {
    name, channel: "sms", goal: "retention", segment_id: segmentId,
    starts_at: "2026-10-01", ends_at: "2026-10-15", attribution_days: 7, control_percent: 20,
  });
  await call(page, "POST", `/campaigns/${made.campaign.id}/draw`);
  return made.campaign.id;
}

async function signIn(page) {
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

async function openCampaign(page, language, id) {
  await signIn(page);
  await setLanguage(page, language);
  await page.goto(`${base}/#/marketing`);
  await page.locator(`[data-campaign='${id}'] button`).click();
  await page.locator(`[data-campaign-view='${id}']`).waitFor();
}

for (const language of ["en", "fa"]) {
  describe(`expected against actual (${language})`, () => {
    test("a campaign drawn before the models says it kept no expectation", async () => {
      const page = await browser.newPage();
      await openCampaign(page, language, campaigns.before);
      const panel = page.locator("[data-expectation=none]");
      await panel.waitFor();
      assert.match(await panel.locator("[data-expectation-none]").textContent(),
        language === "fa" ? /انتظاری نگه داشته نشده/ : /No expectation was kept/);
      await page.close();
    });

    test("a campaign drawn after training shows its expectation beside what happened", async () => {
      const page = await browser.newPage();
      await openCampaign(page, language, campaigns.after);
      const panel = page.locator("[data-expectation=compared]");
      await panel.waitFor();
      const answer = await call(page, "GET", `/campaigns/${campaigns.after}/expectation`);
      assert.ok(answer.expectation, "the draw kept an expectation");
      assert.ok(answer.over && answer.actual, "the window has closed");
      const interval = language === "fa" ? /\(.+ تا .+\)/ : /\(.+ to .+\)/;
      const rows = {
        responders: "responders",
        incremental_buyers: "incremental_buyers",
        incremental_revenue: "incremental_revenue_minor",
      };
      for (const [figure, key] of Object.entries(rows)) {
        const row = panel.locator(`tr[data-figure=${figure}]`);
        const cells = row.locator("td");
        assert.match(await cells.nth(0).textContent(), interval, `${figure} expected`);
        assert.notEqual((await cells.nth(1).textContent()).trim(), "–", `${figure} actual`);
        const inside = answer.actual[key].inside;
        assert.equal(await row.getAttribute("data-inside"), inside ? "inside" : "outside", figure);
        const verdict = await cells.nth(2).textContent();
        if (language === "fa") assert.match(verdict, inside ? /درون/ : /بیرون/);
        else assert.match(verdict, inside ? /inside/ : /outside/);
      }
      // Measured against the control group, with its interval.
      assert.match(await panel.locator("tr[data-figure=incremental_buyers] td").nth(1).textContent(), interval);
      assert.match(await panel.locator("[data-expectation-run]").textContent(), language === "fa" ? /اجرای شمارهٔ/ : /run/);
      await page.close();
    });
  });
}
