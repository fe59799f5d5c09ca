import { spawn, type ChildProcess } from 'node:child_process';

/**
 * Starts the test OpenID provider (e2e/oidc/provider.mjs) on 127.0.0.1:`port` for the portal at
 * `portal`, with further arguments (token lifetime, audience, scopes); resolves once it serves.
 */
export async function startProvider(port: number, portal: string, args: string[] = []): Promise<ChildProcess> {
  const issuer = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [
    new URL('../oidc/provider.mjs', import.meta.url).pathname,
    '--port', String(port),
    '--portal', portal,
    ...args,
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((done, fail) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`the OpenID provider did not start:\n${output}`)), 15_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(`issuer ${issuer}`)) {
        clearTimeout(timer);
        done();
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.on('exit', (code) => fail(new Error(`the OpenID provider exited with ${code}:\n${output}`)));
  });
  return child;
}
