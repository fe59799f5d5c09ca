// The portal against the registration server, measured in headless Chromium: register a big file
// through the HTTP backend (batches of 500 with idempotency keys), follow every device until it is
// decided, then load the whole tenant again from a fresh page. Prints a Markdown table, with the
// main thread's long tasks (over 50 ms, from a `longtask` PerformanceObserver) while the file is
// read and while it is submitted.
//
//   node bench/portal-http.mjs --server ../target/release/server --dist ../dist --file .generated/big.csv [--runs 3]
//     [--cpu-profile submit.cpuprofile]
import { chromium } from '@playwright/test';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './server.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []));
const runs = Number(args.runs ?? 3);
const file = args.file;
// With --cpu-profile OUT: the first run's submit phase as a V8 CPU profile (open it in Chromium's
// DevTools), and its functions by self time on stderr.
function printSelfTimes(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = profile.timeDeltas;
  profile.samples.forEach((id, i) => {
    const f = byId.get(id).callFrame;
    const name = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}`;
    self.set(name, (self.get(name) ?? 0) + (dt[i] ?? 0) / 1000);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.error(`submit phase, CPU profile (${total.toFixed(0)} ms sampled), top self times:`);
  for (const [name, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.error(`  ${ms.toFixed(1).padStart(8)} ms  ${name}`);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];


const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
const rows = { read: [], submit: [], decided: [], reload: [] };
const long = { read: [], submit: [] };
// Every long task of the page's main thread, from the start.
const observe = () => {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push(e.duration);
  }).observe({ type: 'longtask', buffered: true });
};
const takeLongTasks = async (page) => page.evaluate(() => window.__longTasks.splice(0));
let devices = 0;
for (let run = 0; run < runs; run++) {
  const dir = mkdtempSync(join(tmpdir(), 'portal-http-'));
  const { child, url } = await startServer(args.server, args.dist, dir, ['--processing-delay-ms', '2000', '--tick-ms', '100']);
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.addInitScript(observe);
  await page.goto(`${url}/devices`);
  await page.getByText('42 devices').waitFor();
  await page.getByRole('button', { name: 'Register devices' }).first().click();
  const flyIn = page.getByRole('dialog', { name: 'Register devices' });
  await page.waitForTimeout(500);
  await takeLongTasks(page);
  let t = performance.now();
  await flyIn.getByLabel('File upload').setInputFiles(file);
  const summary = flyIn.getByTestId('preview-summary');
  await summary.filter({ hasText: /^\d+ devices will be registered\.$/ }).waitFor({ timeout: 120_000 });
  rows.read.push(performance.now() - t);
  long.read.push(await takeLongTasks(page));
  devices = Number((await summary.textContent()).match(/^(\d+)/)[1]);
  await flyIn.getByLabel('Device profile').selectOption({ label: 'Standard' });
  const cdp = args['cpu-profile'] && run === 0 ? await page.context().newCDPSession(page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  t = performance.now();
  await flyIn.getByRole('button', { name: 'Register devices' }).click();
  await page.getByTestId('toast').filter({ hasText: `${devices} devices were submitted` }).waitFor({ timeout: 300_000 });
  rows.submit.push(performance.now() - t);
  if (cdp) {
    const { profile } = await cdp.send('Profiler.stop');
    writeFileSync(args['cpu-profile'], JSON.stringify(profile));
    printSelfTimes(profile);
  }
  long.submit.push(await takeLongTasks(page));
  const pending = page.getByRole('list', { name: 'Devices by state' }).getByRole('button', { name: /Registration Pending/ }).locator('.state-count');
  await pending.filter({ hasText: /^0$/ }).waitFor({ timeout: 300_000 });
  rows.decided.push(performance.now() - t);
  const fresh = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  t = performance.now();
  await fresh.goto(`${url}/devices`);
  await fresh.getByText(`${(devices + 42).toLocaleString('en-US')} devices`).waitFor({ timeout: 120_000 });
  await fresh.getByRole('table', { name: 'Devices' }).locator('tbody tr').first().waitFor();
  rows.reload.push(performance.now() - t);
  await fresh.close();
  await page.close();
  child.kill('SIGTERM');
  await new Promise((done) => child.once('exit', done));
  rmSync(dir, { recursive: true, force: true });
  console.error(`run ${run + 1}: read ${rows.read.at(-1).toFixed(0)} ms, submit ${rows.submit.at(-1).toFixed(0)} ms, decided ${rows.decided.at(-1).toFixed(0)} ms, reload ${rows.reload.at(-1).toFixed(0)} ms`);
}
await browser.close();

const mb = (statSync(file).size / 1e6).toFixed(1);
const fmt = (xs) => `${(median(xs) / 1000).toFixed(2)} s (${xs.map((x) => (x / 1000).toFixed(2)).join(', ')})`;
console.log(`| step (${devices} devices, ${mb} MB file, ${runs} runs) | median (each run) |`);
console.log('| --- | --- |');
console.log(`| read and check the file in the browser | ${fmt(rows.read)} |`);
console.log(`| submit: ${Math.ceil(devices / 500)} batches of 500 over HTTP, until the last is accepted | ${fmt(rows.submit)} |`);
console.log(`| from submit until none is Registration Pending (2 s processing delay) | ${fmt(rows.decided)} |`);
const longRow = (runs) => {
  const all = runs.flat();
  return `${all.length} in ${runs.length} runs (per run: ${runs.map((r) => r.length).join(', ')}); longest ${all.length ? Math.max(...all).toFixed(0) : 0} ms`;
};
console.log(`| main-thread tasks over 50 ms while the file is read | ${longRow(long.read)} |`);
console.log(`| main-thread tasks over 50 ms while it is submitted | ${longRow(long.submit)} |`);
console.log(`| fresh page: load all ${devices + 42} devices over HTTP and show the table | ${fmt(rows.reload)} |`);
