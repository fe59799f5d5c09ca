import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

/** The registration server binary (crates/server); scripts/test.sh sets E2E_SERVER. */
const binary = process.env.E2E_SERVER ?? new URL('../../target/debug/server', import.meta.url).pathname;
const dist = new URL('../../dist', import.meta.url).pathname;

export interface ServerOptions {
  /** Where its SQLite file lives (one per test). */
  dir: string;
  /** How long a registration stays pending. */
  delayMs: number;
  /** API requests per second; 0 = unlimited. */
  rateLimit?: number;
  /** Requests allowed in a burst. */
  rateBurst?: number;
  /** A fixed port (sign-in tests: the provider knows the portal's address); free one if absent. */
  port?: number;
  /** Further arguments (sign-in). */
  args?: string[];
}

/**
 * One registration server for one test: its own SQLite file, the built portal, a free port on
 * 127.0.0.1. `kill()` and `start()` again reuse the file and the port (the restart test).
 */
export class ApiServer {
  private child: ChildProcess | undefined;
  private port: number;
  private output = '';
  readonly db: string;

  private constructor(private readonly options: ServerOptions) {
    this.port = options.port ?? 0;
    mkdirSync(options.dir, { recursive: true });
    this.db = resolve(options.dir, 'devices.sqlite');
  }

  static async start(options: ServerOptions): Promise<ApiServer> {
    const server = new ApiServer(options);
    await server.start();
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts the server (again) and resolves once it listens. */
  async start(): Promise<void> {
    const o = this.options;
    this.output = '';
    const args = ['--db', this.db, '--dist', dist, '--port', String(this.port), '--processing-delay-ms', String(o.delayMs), '--tick-ms', '100', '--rate-limit', String(o.rateLimit ?? 0)];
    if (o.rateBurst) args.push('--rate-burst', String(o.rateBurst));
    args.push(...(o.args ?? []));
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.port = await new Promise<number>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`server did not start in 20 s:\n${this.output}`)), 20_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        this.output += chunk.toString();
        const found = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(this.output);
        if (found) {
          clearTimeout(timer);
          done(Number(found[1]));
        }
      });
      child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
      child.on('error', (e) => fail(new Error(`${binary} could not be started (${e.message}); build it with cargo build -p server`)));
      child.on('exit', (code) => fail(new Error(`server exited with ${code}:\n${this.output}`)));
    });
  }

  /** Stops the server at once, as a crash would (SIGKILL), and waits until it is gone. */
  kill(): Promise<void> {
    return this.signal('SIGKILL');
  }

  /** Stops the server the polite way (SIGTERM). */
  stop(): Promise<void> {
    return this.signal('SIGTERM');
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const gone = new Promise((done) => child.once('exit', done));
    child.kill(signal);
    await gone;
  }

  /** Every device the server has, read through its Graph list (not through the portal). */
  async devices(): Promise<Array<Record<string, unknown>>> {
    const all: Array<Record<string, unknown>> = [];
    let next: string | undefined = `${this.url}/api/graph/v1.0/deviceManagement/windowsAutopilotDeviceIdentities?$top=1000`;
    while (next) {
      const response = await fetch(next);
      if (response.status === 429) {
        await new Promise((done) => setTimeout(done, 1000 * Number(response.headers.get('retry-after') ?? 1)));
        continue;
      }
      const page = (await response.json()) as { value: Array<Record<string, unknown>>; '@odata.nextLink'?: string };
      all.push(...page.value);
      next = page['@odata.nextLink'];
    }
    return all;
  }
}
