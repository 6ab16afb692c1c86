// The next product line of the customer page's holdings panel in a real
// browser (Debian's chromium, headless, playwright-core) against a real
// `vafa serve` on a small bank demo (which runs `vafa next-product`), in
// English and in Persian, on a phone-sized screen: the line names the
// products the CLI suggests for the customer, likeliest first with their
// chances, and the holdout figures; the Persian line has no Latin words.
//
//   VAFA_BIN=build/src/cli/vafa node --test web/e2e/next-product.test.mjs

import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { launchBrowser, run, startServer, stopServer, vafa, web } from "./vafa-server.mjs";

const owner = "owner@vafa.bank";
const password = "e2e password 1";
const line = "p.next-product";

let scratch;
let server;
let base;
let browser;
let report;

before(async () => {
  assert.ok(existsSync(vafa), `no vafa binary at ${vafa} (set VAFA_BIN)`);
  assert.ok(existsSync(join(web, "index.html")), `no built UI in ${web}: run npm run build`);
  scratch = mkdtempSync(join(tmpdir(), "vafa-e2e-next-product-"));
  const db = join(scratch, "e2e.db");
  run(["--db", db, "demo", "--kind", "bank", "--customers", "300", "--seed", "4", "--end", "2026-11-30"]);
  run(["--db", db, "user", "add", owner, "--name", "owner", "--role", "owner", "--language", "en",
    "--password-stdin"], password + "\n");
  // The same suggestions the demo stored, as the CLI reports them.
  report = JSON.parse(run(["--db", db, "next-product", "--no-scores", "--format", "json", "--top", "1"]));
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

test("the customer page names the likeliest next products in English and Persian", async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  const errors = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  try {
    await page.goto(`${base}/`);
    await page.fill("input[name=email]", owner);
    await page.fill("input[name=password]", password);
    await page.click("button[type=submit]");
    // A bank's dashboard: its holdings, not an analysis of orders.
    await page.waitForSelector("[data-panel=held-by-type]");
    const customer = report.customers[0];
    const expected = customer.next.map((n) => n.product);
    const api = await page.request.fetch(`${base}/api/v1/workspaces/demo/customers/${customer.customer_id}/next-product`);
    assert.ok(api.ok());
    const body = await api.json();
    assert.deepEqual(body.items.map((item) => item.product.code), expected);
    const names = body.items.map((item) => item.product.name);

    await page.goto(`${base}/#/customers/${customer.customer_id}`);
    await page.waitForSelector(line);
    assert.equal(await page.getAttribute(line, "data-next-product"), expected[0]);
    const english = await page.textContent(line);
    assert.match(english, /^Likely next product:/);
    // Likeliest first, each with its chance as a whole percentage.
    let at = -1;
    for (const [k, name] of names.entries()) {
      const share = `${Math.round(customer.next[k].probability * 100)}%`;
      const found = english.indexOf(`${name}\u2069 (${share})`);
      assert.ok(found > at, `${name} (${share}) in order in: ${english}`);
      at = found;
    }
    const hit = `${Math.round(report.evaluation.model.hit_at_3 * 100)}%`;
    assert.ok(english.includes(`for ${hit} of them`), english);

    await setLanguage(page, "fa");
    await page.waitForFunction((selector) => document.querySelector(selector)?.textContent.startsWith("محصول احتمالی بعدی"), line);
    const persian = await page.textContent(line);
    for (const name of names) assert.ok(persian.includes(name), `${name} in: ${persian}`);
    assert.ok(/[۰-۹]/.test(persian), `Persian digits in: ${persian}`);
    assert.ok(!/[A-Za-z]/.test(persian), `no Latin words in: ${persian}`);
    // The line, and the page, fit the phone's width (the tables scroll
    // inside their frame).
    assert.equal(await page.$eval(line, (p) => p.scrollWidth > p.clientWidth + 1), false);
    const page_width = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(page_width[0] <= page_width[1] + 1, `the page is ${page_width[0]} wide on a ${page_width[1]} screen`);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});
