// Message tracking in a real browser (Debian's chromium, headless,
// playwright-core) against a real `vafa serve` and a real SMTP server on
// loopback (tests/messaging/smtp_sink.py): a workspace that allows the open
// pixel sends a campaign by e-mail; the pixel in the HTML part is fetched
// and a tracked link followed, as a mail program and a reader would; the
// campaign's view then shows opens, clicks and the uplift over delivered
// members beside the figures over everyone, in English and in Persian, and
// the outbox shows each message's opens and clicks.
//
//   VAFA_BIN=build/src/cli/vafa node --test web/e2e/tracking.test.mjs

import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { startSink } from "./smtp-sink.mjs";
import { launchBrowser, run, startServer, stopServer, vafa, web } from "./vafa-server.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const email = "owner@vafa.demo";
const password = "e2e password 1";
const ws = "/api/v1/workspaces/demo";
const target = "https://shop.example/yalda?x=1&y=2";

let scratch;
let db;
let sink;
let server;
let base;
let browser;

before(async () => {
  assert.ok(existsSync(vafa), `no vafa binary at ${vafa} (set VAFA_BIN)`);
  assert.ok(existsSync(join(web, "index.html")), `no built UI in ${web}: run npm run build`);
  scratch = mkdtempSync(join(tmpdir(), "vafa-e2e-track-"));
  db = join(scratch, "e2e.db");
  process.env.VAFA_SECRET_KEY = "6".repeat(64);
  run(["--db", db, "demo", "--customers", "60", "--seed", "7"]);
  run(["--db", db, "user", "add", email, "--name", "Demo owner", "--role", "owner", "--language", "en",
    "--password-stdin"], password + "\n");
  run(["--db", db, "-w", "demo", "messaging-rules", "--track-opens"]);
  sink = await startSink(join(scratch, "smtp"));
  ({ server, base } = await startServer(db));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stopServer(server);
  await sink?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

async function call(page, method, path, data) {
  const response = await page.request.fetch(`${base}${path}`, { method, data });
  const body = await response.json();
  assert.ok(response.ok(), `${method} ${path}: ${response.status()} ${JSON.stringify(body)}`);
  return body;
}

async function setLanguage(page, language) {
  if ((await page.getAttribute("html", "lang")) !== language) {
    await page.click("[data-action=language]");
    await page.waitForFunction((l) => document.documentElement.lang === l, language);
  }
}

async function openCampaign(page, campaign) {
  await page.goto(`${base}/#/`);
  await page.click("nav.side a[href='#/marketing']");
  await page.waitForSelector(`li[data-campaign='${campaign}']`);
  await page.click(`li[data-campaign='${campaign}'] button`);
  await page.waitForSelector(`[data-campaign-messages='${campaign}'] [data-count=opened] dd`);
}

async function tile(page, id) {
  return (await page.locator(`[data-tile=${id}] .tile-value`).textContent()).trim();
}

describe("message tracking on the campaign's view", () => {
  let page;
  let campaign;
  before(async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("pageerror", (error) => assert.fail(`error in the page: ${error.message}`));
    await page.goto(`${base}/`);
    await page.fill("input[name=email]", email);
    await page.fill("input[name=password]", password);
    await page.click("button[type=submit]");
    await page.waitForSelector("nav.side");

    const channel = await call(page, "POST", `${ws}/message-channels`, {
      name: "Shop mail", kind: "email", per_minute: 0,
      email: { host: "127.0.0.1", port: sink.port, security: "none", from_address: "shop@example.com",
        unsubscribe_url: `${base}/unsubscribe/{token}` },
    });
    const template = await call(page, "POST", `${ws}/message-templates`, {
      name: "Yalda", kind: "email", purpose: "marketing",
      subject_fa: "یلدا مبارک، {first_name}", body_fa: `{first_name} عزیز، تخفیف یلدا: ${target}`,
    });
    const ids = [];
    for (let n = 1; n <= 12; n++) {
      const made = await call(page, "POST", `${ws}/customers`, {
        city: "Trackabad", external_id: `TRK-${n}`, first_name: `مشتری ${n}`, email: `c${n}@example.com`,
      });
      ids.push(made.customer.id);
    }
    const segment = await call(page, "POST", `${ws}/segments`, {
      name: "Trackabad", rules: { conditions: [{ field: "city", op: "=", value: "Trackabad" }] },
    });
    const made = await call(page, "POST", `${ws}/campaigns`, {
      name: "Yalda tracked", channel: "email", goal: "retention", segment_id: segment.segment.id,
      starts_at: "2026-12-01", ends_at: "2026-12-31", control_percent: 40,
    });
    campaign = made.campaign.id;
    await call(page, "POST", `${ws}/campaigns/${campaign}/draw`);
    const queued = await call(page, "POST", `${ws}/campaigns/${campaign}/messages`,
      { template_id: template.template.id, channel_id: channel.channel.id });
    assert.ok(queued.queued > 0);
    assert.match(run(["--db", db, "send"]), new RegExp(`sent ${queued.queued}, retrying 0, failed 0`));

    // A mail program loads the pixel of the first message; its reader follows the link.
    const mail = sink.received()[0];
    assert.equal(mail.content_type, "multipart/alternative");
    assert.ok(!mail.body.includes("/open/"), "the plain text part carries the pixel");
    const pixel = new RegExp(`${base}(/open/[0-9a-f]{32})`).exec(mail.html);
    assert.ok(pixel, `no pixel in ${mail.html}`);
    const image = await page.request.get(`${base}${pixel[1]}`);
    assert.equal(image.headers()["content-type"], "image/gif");
    const link = new RegExp(`${base}(/link/[0-9a-f]{32}/0)`).exec(mail.body);
    assert.ok(link, `no tracked link in ${mail.body}`);
    const followed = await page.request.get(`${base}${link[1]}`, { maxRedirects: 0 });
    assert.equal(followed.status(), 302);
    assert.equal(followed.headers().location, target);
  });

  test("shows opens, clicks and the uplift over delivered members (en)", async () => {
    await setLanguage(page, "en");
    await openCampaign(page, campaign);
    const report = page.locator(`[data-campaign-messages='${campaign}']`);
    assert.equal(await report.locator("[data-count=opened] dd").textContent(), "1");
    assert.equal(await report.locator("[data-count=clicked] dd").textContent(), "1");
    assert.equal(await report.locator("[data-count=opened] dt").textContent(), "Opened");
    assert.equal(await report.locator("[data-count=clicked] dt").textContent(), "Clicked");
    const view = page.locator(`[data-campaign-view='${campaign}']`);
    assert.match(await view.textContent(), /Everyone the campaign was meant for/);
    assert.match(await view.textContent(), /Members whose message was delivered/);
    await page.waitForSelector("[data-delivered-tiles]");
    const treated = await tile(page, "treatment");
    assert.equal(await tile(page, "delivered-members"), treated);
    assert.match(await page.locator("[data-tile=delivered-uplift] .tile-label").textContent(), /Uplift \(delivered\)/);
    assert.match(await page.locator("[data-delivered-note]").textContent(), /whole control group/);

    // The campaign's own messages, from its view.
    await report.locator("[data-action=campaign-outbox]").click();
    await page.waitForSelector(`[data-outbox-campaign='${campaign}']`);
    await page.waitForSelector("table.outbox [data-tracking]");
    assert.equal(await page.locator("table.outbox tbody tr").count(), Number(treated));
    const tracking = await page.locator("table.outbox [data-tracking]").allTextContents();
    assert.ok(tracking.includes("Opened (1), Clicked (1)"), JSON.stringify(tracking));
    mkdirSync(join(here, "screenshots"), { recursive: true });
    await openCampaign(page, campaign);
    await page.screenshot({ path: join(here, "screenshots", "en-campaign-tracking.png"), fullPage: true });
  });

  test("puts the message, opened and clicked, on its customer's timeline in both languages", async () => {
    const outbox = await call(page, "GET", `${ws}/outbox?campaign_id=${campaign}&limit=50`);
    const tracked = outbox.items.find((m) => m.open_count > 0);
    assert.ok(tracked, "no opened message in the outbox");
    for (const [language, expected] of [
      ["en", /Marketing message · (Sent|Delivered) · .*Opened \(1\), Clicked \(1\)/],
      ["fa", /پیام بازاریابی · .*/],
    ]) {
      await setLanguage(page, language);
      await page.goto(`${base}/#/customers/${tracked.customer_id}`);
      const event = page.locator(`.timeline [data-message='${tracked.id}']`);
      await event.waitFor();
      assert.match(await event.textContent(), expected);
      if (language === "fa") assert.match(await event.textContent(), /یلدا مبارک/);
    }
  });

  test("shows them in Persian (fa)", async () => {
    await setLanguage(page, "fa");
    await openCampaign(page, campaign);
    const report = page.locator(`[data-campaign-messages='${campaign}']`);
    assert.equal(await report.locator("[data-count=opened] dd").textContent(), "۱");
    assert.equal(await report.locator("[data-count=clicked] dd").textContent(), "۱");
    assert.equal(await report.locator("[data-count=opened] dt").textContent(), "باز شده");
    const view = page.locator(`[data-campaign-view='${campaign}']`);
    assert.match(await view.textContent(), /همهٔ اعضای هدف کمپین/);
    assert.match(await view.textContent(), /اعضایی که پیامشان رسید/);
    assert.match(await page.locator("[data-tile=delivered-uplift] .tile-label").textContent(), /اثر افزایشی \(پیام‌رسیده\)/);
    assert.equal(await tile(page, "delivered-members"), await tile(page, "treatment"));
    assert.doesNotMatch(await page.locator("[data-delivered-tiles]").textContent(), /[A-Za-z]/);
    await page.screenshot({ path: join(here, "screenshots", "fa-campaign-tracking.png"), fullPage: true });
  });
});
