import { test, expect, screenshot, fixture, generated, serialsOf } from './fixtures';
import { recordWaits, waitsSeen } from './waits';
import { existsSync } from 'node:fs';
import { seriousViolations } from './axe';

// What only the HTTP backend has: a server that can go away, come back, and ask the portal to
// slow down. (Every other spec runs against it too, as the `http` project.)
test.beforeEach(({ backend }) => {
  test.skip(backend !== 'http', 'needs the registration server');
});

test('devices survive a server crash; while it is down the portal says it is waiting, then catches up', async ({ devices, page, server }, testInfo) => {
  await devices.goto();
  const updated = page.getByText(/^Updated \d\d:\d\d:\d\d$/);
  const loadedAt = await updated.textContent();
  await devices.prepareRegistration(fixture('hardwarehash-ps51.csv'), 3, 'Sensitive data');
  await devices.submit.click();
  await expect(devices.flyIn).toBeHidden();
  const serials = serialsOf('hardwarehash-ps51.csv');
  expect(serials).toHaveLength(3);
  for (const serial of serials) {
    await expect(devices.row(serial)).toContainText('Ready for user', { timeout: 20_000 });
  }

  // The server dies (SIGKILL, as a crash), and the admin refreshes meanwhile.
  await server!.kill();
  await page.getByRole('button', { name: 'Refresh' }).click();
  const waiting = page.getByTestId('waiting-banner');
  await expect(waiting).toContainText('The registration service cannot be reached');
  await expect(waiting).toContainText(/Trying again in \d+ s/);
  await expect(waiting).toContainText(/\(attempt \d of 8\)/);
  await expect(devices.row(serials[0]), 'the table stays while the portal waits').toBeVisible();
  await screenshot(page, testInfo, '20-server-unreachable');

  // It comes back on the same file: the retry succeeds by itself, nothing is lost or doubled.
  await server!.start();
  await expect(waiting).toBeHidden({ timeout: 30_000 });
  await expect(updated).not.toHaveText(loadedAt ?? '', { timeout: 10_000 });
  await expect(page.getByTestId('stale-banner')).toHaveCount(0);
  for (const serial of serials) {
    await expect(devices.row(serial)).toContainText('Ready for user');
    await expect(devices.row(serial)).toContainText('Sensitive data');
  }
  const stored = await server!.devices();
  expect(stored.filter((d) => serials.includes(String(d.serialNumber)))).toHaveLength(3);

  // A reload after the restart shows the same.
  await page.reload();
  await devices.goto();
  for (const serial of serials) {
    await expect(devices.row(serial)).toContainText('Ready for user');
  }
});

test('a refresh that fails keeps the table and says it is out of date', async ({ devices, page, server }, testInfo) => {
  test.setTimeout(120_000);
  await devices.goto();
  const rows = await devices.table.locator('tbody tr').count();
  await server!.kill();
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(page.getByTestId('waiting-banner')).toBeVisible();
  expect(await seriousViolations(page), 'the waiting banner passes axe').toEqual([]);
  // The portal gives up after its attempts (about 35 s of back-off); the table stays, marked.
  const stale = page.getByTestId('stale-banner');
  await expect(stale).toContainText('The list may be out of date.', { timeout: 80_000 });
  await expect(stale).toContainText(/could not be reached after 8 attempts/);
  await expect(stale).toContainText(/as they were at \d\d:\d\d:\d\d/);
  await expect(devices.table.locator('tbody tr')).toHaveCount(rows);
  await screenshot(page, testInfo, '22-list-out-of-date');
  expect(await seriousViolations(page), 'the out-of-date banner passes axe').toEqual([]);
  await server!.start();
  await stale.getByRole('button', { name: 'Try again' }).click();
  await expect(stale).toBeHidden();
});

test.describe('a server that limits the request rate', () => {
  test.use({ rateLimit: 1 });

  test('429: the portal waits as told, shows it is waiting, and registers every device once', async ({ devices, page, server }, testInfo) => {
    const file = generated('batch-1200.csv');
    test.skip(!existsSync(file), 'scripts/test.sh generates e2e/.generated/batch-1200.csv');
    await devices.goto();
    await devices.prepareRegistration(file, 1200);
    await recordWaits(page);
    await devices.submit.click();
    await expect(devices.toasts.filter({ hasText: '1,200 devices were submitted for registration' })).toBeVisible({ timeout: 60_000 });
    const waits = await waitsSeen(page);
    expect(waits.length, 'the fly-in said it was waiting').toBeGreaterThan(0);
    expect(waits[0]).toContain('The registration service is busy and asked the portal to wait.');
    expect(waits[0]).toContain('Nothing is lost');
    await screenshot(page, testInfo, '21-after-rate-limited-import');

    const stored = await server!.devices();
    const serials = stored.map((d) => String(d.serialNumber));
    expect(serials).toHaveLength(42 + 1200);
    expect(new Set(serials).size, 'no device registered twice').toBe(serials.length);
    await expect(page.getByText('1,242 devices')).toBeVisible();
  });
});

test('an import whose answer is lost is sent again with the same key and registers nothing twice', async ({ devices, page, server }) => {
  const serials = serialsOf('hardwarehash-ps51.csv');
  let lost = 0;
  // The first import reaches the server and is registered, but its answer never arrives.
  await page.route('**/importedWindowsAutopilotDeviceIdentities/import', async (route) => {
    if (lost === 0) {
      lost++;
      await route.fetch();
      await route.abort('connectionreset');
    } else {
      await route.continue();
    }
  });
  await devices.goto();
  await devices.prepareRegistration(fixture('hardwarehash-ps51.csv'), 3);
  await devices.submit.click();
  await expect(devices.toasts.filter({ hasText: '3 devices were submitted for registration' })).toBeVisible({ timeout: 20_000 });
  expect(lost).toBe(1);
  for (const serial of serials) {
    await expect(devices.row(serial)).toContainText('Ready for user', { timeout: 20_000 });
  }
  const stored = (await server!.devices()).map((d) => String(d.serialNumber));
  for (const serial of serials) {
    expect(stored.filter((s) => s === serial), `${serial} registered once`).toHaveLength(1);
  }
  await expect(page.getByText(/^\d+ devices$/)).toHaveText(`${42 + serials.length} devices`);
});

test('a device the server describes in a way this portal cannot read is named, not dropped silently, and kept', async ({ devices, page }) => {
  const serials = serialsOf('hardwarehash-ps51.csv');
  // The server answers the first pending device with a state this portal does not know.
  await page.route('**/api/mmd/v1/devices:query', async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    for (const device of body.value) {
      if (device.serialNumber === serials[0]) device['@mmd.state'] = 'quarantined';
    }
    await route.fulfill({ response, json: body });
  });
  await devices.goto();
  await devices.prepareRegistration(fixture('hardwarehash-ps51.csv'), 3);
  await devices.submit.click();
  const unreadable = page.getByTestId('unreadable-banner');
  await expect(unreadable).toContainText('1 device could not be shown because its data cannot be read. It was kept, not deleted', { timeout: 20_000 });
  await expect(unreadable).toContainText('unknown state "quarantined"');
  await expect(devices.row(serials[0])).toHaveCount(0);
  await expect(devices.row(serials[1])).toContainText('Ready for user');

  // Nothing was deleted: read as the server has it, the device is back.
  await page.unroute('**/api/mmd/v1/devices:query');
  await page.reload();
  await devices.goto();
  await expect(devices.row(serials[0])).toContainText('Ready for user');
  await expect(unreadable).toHaveCount(0);
});
