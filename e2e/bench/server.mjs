// The registration server for the benchmarks: started on a free port of 127.0.0.1 with its
// database in `dir`, without a rate limit; resolves once it says where it listens.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export async function startServer(binary, dist, dir, extra = []) {
  const t0 = performance.now();
  const child = spawn(binary, ['--db', join(dir, 'bench.sqlite'), '--dist', dist, '--port', '0', '--rate-limit', '0', ...extra], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((done, fail) => {
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
      const m = /listening on (http:\/\/[\d.:]+)/.exec(out);
      if (m) done(m[1]);
    });
    child.on('exit', (code) => fail(new Error(`server exited ${code}`)));
  });
  return { child, url, startMs: performance.now() - t0 };
}
