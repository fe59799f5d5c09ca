#!/usr/bin/env node
// What a first visit downloads before the workspace shows: index.html and every script,
// stylesheet, module and wasm it names, each compressed as the server would send it (brotli
// quality 11, gzip level 9, Node's zlib). Prints a Markdown table; with --budget KB, exits 1
// when the brotli total is over it.
//
//   node e2e/bench/first-visit.mjs [--dist DIR] [--budget KB] [--json OUT]
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const here = dirname(fileURLToPath(import.meta.url));
const dist = resolve(arg('dist', join(here, '..', '..', 'dist')));
const budget = arg('budget') ? Number(arg('budget')) : undefined;

const index = readFileSync(join(dist, 'index.html'));
const names = new Set();
for (const m of index.toString().matchAll(/(?:href|src|module_or_path:)\s*=?\s*['"](\/[^'"]+\.(?:js|wasm|css))['"]/g)) {
  names.add(m[1]);
}
const rows = [['index.html', index]];
for (const name of [...names].sort()) rows.push([name.slice(1), readFileSync(join(dist, name))]);

const sized = rows.map(([name, bytes]) => ({
  name,
  raw: bytes.length,
  gzip: gzipSync(bytes, { level: 9 }).length,
  brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }).length,
}));
const total = sized.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });
const kb = (n) => (n / 1024).toFixed(1);
console.log('| file | raw KB | gzip KB | brotli KB |');
console.log('| --- | ---: | ---: | ---: |');
for (const r of sized) console.log(`| ${r.name.replace(/-[0-9a-f]{16}/, '')} | ${kb(r.raw)} | ${kb(r.gzip)} | ${kb(r.brotli)} |`);
console.log(`| **first visit** | **${kb(total.raw)}** | **${kb(total.gzip)}** | **${kb(total.brotli)}** |`);
if (arg('json')) writeFileSync(arg('json'), JSON.stringify({ files: sized, total }, null, 2));
if (budget !== undefined && total.brotli > budget * 1024) {
  console.error(`first visit is ${kb(total.brotli)} KB brotli, over the budget of ${budget} KB`);
  process.exit(1);
}
