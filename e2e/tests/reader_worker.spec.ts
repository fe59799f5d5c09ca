import { existsSync } from 'node:fs';
import { test, expect, fixture, generated } from './fixtures';

const big = generated('big.csv');

test('the file reader is not part of a first visit: its worker starts when the fly-in opens, and stops when it closes', async ({ devices, page }) => {
  const fetched: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('reader_worker')) fetched.push(new URL(r.url()).pathname);
  });
  await devices.goto();
  await page.waitForLoadState('networkidle');
  expect(fetched, 'nothing of the reader before the fly-in opens').toEqual([]);
  expect(page.workers()).toHaveLength(0);
  const started = page.waitForEvent('worker');
  await devices.openRegister();
  const worker = await started;
  expect(new URL(worker.url()).pathname).toBe('/reader_worker_loader.js');
  await expect.poll(() => fetched).toContain('/reader_worker_bg.wasm');
  await devices.upload(fixture('hardwarehash-ps51.csv'));
  await expect(devices.previewSummary()).toContainText('will be registered.');
  const closed = new Promise<void>((resolve) => worker.on('close', () => resolve()));
  await page.keyboard.press('Escape');
  await closed;
  expect(page.workers()).toHaveLength(0);
});

test('closing the fly-in while a large file is read stops the reading at once', async ({ devices, page }) => {
  test.skip(!existsSync(big), 'scripts/test.sh generates e2e/.generated/big.csv');
  await devices.goto();
  await devices.openRegister();
  const worker = page.workers()[0] ?? (await page.waitForEvent('worker'));
  await devices.upload(big);
  await expect(devices.flyIn.getByRole('progressbar')).toBeVisible();
  const closed = new Promise<void>((resolve) => worker.on('close', () => resolve()));
  await devices.flyIn.getByRole('button', { name: 'Cancel' }).click();
  await closed;
  await expect(devices.flyIn).toBeHidden();
  // Opened again, the fly-in starts fresh: no report of the file it was reading.
  await devices.openRegister();
  await expect(devices.flyIn.getByRole('progressbar')).toHaveCount(0);
  await expect(devices.previewSummary()).toHaveCount(0);
  await expect(devices.submit).toBeDisabled();
});

test('a choice of files while others are read replaces them', async ({ devices, page }) => {
  test.skip(!existsSync(big), 'scripts/test.sh generates e2e/.generated/big.csv');
  await devices.goto();
  await devices.openRegister();
  await devices.upload(big);
  await expect(devices.flyIn.getByRole('progressbar')).toBeVisible();
  await devices.upload(fixture('hardwarehash-ps51.csv'));
  await expect(devices.previewSummary()).toContainText('will be registered.');
  await expect(devices.previewSummary()).not.toContainText('13500');
  await expect(devices.flyIn.getByRole('progressbar')).toHaveCount(0);
  await expect.poll(() => page.workers().length, 'the worker reading the first file is gone').toBe(1);
});

test('a file reader that cannot load says so and loses nothing', async ({ devices, page }) => {
  await page.route('**/reader_worker_bg.wasm', (route) => route.fulfill({ status: 404, body: 'gone' }));
  await devices.goto();
  await devices.openRegister();
  await devices.upload(fixture('hardwarehash-ps51.csv'));
  await expect(devices.flyIn.getByRole('alert').filter({ hasText: 'The files could not be read' })).toContainText(
    'the file reader could not be loaded',
  );
  await expect(devices.flyIn.getByRole('progressbar')).toHaveCount(0);
  await expect(devices.submit).toBeDisabled();
  // Once the reader can load again, choosing the file again reads it.
  await page.unroute('**/reader_worker_bg.wasm');
  await devices.upload(fixture('hardwarehash-ps51.csv'));
  await expect(devices.previewSummary()).toContainText('will be registered.');
});
