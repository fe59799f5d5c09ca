#!/usr/bin/env node
// Trunk's post_build hook (Trunk.toml): writes `name.br` (brotli, quality 11) and `name.gz`
// (gzip, level 9) beside every HTML, JS, wasm and CSS file of the build, so the server
// (tower-http ServeDir) answers them compressed without compressing on every request.
// `config.json` is left alone: it is meant to be edited after the build.
//
//   node scripts/precompress.mjs [DIR]     DIR: $TRUNK_STAGING_DIR, else dist/
import { readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? 'dist';
let written = 0;
for (const name of readdirSync(dir)) {
  const path = join(dir, name);
  if (!statSync(path).isFile() || !/\.(html|js|wasm|css)$/.test(name)) continue;
  const bytes = readFileSync(path);
  writeFileSync(`${path}.br`, brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  }));
  writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
  written += 1;
}
console.log(`precompress: ${written} files in ${dir} (.br and .gz)`);
