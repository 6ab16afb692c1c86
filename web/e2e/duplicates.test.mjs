// The duplicates page in a real browser (Debian's chromium, headless,
// playwright-core) against a real `vafa serve` on a small demo workspace,
// in English and in Persian: a planted pair is found with its reasons,
// reviewed field by field, merged (the kept customer's 360 page shows the
// other's order), undone (both are back as they were), and an undo the
// server refuses shows its reason; a new customer typed like an existing
// one is flagged before it is saved, and saves all the same.
//
//   VAFA_BIN=build/src/cli/vafa node --test web/e2e/duplicates.test.mjs

import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { launchBrowser, run, startServer, stopServer, vafa, web } from "./vafa-server.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const email = "owner@vafa.demo";
const password = "e2e password 1";
const ws = "/api/v1/workspaces/demo";

let scratch;
let server;
let base;
let browser;

before(async () => {
  assert.ok(existsSync(vafa), `no vafa binary at ${vafa} (set VAFA_BIN)`);
  assert.ok(existsSync(join(web, "index.html")), `no built UI in ${web}: run npm run build`);
  scratch = mkdtempSync(join(tmpdir(), "vafa-e2e-dup-"));
  const db = join(scratch, "e2e.db");
  run(["--db", db, "demo", "--customers", "200", "--seed", "7"]);
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

async function call(page, method, path, data) {
  const response = await page.request.fetch(`${base}${path}`, { method, data });
  const body = await response.json();
  assert.ok(response.ok(), `${method} ${path}: ${response.status()} ${JSON.stringify(body)}`);
  return body;
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

/** Two records of one person: the same phone written two ways, names in two spellings; the second has an order. */
async function plantPair(page, tag, names) {
  const first = await call(page, "POST", `${ws}/customers`, {
    external_id: `${tag}-1`, first_name: names[0][0], last_name: names[0][1], phone: names.phone,
  });
  const second = await call(page, "POST", `${ws}/customers`, {
    external_id: `${tag}-2`, first_name: names[1][0], last_name: names[1][1], phone: names.phoneAgain,
    email: `${tag.toLowerCase()}@example.com`,
  });
  const products = await call(page, "GET", `${ws}/products?limit=1`);
  await call(page, "POST", `${ws}/orders`, {
    customer_id: second.customer.id, external_id: `${tag}-ORDER`, ordered_at: "2026-11-20",
    lines: [{ sku: products.items[0].sku, quantity: 1, amount_minor: 1200000 }],
  });
  return { first: first.customer.id, second: second.customer.id };
}

/** The duplicates page, loaded afresh from the side menu. */
async function openDuplicates(page) {
  await page.goto(`${base}/#/`);
  await page.click("nav.side a[href='#/duplicates']");
  await page.waitForSelector("[data-pairs]");
}

/** Inputs, selects and buttons with no accessible name (a label, aria-label or their text). */
async function unnamedControls(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll("main input, main select, main button")]
      .filter((el) => {
        const labelled = el.getAttribute("aria-label") || el.closest("label");
        return !labelled && !(el.tagName === "BUTTON" && (el.textContent ?? "").trim());
      })
      .map((el) => el.outerHTML.slice(0, 80)));
}

async function orderIdsOf(page, id) {
  const full = await call(page, "GET", `${ws}/customers/${id}/360`);
  return full.recent_orders.map((o) => o.external_id);
}

describe("the duplicates page", () => {
  let page;
  before(async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("pageerror", (error) => assert.fail(`error in the page: ${error.message}`));
    await signIn(page);
  });

  const plantings = {
    en: { tag: "E2E-EN", names: Object.assign([["Mohammad", "Rezaei"], ["Mohammad", "Rezaee"]],
      { phone: "09121234001", phoneAgain: "+98 912 123 4001" }) },
    fa: { tag: "E2E-FA", names: Object.assign([["علی", "کریمی"], ["علي", "كريمي"]],
      { phone: "09121234002", phoneAgain: "۰۹۱۲ ۱۲۳ ۴۰۰۲" }) },
  };

  for (const language of ["en", "fa"]) {
    test(`reviews a planted pair, merges it and undoes the merge (${language})`, async () => {
      const { tag, names } = plantings[language];
      const pair = await plantPair(page, tag, names);
      await setLanguage(page, language);
      await openDuplicates(page);
      const row = page.locator(
        `tr[data-pair='${pair.first}-${pair.second}'], tr[data-pair='${pair.second}-${pair.first}']`);
      await row.waitFor();
      const reasons = await row.locator("td").nth(3).textContent();
      assert.match(reasons, language === "en" ? /same phone/ : /تلفن یکسان/);
      assert.deepEqual(await unnamedControls(page), []);
      await row.locator("[data-action=review]").click();

      // The pair side by side; the first listed is kept, the e-mail only
      // the second has is taken from it unless the user says otherwise.
      await page.waitForSelector("[data-review] tr[data-field=email]");
      const kept = Number((await page.getAttribute("[data-review]", "data-review")).split("-")[0]);
      const other = kept === pair.first ? pair.second : pair.first;
      assert.equal(await page.getAttribute("tr[data-field=email]", "data-take"), other === pair.second ? "other" : "kept");
      assert.deepEqual(await unnamedControls(page), []);
      // Choose the other's spelling of the last name.
      await page.check("tr[data-field=last_name] input[value=other]");
      await page.click("[data-action=merge]");
      await page.waitForSelector("[data-merged]");
      const mergeId = Number(await page.getAttribute("[data-merged]", "data-merged"));

      const merged = await call(page, "GET", `${ws}/customers/${kept}`);
      const before = (await call(page, "GET", `${ws}/customers/${other}`)).customer;
      assert.equal(merged.customer.last_name, before.last_name);
      assert.equal(merged.customer.email, `${tag.toLowerCase()}@example.com`);

      // The kept customer's 360 page shows the order the other one placed.
      await page.click("[data-merged] a");
      await page.waitForSelector(`h1[data-customer='${kept}']`);
      await page.waitForSelector(".timeline li[data-kind=order]");
      const timeline = await page.locator(".timeline li[data-kind=order]").allTextContents();
      assert.ok(timeline.some((text) => text.includes(`${tag}-ORDER`)), timeline.join("\n"));

      // Undo from the history: both customers are back, each with its own.
      await openDuplicates(page);
      await page.click(`tr[data-merge='${mergeId}'] [data-action=undo]`);
      await page.waitForSelector(`[data-undo='${mergeId}'][data-undo-ok=true]`);
      await page.waitForSelector(`tr[data-merge='${mergeId}'][data-undone=true]`);
      await row.waitFor(); // the pair is listed again
      assert.deepEqual(await orderIdsOf(page, other === pair.second ? other : kept), [`${tag}-ORDER`]);
      assert.deepEqual(await orderIdsOf(page, other === pair.second ? kept : other), []);
      const back = (await call(page, "GET", `${ws}/customers/${other}`)).customer;
      assert.equal(back.external_id, before.external_id);
      assert.equal((await call(page, "GET", `${ws}/customers/${kept}`)).customer.last_name,
        names[kept === pair.first ? 0 : 1][1]);
      mkdirSync(join(here, "screenshots"), { recursive: true });
      await page.screenshot({ path: join(here, "screenshots", `${language}-duplicates.png`), fullPage: true });
    });
  }

  test("shows the server's reason when an undo is refused", async () => {
    await setLanguage(page, "en");
    const a = await call(page, "POST", `${ws}/customers`, { external_id: "E2E-R-1", first_name: "Sara", last_name: "Amini" });
    const b = await call(page, "POST", `${ws}/customers`, { external_id: "E2E-R-2", first_name: "Sara", last_name: "Amini" });
    const c = await call(page, "POST", `${ws}/customers`, { external_id: "E2E-R-3", first_name: "Sara", last_name: "Amini" });
    const first = await call(page, "POST", `${ws}/duplicates/merges`, { kept_id: a.customer.id, other_id: b.customer.id });
    await call(page, "POST", `${ws}/duplicates/merges`, { kept_id: a.customer.id, other_id: c.customer.id });
    await openDuplicates(page);
    await page.click(`tr[data-merge='${first.id}'] [data-action=undo]`);
    const alert = page.locator(`[role=alert][data-undo='${first.id}']`);
    await alert.waitFor();
    assert.match(await alert.textContent(), /cannot be undone: merge \d+, made after merge \d+.*undo it first/);
    assert.equal(await page.getAttribute(`tr[data-merge='${first.id}']`, "data-undone"), "false");
  });

  for (const language of ["en", "fa"]) {
    test(`warns of a likely duplicate while a new customer is typed, and still saves (${language})`, async () => {
      const tag = `E2E-NEW-${language.toUpperCase()}`;
      const phone = language === "en" ? "09121234101" : "09121234102";
      const existing = await call(page, "POST", `${ws}/customers`, {
        external_id: tag, first_name: "Leila", last_name: "Moradi", phone,
      });
      await setLanguage(page, language);
      await page.goto(`${base}/#/customers`);
      await page.click("[data-action=new-customer]");
      await page.fill("input[name=first_name]", "Leila");
      await page.fill("input[name=last_name]", "Moradi");
      // The same phone, typed the international way with Persian digits.
      await page.fill("input[name=phone]", `+۹۸ ${phone.slice(1).replace(/\d/g, (d) => "۰۱۲۳۴۵۶۷۸۹"[d])}`);
      const twin = page.locator(`[data-duplicates] li[data-twin='${existing.customer.id}']`);
      await twin.waitFor();
      assert.match(await twin.textContent(), language === "en" ? /same phone/ : /تلفن یکسان/);
      assert.equal(await twin.locator("a").getAttribute("href"), `#/customers/${existing.customer.id}`);
      assert.deepEqual(await unnamedControls(page), []);
      await page.click("[data-action=save-customer]");
      await page.waitForSelector("h1[data-customer]");
      const made = Number(await page.getAttribute("h1[data-customer]", "data-customer"));
      assert.notEqual(made, existing.customer.id);
    });
  }

  test("is not offered to those who may not merge", async () => {
    run(["--db", join(scratch, "e2e.db"), "user", "add", "analyst@vafa.demo", "--role", "analyst",
      "--password-stdin"], password + "\n");
    const other = await browser.newPage();
    await other.goto(`${base}/`);
    await other.fill("input[name=email]", "analyst@vafa.demo");
    await other.fill("input[name=password]", password);
    await other.click("button[type=submit]");
    await other.waitForSelector("nav.side a[href='#/customers']");
    assert.equal(await other.locator("nav.side a[href='#/duplicates']").count(), 0);
    await other.close();
  });
});
