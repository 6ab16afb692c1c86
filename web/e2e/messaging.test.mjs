// The messaging pages in a real browser (Debian's chromium, headless,
// playwright-core) against a real `vafa serve` and a real SMTP server on
// loopback (tests/messaging/smtp_sink.py, aiosmtpd), in English and in
// Persian: an SMTP channel is added with a write-only secret and
// test-sent, a template is written with its live preview, a campaign's
// members are counted and queued from the campaign page, `vafa send`
// delivers them and the outbox page shows them sent; the sink holds the
// Persian subject. A message the server refuses fails, shows its reason
// and is retried from the outbox; consent is changed on the customer page.
//
//   VAFA_BIN=build/src/cli/vafa node --test web/e2e/messaging.test.mjs

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
const smtpSecret = "smtp-secret-never-shown";

let scratch;
let db;
let sink;
let server;
let base;
let browser;

before(async () => {
  assert.ok(existsSync(vafa), `no vafa binary at ${vafa} (set VAFA_BIN)`);
  assert.ok(existsSync(join(web, "index.html")), `no built UI in ${web}: run npm run build`);
  scratch = mkdtempSync(join(tmpdir(), "vafa-e2e-msg-"));
  db = join(scratch, "e2e.db");
  // The server seals channel secrets, and `vafa send` opens them, with this key.
  process.env.VAFA_SECRET_KEY = "5".repeat(64);
  run(["--db", db, "demo", "--customers", "60", "--seed", "7"]);
  run(["--db", db, "user", "add", email, "--name", "Demo owner", "--role", "owner", "--language", "en",
    "--password-stdin"], password + "\n");
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

/** Inputs, selects, textareas and buttons with no accessible name. */
async function unnamedControls(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll("main input, main select, main textarea, main button")]
      .filter((el) => {
        const labelled = el.getAttribute("aria-label") || el.closest("label");
        return !labelled && !(el.tagName === "BUTTON" && (el.textContent ?? "").trim());
      })
      .map((el) => el.outerHTML.slice(0, 80)));
}

/** Customers of one made-up city, a segment of them and a campaign drawn over all of them. */
async function plantCampaign(page, city, people) {
  const ids = [];
  for (const person of people) {
    const made = await call(page, "POST", `${ws}/customers`, { city, ...person });
    ids.push(made.customer.id);
  }
  const segment = await call(page, "POST", `${ws}/segments`, {
    name: city, rules: { conditions: [{ field: "city", op: "=", value: city }] },
  });
  const campaign = await call(page, "POST", `${ws}/campaigns`, {
    name: `Yalda ${city}`, channel: "email", goal: "retention", segment_id: segment.segment.id,
    starts_at: "2026-12-01", ends_at: "2026-12-31", control_percent: 0,
  });
  await call(page, "POST", `${ws}/campaigns/${campaign.campaign.id}/draw`);
  return { campaign: campaign.campaign.id, ids };
}

async function openFromMenu(page, path, ready) {
  await page.goto(`${base}/#/`);
  await page.click(`nav.side a[href='#/${path}']`);
  await page.waitForSelector(ready);
}

/** Opens a campaign on the marketing page, counts its members and queues them. */
async function queueFromCampaignPage(page, campaign, templateName) {
  await openFromMenu(page, "marketing", `li[data-campaign='${campaign}']`);
  await page.click(`li[data-campaign='${campaign}'] button`);
  const send = page.locator(`[data-campaign-send='${campaign}']`);
  await send.waitFor();
  await send.locator("select[name=send-template]").selectOption({ label: templateName });
  await send.locator("[data-queue-report=dry-run]").waitFor();
  const counts = {};
  for (const row of await send.locator("[data-queue-report=dry-run] [data-count]").all()) {
    counts[await row.getAttribute("data-count")] = (await row.locator("dd").textContent()).trim();
  }
  assert.deepEqual(await unnamedControls(page), []);
  await send.locator("[data-action=queue-messages]").click();
  await send.locator("[data-queued]").waitFor();
  return counts;
}

describe("the messaging pages", () => {
  let page;
  let channelId;
  let people;
  before(async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("pageerror", (error) => assert.fail(`error in the page: ${error.message}`));
    await page.goto(`${base}/`);
    await page.fill("input[name=email]", email);
    await page.fill("input[name=password]", password);
    await page.click("button[type=submit]");
    await page.waitForSelector("nav.side");
  });

  test("adds an SMTP channel, writes a template and sends a campaign's members (en)", async () => {
    await setLanguage(page, "en");
    people = await plantCampaign(page, "Yaldabad", [
      { external_id: "MSG-1", first_name: "شیرین", last_name: "کریمی", email: "shirin@example.com", language: "fa" },
      { external_id: "MSG-2", first_name: "Sam", last_name: "Cole", email: "sam@example.com", language: "en" },
      { external_id: "MSG-3", first_name: "مریم", last_name: "رضایی", email: "maryam@example.com", language: "fa" },
      { external_id: "MSG-4", first_name: "نیما", last_name: "احمدی", language: "fa" },
    ]);
    await call(page, "PUT", `${ws}/customers/${people.ids[2]}/consent`, { channel: "email", opted_in: false });

    // The channel: added without a secret, then given one, which is never shown.
    await openFromMenu(page, "messaging/channels", "[data-action=new-email]");
    await page.click("[data-action=new-email]");
    await page.fill("[data-channel-form] input[name=name]", "Shop mail");
    await page.fill("[data-channel-form] input[name=host]", "127.0.0.1");
    await page.fill("[data-channel-form] input[name=port]", String(sink.port));
    await page.selectOption("[data-channel-form] select[name=security]", "none");
    await page.fill("[data-channel-form] input[name=from_address]", "shop@example.com");
    await page.fill("[data-channel-form] input[name=from_name]", "فروشگاه وفا");
    await page.fill("[data-channel-form] input[name=unsubscribe_url]", `${base}/unsubscribe/{token}`);
    assert.deepEqual(await unnamedControls(page), []);
    await page.click("[data-action=save-channel]");
    const row = page.locator("tr[data-kind=email]");
    await row.waitFor();
    channelId = Number(await row.getAttribute("data-channel"));
    assert.equal(await row.locator("[data-secret]").getAttribute("data-secret"), "false");
    await row.locator("[data-action=edit-channel]").click();
    await page.fill("[data-channel-form] input[name=secret]", smtpSecret);
    await page.click("[data-action=save-channel]");
    await page.waitForSelector(`tr[data-channel='${channelId}'] [data-secret=true]`);
    await row.locator("[data-action=edit-channel]").click();
    await page.waitForSelector("[data-channel-form] [data-secret-state=true]");
    assert.equal(await page.isChecked("[data-channel-form] input[value=keep]"), true);
    assert.equal(await page.locator("[data-channel-form] input[name=secret]").count(), 0);
    assert.ok(!(await page.content()).includes(smtpSecret), "the secret is on the page");
    assert.equal(await page.inputValue("[data-channel-form] input[name=host]"), "127.0.0.1");
    await page.click("[data-channel-form] button[type=button]"); // cancel

    // A test-send, accepted and refused, with the provider's answer.
    await row.locator("[data-action=test-channel]").click();
    await page.fill("input[name=test-to]", "owner@example.com");
    await page.click("[data-action=send-test]");
    await page.waitForSelector("[data-test-result=sent]");
    await page.fill("input[name=test-to]", "nobody@example.com");
    await page.click("[data-action=send-test]");
    const refused = page.locator("[data-test-result=permanent_failure]");
    await refused.waitFor();
    assert.match(await refused.textContent(), /permanent failure.*550/);
    assert.equal(sink.received().length, 1);

    // The template, previewed for a customer; a typo names its field.
    await openFromMenu(page, "messaging/templates", "[data-action=new-template]");
    await page.click("[data-action=new-template]");
    const form = page.locator("[data-template-form=new]");
    await form.locator("input[name=template-name]").fill("Yalda");
    await form.locator("select[name=kind]").selectOption("sms");
    await form.locator("textarea[name=body_fa]").fill("{first_name} عزیز، شب یلدا مبارک");
    await form.locator("input[name=preview-customer]").fill(String(people.ids[0]));
    await page.waitForSelector("[data-preview-body]:has-text('شیرین عزیز')");
    assert.equal(await page.getAttribute("[data-sms-parts]", "data-sms-parts"), "1");
    assert.equal(await page.getAttribute("[data-sms-parts]", "data-sms-chars"), String("شیرین عزیز، شب یلدا مبارک".length));
    await form.locator("select[name=kind]").selectOption("email");
    await form.locator("textarea[name=subject_fa]").fill("یلدا مبارک، {frist_name}");
    await page.waitForSelector("[data-preview-problem]:has-text('subject_fa')");
    await form.locator("textarea[name=subject_fa]").fill("یلدا مبارک، {first_name}");
    await form.locator("textarea[name=subject_en]").fill("Happy Yalda, {first_name}");
    await form.locator("textarea[name=body_en]").fill("Dear {first_name}, happy Yalda.");
    await form.locator("input[name=preview-customer]").fill(String(people.ids[1]));
    await page.waitForSelector("[data-preview-language=en]");
    await form.locator("select[name=preview-language]").selectOption("en");
    await page.waitForSelector("[data-preview-subject]:has-text('Happy Yalda, Sam')");
    assert.deepEqual(await unnamedControls(page), []);
    await page.click("[data-action=save-template]");
    await page.waitForSelector("tr[data-template] th:has-text('Yalda')");

    // The campaign page counts, then queues: the opted-out and the one
    // without an address are skipped.
    const counts = await queueFromCampaignPage(page, people.campaign, "Yalda");
    assert.deepEqual(counts, { queued: "2", opted_out: "1", no_address: "1" });
    assert.equal(await page.getAttribute("[data-queued]", "data-queued"), "2");

    assert.match(run(["--db", db, "send"]), /sent 2, retrying 0, failed 0/);
    // The campaign's view counts what became of its messages.
    await openFromMenu(page, "marketing", `li[data-campaign='${people.campaign}']`);
    await page.click(`li[data-campaign='${people.campaign}'] button`);
    const report = page.locator(`[data-campaign-messages='${people.campaign}']`);
    await report.locator("[data-count=sent] dd").waitFor();
    assert.equal(await report.locator("[data-count=sent] dd").textContent(), "2");
    assert.equal(await report.locator("[data-count=failed] dd").textContent(), "0");
    await openFromMenu(page, "messaging/outbox", "select[name=state]");
    await page.selectOption("select[name=state]", "sent");
    await page.waitForSelector("table.outbox tr[data-state=sent]");
    assert.equal(await page.locator("table.outbox tbody tr").count(), 2);
    assert.equal(await page.locator("table.outbox tbody tr[data-state=sent]").count(), 2);
    const subjects = await page.locator("table.outbox [data-subject]").allTextContents();
    assert.deepEqual(subjects.sort(), ["Happy Yalda, Sam", "یلدا مبارک، شیرین"]);
    assert.deepEqual(await page.locator("table.outbox tbody [data-channel]").allTextContents(), ["Shop mail", "Shop mail"]);
    assert.deepEqual(await unnamedControls(page), []);

    const mail = sink.received().find((m) => m.rcpt_tos.includes("shirin@example.com"));
    assert.ok(mail, "no message reached shirin@example.com");
    assert.equal(mail.subject, "یلدا مبارک، شیرین");
    assert.match(mail.list_unsubscribe, /\/unsubscribe\//);
    mkdirSync(join(here, "screenshots"), { recursive: true });
    await page.screenshot({ path: join(here, "screenshots", "en-outbox.png"), fullPage: true });
  });

  test("queues in Persian, shows a refused message's reason, retries it and records consent (fa)", async () => {
    assert.ok(channelId && people, "the English test made the channel and the template");
    const nobody = await plantCampaign(page, "Hichabad", [
      { external_id: "MSG-5", first_name: "هیچ", last_name: "کس", email: "nobody@example.com", language: "fa" },
    ]);
    await setLanguage(page, "fa");
    assert.equal(await page.getAttribute("html", "dir"), "rtl");
    const counts = await queueFromCampaignPage(page, nobody.campaign, "Yalda");
    assert.deepEqual(counts, { queued: "۱" });
    assert.match(run(["--db", db, "send"]), /failed 1/);

    await openFromMenu(page, "messaging/outbox", "select[name=state]");
    await page.selectOption("select[name=state]", "failed");
    const failed = page.locator("table.outbox tr[data-state=failed]");
    await failed.waitFor();
    assert.equal(await failed.count(), 1);
    assert.match(await failed.locator("[data-failure]").textContent(), /550/);
    assert.match(await page.locator("table.outbox thead").textContent(), /وضعیت.*تلاش‌ها/);
    assert.deepEqual(await unnamedControls(page), []);
    await failed.locator("[data-action=retry]").click();
    await page.waitForSelector("main [role=status]:has-text('دوباره در صف')");
    await page.selectOption("select[name=state]", "queued");
    await page.waitForSelector("table.outbox tr[data-state=queued]");

    // The customer page: their message and their consent, changed with its source.
    await page.goto(`${base}/#/customers/${people.ids[0]}`);
    await page.waitForSelector("[data-customer-messages] tr[data-state=sent]");
    const sms = page.locator("tr[data-consent-channel=sms]");
    assert.equal(await sms.getAttribute("data-consent-state"), "unknown");
    await page.fill("input[name=consent-source]", "تماس تلفنی");
    await sms.locator("[data-action=opt-out]").click();
    await page.waitForSelector("tr[data-consent-channel=sms][data-consent-state=opted_out]");
    assert.match(await sms.locator("[data-consent-source]").textContent(), /^user:\d+: تماس تلفنی$/);
    assert.equal(await page.getAttribute("tr[data-consent-channel=email]", "data-consent-state"), "unknown");
    assert.deepEqual(await unnamedControls(page), []);
    await page.screenshot({ path: join(here, "screenshots", "fa-customer-messages.png"), fullPage: true });
  });

  test("offers channels only to owners", async () => {
    run(["--db", db, "user", "add", "marketer@vafa.demo", "--role", "marketing", "--password-stdin"], password + "\n");
    const other = await browser.newPage();
    await other.goto(`${base}/`);
    await other.fill("input[name=email]", "marketer@vafa.demo");
    await other.fill("input[name=password]", password);
    await other.click("button[type=submit]");
    await other.waitForSelector("nav.side a[href='#/messaging/outbox']");
    assert.equal(await other.locator("nav.side a[href='#/messaging/channels']").count(), 0);
    assert.equal(await other.locator("nav.side a[href='#/messaging/templates']").count(), 1);
    await other.close();
  });
});
