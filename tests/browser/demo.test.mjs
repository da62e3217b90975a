// Browser tests of the demo dashboard (www/) against the mock API, in Debian's Chromium driven by
// playwright-core. Run: node --test tests/browser/
//
// Each test gets a freshly seeded mock and a fresh page. The page must never log a console error,
// throw, violate its CSP or open a JS dialog unless the test expects the error (a 404/409 the
// library handles is logged by Chromium as "Failed to load resource").

import { test, before, after, beforeEach, afterEach } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, mkdir, readFile, rm, stat } from "node:fs/promises";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startMockApi } from "../mock/server.mjs";
import { startStaticServer, CSP } from "../../scripts/serve.mjs";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../support/chromium.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const ARTIFACTS = path.join(ROOT, "tests", "artifacts");
const SEEDED_GENERIC = Array.from({ length: 10 }, (_, i) => `webhook_${1001 + i}`);
/** A queued fault that lets one request through untouched (the backup's read before a DELETE). */
const PASS = { type: "delay", ms: 0 };
const SEEDED_EXA = Array.from({ length: 12 }, (_, i) => `wh_exa_${String(i + 1).padStart(2, "0")}`);

let mock;
let site;
let context;
let userDataDir;
let page;
let events; // { console: [], pageErrors: [], dialogs: 0, csp: [] }

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

async function control(method, route, body) {
  const res = await fetch(`${mock.url}${route}`, {
    method,
    headers: body ? { "content-type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  assert.equal(res.status, 200, `${method} ${route} -> ${res.status}`);
  return res.json();
}

const storeIds = async () => (await control("GET", "/__mock/webhooks?dialect=generic")).ids;
const deleteRequests = async () => (await control("GET", "/__mock/requests?method=DELETE")).requests;

function demoUrl() {
  return `${site.url}/?api=${encodeURIComponent(mock.url)}`;
}

async function openPage() {
  page = await context.newPage();
  events = { console: [], pageErrors: [], dialogs: 0, csp: [] };
  page.on("console", (msg) => {
    if (msg.type() === "error" || msg.type() === "warning") events.console.push(`${msg.type()}: ${msg.text()}`);
  });
  page.on("pageerror", (err) => events.pageErrors.push(String(err)));
  page.on("dialog", (dialog) => {
    events.dialogs++;
    dialog.dismiss().catch(() => {});
  });
  // Injected by the driver, outside the page's CSP; records every violation report.
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  const response = await page.goto(demoUrl(), { waitUntil: "load" });
  assert.equal(response.status(), 200);
  assert.equal(response.headers()["content-security-policy"], CSP);
  await page.waitForSelector('html[data-ready="true"]');
  return page;
}

async function waitForRows(n) {
  await page.waitForFunction(
    (count) => document.querySelectorAll('[data-testid="webhook-row"]').length === count,
    n,
  );
}

const row = (id) => page.locator(`[data-testid="webhook-row"][data-id="${id}"]`);
const checkbox = (id) => row(id).getByTestId("row-checkbox");

async function tableIds() {
  return page.$$eval('[data-testid="webhook-row"]', (rows) => rows.map((r) => r.getAttribute("data-id")));
}

async function checkedIds() {
  return page.$$eval('[data-testid="webhook-row"]', (rows) =>
    rows.filter((r) => r.querySelector('[data-testid="row-checkbox"]').checked).map((r) => r.getAttribute("data-id")),
  );
}

/** Console errors other than Chromium's "Failed to load resource" lines for the given statuses. */
function unexpectedConsole(allowedStatuses = []) {
  return events.console.filter(
    (line) => !allowedStatuses.some((s) => line.includes("Failed to load resource") && line.includes(`status of ${s}`)),
  );
}

async function assertCleanPage(allowedStatuses = []) {
  assert.deepEqual(unexpectedConsole(allowedStatuses), [], "console errors/warnings");
  assert.deepEqual(events.pageErrors, [], "uncaught page errors");
  assert.deepEqual(await page.evaluate(() => window.__csp), [], "CSP violations");
  assert.equal(events.dialogs, 0, "JS dialogs opened");
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** GET with a raw (unnormalised) path, as fetch() would clean up "..". */
function rawGet(base, rawPath) {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, path: rawPath, method: "GET" }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** Selects ids, opens the confirmation dialog and checks it lists exactly them. */
async function openConfirm(ids) {
  for (const id of ids) await checkbox(id).check();
  assert.equal(await page.getByTestId("selection-count").textContent(), `${ids.length} selected`);
  await page.getByTestId("delete-selected").click();
  const dialog = page.getByTestId("confirm-dialog");
  await dialog.waitFor({ state: "visible" });
  const listed = await page.$$eval('[data-testid="confirm-item"]', (items) =>
    items.map((li) => ({ id: li.getAttribute("data-id"), text: li.textContent })),
  );
  assert.deepEqual(listed.map((l) => l.id).sort(), [...ids].sort());
  return { dialog, listed };
}

async function deleteViaDialog(ids) {
  await openConfirm(ids);
  const button = page.getByTestId("confirm-delete");
  assert.equal(await button.textContent(), `Delete ${ids.length} webhook${ids.length === 1 ? "" : "s"}`);
  await button.click();
  // Done when the results are shown and the table has been re-listed without the deleted ones.
  await page.waitForFunction(
    (gone) =>
      document.querySelectorAll('[data-testid="result-row"]').length === gone.length &&
      document.documentElement.dataset.busy === "false" &&
      [...document.querySelectorAll('[data-testid="result-row"]')]
        .filter((r) => ["deleted", "not_found"].includes(r.getAttribute("data-outcome")))
        .every((r) => !document.querySelector(`[data-testid="webhook-row"][data-id="${CSS.escape(r.getAttribute("data-id"))}"]`)),
    ids,
  );
}

/** Switches the page to the Exa dialect of the mock and waits for its 12 webhooks. */
async function connectExa() {
  await page.getByTestId("provider").selectOption("exa");
  await page.getByTestId("connect").click();
  await waitForRows(12);
  await page.waitForFunction(() => document.documentElement.dataset.busy === "false");
}

/** What the library itself selects for `filter`, from a separate client made in the page. */
async function librarySelect(dialect, filter) {
  return page.evaluate(
    async ({ base, dialect, filter }) => {
      const m = await import("/pkg/web/webhook_delete.js");
      const client = new m.WebhookClient({ provider: dialect, baseUrl: `${base}/${dialect}`, apiKey: "test-key" });
      const selections = await client.selectWebhooks(filter);
      return selections.map((s) => ({ id: s.webhook.id, reasons: s.reasons }));
    },
    { base: mock.url, dialect, filter },
  );
}

/** Fills the filter bar (fields left out are emptied), applies it and waits for `ids` in the table. */
async function applyFilter(fields, ids) {
  await page.getByTestId("filter-url").fill(fields.url ?? "");
  await page.getByTestId("filter-status").selectOption(fields.status ?? "");
  await page.getByTestId("filter-inactive-days").fill(fields.inactiveDays === undefined ? "" : String(fields.inactiveDays));
  if (await page.getByTestId("filter-failing").isEnabled()) {
    await page.getByTestId("filter-failing").fill(fields.failingAttempts === undefined ? "" : String(fields.failingAttempts));
  }
  await page.getByTestId("filter-apply").click();
  await page.waitForFunction(
    (want) =>
      document.documentElement.dataset.busy === "false" &&
      JSON.stringify([...document.querySelectorAll('[data-testid="webhook-row"]')].map((r) => r.getAttribute("data-id"))) ===
        JSON.stringify(want),
    ids,
  );
}

/** The table's rows as { id, reasons } (the Why column). */
async function shownReasons() {
  return page.$$eval('[data-testid="webhook-row"]', (rows) =>
    rows.map((r) => ({
      id: r.getAttribute("data-id"),
      reasons: [...r.querySelectorAll('[data-testid="cell-why"] li')].map((li) => li.textContent),
    })),
  );
}

/** Clicks "Export plan" and returns the downloaded file's name and parsed JSON. */
async function exportPlan() {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-plan").click()]);
  const text = await readFile(await download.path(), "utf8");
  return { name: download.suggestedFilename(), plan: JSON.parse(text) };
}

/** The shape every DeletePlan has, for this mock's `dialect`. */
function assertPlanShape(plan, dialect) {
  assert.equal(plan.kind, "webhook-delete/plan");
  assert.equal(plan.version, 1);
  assert.equal(plan.provider, dialect);
  assert.equal(plan.baseUrl, `${mock.url}/${dialect}`);
  assert.ok(!Number.isNaN(Date.parse(plan.createdAt)), "createdAt is a date");
  for (const item of plan.items) {
    assert.deepEqual(Object.keys(item).sort(), ["events", "id", "reasons", "status", "updatedAt", "url"]);
    assert.ok(item.reasons.length > 0, `${item.id} says why`);
  }
}

/** The Undo section's rows: { previous, newId, outcome, detail }. */
async function restoreRows() {
  return page.$$eval('[data-testid="restore-row"]', (rows) =>
    rows.map((r) => ({
      previous: r.getAttribute("data-previous-id"),
      newId: r.getAttribute("data-new-id"),
      outcome: r.getAttribute("data-outcome"),
      detail: r.querySelector('[data-testid="restore-detail"]').textContent,
    })),
  );
}

/** Clicks Undo and waits until the page is idle with every row's outcome in `outcomes`. */
async function clickUndo(count, outcomes) {
  await page.getByTestId("undo").click();
  await page.waitForFunction(
    ({ count, outcomes }) => {
      const rows = [...document.querySelectorAll('[data-testid="restore-row"]')];
      return document.documentElement.dataset.busy === "false" && rows.length === count &&
        rows.every((r) => outcomes.includes(r.getAttribute("data-outcome"))) && /^Undo:/.test(document.querySelector('[data-testid="status"]').textContent);
    },
    { count, outcomes },
  );
}

/** The audit panel's restore rows: { id, outcome, restoredAs, detail }. */
async function auditRestores() {
  return page.$$eval('[data-testid="audit-row"][data-action="restore"]', (rows) =>
    rows.map((r) => ({
      id: r.getAttribute("data-id"),
      outcome: r.getAttribute("data-outcome"),
      restoredAs: r.getAttribute("data-restored-as"),
      detail: r.querySelector('[data-testid="audit-detail"]').textContent,
    })),
  );
}

// ---------------------------------------------------------------------------------------------
// Lifecycle
// ---------------------------------------------------------------------------------------------

before(async () => {
  mock = await startMockApi();
  site = await startStaticServer({ port: 0 });
  userDataDir = await mkdtemp(path.join(os.tmpdir(), "webhook-delete-chromium-"));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
    deviceScaleFactor: 1,
  });
  await mkdir(ARTIFACTS, { recursive: true });
});

after(async () => {
  await context?.close();
  await site?.close();
  await mock?.close();
  if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
});

beforeEach(async () => {
  await control("POST", "/__mock/reset", {});
});

afterEach(async () => {
  await page?.close();
  page = undefined;
});

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

test("(a) the page loads, connects and lists the seeded webhooks cleanly", async () => {
  await openPage();
  await waitForRows(10);
  assert.deepEqual(await tableIds(), SEEDED_GENERIC);
  assert.deepEqual(await tableIds(), await storeIds());
  // Field values arrive as text.
  assert.equal(await row("webhook_1001").getByTestId("cell-url").textContent(), "https://api.example.com/hooks/orders");
  assert.equal(await row("webhook_1001").getByTestId("cell-deliveries").textContent(), "1250");
  assert.equal(await row("webhook_1001").getByTestId("cell-failures").textContent(), "3");
  assert.equal(await row("webhook_1003").getByTestId("cell-status").textContent(), "inactive");
  assert.equal(await row("webhook_1005").getByTestId("cell-last-delivery").textContent(), "never");
  assert.match(await page.getByTestId("status").textContent(), /Connected: 10 webhooks/);
  // The key is prefilled for the mock only and kept out of the URL and storage.
  assert.equal(await page.getByTestId("api-key").getAttribute("type"), "password");
  assert.ok(!page.url().includes("test-key"));
  assert.equal(await page.evaluate(() => localStorage.length + sessionStorage.length), 0);
  assert.equal(await page.getByTestId("delete-selected").isDisabled(), true);
  await page.waitForTimeout(200);
  await assertCleanPage();
});

test("(a2) a wrong API key shows the library's unauthorized error as text", async () => {
  await openPage();
  await waitForRows(10);
  await page.getByTestId("api-key").fill("wrong-key");
  await page.getByTestId("connect").click();
  await page.waitForFunction(() => document.querySelector('[data-testid="status"]').textContent.includes("unauthorized"));
  assert.ok(await page.getByTestId("status").isVisible());
  assert.equal(await page.locator('[data-testid="webhook-row"]').count(), 0);
  assert.ok(!(await page.getByTestId("status").textContent()).includes("wrong-key"), "the key is not echoed");
  await assertCleanPage([401]);
});

test("(b) Cancel in the confirmation dialog deletes nothing", async () => {
  await openPage();
  await waitForRows(10);
  const ids = ["webhook_1002", "webhook_1006"];
  const { listed } = await openConfirm(ids);
  assert.ok(listed.find((l) => l.id === "webhook_1002").text.includes("https://billing.example.com/webhooks"));
  await page.getByTestId("confirm-cancel").click();
  await page.getByTestId("confirm-dialog").waitFor({ state: "hidden" });
  // Escape is a cancel too.
  await page.getByTestId("delete-selected").click();
  await page.getByTestId("confirm-dialog").waitFor({ state: "visible" });
  await page.keyboard.press("Escape");
  await page.getByTestId("confirm-dialog").waitFor({ state: "hidden" });
  await page.waitForTimeout(300);
  const store = await storeIds();
  for (const id of ids) assert.ok(store.includes(id), `${id} still in the store`);
  assert.equal(store.length, 10);
  assert.deepEqual(await deleteRequests(), []);
  assert.match(await page.getByTestId("status").textContent(), /nothing was deleted/);
  assert.equal(await page.getByTestId("audit-count").textContent(), "0 entries");
  await assertCleanPage();
});

test("(c) confirming deletes exactly the selected webhooks, with results, audit and JSONL", async () => {
  await openPage();
  await waitForRows(10);
  const ids = ["webhook_1002", "webhook_1006"];
  await deleteViaDialog(ids);
  const store = await storeIds();
  for (const id of ids) assert.ok(!store.includes(id), `${id} deleted from the store`);
  assert.equal(store.length, 8);
  const sent = await deleteRequests();
  assert.deepEqual(sent.map((r) => r.id).sort(), ids);
  const outcomes = await page.$$eval('[data-testid="result-row"]', (rows) =>
    rows.map((r) => [r.getAttribute("data-id"), r.querySelector('[data-testid="result-outcome"]').textContent]),
  );
  assert.deepEqual(outcomes, ids.map((id) => [id, "deleted"]));
  assert.equal(await page.getByTestId("progress").evaluate((p) => [p.value, p.max].join("/")), "2/2");
  assert.match(await page.getByTestId("results-summary").textContent(), /2 deleted · 0 not found · 0 failed/);
  const stats = await page.locator('[data-testid="final-stat"]').allTextContents();
  assert.equal(stats.length, 2);
  assert.match(stats[0], /=== Final Statistics for webhook_1002 ===/);
  assert.match(stats[0], /Total Deliveries: 340/);
  assert.match(stats[0], /Success Rate: 100\.00%/);
  // Audit panel.
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="audit-row"]').length === 2);
  assert.equal(await page.getByTestId("audit-count").textContent(), "2 entries");
  const audited = await page.$$eval('[data-testid="audit-row"]', (rows) => rows.map((r) => r.getAttribute("data-id")).sort());
  assert.deepEqual(audited, ids);
  // JSONL download.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-jsonl").click()]);
  assert.match(download.suggestedFilename(), /^webhook-delete-audit-.*\.jsonl$/);
  const text = await readFile(await download.path(), "utf8");
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  assert.equal(lines.length, 2);
  const entries = lines.map((l) => JSON.parse(l));
  assert.deepEqual(entries.map((e) => e.webhookId).sort(), ids);
  for (const e of entries) {
    assert.equal(e.outcome, "deleted");
    assert.equal(e.deletedBy, "dashboard");
    assert.ok(!JSON.stringify(e).includes("test-key"));
  }
  await assertCleanPage();
});

test("(d) hostile webhook fields are shown as text, never as HTML", async () => {
  const hostile = "<img src=x onerror=alert(1)>";
  await control("POST", "/__mock/webhooks", {
    dialect: "generic",
    webhooks: [{ id: "xss_1", url: hostile, events: ["<script>alert(2)</script>", "<b>bold</b>"] }],
  });
  await openPage();
  await waitForRows(11);
  assert.equal(await row("xss_1").getByTestId("cell-url").textContent(), hostile);
  assert.equal(await row("xss_1").getByTestId("cell-id").textContent(), "xss_1");
  assert.match(await row("xss_1").getByTestId("cell-events").textContent(), /<script>alert\(2\)<\/script>/);
  assert.equal(await page.locator('[data-testid="webhook-table"] img').count(), 0);
  assert.equal(await page.locator('[data-testid="webhook-table"] script, [data-testid="webhook-table"] b').count(), 0);
  // The confirmation dialog shows it literally as well.
  const { listed } = await openConfirm(["xss_1"]);
  assert.ok(listed[0].text.includes(hostile));
  assert.equal(await page.locator('[data-testid="confirm-dialog"] img').count(), 0);
  await page.getByTestId("confirm-cancel").click();
  // The filter's glob and the library's reasons are text too.
  await page.getByTestId("clear-selection").click();
  await applyFilter({ url: "<img*" }, ["xss_1"]);
  assert.equal(await row("xss_1").getByTestId("cell-why").textContent(), "url matches <img*");
  assert.match(await page.getByTestId("filter-summary").textContent(), /url matches <img\*/);
  assert.equal(await page.locator('[data-testid="webhook-table"] img').count(), 0);
  // Reconnect (re-list) and give any injected handler time to fire.
  await page.getByTestId("connect").click();
  await waitForRows(11);
  await page.waitForTimeout(500);
  assert.equal(await page.locator("img").count(), 1, "only the header logo");
  assert.equal(events.dialogs, 0);
  assert.deepEqual(await deleteRequests(), []);
  await assertCleanPage();
});

test("(e) screenshot after a delete", async () => {
  await openPage();
  await waitForRows(10);
  // webhook_1009 answers 409 once (its backup read is retried after 1 s); "gone_1" never existed (404).
  await control("POST", "/__mock/webhooks", { dialect: "generic", webhooks: [{ id: "gone_1", url: "https://gone.example.com/hook" }] });
  await page.getByTestId("refresh").click();
  await waitForRows(11);
  await control("POST", "/__mock/reset", {}); // gone_1 is now missing on the server only
  await deleteViaDialog(["webhook_1003", "webhook_1008", "webhook_1009", "gone_1"]);
  const outcomes = Object.fromEntries(
    await page.$$eval('[data-testid="result-row"]', (rows) =>
      rows.map((r) => [r.getAttribute("data-id"), r.getAttribute("data-outcome")]),
    ),
  );
  assert.deepEqual(outcomes, { webhook_1003: "deleted", webhook_1008: "deleted", webhook_1009: "deleted", gone_1: "not_found" });
  assert.match(await page.getByTestId("results-summary").textContent(), /3 deleted · 1 not found · 0 failed/);
  const file = path.join(ARTIFACTS, "demo.png");
  await rm(file, { force: true });
  await page.screenshot({ path: file, fullPage: true });
  const info = await stat(file);
  assert.ok(info.size > 10 * 1024, `screenshot is ${info.size} bytes`);
  await assertCleanPage([404, 409]);
});

test("(f) 'select inactive for 30 days' checks exactly the library's dry-run candidates", async () => {
  await openPage();
  await waitForRows(10);
  await checkbox("webhook_1001").check(); // replaced by the rule's selection
  await page.getByTestId("inactive-days").fill("30");
  await page.getByTestId("select-inactive").click();
  await page.waitForFunction(() => /Selected \d+ webhooks? inactive/.test(document.querySelector('[data-testid="status"]').textContent));
  // The library's own answer, computed independently in the page.
  const libraryIds = await page.evaluate(async (base) => {
    const m = await import("/pkg/web/webhook_delete.js");
    const client = new m.WebhookClient({ provider: "generic", baseUrl: `${base}/generic`, apiKey: "test-key" });
    const { candidates, result } = await client.deleteInactive({ inactiveDays: 30, dryRun: true });
    if (result !== null) throw new Error("dry run returned a result");
    return candidates.map((w) => w.id);
  }, mock.url);
  const checked = await checkedIds();
  assert.deepEqual([...checked].sort(), [...libraryIds].sort());
  // And the seed's documented answer: inactive status, last delivery > 30 days, or never delivered
  // and created > 30 days ago.
  assert.deepEqual([...checked].sort(), ["webhook_1003", "webhook_1004", "webhook_1005", "webhook_1007", "webhook_1008"]);
  assert.equal(await page.getByTestId("selection-count").textContent(), `${libraryIds.length} selected`);
  assert.deepEqual(await deleteRequests(), [], "a dry run sends no DELETE");
  await assertCleanPage();
});

test("(i) the Exa dialect: provider switch, list and delete", async () => {
  await openPage();
  await waitForRows(10);
  await page.getByTestId("provider").selectOption("exa");
  assert.equal(await page.getByTestId("base-url").inputValue(), `${mock.url}/exa`);
  await page.getByTestId("connect").click();
  await waitForRows(12);
  assert.deepEqual(await tableIds(), SEEDED_EXA);
  assert.deepEqual(await tableIds(), (await control("GET", "/__mock/webhooks?dialect=exa")).ids);
  assert.equal(await row("wh_exa_01").getByTestId("cell-deliveries").textContent(), "—");
  await deleteViaDialog(["wh_exa_02"]);
  assert.ok(!(await control("GET", "/__mock/webhooks?dialect=exa")).ids.includes("wh_exa_02"));
  assert.equal(await page.locator('[data-testid="result-row"][data-id="wh_exa_02"]').getAttribute("data-outcome"), "deleted");
  assert.match(await page.getByTestId("final-stats").textContent(), /no final statistics/);
  await assertCleanPage();
});

test("(k) the filter bar shows exactly what the library selects, with its reasons and Exa's last deliveries", async () => {
  await openPage();
  await waitForRows(10);
  assert.equal(await page.getByTestId("filter-failing").isDisabled(), true, "failing needs Exa's attempts");
  await connectExa();
  assert.equal(await page.getByTestId("filter-failing").isEnabled(), true);
  assert.equal(await page.locator("th.col-why").isVisible(), false, "no Why column without a filter");
  assert.equal(await page.getByTestId("filter-summary").isVisible(), false);

  // Exa's last delivery is its newest attempt, read by the listing.
  const newest = async (id) => (await control("GET", `/__mock/attempts?id=${id}`)).attempts[0]?.attemptedAt ?? null;
  for (const id of ["wh_exa_01", "wh_exa_03", "wh_exa_07"]) {
    const title = await row(id).getByTestId("cell-last-delivery").getAttribute("title");
    assert.equal(Date.parse(title), Date.parse(await newest(id)), `${id} last delivery`);
  }
  for (const id of ["wh_exa_02", "wh_exa_06", "wh_exa_08"]) {
    assert.equal(await row(id).getByTestId("cell-last-delivery").textContent(), "never", `${id} has no attempts`);
  }

  const cases = [
    [{ url: "*.ngrok-free.app/*" }, ["wh_exa_11"]],
    [{ inactiveDays: 30 }, ["wh_exa_02", "wh_exa_03", "wh_exa_04", "wh_exa_08"]],
    [{ failingAttempts: 3 }, ["wh_exa_07"]],
    [{ status: "inactive", url: "*.example.net/*" }, ["wh_exa_04"]],
  ];
  for (const [filter, expected] of cases) {
    const library = await librarySelect("exa", filter);
    assert.deepEqual(library.map((s) => s.id), expected, `the library selects ${JSON.stringify(filter)} as the seed says`);
    await applyFilter(filter, expected);
    assert.deepEqual(await shownReasons(), library, `the table shows the library's selection of ${JSON.stringify(filter)}`);
    assert.equal(await page.locator("th.col-why").isVisible(), true);
    assert.match(await page.getByTestId("filter-summary").textContent(), new RegExp(`^${expected.length} webhooks? match`));
    assert.match(await page.getByTestId("status").textContent(), /Filter applied \(nothing deleted\)/);
  }
  // The url glob's reason, and the inactive rule's, in words.
  await applyFilter({ url: "*.ngrok-free.app/*" }, ["wh_exa_11"]);
  assert.equal(await row("wh_exa_11").getByTestId("cell-why").textContent(), "url matches *.ngrok-free.app/*");
  await applyFilter({ inactiveDays: 30 }, ["wh_exa_02", "wh_exa_03", "wh_exa_04", "wh_exa_08"]);
  assert.match(await row("wh_exa_03").getByTestId("cell-why").textContent(), /^inactive: last delivery \d{4}-\d\d-\d\d, 15 days before the cutoff$/);
  assert.match(await row("wh_exa_02").getByTestId("cell-why").textContent(), /^inactive: status is inactive$/);
  assert.match(await row("wh_exa_08").getByTestId("cell-why").textContent(), /^inactive: no delivery attempts/);
  // wh_exa_04 is selected by its status alone; its last delivery still shows the listing's newest attempt.
  assert.equal(Date.parse(await row("wh_exa_04").getByTestId("cell-last-delivery").getAttribute("title")), Date.parse(await newest("wh_exa_04")));

  // A value the library refuses is shown as its error; the table keeps the last good filter.
  await page.getByTestId("filter-inactive-days").fill("0");
  await page.getByTestId("filter-apply").click();
  await page.waitForFunction(() => document.querySelector('[data-testid="status"]').textContent.includes("invalid_input"));
  assert.match(await page.getByTestId("status").textContent(), /filter\.inactiveDays/);
  assert.deepEqual(await tableIds(), ["wh_exa_02", "wh_exa_03", "wh_exa_04", "wh_exa_08"]);

  // "Select inactive" still checks the library's dry-run candidates.
  await page.getByTestId("filter-reset").click();
  await waitForRows(12);
  assert.equal(await page.getByTestId("filter-url").inputValue(), "");
  assert.equal(await page.locator("th.col-why").isVisible(), false);
  await page.getByTestId("inactive-days").fill("30");
  await page.getByTestId("select-inactive").click();
  await page.waitForFunction(() => /Selected \d+ webhooks? inactive/.test(document.querySelector('[data-testid="status"]').textContent));
  assert.deepEqual(await checkedIds(), ["wh_exa_02", "wh_exa_03", "wh_exa_04", "wh_exa_08"]);

  // The generic dialect: the same bar, without the failing rule.
  await page.getByTestId("provider").selectOption("generic");
  await page.getByTestId("connect").click();
  await waitForRows(10);
  assert.equal(await page.getByTestId("filter-failing").isDisabled(), true);
  const generic = await librarySelect("generic", { inactiveDays: 30 });
  await applyFilter({ inactiveDays: 30 }, generic.map((s) => s.id));
  assert.deepEqual(generic.map((s) => s.id), ["webhook_1003", "webhook_1004", "webhook_1005", "webhook_1007", "webhook_1008"]);
  assert.deepEqual(await shownReasons(), generic);

  assert.deepEqual(await deleteRequests(), [], "filtering sends no DELETE");
  await assertCleanPage();
});

test("(l) Export plan downloads the library's DeletePlan of the filter, or of the checked ids", async () => {
  await openPage();
  await waitForRows(10);
  assert.equal(await page.getByTestId("export-plan").isDisabled(), true, "nothing to plan without a filter or a selection");
  await connectExa();
  const inactive = ["wh_exa_02", "wh_exa_03", "wh_exa_04", "wh_exa_08"];
  await applyFilter({ inactiveDays: 30 }, inactive);

  // The applied filter.
  const { name, plan } = await exportPlan();
  assert.match(name, /^webhook-delete-plan-exa-.*\.json$/);
  assertPlanShape(plan, "exa");
  assert.deepEqual(plan.filter, { inactiveDays: 30 });
  assert.deepEqual(plan.items.map((i) => i.id), inactive);
  assert.deepEqual(plan.items.map((i) => ({ id: i.id, reasons: i.reasons })), await shownReasons(), "the reasons the table shows");
  const store = (await control("GET", "/__mock/webhooks?dialect=exa")).webhooks;
  for (const item of plan.items) {
    const stored = store.find((w) => w.id === item.id);
    assert.equal(item.url, stored.url);
    assert.deepEqual(item.events, stored.events);
  }
  assert.match(await page.getByTestId("status").textContent(), /Exported a plan of 4 webhooks .*\(nothing deleted\)/);

  // The checked ids, within the filter.
  await checkbox("wh_exa_03").check();
  await checkbox("wh_exa_08").check();
  assert.equal(await page.getByTestId("export-plan").textContent(), "Export plan (2)");
  const checked = (await exportPlan()).plan;
  assertPlanShape(checked, "exa");
  assert.deepEqual(checked.filter, { inactiveDays: 30, ids: ["wh_exa_03", "wh_exa_08"] });
  assert.deepEqual(checked.items.map((i) => i.id), ["wh_exa_03", "wh_exa_08"]);

  // No filter: the checked ids alone.
  await page.getByTestId("filter-reset").click();
  await waitForRows(12);
  assert.deepEqual(await checkedIds(), ["wh_exa_03", "wh_exa_08"], "checked rows stay checked when the filter goes");
  await page.getByTestId("clear-selection").click();
  await checkbox("wh_exa_11").check();
  const byId = (await exportPlan()).plan;
  assert.deepEqual(byId.filter, { ids: ["wh_exa_11"] });
  assert.deepEqual(byId.items.map((i) => [i.id, i.url]), [["wh_exa_11", "https://abc123.ngrok-free.app/hooks/exa"]]);

  assert.deepEqual(await deleteRequests(), [], "exporting a plan sends no DELETE");

  // The downloaded file is a plan the library applies: exactly its one id is deleted.
  const applied = await page.evaluate(
    async ({ base, plan }) => {
      const m = await import("/pkg/web/webhook_delete.js");
      const client = new m.WebhookClient({ provider: "exa", baseUrl: `${base}/exa`, apiKey: "test-key" });
      const r = await client.applyPlan(plan);
      return r.results.map((x) => [x.id, x.outcome]);
    },
    { base: mock.url, plan: byId },
  );
  assert.deepEqual(applied, [["wh_exa_11", "deleted"]]);
  assert.deepEqual((await deleteRequests()).map((r) => r.id), ["wh_exa_11"]);
  await assertCleanPage();
});

test("(m) delete, then Undo: the webhooks are back with new ids, restores are audited, secrets show only on click", async () => {
  await openPage();
  await waitForRows(10);
  await connectExa();
  const before = (await control("GET", "/__mock/webhooks?dialect=exa")).webhooks;
  const original = (id) => before.find((w) => w.id === id);
  const gone = ["wh_exa_11", "wh_exa_12"];
  await deleteViaDialog(gone);
  assert.deepEqual((await control("GET", "/__mock/webhooks?dialect=exa")).ids, SEEDED_EXA.filter((id) => !gone.includes(id)));
  const undo = page.getByTestId("undo");
  assert.equal(await undo.textContent(), "Undo (re-create 2)");
  assert.equal(await page.getByTestId("restore-panel").isVisible(), false);

  // The first create is refused: its backup stays, and Undo offers to retry it.
  await control("POST", "/__mock/faults", { dialect: "exa", route: "create", faults: [{ type: "403" }] });
  await clickUndo(2, ["restored", "failed"]);
  const first = await restoreRows();
  const refused = first.filter((r) => r.outcome === "failed");
  assert.equal(refused.length, 1);
  assert.match(refused[0].detail, /^forbidden \(HTTP 403\): /);
  assert.equal(refused[0].newId, null);
  assert.match(await page.getByTestId("status").getAttribute("class"), /status-error/);
  assert.equal(await undo.textContent(), "Retry undo (1)");
  await clickUndo(2, ["restored"]);
  assert.equal(await undo.textContent(), "Undone");
  assert.equal(await undo.isDisabled(), true);
  assert.match(await page.getByTestId("restore-summary").textContent(), /^2 re-created · 0 already there · 0 failed$/);
  assert.match(await page.getByTestId("status").textContent(), /^Undo: 2 re-created with new ids · 0 already there · 0 failed\. .*new signing secrets/);
  assert.match(await page.getByTestId("restore-note").textContent(), /new signing secret/);

  // The mock's store: the old ids stay gone; each webhook is back under a new id, as it was.
  const rows = await restoreRows();
  assert.deepEqual(rows.map((r) => r.previous), gone);
  const store = await control("GET", "/__mock/webhooks?dialect=exa");
  assert.equal(store.count, 12);
  for (const r of rows) {
    assert.ok(!store.ids.includes(r.previous), `${r.previous} stays deleted`);
    assert.ok(store.ids.includes(r.newId), `${r.newId} is on the server`);
    assert.notEqual(r.newId, r.previous);
    const now = store.webhooks.find((w) => w.id === r.newId);
    assert.equal(now.url, original(r.previous).url);
    assert.deepEqual(now.events, original(r.previous).events);
    assert.deepEqual(now.metadata, original(r.previous).metadata);
    assert.equal(await row(r.newId).getByTestId("cell-url").textContent(), now.url, `${r.newId} is listed`);
    assert.equal(await row(r.previous).count(), 0);
  }
  assert.deepEqual(await tableIds(), store.ids);
  const creates = (await control("GET", "/__mock/requests?route=create")).requests.filter((q) => q.method === "POST");
  assert.deepEqual(creates.map((q) => q.status).sort(), [200, 200, 403], "one refused create, then one create per webhook");

  // The audit panel: one restore entry per call, naming the new id.
  const audited = await auditRestores();
  for (const r of rows) {
    const entry = audited.find((e) => e.id === r.previous && e.outcome === "restored");
    assert.ok(entry, `a restored entry for ${r.previous}`);
    assert.equal(entry.restoredAs, r.newId);
    assert.equal(entry.detail, `restored as ${r.newId}`);
  }
  assert.equal(audited.filter((e) => e.outcome === "failed").length, 1);
  assert.equal(audited.length, 3);

  // The new signing secrets: not on the page until asked for, never in the audit log.
  assert.ok(!(await page.content()).includes("whsec_"), "no secret in the DOM before the click");
  await page.getByTestId("show-secrets").click();
  const secrets = await page.locator('[data-testid="restore-secret"]').allTextContents();
  assert.equal(secrets.length, 2);
  for (const s of secrets) assert.match(s, /^whsec_\S+$/);
  assert.notEqual(secrets[0], secrets[1]);
  assert.ok(await page.locator('[data-testid="restore-secret"]').first().isVisible());
  for (const s of secrets) {
    assert.ok(!(await page.getByTestId("audit-panel").textContent()).includes(s), "not in the audit panel");
    assert.ok(!(await page.getByTestId("status").textContent()).includes(s), "not in the status line");
  }
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-jsonl").click()]);
  const jsonl = await readFile(await download.path(), "utf8");
  assert.ok(!jsonl.includes("whsec_"), "not in the JSONL");
  const restoreLines = jsonl.split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l)).filter((e) => e.action === "restore");
  assert.deepEqual(restoreLines.filter((e) => e.outcome === "restored").map((e) => [e.webhookId, e.restoredAs]).sort(),
    rows.map((r) => [r.previous, r.newId]).sort());
  await page.getByTestId("show-secrets").click();
  assert.ok(!(await page.content()).includes("whsec_"), "hidden again");

  const file = path.join(ARTIFACTS, "demo-undo.png");
  await rm(file, { force: true });
  await page.screenshot({ path: file, fullPage: true });
  assert.ok((await stat(file)).size > 10 * 1024);
  await assertCleanPage([403]);
});

test("(n) Undo on the generic dialect: a new id for one, the existing twin for another", async () => {
  await openPage();
  await waitForRows(10);
  await deleteViaDialog(["webhook_1002", "webhook_1006"]);
  // Someone re-created webhook_1006 meanwhile (same url and events): Undo must not make a second one.
  const w1006 = { id: "twin_1006", url: "https://flaky.example.com/receive", events: ["payment.failed", "payment.succeeded"] };
  await control("POST", "/__mock/webhooks", { dialect: "generic", webhooks: [w1006] });
  await clickUndo(2, ["restored", "existing"]);
  const rows = await restoreRows();
  assert.deepEqual(rows.map((r) => [r.previous, r.outcome]), [["webhook_1002", "restored"], ["webhook_1006", "existing"]]);
  assert.equal(rows[1].newId, "twin_1006");
  assert.match(rows[1].detail, /already there/);
  const store = await control("GET", "/__mock/webhooks?dialect=generic");
  assert.ok(store.ids.includes(rows[0].newId) && !store.ids.includes("webhook_1002"));
  assert.equal(store.webhooks.find((w) => w.id === rows[0].newId).url, "https://billing.example.com/webhooks");
  assert.equal(store.webhooks.filter((w) => w.url === w1006.url).length, 1, "no second copy");
  assert.equal(await row(rows[0].newId).count(), 1);
  const byId = (a, b) => a.id.localeCompare(b.id);
  assert.deepEqual((await auditRestores()).sort(byId), [
    { id: "webhook_1002", outcome: "restored", restoredAs: rows[0].newId, detail: `restored as ${rows[0].newId}` },
    { id: "webhook_1006", outcome: "existing", restoredAs: "twin_1006", detail: "already there as twin_1006" },
  ]);
  assert.equal(await page.getByTestId("show-secrets").isVisible(), true, "the re-created one has a new secret");
  await assertCleanPage();
});

test("(j) a refused delete is shown as failed with its error code; Stop aborts a running bulk", async () => {
  await openPage();
  await waitForRows(10);
  // Each id is read once for its backup, then deleted: the read passes, the DELETE is refused.
  await control("POST", "/__mock/faults", { dialect: "generic", id: "webhook_1002", faults: [PASS, { type: "403" }] });
  await deleteViaDialog(["webhook_1001", "webhook_1002"]);
  assert.deepEqual((await deleteRequests()).map((r) => [r.id, r.status]).sort(), [["webhook_1001", 200], ["webhook_1002", 403]]);
  const failed = page.locator('[data-testid="result-row"][data-id="webhook_1002"]');
  assert.equal(await failed.getAttribute("data-outcome"), "failed");
  assert.match(await failed.getByTestId("result-detail").textContent(), /^forbidden \(HTTP 403\): /);
  assert.match(await page.getByTestId("status").getAttribute("class"), /status-error/);
  assert.ok((await storeIds()).includes("webhook_1002"));

  assert.deepEqual(await checkedIds(), ["webhook_1002"], "a failed id stays selected for a retry");
  assert.equal(await page.getByTestId("undo").textContent(), "Undo (re-create 1)", "Undo offers only what was deleted");
  await page.getByTestId("clear-selection").click();

  // Four DELETEs hang (the dashboard sends at most 4 at once); Stop cuts them and skips the rest.
  const ids = ["webhook_1003", "webhook_1004", "webhook_1005", "webhook_1006", "webhook_1007", "webhook_1008"];
  for (const id of ids.slice(0, 4)) {
    await control("POST", "/__mock/faults", { dialect: "generic", id, faults: [PASS, { type: "hang" }] });
  }
  await openConfirm(ids);
  await page.getByTestId("confirm-delete").click();
  await page.getByTestId("stop").waitFor({ state: "visible" });
  for (let i = 0; i < 100 && (await deleteRequests()).length < 2 + 4; i++) await page.waitForTimeout(50);
  assert.equal((await deleteRequests()).length, 2 + 4, "four DELETEs are in flight");
  await page.getByTestId("stop").click();
  await page.waitForFunction(() => /skipped/.test(document.querySelector('[data-testid="results-summary"]').textContent));
  const outcomes = Object.fromEntries(
    await page.$$eval('[data-testid="result-row"]', (rows) => rows.map((r) => [r.getAttribute("data-id"), r.getAttribute("data-outcome")])),
  );
  assert.deepEqual(outcomes, {
    webhook_1003: "failed", webhook_1004: "failed", webhook_1005: "failed", webhook_1006: "failed",
    webhook_1007: "skipped", webhook_1008: "skipped",
  });
  assert.match(await page.locator('[data-testid="result-row"][data-id="webhook_1003"]').getByTestId("result-detail").textContent(), /^aborted/);
  const sent = (await deleteRequests()).map((r) => r.id);
  assert.ok(!sent.includes("webhook_1007") && !sent.includes("webhook_1008"), "skipped ids were never sent");
  await assertCleanPage([403]);
});

test("(h) the static server: MIME types, CSP, no listings, no traversal", async () => {
  const get = (p) => rawGet(site.url, p);
  const html = await get("/");
  assert.equal(html.status, 200);
  assert.equal(html.headers["content-type"], "text/html; charset=utf-8");
  assert.equal(html.headers["content-security-policy"], CSP);
  const wasm = await get("/pkg/web/webhook_delete_bg.wasm");
  assert.equal(wasm.status, 200);
  assert.equal(wasm.headers["content-type"], "application/wasm");
  assert.equal(wasm.headers["content-security-policy"], undefined);
  assert.match((await get("/pkg/web/webhook_delete.js")).headers["content-type"], /^text\/javascript/);
  assert.match((await get("/style.css")).headers["content-type"], /^text\/css/);
  for (const module of ["/app.js", "/app/library.js", "/app/table.js", "/app/restore.js"]) {
    const res = await get(module);
    assert.equal(res.status, 200, module);
    assert.match(res.headers["content-type"], /^text\/javascript/, module);
  }
  assert.equal((await get("/favicon.svg")).headers["content-type"], "image/svg+xml");
  assert.equal((await get("/pkg/package.json")).headers["content-type"], "application/json; charset=utf-8");
  assert.equal((await get("/pkg/web/")).status, 404, "no directory listing");
  assert.equal((await get("/pkg/")).status, 404, "no directory listing");
  for (const evil of ["/../package.json", "/pkg/../../Cargo.toml", "/%2e%2e/Cargo.toml", "/pkg/%2e%2e%2fCargo.toml",
    "/..%2f..%2fetc%2fpasswd", "/pkg%2f..%2fCargo.toml", "/%00", "/a%5c..%5cCargo.toml"]) {
    const res = await get(evil);
    assert.ok(res.status === 403 || res.status === 404 || res.status === 400, `${evil} -> ${res.status}`);
    assert.ok(!res.body.toString().includes("[package]"), `${evil} leaked a file`);
  }
  assert.equal((await get("/nope.js")).status, 404);
});

test("(g) scripts/demo.sh starts both servers, prints the Demo URL and stops", { timeout: 300_000 }, async () => {
  const mockPort = await freePort();
  let demoPort = await freePort();
  while (demoPort === mockPort) demoPort = await freePort();
  const child = spawn("bash", ["scripts/demo.sh"], {
    cwd: ROOT,
    // The page is tested against pkg/ as it is (like every test here); building is not this test's job.
    env: { ...process.env, DEMO_BUILD: "never", DEMO_EXIT_AFTER_START: "1", MOCK_PORT: String(mockPort), DEMO_PORT: String(demoPort) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const code = await new Promise((resolve) => child.on("close", resolve));
  assert.equal(code, 0, `demo.sh exited ${code}\n${stdout}\n${stderr}`);
  const expected = `Demo: http://127.0.0.1:${demoPort}/?api=http://127.0.0.1:${mockPort}`;
  assert.ok(stdout.split("\n").includes(expected), `stdout has "${expected}":\n${stdout}`);
  // Both servers are gone again.
  for (const port of [mockPort, demoPort]) {
    await assert.rejects(fetch(`http://127.0.0.1:${port}/`), `port ${port} still answers`);
  }
});
