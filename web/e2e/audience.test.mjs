// The campaign audiences panel on the marketing page in a real browser
// (Debian's chromium, headless, playwright-core) against a real `vafa
// serve`, in English and in Persian: on a workspace without campaigns the
// training is refused and the panel says why; on a small demo with a
// planted campaign history the models are trained, the persuadable
// audience shows its expectations with intervals and what drives it, and a
// campaign is drawn from it with its control group.
//
//   VAFA_BIN=build/src/cli/vafa node --test web/e2e/audience.test.mjs

import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { launchBrowser, run, startServer, stopServer, vafa, web } from "./vafa-server.mjs";

const email = "owner@vafa.demo";
const password = "e2e password 1";

let scratch;
let server;
let base;
let browser;

before(async () => {
  assert.ok(existsSync(vafa), `no vafa binary at ${vafa} (set VAFA_BIN)`);
  assert.ok(existsSync(join(web, "index.html")), `no built UI in ${web}: run npm run build`);
  scratch = mkdtempSync(join(tmpdir(), "vafa-e2e-audience-"));
  const db = join(scratch, "e2e.db");
  run(["--db", db, "-w", "demo", "demo", "--customers", "1500", "--seed", "3", "--end", "2026-11-20",
    "--campaign-history"]);
  run(["--db", db, "-w", "thin", "demo", "--customers", "100", "--seed", "4"]);
  run(["--db", db, "-w", "demo", "user", "add", email, "--name", "Demo owner", "--role", "owner",
    "--language", "en", "--password-stdin"], password + "\n");
  run(["--db", db, "-w", "thin", "user", "role", email, "owner"]);
  ({ server, base } = await startServer(db));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stopServer(server);
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

async function signIn(page) {
  await page.goto(`${base}/`);
  await page.fill("input[name=email]", email);
  await page.fill("input[name=password]", password);
  await page.click("button[type=submit]");
  await page.waitForSelector("nav.side");
}

async function openMarketing(page, workspace, language) {
  await signIn(page);
  await setLanguage(page, language);
  await page.selectOption("header.top select", workspace);
  await page.goto(`${base}/#/marketing`);
}

async function setLanguage(page, language) {
  if ((await page.getAttribute("html", "lang")) !== language) {
    await page.click("[data-action=language]");
    await page.waitForFunction((l) => document.documentElement.lang === l, language);
  }
}

for (const language of ["en", "fa"]) {
  describe(`campaign audiences (${language})`, () => {
    test("a workspace without campaigns is told why there are no audiences", async () => {
      const page = await browser.newPage();
      await openMarketing(page, "thin", language);
      const panel = page.locator("[data-response-audience]");
      await panel.locator("[data-response-none]").waitFor();
      await panel.locator("[data-action=train-response]").click();
      const refused = panel.locator("[data-refused=campaigns]");
      await refused.waitFor({ timeout: 30000 });
      const text = await refused.textContent();
      assert.match(text, language === "fa" ? /کمپین/ : /finished campaigns/);
      assert.match(text, language === "fa" ? /۵/ : /5/);
      await page.close();
    });

    test("trains, shows the persuadable audience and draws a campaign from it", async () => {
      const page = await browser.newPage();
      await openMarketing(page, "demo", language);
      const panel = page.locator("[data-response-audience]");
      await panel.locator("[data-action=train-response]").waitFor();
      if ((await panel.locator("[data-response-run]").count()) === 0) {
        await panel.locator("[data-action=train-response]").click();
        await panel.locator("[data-response-run]").waitFor({ timeout: 60000 });
      }
      await panel.locator("select[name=audience]").selectOption("persuadable");
      await panel.locator("input[name=size]").fill("100");
      await panel.locator("[data-action=estimate-audience]").click();
      const answer = panel.locator("[data-audience=persuadable][data-size='100']");
      await answer.waitFor();
      // Each expectation with its interval: "value (low to high)".
      for (const tile of ["expected-responders", "expected-incremental", "expected-revenue"]) {
        const text = await answer.locator(`[data-tile=${tile}] .tile-value`).textContent();
        assert.match(text, language === "fa" ? /\(.+ تا .+\)/ : /\(.+ to .+\)/, tile);
      }
      const drivers = answer.locator("[data-drivers] li");
      assert.ok((await drivers.count()) > 0, "the audience's drivers are shown");
      assert.match(await drivers.first().textContent(), language === "fa" ? /مشتریان/ : /customers as a whole/);
      await answer.locator("[data-action=draw-audience]").click();
      // The campaign is made on a segment of the audience and drawn: its
      // view offers the member list, and its line counts the control group.
      await page.locator("[data-campaign-view] [data-action=export]").waitFor();
      const line = await page.locator("[data-campaign]").first().textContent();
      assert.match(line, language === "fa" ? /۱۰۰/ : /100/);
      await page.close();
    });
  });
}
