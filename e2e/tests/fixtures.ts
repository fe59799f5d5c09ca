import { test as base, expect, type Page, type TestInfo } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import { ApiServer } from './api_server';
import { DevicesPage } from './pages/devices_page';

export type Backend = 'embedded' | 'http' | 'graph';

/**
 * Every spec runs against both backends (the Playwright projects `embedded` and `http`):
 * - embedded: the portal from the static server, its own browser database per test, the
 *   processing delay through config.json;
 * - http: a registration server (crates/server) per test, with its own SQLite file, serving the
 *   portal and the API on one port, and its own config.json (`"backend": "http"`).
 */
export const test = base.extend<{
  devices: DevicesPage;
  delayMs: number;
  backend: Backend;
  rateLimit: number;
  serverPort: number | undefined;
  serverArgs: string[];
  server: ApiServer | undefined;
  guard: void;
}>({
  // Every test, every page of its browser context (sign-in popups included): no uncaught error,
  // no Content-Security-Policy violation on the portal's pages.
  guard: [
    async ({ context, baseURL }, use) => {
      const errors: string[] = [];
      const violations: string[] = [];
      await context.exposeBinding('__reportCspViolation', (_source, text: string, documentURI: string) => {
        if (baseURL && documentURI.startsWith(baseURL)) violations.push(text);
      });
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          (window as unknown as { __reportCspViolation(text: string, uri: string): void }).__reportCspViolation(
            `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`,
            e.documentURI,
          );
        });
      });
      const watch = (p: Page) => p.on('pageerror', (e) => errors.push(`${p.url()}: ${e.message}`));
      context.pages().forEach(watch);
      context.on('page', watch);
      await use();
      expect(errors, 'no uncaught errors in the pages').toEqual([]);
      expect(violations, 'no Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
  backend: ['embedded', { option: true }],
  delayMs: [1500, { option: true }],
  rateLimit: [0, { option: true }],
  serverPort: [undefined, { option: true }],
  serverArgs: [[], { option: true }],
  server: async ({ backend, delayMs, rateLimit, serverPort, serverArgs }, use, testInfo) => {
    if (backend !== 'http') {
      await use(undefined);
      return;
    }
    const server = await ApiServer.start({
      dir: testInfo.outputPath('server'),
      delayMs,
      rateLimit,
      rateBurst: rateLimit || undefined,
      port: serverPort,
      args: serverArgs,
    });
    await use(server);
    await server.stop();
  },
  baseURL: async ({ baseURL, server }, use) => {
    await use(server ? server.url : baseURL);
  },
  devices: async ({ page, delayMs, server }, use, testInfo) => {
    if (!server) {
      const database = `e2e-${testInfo.testId}-${Date.now()}`;
      await page.route('**/config.json', (route) =>
        route.fulfill({ contentType: 'application/json', body: JSON.stringify({ processingDelayMs: delayMs, database }) }),
      );
    }
    await use(new DevicesPage(page));
  },
});

export { expect };


/** Saves a screenshot as a kept artifact (e2e/test-results/screens/[http-]NAME.png). */
export async function screenshot(page: Page, testInfo: TestInfo, name: string) {
  mkdirSync('test-results/screens', { recursive: true });
  const prefix = testInfo.project.name === 'http' ? 'http-' : '';
  const path = `test-results/screens/${prefix}${name}.png`;
  await page.screenshot({ path, fullPage: false });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

export const fixture = (name: string) => new URL(`../fixtures/${name}`, import.meta.url).pathname;
export const generated = (name: string) => new URL(`../.generated/${name}`, import.meta.url).pathname;

/** Serial numbers of a fixture, read the way the admin's file holds them. */
export function serialsOf(name: string): string[] {
  const bytes = readFileSync(fixture(name));
  const text = bytes[0] === 0xff && bytes[1] === 0xfe ? bytes.subarray(2).toString('utf16le') : bytes.toString('utf8').replace(/^\uFEFF/, '');
  return text.split(/\r?\n/).slice(1).filter(Boolean).map((line) => line.split(',')[0]);
}
