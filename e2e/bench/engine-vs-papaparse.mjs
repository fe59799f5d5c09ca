#!/usr/bin/env node
// Browser benchmark: the autopilot engine compiled to wasm, reading and fully validating a
// 10,000-device registration file (encoding, CSV, base64, OA3 structure, SHA-256, every row
// check), against Papa Parse merely parsing the same file. One headless Chromium, one page,
// alternating runs. scripts/bench-browser.sh builds the wasm and the files and calls this.
//
// node e2e/bench/engine-vs-papaparse.mjs --pkg DIR [--utf8 FILE] [--utf16 FILE] [--runs N]
//     [--profile] [--markdown OUT.md] [--json OUT.json]
//   --pkg DIR     wasm-bindgen --target web output holding autopilot_engine_bench.js (required)
//   --utf8 FILE   UTF-8, LF file read by both; generated with autopilot-gen when omitted
//   --utf16 FILE  UTF-16LE+BOM, CRLF file (Windows PowerShell 5.1), engine row; generated too
//   --count N     devices in generated files (default 10000)
//   --runs N      timed runs per variant, alternating (default 7), after one warm-up each
//   --profile     also time cumulative stages of the engine's pipeline (where the time goes) and
//                 take a V8 CPU profile of the engine on the UTF-8 file (top functions by self time)
//   --markdown F  also write the Markdown output to F;  --json F  raw timings to F
//   --note TEXT   a line about the build (commit, flags) printed under the table

import { chromium } from '@playwright/test';
import { createServer } from 'node:http';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const require = createRequire(import.meta.url);

function parseArgs(argv) {
  const opts = { runs: 7, count: 10000, profile: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    switch (a) {
      case '--pkg': opts.pkg = resolve(value()); break;
      case '--utf8': opts.utf8 = resolve(value()); break;
      case '--utf16': opts.utf16 = resolve(value()); break;
      case '--count': opts.count = Number(value()); break;
      case '--runs': opts.runs = Number(value()); break;
      case '--profile': opts.profile = true; break;
      case '--markdown': opts.markdown = resolve(value()); break;
      case '--json': opts.json = resolve(value()); break;
      case '--note': opts.note = value(); break;
      case '-h': case '--help':
        console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 18).join('\n'));
        process.exit(0);
      default: throw new Error(`unknown argument ${a}`);
    }
  }
  if (!opts.pkg) throw new Error('--pkg DIR (wasm-bindgen output) is required');
  if (!Number.isInteger(opts.runs) || opts.runs < 1) throw new Error('--runs must be a positive integer');
  return opts;
}

function generate(path, count, extra) {
  execFileSync('cargo', ['run', '--quiet', '--release', '-p', 'autopilot', '--bin', 'autopilot-gen', '--',
    '--count', String(count), ...extra, '-o', path], { cwd: repo, stdio: 'inherit' });
  return path;
}

const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm', '.csv': 'text/csv' };

// A Web Worker running the engine, as the portal's reading workers do. Two of them read a file
// together (autopilot_reader::checksums): the second computes the checksums of the hashes in the
// second part of the file and posts them to the first through a MessageChannel, while the first
// reads the first part; the first then reads the rest with them. Alone, a worker runs `check`.
const WORKER = `import init, { check, second_reader, FirstReader } from '/pkg/autopilot_engine_bench.js';
await init({ module_or_path: '/pkg/autopilot_engine_bench_bg.wasm' });
const files = {};
let port = null;
const arrived = [];
let waiter = null;
const nextChecksums = () => new Promise((ok) => {
  if (arrived.length) ok(arrived.shift()); else waiter = ok;
});
onmessage = async ({ data }) => {
  if (data.load) {
    files[data.load] = new Uint8Array(data.buffer);
    postMessage({ loaded: data.load });
  } else if (data.port) {
    port = data.port;
    port.onmessage = (e) => { if (waiter) { const w = waiter; waiter = null; w(e.data); } else arrived.push(e.data); };
    postMessage({ ported: true });
  } else if (data.role === 'alone') {
    postMessage({ summary: check(files[data.name]) });
  } else if (data.role === 'second') {
    const checksums = second_reader(files[data.name]);
    port.postMessage(checksums, [checksums.buffer]);
  } else if (data.role === 'first') {
    const reader = new FirstReader(files[data.name]);
    const checksums = await nextChecksums();
    postMessage({ summary: reader.finish(checksums) });
  }
};
postMessage({ ready: true });
`;

// The page: loads the engine and Papa Parse, exposes the timed functions on `window.bench`.
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>engine vs Papa Parse</title>
<script src="/papaparse.min.js"></script></head>
<body><p id="status">loading</p>
<script type="module">
import init, { check, stage } from '/pkg/autopilot_engine_bench.js';
await init({ module_or_path: '/pkg/autopilot_engine_bench_bg.wasm' });
const files = {};
// Two reading workers, as the portal starts them, joined by a channel of their own.
const worker = () => new Promise((ok) => {
  const w = new Worker('/worker.js', { type: 'module' });
  w.onmessage = ({ data }) => { if (data.ready) ok(w); };
});
const ask = (w, message, transfer = []) => new Promise((ok) => {
  w.onmessage = ({ data }) => ok(data);
  w.postMessage(message, transfer);
});
const [first, second] = await Promise.all([worker(), worker()]);
const channel = new MessageChannel();
await ask(first, { port: channel.port1 }, [channel.port1]);
await ask(second, { port: channel.port2 }, [channel.port2]);
async function load(name) {
  const bytes = new Uint8Array(await (await fetch('/data/' + name)).arrayBuffer());
  files[name] = { bytes, text: null };
  // Each worker keeps its own copy, as each reads the file itself in the portal.
  for (const w of [first, second]) await ask(w, { load: name, buffer: bytes.slice().buffer });
  return bytes.length;
}
function papaSummary(result) {
  return 'rows=' + result.data.length + ' fields=' + (result.meta.fields || []).length + ' errors=' + result.errors.length;
}
const PAPA = { header: true, skipEmptyLines: true };
const variants = {
  // bytes -> full validation, including the copy of the bytes into wasm memory.
  engine: (f) => check(f.bytes),
  // parsing only, on the string decoded once beforehand.
  papa: (f) => papaSummary(Papa.parse(f.text, PAPA)),
  // bytes -> TextDecoder -> parse.
  papaDecode: (f) => papaSummary(Papa.parse(new TextDecoder(f.label).decode(f.bytes), PAPA)),
};
window.bench = {
  load,
  prepare(name, label) {
    const f = files[name];
    f.label = label;
    f.text = new TextDecoder(label).decode(f.bytes);
    return f.text.length;
  },
  run(variant, name) {
    if (typeof gc === 'function') gc();
    const f = files[name];
    const t0 = performance.now();
    const summary = variants[variant](f);
    const ms = performance.now() - t0;
    return { ms, summary };
  },
  // From asking until the first worker has the whole report (its summary arrives).
  async runWorkers(variant, name) {
    const t0 = performance.now();
    let answer;
    if (variant === 'worker') {
      answer = await ask(first, { role: 'alone', name });
    } else {
      second.postMessage({ role: 'second', name });
      answer = await ask(first, { role: 'first', name });
    }
    return { ms: performance.now() - t0, summary: answer.summary };
  },
  stage(name, upto) {
    if (typeof gc === 'function') gc();
    const f = files[name];
    const t0 = performance.now();
    const summary = stage(f.bytes, upto);
    return { ms: performance.now() - t0, summary };
  },
};
document.getElementById('status').textContent = 'ready';
</script></body></html>`;

function serve(routes) {
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let file = null;
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204);
      res.end();
      return;
    }
    if (url.pathname === '/' || url.pathname === '/index.html') {
      res.writeHead(200, { 'content-type': MIME['.html'], 'cache-control': 'no-store' });
      res.end(PAGE);
      return;
    }
    if (url.pathname === '/worker.js') {
      res.writeHead(200, { 'content-type': MIME['.js'], 'cache-control': 'no-store' });
      res.end(WORKER);
      return;
    }
    for (const [prefix, target] of Object.entries(routes)) {
      if (prefix.endsWith('/') && url.pathname.startsWith(prefix)) {
        const rest = decodeURIComponent(url.pathname.slice(prefix.length));
        if (!rest.includes('..') && !rest.includes('/')) file = join(target, rest);
      } else if (url.pathname === prefix) {
        file = target;
      }
      if (file) break;
    }
    if (!file || !existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    const body = readFileSync(file);
    res.writeHead(200, { 'content-type': MIME[extname(file)] || 'application/octet-stream',
      'content-length': body.length, 'cache-control': 'no-store' });
    res.end(body);
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok(server));
  });
}

// Samples the page's main thread while the engine reads `file` `runs` times; sums self time per
// function (wasm functions keep their Rust names: wasm-bindgen leaves the name section in).
async function profileEngine(page, file, runs) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await page.evaluate((f) => window.bench.run('engine', f), file);
  await cdp.send('Profiler.start');
  for (let i = 0; i < runs; i++) await page.evaluate((f) => window.bench.run('engine', f), file);
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.detach();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]);
    const name = node.callFrame.functionName || `(${node.callFrame.url.split('/').pop() || 'anonymous'})`;
    if (name === '(idle)' || name === '(program)') continue;
    self.set(name, (self.get(name) || 0) + profile.timeDeltas[i] / 1000);
  }
  const totalMs = [...self.values()].reduce((a, b) => a + b, 0);
  const top = [...self.entries()].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms).slice(0, 15);
  return { runs, totalMs, top };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (x, d = 1) => x.toFixed(d);

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const glue = join(opts.pkg, 'autopilot_engine_bench.js');
  if (!existsSync(glue)) throw new Error(`${glue} not found: run wasm-bindgen first (scripts/bench-browser.sh does)`);
  const work = mkdtempSync(join(tmpdir(), 'engine-bench-'));
  const utf8 = opts.utf8 ?? generate(join(work, 'devices-utf8-lf.csv'), opts.count, ['--encoding', 'utf8', '--lf']);
  const utf16 = opts.utf16 ?? generate(join(work, 'devices-utf16le-crlf.csv'), opts.count, []);
  const papaPath = require.resolve('papaparse/papaparse.min.js');
  const papaVersion = JSON.parse(readFileSync(join(dirname(papaPath), 'package.json'), 'utf8')).version;
  const playwrightVersion = JSON.parse(readFileSync(require.resolve('playwright-core/package.json'), 'utf8')).version;

  const server = await serve({ '/pkg/': opts.pkg, '/papaparse.min.js': papaPath, '/data/utf8.csv': utf8, '/data/utf16.csv': utf16 });
  const port = server.address().port;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--js-flags=--expose-gc'],
  });
  try {
    const page = await browser.newPage();
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') pageErrors.push(m.text()); });
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready' || false, null, { timeout: 60_000 })
      .catch((e) => { throw new Error(`page did not load: ${pageErrors.join('; ') || e.message}`); });
    const userAgent = await page.evaluate(() => navigator.userAgent);
    const size8 = await page.evaluate(() => window.bench.load('utf8.csv'));
    const size16 = await page.evaluate(() => window.bench.load('utf16.csv'));
    await page.evaluate(() => window.bench.prepare('utf8.csv', 'utf-8'));
    await page.evaluate(() => window.bench.prepare('utf16.csv', 'utf-16le'));

    // [label, variant, file, bytes, compared-with-Papa]
    const plan = [
      ['engine (wasm): bytes → full validation', 'engine', 'utf8.csv', size8],
      ['Papa Parse: parse only (string already decoded)', 'papa', 'utf8.csv', size8],
      ['Papa Parse: TextDecoder + parse', 'papaDecode', 'utf8.csv', size8],
      ['engine (wasm): bytes → full validation', 'engine', 'utf16.csv', size16],
      ['Papa Parse: TextDecoder(utf-16le) + parse', 'papaDecode', 'utf16.csv', size16],
      ['engine in one worker (the portal, one core)', 'worker', 'utf8.csv', size8],
      ['engine in two workers (the portal, two cores)', 'workers', 'utf8.csv', size8],
      ['engine in one worker (the portal, one core)', 'worker', 'utf16.csv', size16],
      ['engine in two workers (the portal, two cores)', 'workers', 'utf16.csv', size16],
    ];
    const times = plan.map(() => []);
    const summaries = plan.map(() => null);
    for (let round = -1; round < opts.runs; round++) { // round -1 warms up (JIT, wasm tier-up)
      for (let i = 0; i < plan.length; i++) {
        const [, variant, file] = plan[i];
        const r = await page.evaluate(([v, f]) => (v.startsWith('worker') ? window.bench.runWorkers(v, f) : window.bench.run(v, f)), [variant, file]);
        if (round >= 0) times[i].push(r.ms);
        summaries[i] = r.summary;
      }
    }

    let stages = null;
    if (opts.profile) {
      const names = ['copy bytes into wasm', '+ decode encoding', '+ split lines/fields', '+ base64 decode',
        '+ OA3 structure + SHA-256 (hardware_hash::parse)'];
      stages = [];
      for (const file of ['utf8.csv', 'utf16.csv']) {
        const st = names.map(() => []);
        const shaOnly = [];
        const sums = [];
        for (let round = -1; round < opts.runs; round++) {
          for (let upto = 0; upto <= 5; upto++) {
            const r = await page.evaluate(([f, u]) => window.bench.stage(f, u), [file, upto]);
            if (round >= 0) (upto === 5 ? shaOnly : st[upto]).push(r.ms);
            sums[upto] = r.summary;
          }
        }
        stages.push({ file, names, medians: st.map(median), shaOnly: median(shaOnly), summaries: sums });
      }
    }
    let cpuProfile = null;
    if (opts.profile) cpuProfile = await profileEngine(page, 'utf8.csv', 3);
    if (pageErrors.length) console.error('page reported:', pageErrors.join('\n'));

    // Output.
    const chromiumVersion = browser.version();
    const rows = plan.map(([label, variant, file, bytes], i) => ({
      label, variant, file, bytes, median: median(times[i]), min: Math.min(...times[i]), runs: times[i], summary: summaries[i],
    }));
    const engine8 = rows[0], papa = rows[1], papaDec = rows[2], engine16 = rows[3];
    const fileLabel = (r) => (r.file === 'utf8.csv' ? 'UTF-8, LF' : 'UTF-16LE+BOM, CRLF');
    const mb = (b) => b / 1e6;
    const lines = [];
    lines.push(`| Variant | File | Median ms | Min ms | MB/s (median) | Result |`);
    lines.push(`|---|---|---:|---:|---:|---|`);
    for (const r of rows) {
      lines.push(`| ${r.label} | ${fileLabel(r)}, ${fmt(mb(r.bytes))} MB | ${fmt(r.median)} | ${fmt(r.min)} | ${fmt(mb(r.bytes) / (r.median / 1000), 0)} | \`${r.summary}\` |`);
    }
    lines.push('');
    const ratio = engine8.median / papa.median;
    lines.push(`Ratio engine / Papa (parse only), medians: **${fmt(ratio, 2)}** (min/min ${fmt(engine8.min / papa.min, 2)}); ` +
      `engine / Papa (TextDecoder + parse): ${fmt(engine8.median / papaDec.median, 2)}; ` +
      `engine UTF-16LE / engine UTF-8: ${fmt(engine16.median / engine8.median, 2)}.`);
    lines.push(ratio < 1
      ? `The engine, validating everything including SHA-256, is ${fmt(1 / ratio, 2)}× as fast as Papa Parse parsing alone.`
      : `The engine, validating everything including SHA-256, is ${fmt(ratio, 2)}× slower than Papa Parse parsing alone: goal not met.`);
    const two8 = rows[6], two16 = rows[8], papaDec16 = rows[4];
    lines.push(`Two workers (the portal on two cores): UTF-8 ${fmt(two8.median)} ms against TextDecoder + Papa Parse ${fmt(papaDec.median)} ms ` +
      `(ratio **${fmt(two8.median / papaDec.median, 2)}**; goal ≤ 1); UTF-16LE ${fmt(two16.median)} ms against ${fmt(papaDec16.median)} ms ` +
      `(**${fmt(papaDec16.median / two16.median, 2)}× as fast**; goal ≥ 3). One worker: ${fmt(rows[5].median)} and ${fmt(rows[7].median)} ms.`);
    lines.push('');
    lines.push(`${opts.runs} timed runs per variant, alternating, after one warm-up run each; \`gc()\` before every run. ` +
      `Chromium ${chromiumVersion} headless (Playwright ${playwrightVersion}), Papa Parse ${papaVersion}, MB = 10⁶ bytes.`);
    if (opts.note) lines.push(`Build: ${opts.note}.`);
    if (stages) {
      for (const s of stages) {
        lines.push('');
        lines.push(`Where the engine's time goes, ${s.file === 'utf8.csv' ? 'UTF-8 LF' : 'UTF-16LE CRLF'} file (cumulative pipeline prefixes built from the crate's public functions, medians of ${opts.runs}):`);
        lines.push('');
        lines.push('| Stage | Cumulative ms | This step ms |');
        lines.push('|---|---:|---:|');
        let prev = 0;
        s.names.forEach((name, i) => {
          lines.push(`| ${name} | ${fmt(s.medians[i])} | ${fmt(s.medians[i] - prev)} |`);
          prev = s.medians[i];
        });
        const full = s.file === 'utf8.csv' ? engine8.median : engine16.median;
        lines.push(`| + row checks, duplicates, devices list, report (rest of \`read_files\`) | ${fmt(full)} | ${fmt(full - prev)} |`);
        lines.push('');
        lines.push(`SHA-256 alone over every record block (after base64): ${fmt(s.shaOnly - s.medians[3])} ms; stage summaries: ${s.summaries.map((x) => '`' + x + '`').join(', ')}.`);
      }
    }
    if (cpuProfile) {
      lines.push('');
      lines.push(`V8 CPU profile of ${cpuProfile.runs} engine runs on the UTF-8 file (sampling every 100 µs), top functions by self time:`);
      lines.push('');
      lines.push('| Function | Self ms per run | Share |');
      lines.push('|---|---:|---:|');
      for (const f of cpuProfile.top) {
        lines.push(`| \`${f.name.replace(/\|/g, '\\|')}\` | ${fmt(f.ms / cpuProfile.runs)} | ${fmt(100 * f.ms / cpuProfile.totalMs, 1)} % |`);
      }
    }
    const markdown = lines.join('\n');
    console.log(markdown);
    if (opts.markdown) writeFileSync(opts.markdown, markdown + '\n');
    if (opts.json) {
      writeFileSync(opts.json, JSON.stringify({ note: opts.note, chromium: chromiumVersion, userAgent, playwright: playwrightVersion,
        papaparse: papaVersion, files: { utf8: { path: utf8, bytes: size8 }, utf16: { path: utf16, bytes: size16 } },
        rows, ratio, stages, cpuProfile }, null, 2) + '\n');
    }
    for (const r of [engine8, engine16, ...rows.slice(5)]) {
      if (!/^devices=\d+ rows=\d+ errors=0 /.test(r.summary)) console.error(`warning: unexpected engine result ${r.summary}`);
    }
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((e) => {
  console.error(`engine-vs-papaparse: ${e.message}`);
  process.exit(1);
});
