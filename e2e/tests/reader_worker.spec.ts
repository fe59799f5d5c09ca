import { existsSync } from 'node:fs';
import { test, expect, fixture, generated } from './fixtures';
import { DevicesPage } from './pages/devices_page';

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
  await expect.poll(() => page.workers().length, 'the reader and its helper are gone').toBe(0);
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
  await expect(devices.previewSummary()).not.toContainText('13,500');
  await expect(devices.flyIn.getByRole('progressbar')).toHaveCount(0);
  // One reader, and its helper where the machine has two cores.
  const perRead = await page.evaluate(() => (navigator.hardwareConcurrency >= 2 ? 2 : 1));
  await expect.poll(() => page.workers().length, 'the workers reading the first file are gone').toBe(perRead);
});

const batch = generated('batch-1200.csv');

/** What the fly-in's preview says about `file`: the summary and every problem listed. */
async function preview(devices: DevicesPage, file: string) {
  await devices.openRegister();
  await devices.upload(file);
  await expect(devices.previewSummary()).toContainText('will be registered.', { timeout: 30_000 });
  return devices.flyIn.textContent();
}

test('on two cores a helper worker checks hashes beside the reader: the same preview as on one core, also when the helper fails', async ({ devices, page, context }) => {
  test.skip(!existsSync(batch), 'scripts/test.sh generates e2e/.generated/batch-1200.csv');
  const urls: string[] = [];
  page.on('worker', (w) => urls.push(new URL(w.url()).pathname + new URL(w.url()).search));
  await devices.goto();
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  test.skip(cores < 2, 'the helper needs a second core');
  const helped = await preview(devices, batch);
  expect(urls.sort()).toEqual(['/reader_worker_loader.js', '/reader_worker_loader.js?role=helper']);
  expect(helped).toContain('1,200 devices will be registered.');

  // One core: no helper, the same preview.
  const single = await context.newPage();
  await single.addInitScript(() => Object.defineProperty(navigator, 'hardwareConcurrency', { get: () => 1 }));
  const alone: string[] = [];
  single.on('worker', (w) => alone.push(new URL(w.url()).search));
  const singleDevices = new DevicesPage(single);
  await singleDevices.goto();
  expect(await preview(singleDevices, batch)).toBe(helped);
  expect(alone).toEqual(['']);

  // A helper that fails while the reader waits for it: the reader reads the rest alone.
  const failing = await context.newPage();
  await failing.route('**/reader_worker_loader.js?role=helper', (route) =>
    route.fulfill({ contentType: 'text/javascript', body: "setTimeout(() => { throw new Error('helper down'); }, 500);" }),
  );
  const failingDevices = new DevicesPage(failing);
  await failingDevices.goto();
  expect(await preview(failingDevices, batch)).toBe(helped);

  // A helper that fails once the files are chosen but while the reader is still loading: the
  // request waiting for the reader goes without the helper and is read alone, with no wait for
  // a helper that will never answer (the reader would give up on it only after 10 s).
  const early = await context.newPage();
  await early.route('**/reader_worker_loader.js?role=helper', (route) =>
    route.fulfill({ contentType: 'text/javascript', body: "setTimeout(() => { throw new Error('helper down'); }, 300);" }),
  );
  await early.route('**/reader_worker_bg.wasm', async (route) => {
    await new Promise((r) => setTimeout(r, 1_500));
    await route.continue();
  });
  const earlyDevices = new DevicesPage(early);
  await earlyDevices.goto();
  await earlyDevices.openRegister();
  await earlyDevices.upload(batch);
  await expect(earlyDevices.previewSummary()).toContainText('1,200 devices will be registered.', { timeout: 8_000 });
  expect(await earlyDevices.flyIn.textContent()).toBe(helped);
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
