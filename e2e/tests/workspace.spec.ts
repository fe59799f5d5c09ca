import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { test, expect, screenshot, generated, fixture } from './fixtures';

test('the seeded tenant shows every state; counts filter; search and filter live in the URL', async ({ devices, page }, testInfo) => {
  await devices.goto();
  // Where admins find the workspace: the admin center's Devices, its Microsoft Managed Desktop section.
  await expect(page.getByRole('banner')).toContainText('Microsoft Endpoint Manager admin center');
  await expect(page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('listitem')).toHaveText([
    'Home', 'Devices', 'Microsoft Managed Desktop', 'Devices',
  ]);
  const section = page.getByRole('navigation', { name: 'Main' }).getByRole('group', { name: 'Microsoft Managed Desktop' });
  await expect(section.getByRole('link', { name: 'Devices' })).toHaveAttribute('aria-current', 'page');
  for (const state of ['Registration failed', 'Ready for user', 'Active', 'Inactive']) {
    await expect(devices.stateCount(state)).not.toContainText(/^0/);
  }
  await devices.stateCount('Registration failed').click();
  await expect(page).toHaveURL(/state=failed/);
  await expect(devices.stateFilter).toHaveValue('failed');
  const rows = devices.table.locator('tbody tr');
  const failed = Number(await devices.stateCount('Registration failed').locator('.state-count').textContent());
  expect(failed).toBeGreaterThan(0);
  await expect(rows).toHaveCount(failed);
  for (let i = 0; i < failed; i++) await expect(rows.nth(i)).toContainText('Registration failed');

  await devices.search.fill('megan');
  await expect(page).toHaveURL(/q=megan/);
  const url = page.url();
  await page.goto(url);
  await expect(devices.search).toHaveValue('megan');
  await expect(devices.stateFilter).toHaveValue('failed');
  await screenshot(page, testInfo, '11-filtered');

  await devices.search.fill('no-such-device');
  await expect(page.getByRole('heading', { name: 'No devices match' })).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page).toHaveURL(/\/devices$/);
});

test('every column sorts, and says so to assistive technology', async ({ devices }) => {
  await devices.goto();
  const header = devices.table.getByRole('columnheader', { name: /Serial number/ });
  await header.getByRole('button').click();
  await expect(header).toHaveAttribute('aria-sort', 'ascending');
  const serialsShown = () =>
    devices.table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-serial') ?? ''));
  // The portal's order: case-insensitive by character, ties by exact text (not the browser's
  // locale collation, which ignores punctuation and would accept another order).
  const byText = (a: string, b: string) => {
    const [x, y] = [a.toLowerCase(), b.toLowerCase()];
    if (x !== y) return x < y ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
  };
  const ascending = await serialsShown();
  expect(ascending.length).toBeGreaterThan(10);
  expect(ascending).toEqual([...ascending].sort(byText));
  await header.getByRole('button').click();
  await expect(header).toHaveAttribute('aria-sort', 'descending');
  await expect(devices.page).toHaveURL(/sort=serial&dir=desc/);
  expect(await serialsShown()).toEqual([...ascending].reverse());
});

test('demo controls: first sign-in makes a device Active, the clock makes it Inactive, reset restores', async ({ devices, page }) => {
  await devices.goto('?state=ready');
  const serial = (await devices.table.locator('tbody tr').first().getAttribute('data-serial')) ?? '';
  const details = await devices.openDetails(serial);
  await details.getByRole('button', { name: 'Simulate user sign-in (demo)' }).click();
  // Stored once the service says so; only then is a reload sure to show it.
  await expect(devices.toasts.filter({ hasText: "Simulated the user's sign-in" })).toBeVisible();
  await page.keyboard.press('Escape');
  await devices.goto();
  await devices.search.fill(serial);
  await expect(devices.row(serial)).toContainText('Active');

  await page.getByRole('button', { name: 'Demo controls' }).click();
  const demo = page.getByRole('dialog', { name: 'Demo controls' });
  await demo.getByRole('button', { name: 'Advance the clock 7 days' }).click();
  await expect(devices.toasts.filter({ hasText: 'The clock moved 7 days forward.' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(devices.row(serial)).toContainText('Inactive');

  // Every Ready for user device at once, in one call.
  const readyCount = devices.stateCount('Ready for user').locator('.state-count');
  const ready = Number(await readyCount.textContent());
  await page.getByRole('button', { name: 'Demo controls' }).click();
  await demo.getByRole('button', { name: 'Sign in on all Ready for user devices' }).click();
  await expect(devices.toasts.filter({ hasText: /Simulated the first sign-in on \d+ devices/ })).toBeVisible();
  await page.keyboard.press('Escape');
  expect(ready).toBeGreaterThan(0);
  await expect(readyCount).toHaveText('0');

  await page.getByRole('button', { name: 'Demo controls' }).click();
  await demo.getByRole('button', { name: 'Reset demo data' }).click();
  await page.getByRole('alertdialog', { name: 'Reset demo data?' }).getByRole('button', { name: 'Reset' }).click();
  await expect(devices.toasts.filter({ hasText: 'Demo data was reset.' })).toBeVisible();
  // The seeded tenant again: the device signed in first is Ready for user once more.
  await expect(readyCount).toHaveText(String(ready + 1));
});

test('more devices than a page: the pager moves only when asked, and the page is in the URL', async ({ devices, page }) => {
  const file = generated('batch-1200.csv');
  test.skip(!existsSync(file), 'scripts/test.sh generates e2e/.generated/batch-1200.csv');
  await devices.goto();
  await devices.prepareRegistration(file, 1200);
  await devices.submit.click();
  await expect(devices.toasts.filter({ hasText: '1,200 devices were submitted for registration' })).toBeVisible({ timeout: 60_000 });

  const pager = page.getByRole('navigation', { name: 'Pages' });
  await expect(pager).toContainText('Page 1 of 13');
  await page.waitForTimeout(1_000);
  await expect(pager, 'the page does not move by itself').toContainText('Page 1 of 13');
  expect(new URL(page.url()).searchParams.get('page')).toBeNull();
  await expect(pager.getByRole('button', { name: 'Previous' })).toBeDisabled();

  await pager.getByRole('button', { name: 'Next' }).click();
  await expect(pager).toContainText('Page 2 of 13');
  await expect(page).toHaveURL(/[?&]page=2\b/);
  await expect(devices.table.locator('tbody tr')).toHaveCount(100);
  await page.reload();
  await devices.goto(new URL(page.url()).search);
  await expect(pager).toContainText('Page 2 of 13');
  await pager.getByRole('button', { name: 'Previous' }).click();
  await expect(pager).toContainText('Page 1 of 13');
});

test('demo controls add devices in every state, kept after a reload and named in the audit log', async ({ devices, page }) => {
  await devices.goto();
  await devices.addDemoDevices(1000);
  await expect(page.getByText('1,042 devices')).toBeVisible();
  for (const state of ['Registration Pending', 'Registration failed', 'Ready for user', 'Active', 'Inactive']) {
    await expect(devices.stateCount(state).locator('.state-count')).not.toHaveText('0');
  }
  // At most a page of rows in the table, whatever the tenant's size.
  await expect(devices.table.locator('tbody tr')).toHaveCount(100);
  await devices.goto();
  await expect(page.getByText('1,042 devices')).toBeVisible();
  await page.getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('table').getByText('Demo: devices added').first()).toBeVisible();
});

/** RFC 4180 records (quotes doubled inside quoted fields), after the UTF-8 byte order mark. */
function parseCsv(bytes: Buffer): string[][] {
  expect([...bytes.subarray(0, 3)], 'UTF-8 with a byte order mark, for Excel').toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.subarray(3).toString('utf8');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; }
    else field += c;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}

test('Export writes every device of the view, cell by cell as the table shows it, and what outsiders wrote comes out inert', async ({ devices, page }, testInfo) => {
  // A device whose model is a formula: a row an outsider could send.
  const hostile = testInfo.outputPath('hostile.csv');
  writeFileSync(hostile, 'Contoso,"=HYPERLINK(""http://x"",""y"")",EVIL0001\r\n');
  await devices.goto();
  await devices.openRegister();
  await devices.upload(hostile);
  await expect(devices.previewSummary()).toContainText('1 device will be registered.');
  await devices.profile.selectOption({ label: 'Standard' });
  await devices.submit.click();
  await expect(devices.flyIn).toBeHidden();

  // The view: failed devices, by serial number (every page, not just the first).
  await devices.goto('?state=failed&sort=serial&dir=asc');
  await expect(devices.row('EVIL0001')).toContainText('Registration failed');
  const shown = await devices.table.locator('tbody tr').count();
  const download = page.waitForEvent('download');
  await page.getByRole('toolbar', { name: 'Device commands' }).getByRole('button', { name: 'Export' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^devices-\d{4}-\d{2}-\d{2}\.csv$/);
  const rows = parseCsv(readFileSync(await file.path()));
  expect(rows[0]).toEqual(['Assigned user', 'Serial number', 'Manufacturer', 'Model', 'Profile', 'State', 'Last seen', 'Age']);
  expect(rows).toHaveLength(shown + 1);
  // Cell by cell against the table's rows.
  for (const [i, tr] of (await devices.table.locator('tbody tr').all()).entries()) {
    // The first cell is the row's checkbox.
    const cells = (await tr.locator('td').allInnerTexts()).map((t) => t.trim()).slice(1);
    const row = rows[i + 1];
    expect(row[0]).toBe(cells[0] === 'No user' ? '' : cells[0]);
    expect(row[1]).toBe(cells[1]);
    expect(row[2]).toBe(cells[2]);
    expect(row[3].replace(/^'/, '')).toBe(cells[3]);
    expect(row[4]).toBe(cells[4]);
    expect(cells[5]).toContain(row[5]);
  }
  const evil = rows.find((r) => r[1] === 'EVIL0001');
  expect(evil?.[3], 'the formula is text, never run').toBe(`'=HYPERLINK("http://x","y")`);

  // More devices than a page: every one of them, not the 100 shown.
  await devices.addDemoDevices(300);
  await devices.goto();
  await expect(page.getByText('343 devices')).toBeVisible();
  await expect(devices.table.locator('tbody tr')).toHaveCount(100);
  const all = page.waitForEvent('download');
  await page.getByRole('toolbar', { name: 'Device commands' }).getByRole('button', { name: 'Export' }).click();
  const allRows = parseCsv(readFileSync(await (await all).path()));
  expect(allRows).toHaveLength(344);
  expect(new Set(allRows.slice(1).map((r) => r[1])).size).toBe(343);
});

test('Export problems writes the problems of the preview with file, line, serial, severity, code and fix', async ({ devices, page }) => {
  await devices.goto();
  await devices.openRegister();
  await devices.upload(fixture('mixed-problems.csv'));
  await expect(devices.previewSummary()).toContainText('will be registered.');
  const listed = await devices.flyIn.locator('table.problems tbody tr').count();
  const download = page.waitForEvent('download');
  await devices.flyIn.getByRole('button', { name: 'Export problems' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^problems-\d{4}-\d{2}-\d{2}\.csv$/);
  const rows = parseCsv(readFileSync(await file.path()));
  expect(rows[0]).toEqual(['File', 'Line', 'Serial number', 'Severity', 'Code', 'Problem and fix']);
  expect(rows.length - 1).toBeGreaterThanOrEqual(listed);
  for (const row of rows.slice(1)) {
    expect(row[0]).toBe('mixed-problems.csv');
    expect(['error', 'warning']).toContain(row[3]);
    expect(row[4]).toMatch(/^[a-z0-9-]+$/);
    expect(row[5].length).toBeGreaterThan(10);
  }
});

test.describe('in a British browser', () => {
  test.use({ locale: 'en-GB' });

  test('counts and dates are written as the browser writes English', async ({ devices, page }) => {
    await devices.goto();
    await devices.addDemoDevices(1000);
    await expect(page.getByText('1,042 devices', { exact: true })).toBeVisible();
    // Last seen, as en-GB writes a medium date: 5 Dec 2026.
    const lastSeen = devices.table.locator('tbody tr').first().locator('td').nth(7);
    await expect(lastSeen).toHaveText(/^\d{1,2} [A-Z][a-z]{2} \d{4}$/);
    await devices.stateFilter.selectOption({ label: 'Active' });
    await expect(page.locator('.result-count')).toHaveText(/^\d+ of 1,042 devices$/);
  });
});

test.describe('in a German browser', () => {
  test.use({ locale: 'de-DE' });

  test('the page is English, with its counts and dates as English writes them', async ({ devices, page }) => {
    await devices.goto();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await devices.addDemoDevices(1000);
    await expect(page.getByText('1,042 devices', { exact: true })).toBeVisible();
    const lastSeen = devices.table.locator('tbody tr').first().locator('td').nth(7);
    await expect(lastSeen).toHaveText(/^[A-Z][a-z]{2} \d{1,2}, \d{4}$/);
  });
});

test('columns are hidden and shown, kept in the link, and Export writes the columns shown', async ({ devices, page }) => {
  await devices.goto();
  await page.getByRole('toolbar', { name: 'Device commands' }).getByRole('button', { name: 'Columns' }).click();
  const panel = page.getByRole('dialog', { name: 'Columns' });
  await expect(panel.getByRole('checkbox', { name: 'Serial number' })).toBeDisabled();
  await expect(panel.getByRole('checkbox', { name: 'Serial number' })).toBeChecked();
  await panel.getByRole('checkbox', { name: 'Model' }).uncheck();
  await panel.getByRole('checkbox', { name: 'Age' }).uncheck();
  await page.keyboard.press('Escape');
  const header = (name: string) => devices.table.getByRole('columnheader', { name: new RegExp(`^${name}`) });
  await expect(header('Model')).toHaveCount(0);
  await expect(header('Age')).toHaveCount(0);
  await expect(header('Manufacturer')).toHaveCount(1);
  await expect(devices.table.locator('tbody tr').first().locator('td')).toHaveCount(7);
  expect(page.url()).toContain('hide=model%2Cage');

  // A copied link shows the same columns.
  await page.goto(page.url());
  await devices.shown();
  await expect(header('Model')).toHaveCount(0);
  const download = page.waitForEvent('download');
  await page.getByRole('toolbar', { name: 'Device commands' }).getByRole('button', { name: 'Export' }).click();
  const rows = parseCsv(readFileSync(await (await download).path()));
  expect(rows[0]).toEqual(['Assigned user', 'Serial number', 'Manufacturer', 'Profile', 'State', 'Last seen']);

  // Shown again.
  await page.getByRole('toolbar', { name: 'Device commands' }).getByRole('button', { name: 'Columns' }).click();
  await panel.getByRole('checkbox', { name: 'Model' }).check();
  await page.keyboard.press('Escape');
  await expect(header('Model')).toHaveCount(1);
  expect(page.url()).toContain('hide=age');
});
