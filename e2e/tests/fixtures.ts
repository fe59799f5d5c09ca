import { test as base, expect, type Page, type TestInfo } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { DevicesPage } from './pages/devices_page';

/** Each test gets its own browser database and a short processing delay, through config.json. */
export const test = base.extend<{ devices: DevicesPage; delayMs: number }>({
  delayMs: [1500, { option: true }],
  devices: async ({ page, delayMs }, use, testInfo) => {
    const database = `e2e-${testInfo.testId}-${Date.now()}`;
    await page.route('**/config.json', (route) =>
      route.fulfill({ contentType: 'application/json', body: JSON.stringify({ processingDelayMs: delayMs, database }) }),
    );
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await use(new DevicesPage(page));
    expect(errors, 'no uncaught errors in the page').toEqual([]);
  },
});

export { expect };

/** Saves a full-page screenshot as a kept artifact (e2e/test-results/screens/NAME.png). */
export async function screenshot(page: Page, testInfo: TestInfo, name: string) {
  mkdirSync('test-results/screens', { recursive: true });
  const path = `test-results/screens/${name}.png`;
  await page.screenshot({ path, fullPage: false });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

export const fixture = (name: string) => new URL(`../fixtures/${name}`, import.meta.url).pathname;
