// Times the web UI in headless chromium against a running `vafa serve`:
// sign-in to a rendered dashboard (tiles and charts drawn), and a customer
// search typed into the list (request time as the page measured it, and
// typing-to-rows time, which includes the list's 250 ms typing pause).
//   node bench/web/measure.mjs BASE_URL EMAIL PASSWORD RUNS QUERY...
// Prints one JSON line per run and one with the medians.
import { chromium } from "../../web/node_modules/playwright-core/index.mjs";

const [base, email, password, runsText, ...queries] = process.argv.slice(2);
const runs = Number(runsText ?? 5);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const browser = await chromium.launch({
  executablePath: process.env.VAFA_CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-background-networking"],
});
const results = { dashboard_ms: [], search_request_ms: [], search_typed_to_rows_ms: [] };
for (let run = 0; run < runs; run++) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${base}/`);
  await page.fill("input[name=email]", email);
  await page.fill("input[name=password]", password);
  let started = Date.now();
  await page.click("button[type=submit]");
  await page.waitForSelector("[data-tile=customers]");
  await page.waitForSelector("[data-panel=revenue-by-month] canvas");
  await page.waitForSelector("[data-panel=at-risk] tbody tr");
  const dashboard = Date.now() - started;
  results.dashboard_ms.push(dashboard);
  const line = { run, dashboard_ms: dashboard, searches: [] };
  for (const query of queries) {
    await page.goto(`${base}/#/customers`);
    await page.waitForSelector('[data-query=""]');
    started = Date.now();
    await page.fill("input[name=q]", query);
    // The list marks the query its rows answer.
    await page.waitForFunction(
      (q) => document.querySelector("[data-took]")?.getAttribute("data-query") === q,
      query,
    );
    const typed = Date.now() - started;
    const request = Number(await page.getAttribute("[data-took]", "data-took"));
    results.search_request_ms.push(request);
    results.search_typed_to_rows_ms.push(typed);
    line.searches.push({ query, request_ms: request, typed_to_rows_ms: typed });
  }
  console.log(JSON.stringify(line));
  await context.close();
}
await browser.close();
console.log(JSON.stringify({
  median_dashboard_ms: median(results.dashboard_ms),
  median_search_request_ms: median(results.search_request_ms),
  median_search_typed_to_rows_ms: median(results.search_typed_to_rows_ms),
}));
