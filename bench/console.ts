/**
 * `npm run bench:console`: the Devices page under real data. Registers BENCH_DEVICES devices (default
 * 5,000) in a temporary SQLite database, serves the built console, and opens /devices in Chromium at
 * 1440×900, logged in as the administrator. Prints, per run and as medians: when the first rows show,
 * when the page is interactive (rows shown and no long task since), the main thread's blocking time,
 * the renderer's CPU time (less sensitive than the clock to other work on the machine), and the same
 * for "next page", then for a return visit (the page opened again in the same browser, which has the
 * console's files and their compiled code from the first) and its "next page"; asserts nothing. The
 * machine's load average is printed before and after.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { openDatabase } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { INITIAL_ADMIN } from '../src/domain/users/service.js';
import { uuidv7 } from '../src/lib/ids.js';
import { ephemeralSecretKey } from '../src/lib/secret-box.js';
import { buildServer } from '../src/server.js';
import { ensureConsoleBuilt, launchBrowser } from '../test/browser/harness.js';
import { median } from './stats.js';

const DEVICES = Number(process.env.BENCH_DEVICES ?? 5000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** 0: any free port, so that two benches (or a test server) on one machine do not collide. */
const PORT = Number(process.env.BENCH_PORT ?? 0);
const ROWS = '.ant-table-tbody tr.ant-table-row';

await ensureConsoleBuilt();

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdconsole-bench-console-'));
const database = openDatabase({ kind: 'sqlite', file: path.join(dir, 'bench.sqlite3') });
await migrateToLatest(database);
const app = await buildServer({ database, secretKey: ephemeralSecretKey() });
await app.services.users.bootstrap();
const now = Date.now();
for (let start = 0; start < DEVICES; start += 500) {
  const rows = [];
  for (let i = start; i < Math.min(start + 500, DEVICES); i++) {
    rows.push({
      guid: uuidv7(now),
      peer_id: String(100_000_000 + i),
      uuid: `uuid-${i}`,
      status: 1,
      hostname: `desk-${i}.office.example.com`,
      username: `user${i % 300}`,
      os: 'windows / Windows 11 Pro - 11 (22631)',
      cpu: 'Intel(R) Core(TM) i7-8700 CPU @ 3.20GHz',
      memory: '15.55GB',
      version: '1.4.9',
      ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      note: i % 7 === 0 ? `Front desk ${i}: the machine by the window, ask reception before connecting` : '',
      last_online: now - i * 60_000,
      created_at: now - i * 3_600_000,
      updated_at: now,
    });
  }
  await database.db.insertInto('devices').values(rows).execute();
}
const BASE = await app.listen({ port: PORT, host: '127.0.0.1' });

const login = await fetch(`${BASE}/api/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: INITIAL_ADMIN.name, password: INITIAL_ADMIN.password }),
});
const { access_token: token } = (await login.json()) as { access_token: string };

const browser = await launchBrowser();
const browserSession = await browser.newBrowserCDPSession();

/** CPU time (ms) the browser's renderer processes have used so far. */
async function rendererCpu(): Promise<number> {
  const { processInfo } = await browserSession.send('SystemInfo.getProcessInfo');
  return processInfo.filter((p) => p.type === 'renderer').reduce((sum, p) => sum + p.cpuTime * 1000, 0);
}

/** Collects long tasks (over 50 ms) from the start of the page, in the page. */
const OBSERVE_LONG_TASKS = `
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks.push([entry.startTime, entry.duration]);
  }).observe({ type: 'longtask', buffered: true });
`;

interface Figures {
  rows: number;
  interactive: number;
  blocking: number;
  cpu: number;
}

/** Time (page clock) when rows whose first differs from `before` are on screen. */
function rowsShown(page: Page, before: string | null): Promise<number> {
  // Runs in the page (a string: this file is compiled without the DOM's types).
  const shown = `(() => {
    const rows = document.querySelectorAll(${JSON.stringify(ROWS)});
    const first = rows[0] ? rows[0].textContent : null;
    return rows.length > 0 && first !== ${JSON.stringify(before)} ? performance.now() : false;
  })()`;
  return page
    .waitForFunction(shown, undefined, { polling: 'raf', timeout: 30_000 })
    .then((handle) => handle.jsonValue() as Promise<number>);
}

/** Waits until the main thread has been free for a while, then sums the long tasks since `from`. */
async function settle(page: Page, from: number, shown: number, cpuBefore: number): Promise<Figures> {
  await page.waitForTimeout(500);
  const cpu = (await rendererCpu()) - cpuBefore;
  const tasks = (await page.evaluate('window.__longTasks')) as [number, number][];
  const since = tasks.filter(([start]) => start >= from);
  const lastEnd = Math.max(shown, ...since.map(([start, duration]) => start + duration));
  // Total blocking time: what each long task holds the thread beyond 50 ms.
  const blocking = since.reduce((sum, [, duration]) => sum + Math.max(0, duration - 50), 0);
  return { rows: shown - from, interactive: lastEnd - from, blocking, cpu };
}

/** Clicks "next page" and measures until the new rows show and the page is settled. */
async function nextPage(page: Page): Promise<Figures> {
  const before = await page.locator(ROWS).first().textContent();
  const clicked = (await page.evaluate('performance.now()')) as number;
  const cpuAtClick = await rendererCpu();
  await page.locator('.ant-pagination-next').click();
  return settle(page, clicked, await rowsShown(page, before), cpuAtClick);
}

async function run(pageSize: number) {
  // bypassCSP: the probes below are strings (this file has no DOM types), which the console's CSP forbids.
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
  await context.addInitScript(
    `localStorage.setItem('rdconsole.accessToken', ${JSON.stringify(token)});${OBSERVE_LONG_TASKS}`,
  );
  const page = await context.newPage();
  const cpuAtStart = await rendererCpu();
  await page.goto(`${BASE}/devices?pageSize=${pageSize}`);
  const first = await settle(page, 0, await rowsShown(page, null), cpuAtStart);
  const next = await nextPage(page);

  // The administrator's next visit: the browser has the console's files (cached for a year) and their
  // compiled code; the page, the user and the rows are fetched again.
  const cpuAtReturn = await rendererCpu();
  await page.goto(`${BASE}/devices?pageSize=${pageSize}`);
  const again = await settle(page, 0, await rowsShown(page, null), cpuAtReturn);
  const againNext = await nextPage(page);
  await context.close();
  return { first, next, again, againNext };
}

const ms = (value: number) => `${Math.round(value)} ms`;

const load = () =>
  os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
console.log(`Devices page, ${DEVICES.toLocaleString('en')} devices, Chromium 1440×900, ${RUNS} runs each`);
console.log(`Load average (1, 5, 15 min) before: ${load()}`);
for (const pageSize of [20, 100]) {
  const results: Awaited<ReturnType<typeof run>>[] = [];
  for (let i = 0; i < RUNS; i++) results.push(await run(pageSize));
  const row = (label: string, pick: (r: (typeof results)[number]) => Figures) =>
    console.log(
      `  ${label.padEnd(22)} rows shown ${ms(median(results.map((r) => pick(r).rows))).padStart(7)}` +
        `  interactive ${ms(median(results.map((r) => pick(r).interactive))).padStart(7)}` +
        `  blocking ${ms(median(results.map((r) => pick(r).blocking))).padStart(7)}` +
        `  renderer CPU ${ms(median(results.map((r) => pick(r).cpu))).padStart(7)}`,
    );
  console.log(`${pageSize} rows a page (medians):`);
  row('first visit', (r) => r.first);
  row('next page', (r) => r.next);
  row('return visit', (r) => r.again);
  row('next page after it', (r) => r.againNext);
}

console.log(`Load average (1, 5, 15 min) after: ${load()}`);
await browser.close();
await app.close();
await database.close();
fs.rmSync(dir, { recursive: true, force: true });
