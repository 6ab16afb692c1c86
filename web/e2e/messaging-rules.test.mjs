// The messaging rules panel of the channels page in a real browser
// (Debian's chromium, headless, playwright-core) against a real
// `vafa serve`, in English and in Persian: it shows the workspace's rules,
// saves a change of some of them (the others kept, as the API answers
// them), says which field the server refused and keeps the rules as they
// were, and explains the open pixel as a privacy choice.
//
//   VAFA_BIN=build/src/cli/vafa node --test web/e2e/messaging-rules.test.mjs

import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { launchBrowser, run, startServer, stopServer, vafa, web } from "./vafa-server.mjs";

const email = "owner@vafa.demo";
const password = "e2e password 1";
const rulesPath = "/api/v1/workspaces/demo/messaging-rules";

let scratch;
let server;
let base;
let browser;

before(async () => {
  assert.ok(existsSync(vafa), `no vafa binary at ${vafa} (set VAFA_BIN)`);
  assert.ok(existsSync(join(web, "index.html")), `no built UI in ${web}: run npm run build`);
  scratch = mkdtempSync(join(tmpdir(), "vafa-e2e-rules-"));
  const db = join(scratch, "e2e.db");
  run(["--db", db, "demo", "--customers", "20", "--seed", "7"]);
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

async function setLanguage(page, language) {
  if ((await page.getAttribute("html", "lang")) !== language) {
    await page.click("[data-action=language]");
    await page.waitForFunction((l) => document.documentElement.lang === l, language);
  }
}

async function storedRules(page) {
  const response = await page.request.get(`${base}${rulesPath}`);
  assert.equal(response.status(), 200);
  return (await response.json()).rules;
}

async function openPanel(page) {
  await page.goto(`${base}/#/`);
  await page.click("nav.side a[href='#/messaging/channels']");
  await page.waitForSelector("[data-messaging-rules] input[name=rules-from]");
  return page.locator("[data-messaging-rules]");
}

describe("the messaging rules panel", () => {
  let page;
  before(async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("pageerror", (error) => assert.fail(`error in the page: ${error.message}`));
    await page.goto(`${base}/`);
    await page.fill("input[name=email]", email);
    await page.fill("input[name=password]", password);
    await page.click("button[type=submit]");
    await page.waitForSelector("nav.side");
  });

  test("shows the rules and saves a change of some of them (en)", async () => {
    await setLanguage(page, "en");
    const panel = await openPanel(page);
    assert.equal(await panel.locator("h2").textContent(), "Messaging rules");
    assert.match(await panel.locator("[data-rules-privacy]").textContent(), /privacy choice/);
    // The defaults, as the server keeps them until a workspace sets its own.
    assert.equal(await panel.locator("input[name=rules-from]").inputValue(), "09:00");
    assert.equal(await panel.locator("input[name=rules-until]").inputValue(), "21:00");
    assert.equal(await panel.locator("input[name=rules-cap]").inputValue(), "3");
    assert.equal(await panel.locator("input[name=rules-track_opens]").isChecked(), false);

    await panel.locator("input[name=rules-from]").fill("08:30");
    await panel.locator("input[name=rules-cap]").fill("2");
    await panel.locator("input[name=rules-track_opens]").check();
    await panel.locator("[data-action=save-rules]").click();
    await panel.locator("[role=status]").waitFor();
    assert.deepEqual(await storedRules(page), {
      window_start_minute: 510, window_end_minute: 1260, on_fridays: false, on_holidays: false,
      weekly_cap: 2, track_opens: true, track_sms_links: false,
    });

    // A window that ends before it starts: the server names the field and
    // nothing changes.
    await panel.locator("input[name=rules-until]").fill("07:00");
    await panel.locator("input[name=rules-on_fridays]").check();
    await panel.locator("[data-action=save-rules]").click();
    await panel.locator("[data-rules-problem]").waitFor();
    assert.match(await panel.locator("[data-rules-problem]").textContent(), /^window_end_minute: /);
    const kept = await storedRules(page);
    assert.equal(kept.window_end_minute, 1260);
    assert.equal(kept.on_fridays, false);
  });

  test("shows and changes them in Persian (fa)", async () => {
    await setLanguage(page, "fa");
    const panel = await openPanel(page);
    assert.equal(await panel.locator("h2").textContent(), "قواعد پیام‌رسانی");
    assert.match(await panel.locator("[data-rules-privacy]").textContent(), /حریم خصوصی/);
    assert.equal(await panel.locator("input[name=rules-from]").inputValue(), "08:30");
    assert.equal(await panel.locator("input[name=rules-cap]").inputValue(), "2");
    assert.equal(await panel.locator("input[name=rules-track_opens]").isChecked(), true);
    await panel.locator("input[name=rules-on_holidays]").check();
    await panel.locator("input[name=rules-track_opens]").uncheck();
    await panel.locator("[data-action=save-rules]").click();
    await panel.locator("[role=status]").waitFor();
    assert.equal(await panel.locator("[role=status]").textContent(), "ذخیره شد.");
    const rules = await storedRules(page);
    assert.equal(rules.on_holidays, true);
    assert.equal(rules.track_opens, false);
    assert.equal(rules.window_start_minute, 510);
    assert.equal(rules.weekly_cap, 2);
    await setLanguage(page, "en");
  });
});
