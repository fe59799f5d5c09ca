// The workspace with a large tenant, in headless Chromium, on both backends: how long a fresh page
// takes to show the table, and how long the page takes from a keystroke in the search box, a
// state filter, a sort or selecting every matching device until the browser has painted the result (measured in the page, from the
// event until the first task after the next animation frame). Prints a Markdown table.
//
//   node bench/workspace-scale.mjs --server ../target/release/server --dist ../dist [--devices 100000] [--runs 5] [--trace 1]
//
// http: the server seeds the tenant (`--seed-devices`); embedded: the server only serves the
// portal, whose Demo controls add the devices to the browser's own service (timed too).
import { chromium } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './server.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []));
const count = Number(args.devices ?? 100_000);
const runs = Number(args.runs ?? 5);
const total = count + 42; // and the demo tenant's own
const shown = total.toLocaleString('en-US'); // as the page writes it (Intl, en-US)
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];


// In the page: runs `act`, then waits for the next animation frame and the task after it (the
// frame has been painted by then); returns the milliseconds from before `act`.
const untilPainted = async (page, act, arg) => page.evaluate(async ([source, a]) => {
  const act = new Function('a', source);
  const t0 = performance.now();
  act(a);
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  return performance.now() - t0;
}, [act, arg]);

const TYPE = `const box = document.getElementById('device-search');
box.value = a; box.dispatchEvent(new Event('input', { bubbles: true }));`;
const FILTER = `const select = document.getElementById('state-filter');
select.value = a; select.dispatchEvent(new Event('change', { bubbles: true }));`;
const SORT = `[...document.querySelectorAll('th .sort-button')].find((b) => b.textContent.trim().startsWith(a)).click();`;
const SELECT_PAGE = `document.querySelector('thead .select-box').click();`;
const SELECTION_BUTTON = `[...document.querySelectorAll('.selection-line button')].find((b) => b.textContent.startsWith(a)).click();`;

// A Chromium trace of the page's main thread (devtools.timeline).
async function startTrace(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Tracing.start', { categories: 'devtools.timeline', transferMode: 'ReturnAsStream' });
  return cdp;
}

// Stops the trace; returns the renderer main thread's time per keystroke (ms) spent in style
// (UpdateLayoutTree), layout, and paint (PrePaint, Paint, Layerize), each summed over the trace.
async function stopTrace(cdp, keystrokes) {
  const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.end');
  const { stream } = await done;
  let text = '';
  for (;;) {
    const chunk = await cdp.send('IO.read', { handle: stream });
    text += chunk.data;
    if (chunk.eof) break;
  }
  await cdp.send('IO.close', { handle: stream });
  const events = JSON.parse(text).traceEvents ?? JSON.parse(text);
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const sum = (names) => events
    .filter((e) => e.ph === 'X' && names.includes(e.name) && (!main || (e.pid === main.pid && e.tid === main.tid)))
    .reduce((t, e) => t + (e.dur ?? 0), 0) / 1000 / keystrokes;
  return { style: sum(['UpdateLayoutTree']), layout: sum(['Layout']), paint: sum(['PrePaint', 'Paint', 'Layerize']) };
}

async function measure(page, label) {
  const out = { label };
  const count = page.locator('.result-count');
  // Search: type a serial prefix one key at a time, then clear it (with --trace, under a
  // Chromium trace whose style, layout and paint time is added up per keystroke).
  const trace = args.trace ? await startTrace(page) : null;
  const keys = [];
  for (let run = 0; run < runs; run++) {
    // Forward from an empty box (one scan of every device), on (narrowing), back (Backspace:
    // a whole search again), then cleared.
    for (const text of ['5', '5C', '5CG', '5C', '']) keys.push(await untilPainted(page, TYPE, text));
  }
  out.keystroke = keys;
  if (trace) out.rendering = await stopTrace(trace, keys.length);
  await count.filter({ hasText: `${shown} devices` }).waitFor();
  const filters = [];
  for (let run = 0; run < runs; run++) {
    for (const state of ['active', 'inactive', 'failed', '']) filters.push(await untilPainted(page, FILTER, state));
  }
  out.filter = filters;
  await count.filter({ hasText: `${shown} devices` }).waitFor();
  // Each column once (its first sort builds its order), then again.
  const first = [];
  const again = [];
  for (const column of ['Assigned user', 'Serial number', 'Manufacturer', 'Model', 'Profile', 'State', 'Last seen', 'Age']) {
    first.push(await untilPainted(page, SORT, column));
    again.push(await untilPainted(page, SORT, column));
  }
  out.sortFirst = first;
  out.sortAgain = again;
  // Select the page, then every matching device (all pages), then clear.
  const selectPage = [];
  const selectAll = [];
  for (let run = 0; run < runs; run++) {
    selectPage.push(await untilPainted(page, SELECT_PAGE));
    selectAll.push(await untilPainted(page, SELECTION_BUTTON, 'Select all'));
    await page.getByText(`All ${shown} matching devices are selected.`).waitFor();
    await untilPainted(page, SELECTION_BUTTON, 'Clear selection');
  }
  out.selectPage = selectPage;
  out.selectAll = selectAll;
  out.rows = await page.locator('table tbody tr').count();
  out.shown = await count.textContent();
  return out;
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
const results = [];
try {
  for (const backend of (args.backends ?? 'http,embedded').split(',')) {
    const dir = mkdtempSync(join(tmpdir(), 'scale-'));
    const extra = backend === 'http' ? ['--seed-devices', String(count)] : ['--portal-backend', 'embedded'];
    const { child, url, startMs } = await startServer(args.server, args.dist, dir, extra);
    try {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      let seedMs = null;
      if (backend === 'embedded') {
        const seeding = await context.newPage();
        await seeding.goto(`${url}/devices`);
        await seeding.getByText('42 devices').waitFor();
        await seeding.getByRole('button', { name: 'Demo controls' }).click();
        await seeding.getByLabel('Devices to add, in every state').fill(String(count));
        const t = performance.now();
        await seeding.getByRole('button', { name: 'Add devices' }).click({ noWaitAfter: true, timeout: 600_000 });
        await seeding.locator('.result-count').filter({ hasText: `${shown} devices` }).waitFor({ timeout: 600_000 });
        seedMs = performance.now() - t;
        await seeding.close();
      }
      const loads = [];
      let page;
      for (let run = 0; run < 3; run++) {
        page = await context.newPage();
        const t = performance.now();
        await page.goto(`${url}/devices`);
        await page.locator('.result-count').filter({ hasText: `${shown} devices` }).waitFor({ timeout: 120_000 });
        await page.locator('table tbody tr').first().waitFor();
        loads.push(performance.now() - t);
        if (run < 2) await page.close();
      }
      const m = await measure(page, backend);
      results.push({ backend, startMs, seedMs, loads, ...m });
      console.error(`${backend}: ${JSON.stringify({ startMs, seedMs, loads, ...m })}`);
      await context.close();
    } finally {
      child.kill('SIGTERM');
      await new Promise((done) => child.once('exit', done));
      rmSync(dir, { recursive: true, force: true });
    }
  }
} finally {
  await browser.close();
}

const ms = (x) => `${x.toFixed(0)} ms`;
const stat = (xs) => `${ms(median(xs))} median, ${ms(Math.max(...xs))} max`;
console.log(`| ${total.toLocaleString('en')} devices | ${results.map((r) => r.backend).join(' | ')} |`);
console.log(`| --- | ${results.map(() => '---').join(' | ')} |`);
const row = (label, f) => console.log(`| ${label} | ${results.map(f).join(' | ')} |`);
row('server start (seeding included)', (r) => ms(r.startMs));
row('adding the devices (Demo controls)', (r) => (r.seedMs == null ? '—' : ms(r.seedMs)));
row('fresh page until the table shows (3 loads)', (r) => `${ms(median(r.loads))} median (${r.loads.map((x) => (x / 1000).toFixed(2)).join(', ')} s)`);
row(`search keystroke → painted (${runs * 5})`, (r) => stat(r.keystroke));
row(`state filter → painted (${runs * 4})`, (r) => stat(r.filter));
row('sort, a column the first time → painted (8)', (r) => stat(r.sortFirst));
row('sort, a column again → painted (8)', (r) => stat(r.sortAgain));
row(`select the page → painted (${runs})`, (r) => stat(r.selectPage));
row(`select all matching → painted (${runs})`, (r) => stat(r.selectAll));
row('table rows in the DOM', (r) => String(r.rows));
if (args.trace) {
  row('a keystroke\'s style / layout / paint (trace)', (r) => `${r.rendering.style.toFixed(1)} / ${r.rendering.layout.toFixed(1)} / ${r.rendering.paint.toFixed(1)} ms`);
}
