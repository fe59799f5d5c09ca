import { test, expect, screenshot, fixture, generated, serialsOf } from './fixtures';
import { DevicesPage } from './pages/devices_page';
import { existsSync } from 'node:fs';
import type { BrowserContext, Page } from '@playwright/test';

// Several tabs of one browser profile on the embedded service: one tenant in IndexedDB. Every
// write is versioned and applies only on the data it read (portal_backend::versions); a tab
// announces its writes on a BroadcastChannel, and the others show them without a reload.
test.skip(({ backend }) => backend !== 'embedded', 'tabs share the embedded service’s browser database');

/** Both tabs on one browser database of their own, with the test's processing delay. */
async function twoTabs(context: BrowserContext, page: Page, delayMs: number, name: string): Promise<[DevicesPage, DevicesPage]> {
  const database = `e2e-tabs-${name}-${Date.now()}`;
  await page.unroute('**/config.json');
  await context.route('**/config.json', (route) =>
    route.fulfill({ contentType: 'application/json', body: JSON.stringify({ processingDelayMs: delayMs, database }) }),
  );
  const a = new DevicesPage(page);
  const b = new DevicesPage(await context.newPage());
  await a.goto();
  await b.goto();
  return [a, b];
}

const total = async (tab: DevicesPage, n: number) =>
  expect(tab.page.getByText(`${await tab.number(n)} devices`, { exact: true })).toBeVisible({ timeout: 30_000 });

test('a registration in one tab shows in the other without a reload, and a removal there shows back', async ({ context, page, delayMs }, testInfo) => {
  const [a, b] = await twoTabs(context, page, delayMs, 'show');
  const serials = serialsOf('hardwarehash-ps51.csv');
  await a.prepareRegistration(fixture('hardwarehash-ps51.csv'), 3);
  await a.submit.click();
  await expect(a.flyIn).toBeHidden();
  for (const serial of serials) await expect(b.row(serial)).toBeVisible();
  await screenshot(b.page, testInfo, 'tabs-01-the-other-tab-shows-the-registration');
  for (const serial of serials) {
    await expect(b.row(serial)).toContainText('Ready for user', { timeout: 20_000 });
    await expect(a.row(serial)).toContainText('Ready for user', { timeout: 20_000 });
  }

  const details = await b.openDetails(serials[0]);
  await details.getByRole('button', { name: 'Remove device' }).click();
  await b.page.getByRole('alertdialog', { name: `Remove device ${serials[0]}?` }).getByRole('button', { name: 'Remove' }).click();
  await expect(b.row(serials[0])).toHaveCount(0);
  await expect(a.row(serials[0])).toHaveCount(0);
  await expect(a.row(serials[1])).toContainText('Ready for user');
  await total(a, 44);
  // Each tab's change is in the one audit log.
  await a.page.getByRole('link', { name: 'Audit log' }).click();
  await expect(a.page.getByRole('row').filter({ hasText: 'Removed devices' })).toHaveCount(1);
  await expect(a.page.getByRole('row').filter({ hasText: 'Registered devices' })).toHaveCount(1);
});

test('two tabs registering different files at the same moment lose no device', async ({ context, page, delayMs }) => {
  const file = generated('batch-1200.csv');
  test.skip(!existsSync(file), 'scripts/test.sh generates e2e/.generated/batch-1200.csv');
  const [a, b] = await twoTabs(context, page, delayMs, 'race');
  await a.prepareRegistration(fixture('hardwarehash-ps51.csv'), 3);
  await b.prepareRegistration(file, 1200, 'Kiosk');
  await Promise.all([a.submit.click(), b.submit.click()]);
  await expect(a.flyIn).toBeHidden({ timeout: 60_000 });
  await expect(b.flyIn).toBeHidden({ timeout: 60_000 });
  for (const tab of [a, b]) {
    await tab.page.reload();
    await tab.shown();
    await total(tab, 42 + 3 + 1200);
    await tab.search.fill(serialsOf('hardwarehash-ps51.csv')[2]);
    await expect(tab.page.getByText(`1 of ${await tab.number(1245)} devices`, { exact: true })).toBeVisible();
  }
});

test('closing a tab while another registers loses nothing, and the one left decides every registration', async ({ context, page, delayMs }, testInfo) => {
  const file = generated('batch-1200.csv');
  test.skip(!existsSync(file), 'scripts/test.sh generates e2e/.generated/batch-1200.csv');
  // The tab opened first is closed; the second registers meanwhile.
  const [first, second] = await twoTabs(context, page, delayMs, 'close');
  await second.prepareRegistration(file, 1200);
  await second.submit.click();
  // The first tab has seen a batch arrive: the registration is under way. Then it closes.
  await expect(first.stateCount('Registration Pending')).not.toHaveText(/^0\D/, { timeout: 30_000 });
  await first.page.close();
  await expect(second.flyIn).toBeHidden({ timeout: 60_000 });
  await expect(second.stateCount('Registration Pending')).toHaveText(/^0\D/, { timeout: 30_000 });
  await second.page.reload();
  await second.shown();
  await total(second, 42 + 1200);
  await screenshot(second.page, testInfo, 'tabs-02-after-closing-the-other-tab');
  // A tab opened now sees the same.
  const third = new DevicesPage(await context.newPage());
  await third.goto();
  await total(third, 42 + 1200);
});
