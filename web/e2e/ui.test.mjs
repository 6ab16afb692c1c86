// End-to-end tests of the web UI in a real browser: Debian's chromium,
// headless, driven by playwright-core, against a real `vafa serve` on a
// generated demo workspace. Screenshots of the main pages in both languages
// go to web/e2e/screenshots/ for review.
//
//   VAFA_BIN=build/src/cli/vafa node --test web/e2e/
//
// VAFA_E2E_DB=FILE uses an existing store (with an owner whose password is
// in FILE.password) instead of generating one: how the figures of
// docs/BENCHMARKS.md on a million customers are measured.

import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { launchBrowser, run, startServer, stopServer, vafa, web } from "./vafa-server.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const shots = join(here, "screenshots");
const customers = process.env.VAFA_E2E_CUSTOMERS ?? "2000";
const email = "owner@vafa.demo";

let scratch;
let server;
let base;
let password;
let browser;
const measures = {};
const cspViolations = [];

before(async () => {
  assert.ok(existsSync(vafa), `no vafa binary at ${vafa} (set VAFA_BIN)`);
  assert.ok(existsSync(join(web, "index.html")), `no built UI in ${web}: run npm run build`);
  mkdirSync(shots, { recursive: true });
  let db = process.env.VAFA_E2E_DB;
  if (db) {
    password = readFileSync(`${db}.password`, "utf8").trim();
  } else {
    scratch = mkdtempSync(join(tmpdir(), "vafa-e2e-"));
    db = join(scratch, "e2e.db");
    password = "e2e password 1";
    run(["--db", db, "demo", "--customers", customers, "--seed", "5"]);
    run(["--db", db, "analyze"]);
    run(["--db", db, "basket", "--min-support", "0.5%", "--offers"]);
    run(["--db", db, "churn", "--top", "0"]);
    run(["--db", db, "user", "add", email, "--name", "Demo owner", "--role", "owner", "--language", "en",
      "--password-stdin"], password + "\n");
  }
  ({ server, base } = await startServer(db));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stopServer(server);
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  console.log(`e2e measures: ${JSON.stringify(measures)}`);
});

/** Latin digits for Persian ones, and no separators: "۱٬۲۳۴" → 1234. */
function numberIn(text) {
  const latin = text.replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0));
  const digits = latin.replace(/[^\d]/g, "");
  return digits === "" ? NaN : Number(digits);
}

async function signIn(page) {
  await page.goto(`${base}/`);
  await page.fill("input[name=email]", email);
  await page.fill("input[name=password]", password);
  const started = Date.now();
  await page.click("button[type=submit]");
  await page.waitForSelector("[data-tile=customers]");
  await page.waitForSelector("[data-panel=revenue-by-month] canvas");
  return Date.now() - started;
}

async function api(page, path) {
  const response = await page.request.get(`${base}/api/v1${path}`);
  assert.equal(response.status(), 200, `${path}: ${await response.text()}`);
  return response.json();
}

async function setLanguage(page, language) {
  const now = await page.getAttribute("html", "lang");
  if (now !== language) {
    await page.click("[data-action=language]");
    await page.waitForFunction((l) => document.documentElement.lang === l, language);
  }
}

async function shoot(page, name) {
  const language = await page.getAttribute("html", "lang");
  await page.screenshot({ path: join(shots, `${language}-${name}.png`), fullPage: true });
}

describe("the web UI", () => {
  let page;
  before(async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("pageerror", (error) => assert.fail(`error in the page: ${error.message}`));
    // The server's Content-Security-Policy (no inline script or style, no
    // framing) must not block anything the UI does.
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
  });

  test("is served under a strict Content-Security-Policy", async () => {
    const response = await page.goto(`${base}/`);
    const policy = response.headers()["content-security-policy"] ?? "";
    assert.match(policy, /default-src 'self'/);
    assert.match(policy, /frame-ancestors 'none'/);
    assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval/);
    assert.equal(response.headers()["x-content-type-options"], "nosniff");
  });

  test("refuses a wrong password and names the problem", async () => {
    await page.goto(`${base}/`);
    await page.fill("input[name=email]", email);
    await page.fill("input[name=password]", "not the password");
    await page.click("button[type=submit]");
    const alert = await page.waitForSelector("[role=alert]");
    assert.match(await alert.textContent(), /wrong/);
  });

  test("signs in and lands on a dashboard whose numbers equal the API's", async () => {
    measures.dashboard_after_sign_in_ms = await signIn(page);
    await setLanguage(page, "en");
    assert.equal(await page.getAttribute("html", "dir"), "ltr");
    const groups = await api(page, "/workspaces/demo/analytics/scores/rfm_segment");
    const scored = groups.groups.reduce((sum, g) => sum + g.customers, 0);
    const tile = await page.textContent("[data-tile=customers] .tile-value");
    assert.equal(numberIn(tile), scored);

    // The last complete month's revenue, in toman, in the table view.
    const kpis = await api(page, "/workspaces/demo/analytics/reports/kpis?calendar=gregorian");
    const revenue = kpis.columns.indexOf("revenue");
    const month = kpis.rows[kpis.rows.length - 2];
    await page.click("[data-panel=revenue-by-month] button:has-text('Table')");
    const lastRow = page.locator("[data-panel=revenue-by-month] tbody tr").last();
    const cells = await lastRow.locator("td").allTextContents();
    assert.equal(numberIn(cells[cells.length - 1]), Math.round(month[revenue] / 10));
    const active = kpis.columns.indexOf("active_customers");
    assert.equal(numberIn(await page.textContent("[data-tile=active] .tile-value")), month[active]);

    // The Pareto sentence is the API's curve at 20%.
    const pareto = await api(page, "/workspaces/demo/analytics/reports/pareto");
    const at20 = pareto.rows.find((r) => r[0] === 20)[1];
    const sentence = await page.textContent("[data-reading=pareto]");
    assert.ok(sentence.includes(`${(at20 * 100).toFixed(1).replace(/\.0$/, "")}%`), sentence);
    // Who to keep first: the churn run's retention list, by value at risk.
    const keep = page.locator("[data-panel=keep-first] tbody tr");
    await keep.first().waitFor();
    const list = await api(page, "/workspaces/demo/analytics/reports/retention_list");
    const name = list.columns.indexOf("name");
    const names = await page.locator("[data-panel=keep-first] tbody tr td:first-child").allTextContents();
    assert.deepEqual(names, list.rows.slice(0, 10).map((r) => String(r[name])));
    await shoot(page, "dashboard");
  });

  test("searches a customer typed with Arabic letters and opens the 360 page", async () => {
    await page.goto(`${base}/#/customers`);
    await page.waitForSelector("table.customers");
    const started = Date.now();
    // «علي» with Arabic yeh finds customers stored as «علی» (Persian yeh).
    await page.fill("input[name=q]", "علي");
    await page.waitForSelector('[data-took][data-query="علي"]');
    await page.waitForFunction(() =>
      [...document.querySelectorAll("table.customers tbody tr td:nth-child(2)")].every((td) => td.textContent.includes("علی")),
    );
    measures.search_typed_to_rows_ms = Date.now() - started; // includes the 250 ms typing pause
    measures.search_request_ms = Number(await page.getAttribute("[data-took]", "data-took"));
    const names = await page.locator("table.customers tbody tr td:nth-child(2)").allTextContents();
    assert.ok(names.length > 0);
    await shoot(page, "customers");

    await page.locator("table.customers tbody tr td:nth-child(2) a").first().click();
    await page.waitForSelector("h1[data-customer]");
    assert.equal((await page.textContent("h1[data-customer]")).trim(), names[0].trim());
    const id = await page.getAttribute("h1[data-customer]", "data-customer");
    const full = await api(page, `/workspaces/demo/customers/${id}/360`);
    const events = await page.locator(".timeline li").count();
    assert.equal(events, full.recent_orders.length + full.recent_interactions.length + full.recent_tickets.length +
      full.campaigns.length + full.survey_answers.length);
    // The demo posted every order to the loyalty ledger: the balance shows.
    assert.equal(Number(await page.getAttribute("[data-score=loyalty]", "data-balance")), full.loyalty.balance);
    await shoot(page, "customer-360");
  });

  test("shows a customer's churn risk with its reasons and stored offers", async () => {
    // A customer high on the retention list (at risk, with reasons) who also
    // has stored offers.
    const list = await api(page, "/workspaces/demo/analytics/reports/retention_list");
    let id = null;
    let full = null;
    for (const row of list.rows.slice(0, 40)) {
      full = await api(page, `/workspaces/demo/customers/${row[0]}/360`);
      if (full.scores.next_offer_1 && full.scores.churn_reasons?.label) {
        id = row[0];
        break;
      }
    }
    assert.ok(id !== null, "a customer at risk has offers");
    await page.goto(`${base}/#/customers/${id}`);
    // This customer's page, not the one shown before it.
    await page.waitForSelector(`h1[data-customer="${id}"]`);
    await page.waitForSelector("[data-score=churn_risk]");
    assert.equal(await page.getAttribute("[data-score=churn_risk]", "data-band"), full.scores.churn_risk.label);
    const codes = full.scores.churn_reasons.label.split(";").map((r) => r.split(":")[0]);
    const shownReasons = await page.locator("[data-reason]").evaluateAll((items) => items.map((li) => li.getAttribute("data-reason")));
    assert.deepEqual(shownReasons, codes);
    for (const text of await page.locator("[data-reason]").allTextContents()) assert.doesNotMatch(text, /reason\./);
    assert.equal(await page.getAttribute("[data-score=churn_risk] [data-action]", "data-action"), full.scores.retention_priority.label);
    // One sentence reconciles the segment, P(alive) and the risk, in words.
    assert.ok(full.story, "a scored customer has a story");
    assert.equal(await page.getAttribute("[data-story]", "data-story"), full.story.kind);
    assert.doesNotMatch(await page.textContent("[data-story]"), /story\.|story_segment\.|NaN/);
    // The next-best offers are the stored ones, in rank order.
    const stored = Object.keys(full.scores)
      .filter((name) => /^next_offer_\d+$/.test(name))
      .sort((a, b) => Number(a.split("_")[2]) - Number(b.split("_")[2]))
      .map((name) => full.scores[name].label);
    const shown = await page.locator("[data-offer]").evaluateAll((items) => items.map((li) => li.getAttribute("data-offer")));
    assert.ok(stored.length > 0);
    assert.deepEqual(shown, stored);
    await shoot(page, "customer-360-churn");
  });

  test("logs a call from the 360 page onto the timeline", async () => {
    const before = await page.locator(".timeline li").count();
    await page.click("button:has-text('Log a call')");
    await page.fill("form.quick textarea", "Asked about the Yalda offer");
    await page.click("form.quick button[type=submit]");
    await page.waitForFunction((n) => document.querySelectorAll(".timeline li").length === n + 1, before);
    assert.match(await page.textContent(".timeline li:first-child"), /Yalda offer/);
  });

  test("creates a task from the 360 page; it shows among the customer's open tasks", async () => {
    const before = await api(page, "/workspaces/demo/customers/4/360");
    await page.goto(`${base}/#/customers/4`);
    await page.click("[data-action=new-task]");
    await page.selectOption("select[name=task_kind]", "meeting");
    await page.fill("input[name=due]", "2027-01-10");
    await page.fill("form.quick textarea", "Show the new samovar range");
    await page.click("form.quick button[type=submit]");
    await page.waitForSelector("[role=status]");
    const after = await api(page, "/workspaces/demo/customers/4/360");
    assert.equal(after.open_tasks.length, before.open_tasks.length + 1);
    const task = after.open_tasks.find((x) => x.title === "Show the new samovar range");
    assert.equal(task.kind, "meeting");
  });

  test("opens a complaint ticket from the 360 page; it joins the timeline with its SLA due", async () => {
    const before = await page.locator(".timeline li[data-kind=ticket]").count();
    await page.click("button:has-text('Open a ticket')");
    await page.selectOption("form.quick select[name=ticket_type]", "complaint");
    await page.selectOption("form.quick select[name=priority]", "high");
    await page.fill("form.quick textarea", "The samovar arrived broken");
    await page.click("form.quick button[type=submit]");
    await page.waitForFunction((n) => document.querySelectorAll(".timeline li[data-kind=ticket]").length === n + 1, before);
    assert.match(await page.textContent(".timeline li[data-kind=ticket]"), /samovar arrived broken/);
    const id = await page.getAttribute("h1[data-customer]", "data-customer");
    const tickets = await api(page, `/workspaces/demo/tickets?customer_id=${id}&type=complaint`);
    const made = tickets.items.find((x) => x.subject === "The samovar arrived broken");
    assert.equal(made.priority, "high");
    assert.ok(made.first_response_due_at > made.opened_at);
  });

  test("shows the service desk: the queue with its SLA clocks and the service figures", async () => {
    await page.goto(`${base}/#/tickets`);
    await page.waitForSelector("[data-report] [data-tile=tickets]");
    const report = await api(page, "/workspaces/demo/service/report");
    assert.equal(numberIn(await page.textContent("[data-tile=tickets] .tile-value")), report.tickets);
    // Only the complaints, then only the late-answered ones' states show.
    await page.selectOption("select[name=type]", "complaint");
    await page.waitForSelector(`[data-filter*='"type":"complaint"']`);
    const listed = await api(page, "/workspaces/demo/tickets?type=complaint&sort=-id&limit=50");
    await page.waitForFunction((n) => document.querySelectorAll("[aria-label] table tbody tr").length >= Math.min(n, 1), listed.items.length);
    const states = await page.locator("[data-sla=first_response]").evaluateAll((cells) => cells.map((c) => c.getAttribute("data-state")));
    assert.deepEqual(states, listed.items.map((x) => x.sla.first_response.state));
    await shoot(page, "tickets");
  });

  test("moves a deal on the sales board by dragging it; a loss asks for its reason", async () => {
    await page.goto(`${base}/#/sales`);
    await page.waitForSelector(".board [data-stage=lead_in]");
    // Each column counts what the API's board counts.
    const board = await api(page, "/workspaces/demo/sales/board");
    for (const stage of board.stages) {
      assert.equal(Number(await page.getAttribute(`[data-stage=${stage.key}]`, "data-count")), stage.count, stage.key);
    }
    const open = board.stages.filter((s) => s.outcome === "open").reduce((sum, s) => sum + s.count, 0);
    assert.equal(numberIn(await page.textContent("[data-tile=open] .tile-value")), open);
    const qualified = board.stages.find((s) => s.key === "qualified");
    assert.ok(qualified.deals.length > 0, "the demo has qualified deals");
    const deal = qualified.deals[0];
    await page.dragAndDrop(`[data-deal="${deal.id}"]`, "[data-stage=proposal]");
    await page.waitForSelector(`[data-stage=proposal] [data-deal="${deal.id}"]`);
    await page.waitForFunction(() => document.querySelector("[data-sales-note]")?.textContent !== "");
    const moved = await api(page, `/workspaces/demo/deals/${deal.id}`);
    assert.equal(moved.deal.stage, "proposal");
    assert.equal(moved.deal.probability, 50);
    assert.deepEqual(moved.deal.moves.slice(-1).map((m) => [m.from, m.to]), [["qualified", "proposal"]]);
    // Dropped on "lost", the card waits for a reason before it goes.
    await page.dragAndDrop(`[data-deal="${deal.id}"]`, "[data-stage=lost]");
    await page.waitForSelector("[data-lost-reason]");
    assert.equal(await page.locator(`[data-stage=proposal] [data-deal="${deal.id}"]`).count(), 1);
    await page.selectOption("[data-lost-reason] select[name=reason]", "chose a competitor");
    await page.click("[data-lost-reason] button[type=submit]");
    await page.waitForSelector(`[data-stage=lost] [data-deal="${deal.id}"]`);
    await page.waitForFunction(
      (id) => fetch(`/api/v1/workspaces/demo/deals/${id}`).then((r) => r.json()).then((d) => d.deal.status === "lost"),
      deal.id,
    );
    const lost = await api(page, `/workspaces/demo/deals/${deal.id}`);
    assert.equal(lost.deal.close_reason, "chose a competitor");
    // The forecast lists the months the API gives.
    const forecast = await api(page, "/workspaces/demo/sales/forecast?calendar=gregorian");
    await page.waitForSelector("[data-forecast] tbody tr");
    assert.equal(await page.locator("[data-forecast] tbody tr").count(), forecast.months.length);
    await shoot(page, "sales");
    await setLanguage(page, "fa");
    await page.waitForSelector("[data-stage=negotiation] h2");
    assert.match(await page.textContent("[data-stage=negotiation] h2"), /مذاکره/);
    await shoot(page, "sales");
    await setLanguage(page, "en");
  });

  test("builds a segment, runs a campaign on it with a control group and exports the list", async () => {
    await page.goto(`${base}/#/marketing`);
    await page.waitForSelector("[data-builder] [data-condition='0']");
    // The default condition: three orders or more. Counted, it equals the API's.
    await page.click("[data-action=preview]");
    await page.waitForSelector("[data-preview]");
    const rules = { match: "all", conditions: [{ field: "orders_count", op: ">=", value: 3 }] };
    const expected = await page.request.post(`${base}/api/v1/workspaces/demo/segments/preview`, { data: { rules } });
    const preview = await expected.json();
    assert.equal(Number(await page.getAttribute("[data-preview]", "data-preview")), preview.customers);
    const before = Number(await page.getAttribute("[data-segments]", "data-segments"));
    await page.fill("input[name=segment-name]", "Regulars (e2e)");
    await page.click("[data-action=save-segment]");
    await page.waitForFunction((n) => Number(document.querySelector("[data-segments]")?.getAttribute("data-segments")) === n + 1, before);

    await page.fill("input[name=campaign-name]", "Autumn thanks (e2e)");
    await page.selectOption("select[name=segment]", { label: "Regulars (e2e)" });
    await page.fill("input[name=starts]", "2026-10-01");
    await page.fill("input[name=ends]", "2026-10-31");
    await page.fill("input[name=control]", "20");
    await page.click("[data-action=create-campaign]");
    await page.waitForSelector("[data-campaign-view] [data-action=draw]");
    await page.click("[data-action=draw]");
    await page.waitForSelector("[data-campaign-view] [data-action=export]");
    await page.waitForSelector("[data-report-tiles] [data-tile=treatment]");
    const id = Number(await page.getAttribute("[data-campaign-view]", "data-campaign-view"));
    const report = await api(page, `/workspaces/demo/campaigns/${id}/report`);
    assert.equal(report.treatment.members + report.control.members, preview.customers);
    await page.waitForFunction(
      (n) => document.querySelector("[data-tile=treatment] .tile-value")?.textContent.replace(/[^0-9]/g, "") === String(n),
      report.treatment.members,
    );
    assert.equal(numberIn(await page.textContent("[data-tile=control] .tile-value")), report.control.members);
    assert.ok(["up", "down", "unclear"].includes(await page.getAttribute("[data-verdict]", "data-verdict")));
    // Responses from a CSV file, by external id.
    const members = await api(page, `/workspaces/demo/campaigns/${id}/members`);
    const file = `external_id,converted_at,revenue_minor\n${members.items[0].external_id},2026-10-05,1000\n`;
    await page.setInputFiles("input[name=responses]", { name: "responses.csv", mimeType: "text/csv", buffer: Buffer.from(file) });
    await page.waitForSelector("[data-responses-note]");
    const after = await api(page, `/workspaces/demo/campaigns/${id}/report`);
    assert.equal(after.treatment.converted, 1);
    const href = await page.getAttribute("[data-action=export]", "href");
    const csv = await (await page.request.get(`${base}${href}`)).text();
    assert.equal(csv.trim().split("\n").length, report.treatment.members + 1);
    await shoot(page, "marketing");
  });

  test("shows survey scores with their margins, withholds small pulse groups, and takes a readiness assessment", async () => {
    const surveys = await api(page, "/workspaces/demo/surveys");
    const nps = surveys.items.find((s) => s.kind === "nps");
    const pulse = surveys.items.find((s) => s.kind === "pulse");
    const readiness = surveys.items.find((s) => s.kind === "readiness");
    await page.goto(`${base}/#/surveys`);
    await page.selectOption("select[name=survey]", String(nps.id));
    await page.waitForSelector(`[data-survey="${nps.id}"]`);
    await page.selectOption("select[name=by]", "branch");
    const byBranch = await api(page, `/workspaces/demo/surveys/${nps.id}/report?by=branch`);
    await page.waitForFunction((n) => Number(document.querySelector("[data-groups]")?.getAttribute("data-groups")) === n, byBranch.groups.length);
    assert.equal(numberIn(await page.textContent("[data-tile=responses] .tile-value")), byBranch.responses);
    // The pulse: the group of three shows no score.
    await page.selectOption("select[name=survey]", String(pulse.id));
    await page.waitForSelector(`[data-survey="${pulse.id}"] table tbody tr`);
    const groups = await api(page, `/workspaces/demo/surveys/${pulse.id}/report?by=group`);
    const withheld = groups.groups.filter((g) => g.withheld).length;
    assert.ok(withheld >= 1);
    const cells = await page.locator(`[data-survey="${pulse.id}"] tbody tr td:nth-child(3)`).allTextContents();
    assert.equal(cells.filter((c) => /withheld/.test(c)).length, withheld);
    await shoot(page, "surveys");
    // Readiness: answer every statement with 5, and the history grows.
    await page.selectOption("select[name=survey]", String(readiness.id));
    await page.waitForSelector("[data-assess] select[name=kcf1]");
    const before = Number(await page.getAttribute("[data-assessments]", "data-assessments"));
    for (const select of await page.locator("[data-assess] fieldset select").all()) {
      await select.selectOption("5");
    }
    await page.fill("[data-assess] input[name=group]", "e2e team");
    await page.click("[data-action=assess]");
    await page.waitForFunction((n) => Number(document.querySelector("[data-assessments]")?.getAttribute("data-assessments")) === n + 1, before);
    // Every answer 5 of 7: (5 - 1) / 6 = 66.67 on every dimension.
    const overall = await page.locator("[data-overall]").last().getAttribute("data-overall");
    assert.equal(overall, "66.67");
    await shoot(page, "readiness");
  });

  test("shows what needs attention, most urgent first, with its count in the header", async () => {
    const alerts = await api(page, "/workspaces/demo/notifications");
    const total = Object.values(alerts.counts).reduce((a, b) => a + b, 0);
    await page.goto(`${base}/#/attention`);
    await page.waitForSelector("[data-alerts]");
    assert.equal(Number(await page.getAttribute("[data-alerts]", "data-alerts")), alerts.items.length);
    const kinds = await page.locator("[data-alert]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-alert")));
    assert.deepEqual(kinds, alerts.items.map((a) => a.kind));
    await page.waitForFunction((n) => document.querySelector("[data-attention]")?.getAttribute("data-attention") === String(n), total);
    await shoot(page, "attention");
  });

  test("redeems a loyalty reward from a customer's account and the balance follows", async () => {
    let id = 0;
    let balance = 0;
    for (let c = 1; c <= 200 && id === 0; c++) {
      const account = await api(page, `/workspaces/demo/customers/${c}/loyalty`);
      if (account.balance >= 50) {
        id = c;
        balance = account.balance;
      }
    }
    assert.ok(id > 0, "a demo customer has 50 points");
    const liability = await api(page, "/workspaces/demo/loyalty/liability");
    await page.goto(`${base}/#/loyalty?customer=${id}`);
    await page.waitForSelector(`[data-account="${id}"] [data-reward=coffee]`);
    assert.equal(numberIn(await page.textContent("[data-liability] [data-tile=points] .tile-value")), liability.points);
    await page.click(`[data-account="${id}"] [data-reward=coffee]`);
    await page.waitForFunction(
      ([c, b]) => document.querySelector(`[data-account="${c}"]`)?.getAttribute("data-balance") === String(b),
      [id, balance - 50],
    );
    const after = await api(page, `/workspaces/demo/customers/${id}/loyalty`);
    assert.equal(after.entries[0].kind, "burn");
    assert.match(after.entries[0].reason, /coffee/);
    await shoot(page, "loyalty");
  });

  test("filters customers by a range of a score, typed in the units shown", async () => {
    await page.goto(`${base}/#/customers`);
    await page.waitForSelector('[data-query=""]');
    await page.selectOption("select[name=score]", "p_alive");
    // The list answers the chosen score before its bound is typed.
    await page.waitForSelector(`[data-filter*='"score":"p_alive"']`);
    await page.fill("input[name=score_max]", "20");
    await page.press("input[name=score_max]", "Enter");
    // The list marks the filter its rows answer.
    await page.waitForSelector(`[data-filter*='"score_max":"20"']`);
    // 20 in percent is a share of 0.2 for the API.
    const expected = await api(page, "/workspaces/demo/customers?score=p_alive&score_max=0.2&limit=50");
    const rows = await page.locator("table.customers tbody tr td:first-child").allTextContents();
    assert.ok(expected.items.length > 0);
    assert.deepEqual(rows, expected.items.map((c) => c.external_id ?? ""));
  });

  test("shows every bad row of an import before writing, then imports the fixed file", async () => {
    await page.goto(`${base}/#/import`);
    await page.selectOption("select[name=kind]", "customers");
    // The form has re-rendered for customers (they carry no currency).
    await page.waitForSelector("select[name=currency]", { state: "detached" });
    // «کد مشتری» is a known alias; «شماره اصلی» is not, and is mapped by hand.
    const bad = "کد مشتری,first_name,last_name,شماره اصلی\nE2E-1,Sara,Tehrani,09121110001\nE2E-2,Omid,Karimi,0912\n";
    const choose = async (text) => {
      await page.setInputFiles("input[name=file]", { name: "new-customers.csv", mimeType: "text/csv", buffer: Buffer.from(text) });
      // The mapping of the new file, not the one still shown of the last.
      await page.waitForFunction(() =>
        document.querySelector('.mapping select[data-column="کد مشتری"]')?.value === "external_id" &&
        document.querySelector('.mapping select[data-column="شماره اصلی"]')?.value === "");
      await page.selectOption('.mapping select[data-column="شماره اصلی"]', "phone");
    };
    await choose(bad);
    await page.click("button:has-text('Check the file')");
    await page.waitForSelector(".error-report");
    const row = await page.locator(".error-report tbody tr").first().locator("td").allTextContents();
    assert.equal(row[0], "3");
    assert.equal(row[1], "phone");
    assert.match(row[2], /0912/);
    await shoot(page, "import-error");
    // Nothing was written.
    const none = await api(page, "/workspaces/demo/customers?q=E2E-1");
    assert.equal(none.items.length, 0);
    // The preview shows the good row as it would be stored.
    const previewed = await page.locator(".import-preview tbody tr").first().locator("td").allTextContents();
    assert.ok(previewed.includes("create") && previewed.includes("+989121110001"), previewed.join("|"));
    // The mapping chosen by hand is kept in the workspace for the next file.
    await page.fill("input[name=profile_name]", "e2e-crm");
    await page.click("button:has-text('Save mapping')");
    await page.waitForSelector(".save-profile [role=status]");
    const profiles = await api(page, "/workspaces/demo/import-profiles");
    assert.ok(
      profiles.items.some((p) => p.name === "e2e-crm" && p.kind === "customers" && p.mapping.includes("شماره اصلی=phone")),
      JSON.stringify(profiles),
    );

    await choose(bad.replace(",0912\n", ",09121110002\n"));
    await page.click("button:has-text('Import')");
    const done = await page.waitForSelector(".import-result .ok");
    assert.match(await done.textContent(), /Imported as batch \d+/);
    const found = await api(page, "/workspaces/demo/customers?q=E2E-2");
    assert.ok(found.items.some((c) => c.phone === "+989121110002"), JSON.stringify(found));
  });

  test("imports an Excel workbook, its columns mapped by hand", async () => {
    await page.goto(`${base}/#/import`);
    await page.selectOption("select[name=kind]", "customers");
    await page.waitForSelector("select[name=currency]", { state: "detached" });
    // The workbook's bytes go to the server, which reads its header row.
    await page.setInputFiles("input[name=file]", join(root, "tests/data/import/web_customers.xlsx"));
    await page.waitForSelector('.mapping select[data-column="Kundennummer"]');
    for (const [column, field] of [["Kundennummer", "external_id"], ["Vorname", "first_name"], ["Nachname", "last_name"], ["Handy", "phone"]]) {
      await page.selectOption(`.mapping select[data-column="${column}"]`, field);
    }
    await page.click("button:has-text('Check the file')");
    await page.waitForSelector(".import-preview tbody tr");
    const previewed = await page.locator(".import-preview tbody tr").first().locator("td").allTextContents();
    assert.ok(previewed.includes("create") && previewed.includes("+989121110003"), previewed.join("|"));
    await page.click("button:has-text('Import')");
    const done = await page.waitForSelector(".import-result .ok");
    assert.match(await done.textContent(), /Imported as batch \d+/);
    const found = await api(page, "/workspaces/demo/customers?q=XLSX-2");
    assert.ok(
      found.items.some((c) => c.phone === "+989121110004" && c.first_name === "Jonas"),
      JSON.stringify(found),
    );
  });

  test("runs the analysis from the dashboard and shows the new run's figures", async () => {
    await page.goto(`${base}/#/`);
    await page.waitForSelector("[data-tile=customers]");
    const before = Number(await page.getAttribute("[data-run]", "data-run"));
    await page.click("[data-action=analyze]");
    await page.waitForFunction(
      (old) => Number(document.querySelector("[data-run]")?.getAttribute("data-run")) > old,
      before,
      { timeout: 120000 },
    );
    const runs = await api(page, "/workspaces/demo/analytics/runs");
    // The analysis run (the churn run that follows it is listed first).
    const analysis = runs.items.find((r) => r.kind === "analyze");
    assert.equal(Number(await page.getAttribute("[data-run]", "data-run")), analysis.id);
    // The tiles show the new run's figures.
    const groups = await api(page, "/workspaces/demo/analytics/scores/rfm_segment");
    const scored = groups.groups.reduce((sum, g) => sum + g.customers, 0);
    assert.equal(numberIn(await page.textContent("[data-tile=customers] .tile-value")), scored);
  });

  test("switches to Persian: right to left, Jalali dates, Persian digits", async () => {
    await page.goto(`${base}/#/`);
    await page.waitForSelector("[data-tile=customers]");
    await setLanguage(page, "fa");
    assert.equal(await page.getAttribute("html", "dir"), "rtl");
    const tile = await page.textContent("[data-tile=customers] .tile-value");
    assert.match(tile, /^[۰-۹٬]+$/);
    await page.waitForSelector("[data-panel=revenue-by-month] canvas");
    await shoot(page, "dashboard");
    // The language is the user's: it holds after a reload.
    await page.reload();
    await page.waitForSelector("[data-tile=customers]");
    assert.equal(await page.getAttribute("html", "lang"), "fa");

    await page.goto(`${base}/#/customers/1`);
    await page.waitForSelector("[data-date=joined]");
    const joined = await page.textContent("[data-date=joined]");
    assert.match(joined, /^[۰-۹]{1,2} (فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند) [۰-۹]{4}$/);
    await shoot(page, "customer-360");
  });

  test("shows each analytics page in both languages", async () => {
    for (const language of ["fa", "en"]) {
      await page.goto(`${base}/#/`);
      await page.waitForSelector("[data-tile=customers]");
      await setLanguage(page, language);
      for (const name of ["rfm", "value", "clv", "churn", "cohorts"]) {
        await page.goto(`${base}/#/analytics/${name}`);
        await page.waitForSelector("main h1");
        await page.waitForSelector("main table tbody tr");
        if (name === "rfm") {
          // The dashboard's run followed the first: the moves between them.
          const moves = await api(page, "/workspaces/demo/analytics/reports/rfm_moves");
          const stayed = moves.rows.filter((r) => r[0] === r[1]).reduce((sum, r) => sum + r[2], 0);
          assert.equal(Number(await page.getAttribute("[data-stayed]", "data-stayed")), stayed);
        }
        if (name === "churn") {
          // The three models, and the controllable share of the main reasons.
          const models = await api(page, "/workspaces/demo/analytics/reports/churn_models");
          assert.equal(await page.locator("[data-panel=churn-models] tbody tr").count(), models.rows.length);
          const reasons = await api(page, "/workspaces/demo/analytics/reports/churn_reasons");
          const first = reasons.columns.indexOf("first_cause");
          const controllable = reasons.columns.indexOf("controllable");
          const all = reasons.rows.reduce((sum, r) => sum + r[first], 0);
          const mine = reasons.rows.filter((r) => r[controllable] === 1).reduce((sum, r) => sum + r[first], 0);
          assert.equal(Number(await page.getAttribute("[data-reading=controllable]", "data-share")), Number((mine / all).toFixed(4)));
        }
        if (name === "clv") {
          // The bands' customers add up to the API's.
          const bands = await api(page, "/workspaces/demo/analytics/reports/clv_distribution");
          const total = bands.rows.reduce((sum, r) => sum + r[2], 0);
          await page.click("[data-panel=clv-distribution] .toggle button:nth-child(2)");
          const cells = await page.locator("[data-panel=clv-distribution] tbody tr td:nth-child(2)").allTextContents();
          assert.equal(cells.map(numberIn).reduce((a, b) => a + b, 0), total);
          // The tracking plot: as many weeks as the report, both lines drawn.
          const tracking = await api(page, "/workspaces/demo/analytics/reports/clv_tracking");
          await page.waitForSelector("[data-panel=clv-tracking] canvas");
          await page.click("[data-panel=clv-tracking] .toggle button:nth-child(2)");
          assert.equal(await page.locator("[data-panel=clv-tracking] tbody tr").count(), tracking.rows.length);
          // The most valuable customers are named, as the API names them.
          const top = await api(page, "/workspaces/demo/scores?name=clv_1y&sort=-value&limit=1");
          const first = await api(page, `/workspaces/demo/customers/${top.items[0].customer_id}`);
          const names = await page.locator("[data-panel=clv-top] tbody tr td:nth-child(1)").allTextContents();
          assert.equal(names[0], first.customer.display_name);
          // The fitted model's headers are in the page's language.
          const headers = await page.locator("[data-panel=clv-model] thead th").allTextContents();
          assert.ok(!headers.some((h) => /_|^value$|^parameter$/.test(h)), `untranslated headers: ${headers}`);
          // The fits' diagnostics: a row per fitted model, and a warning for
          // each degenerate one.
          const diagnostics = await api(page, "/workspaces/demo/analytics/reports/clv_diagnostics");
          assert.equal(await page.locator("[data-panel=clv-diagnostics] tbody tr").count(), diagnostics.rows.length);
          const degenerate = diagnostics.rows.filter((r) => r[diagnostics.columns.indexOf("degenerate")] === 1).length;
          assert.equal(await page.locator(".fit-warning").count(), degenerate);
        }
        if (name === "churn" && language === "fa") {
          // Every reason is named in Persian, none shown as its code.
          const reasons = await api(page, "/workspaces/demo/analytics/reports/churn_reasons");
          const text = await page.textContent("main");
          for (const row of reasons.rows) {
            assert.ok(!text.includes(String(row[0])), `reason shown as its code: ${row[0]}`);
          }
        }
        await shoot(page, `analytics-${name}`);
      }
      await page.goto(`${base}/#/customers`);
      await page.waitForSelector("table.customers tbody tr");
      await shoot(page, "customers-list");
      await page.goto(`${base}/#/import`);
      await page.waitForSelector("main h1");
      await shoot(page, "import");
    }
  });

  test("works from the keyboard, and every control has a name", async () => {
    const keyboard = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await keyboard.goto(`${base}/`);
    await keyboard.waitForSelector("input[name=email]");
    await keyboard.focus("input[name=email]");
    await keyboard.keyboard.type(email);
    await keyboard.keyboard.press("Tab");
    await keyboard.keyboard.type(password);
    await keyboard.keyboard.press("Enter");
    await keyboard.waitForSelector("[data-tile=customers]");
    // Every page's inputs, selects and buttons have an accessible name: a
    // label, aria-label or their own text.
    for (const path of ["#/", "#/customers", "#/customers/1", "#/import", "#/sales", "#/marketing", "#/surveys", "#/loyalty", "#/attention", "#/tickets", "#/analytics/rfm", "#/analytics/clv"]) {
      await keyboard.goto(`${base}/${path}`);
      await keyboard.waitForSelector("main h1");
      await keyboard.waitForTimeout(300);
      const unnamed = await keyboard.evaluate(() =>
        [...document.querySelectorAll("input, select, textarea, button")]
          .filter((el) => {
            const labelled = el.getAttribute("aria-label") || el.closest("label") ||
              (el.id && document.querySelector(`label[for="${el.id}"]`));
            const text = (el.textContent ?? "").trim();
            return !labelled && !(el.tagName === "BUTTON" && text);
          })
          .map((el) => el.outerHTML.slice(0, 80)),
      );
      assert.deepEqual(unnamed, [], path);
    }
    // The main navigation is reachable with Tab.
    await keyboard.goto(`${base}/#/`);
    await keyboard.waitForSelector("[data-tile=customers]");
    let reached = false;
    for (let i = 0; i < 15 && !reached; i++) {
      await keyboard.keyboard.press("Tab");
      reached = await keyboard.evaluate(() => document.activeElement?.getAttribute("href") === "#/customers");
    }
    assert.ok(reached, "Tab reaches the customers link");
    await keyboard.keyboard.press("Enter");
    await keyboard.waitForSelector("table.customers");
    await keyboard.close();
  });

  test("fits a phone-width screen", async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.goto(`${base}/`);
    await phone.fill("input[name=email]", email);
    await phone.fill("input[name=password]", password);
    await phone.click("button[type=submit]");
    await phone.waitForSelector("[data-tile=customers]");
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `the page is ${overflow}px wider than the screen`);
    await shoot(phone, "phone-dashboard");
    await phone.close();
  });

  test("nothing the UI did was blocked by the Content-Security-Policy", () => {
    assert.deepEqual(cspViolations, []);
  });
});
