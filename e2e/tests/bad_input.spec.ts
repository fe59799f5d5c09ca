import { existsSync, statSync } from 'node:fs';
import { test, expect, fixture, generated, screenshot } from './fixtures';

const big = generated('big.csv');

test('a binary file and an empty file get clear messages and change nothing', async ({ devices, page }) => {
  await devices.goto();
  const before = (await devices.stateCount('Ready for user').textContent()) ?? '';
  await devices.openRegister();
  await devices.upload(fixture('photo.png'), fixture('empty.csv'));
  await expect(devices.previewSummary()).toContainText('0 devices will be registered.');
  // The field says what was chosen (the browser's own control is emptied after each choice).
  await expect(devices.fileUpload).toHaveAccessibleDescription(/^Chosen: 2 files: photo\.png, empty\.csv/);
  await expect(devices.problemRow('unreadable-file')).toContainText('This is not a CSV file');
  await expect(devices.problemRow('no-devices')).toContainText('The file is empty');
  await expect(devices.submit).toBeDisabled();
  await expect(devices.flyIn.getByText('No device in these files can be registered.')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(devices.stateCount('Ready for user')).toHaveText(before);
});

test('a 50 MB file is read with visible progress, the page stays responsive, nothing is lost', async ({ devices, page }, testInfo) => {
  test.skip(!existsSync(big), 'scripts/test.sh generates e2e/.generated/big.csv');
  expect(statSync(big).size).toBeGreaterThan(50 * 1024 * 1024);
  await devices.goto();
  const before = await devices.table.locator('tbody tr').count();
  await devices.openRegister();
  await devices.upload(big);
  const progress = devices.flyIn.getByRole('progressbar');
  await expect(progress).toBeVisible();
  // The page keeps painting and answering while the file is read: the bar moves on.
  const seen = new Set<string>();
  for (let i = 0; i < 200 && seen.size < 3 && (await progress.count()) > 0; i++) {
    const value = await progress.getAttribute('aria-valuenow', { timeout: 500 }).catch(() => null);
    if (value) seen.add(value);
    await page.waitForTimeout(25);
  }
  expect(seen.size, `progress values seen: ${[...seen].join(', ')}`).toBeGreaterThanOrEqual(2);
  await screenshot(page, testInfo, '10-reading-big-file');
  await expect(devices.previewSummary()).toHaveText('13,500 devices will be registered.', { timeout: 60_000 });
  await devices.flyIn.getByRole('button', { name: 'Cancel' }).click();
  await expect(devices.table.locator('tbody tr')).toHaveCount(before);
});

test('a config.json naming a backend the portal does not have is an error, never demo data', async ({ devices, page }) => {
  await page.route('**/config.json', (route) => route.fulfill({ contentType: 'application/json', body: '{"backend": "graph"}' }));
  await devices.goto();
  const alert = page.getByRole('alert').filter({ hasText: 'Devices could not be loaded.' });
  await expect(alert).toContainText('config.json asks for the "graph" backend');
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(alert).toBeVisible();
  await expect(devices.table).toHaveCount(0);
});

test('an older portal holding the browser data in another tab is named, and the page loads once it is gone', async ({ devices, page, context, backend }) => {
  test.skip(backend !== 'embedded', "the browser's database is the embedded backend's");
  const database = `e2e-blocked-${Date.now()}`;
  await page.route('**/config.json', (route) =>
    route.fulfill({ contentType: 'application/json', body: JSON.stringify({ database }) }),
  );
  // Another tab of an older portal: the same database at schema version 1, never let go.
  const old = await context.newPage();
  await old.goto('/config.json');
  await old.evaluate(
    (name) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open(name, 1);
        open.onupgradeneeded = () => {
          open.result.createObjectStore('meta');
          open.result.createObjectStore('devices');
        };
        open.onsuccess = () => {
          (window as unknown as { held: IDBDatabase }).held = open.result;
          resolve();
        };
        open.onerror = () => reject(open.error);
      }),
    database,
  );
  await page.goto('/devices');
  await expect(page.getByText('Devices could not be loaded.')).toBeVisible();
  await expect(page.getByText(/another tab still has this portal's data open in an older version/)).toBeVisible();
  await old.close();
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(devices.stateCount('Ready for user')).not.toContainText(/^0/);
});
