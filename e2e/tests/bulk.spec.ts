import { test, expect, fixture, screenshot } from './fixtures';
import { seriousViolations } from './axe';
import type { Locator, Page } from '@playwright/test';

/** The checkbox of a row, by the serial it names. */
const box = (page: Page, serial: string) => page.getByRole('checkbox', { name: `Select ${serial}` });
const pageBox = (page: Page) => page.getByRole('checkbox', { name: 'Select all devices on this page' });
/** An action on the selected devices, in the selection's bar above the table. */
const command = (page: Page, name: string) =>
  page.getByRole('toolbar', { name: 'Selected devices' }).getByRole('button', { name, exact: true });
const confirmation = (page: Page) => page.getByRole('alertdialog');

/** The serial numbers of the table's rows, in order. */
async function serials(table: Locator): Promise<string[]> {
  return table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-serial') ?? ''));
}

test('devices are selected with the keyboard alone, and removed', async ({ devices, page }) => {
  await devices.goto();
  const rows = await serials(devices.table);
  // The grid is one tab stop: its first cell, the page's checkbox.
  await devices.search.focus();
  for (let i = 0; i < 10 && !(await pageBox(page).evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(pageBox(page)).toBeFocused();
  // Down to the first row's checkbox; Space ticks it.
  await page.keyboard.press('ArrowDown');
  await expect(box(page, rows[0])).toBeFocused();
  await page.keyboard.press('Space');
  await expect(devices.row(rows[0])).toHaveAttribute('aria-selected', 'true');
  // Right to the user cell, down a row: Space on a cell selects its row.
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  await expect(devices.row(rows[1]).locator('td').nth(1)).toBeFocused();
  await page.keyboard.press('Space');
  await expect(devices.row(rows[1])).toHaveAttribute('aria-selected', 'true');
  // End and Home walk the row; the third row is picked from its checkbox.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await expect(devices.row(rows[2]).locator('td').last()).toBeFocused();
  await page.keyboard.press('Home');
  await expect(box(page, rows[2])).toBeFocused();
  await page.keyboard.press('Space');
  await expect(page.getByText('3 devices selected.')).toBeVisible();
  await expect(pageBox(page)).toHaveJSProperty('indeterminate', true);
  // Leaving the grid and coming back lands on the same cell.
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  await expect(box(page, rows[2])).toBeFocused();
  // Ctrl+A selects the page, again clears it.
  await page.keyboard.press('Control+a');
  await expect(page.getByText(`${rows.length} devices selected.`)).toBeVisible();
  await page.keyboard.press('Control+a');
  await expect(page.getByText(/devices? selected\./)).toBeHidden();
  // The first three again, from the third row's checkbox up.
  await expect(box(page, rows[2])).toBeFocused();
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Space');
  await expect(page.getByText('3 devices selected.')).toBeVisible();

  // Back to the command bar (Shift+Tab leaves the grid), Remove: the confirmation counts them,
  // Cancel has the focus, the danger button is a Tab away.
  for (let i = 0; i < 20 && !(await command(page, 'Remove').evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Shift+Tab');
  }
  await expect(command(page, 'Remove')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(confirmation(page)).toContainText('3 devices will be removed from your organisation.');
  await expect(confirmation(page).getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(confirmation(page).getByRole('button', { name: 'Remove 3 devices' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(devices.toasts.filter({ hasText: 'Removed 3 devices.' })).toBeVisible();
  for (const serial of rows.slice(0, 3)) await expect(devices.row(serial)).toHaveCount(0);
  await expect(page.getByText('39 devices', { exact: true })).toBeVisible();
});

test.describe('while registrations are pending', () => {
  // Long enough that the three registered below stay pending for the whole test.
  test.use({ delayMs: 600_000 });

  test('every matching device on every page, one profile change, one audit entry', async ({ devices, page }, testInfo) => {
  await devices.goto();
  await devices.prepareRegistration(fixture('hardwarehash-ps51.csv'), 3);
  await devices.submit.click();
  await expect(devices.toasts.filter({ hasText: '3 devices were submitted' })).toBeVisible();
  await devices.addDemoDevices(297);
  await expect(page.getByText('342 devices', { exact: true })).toBeVisible();
  await pageBox(page).check();
  await page.getByRole('button', { name: 'Select all 342 matching devices' }).click();
  await expect(page.getByText('All 342 matching devices are selected.')).toBeVisible();
  // The next page is selected too; one unticked there is left out.
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Next' }).click();
  const second = await serials(devices.table);
  await expect(box(page, second[0])).toBeChecked();
  await box(page, second[0]).uncheck();
  await expect(page.getByText('341 devices selected.')).toBeVisible();
  await expect(pageBox(page)).toHaveJSProperty('indeterminate', true);
  await expect(devices.row(second[0])).toHaveAttribute('aria-selected', 'false');
  expect(await seriousViolations(page), 'the selection state').toEqual([]);

  await command(page, 'Change profile').click();
  const dialog = confirmation(page);
  await dialog.getByLabel('Profile').selectOption({ label: 'Kiosk' });
  // Pending devices and those with Kiosk already are skipped, and the dialog says so.
  await expect(dialog).toContainText(/\d+ of the 341 selected devices will get the Kiosk profile/);
  await expect(dialog).toContainText('its registration is still pending, with the profile it was sent with');
  await expect(dialog).toContainText('it has this profile already');
  expect(await seriousViolations(page), 'the confirmation').toEqual([]);
  await screenshot(page, testInfo, 'bulk-change-profile');
  const label = (await dialog.getByRole('button', { name: /^Change \d+ devices$/ }).textContent()) ?? '';
  const changed = Number(/\d+/.exec(label)?.[0]);
  expect(changed).toBeGreaterThan(200);
  await dialog.getByRole('button', { name: label }).click();
  await expect(devices.toasts.filter({ hasText: `Changed the profile of ${changed} devices to Kiosk.` })).toBeVisible();
  await expect(page.getByText(/devices? selected\./)).toBeHidden();
  // The device left out kept its profile.
  await expect(devices.row(second[0])).not.toContainText('Kiosk');

  // One entry in the audit log for the whole change.
  await page.getByRole('link', { name: 'Audit log' }).click();
  const entries = page.getByRole('table').getByRole('row').filter({ hasText: 'Changed profile' });
  await expect(entries).toHaveCount(1);
  await expect(entries).toContainText('Profile: Kiosk');
});
});

test('a user is assigned to several devices, checked as the import checks it', async ({ devices, page }) => {
  await devices.goto('?state=ready');
  const rows = await serials(devices.table);
  await box(page, rows[0]).check();
  await box(page, rows[1]).check();
  await command(page, 'Assign user').click();
  const dialog = confirmation(page);
  const user = dialog.getByLabel('User principal name');
  await user.fill('adele@fabrikam.com');
  // Said with the field (its description), not announced at each key.
  await expect(user).toHaveAccessibleDescription(/is in fabrikam\.com, which is not one of your organisation/);
  await expect(user).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByRole('button', { name: /^Assign/ })).toHaveAttribute('aria-disabled', 'true');
  await user.fill('adele.vance@contoso.com');
  await expect(dialog).toContainText('2 devices will be assigned to adele.vance@contoso.com.');
  await dialog.getByRole('button', { name: 'Assign 2 devices' }).click();
  await expect(devices.toasts.filter({ hasText: 'Assigned 2 devices to adele.vance@contoso.com.' })).toBeVisible();
  for (const serial of rows.slice(0, 2)) await expect(devices.row(serial)).toContainText('adele.vance@contoso.com');

  // The same again changes nothing, and the confirmation says why before anything is sent.
  await box(page, rows[0]).check();
  await command(page, 'Assign user').click();
  await user.fill('adele.vance@contoso.com');
  await expect(dialog).toContainText('None of the selected devices would change.');
  await expect(dialog).toContainText('it is assigned to this user already');
  await expect(dialog.getByRole('button', { name: /^Assign/ })).toHaveAttribute('aria-disabled', 'true');
});

test('only failed registrations are retried; the rest are skipped with the reason', async ({ devices, page }) => {
  await devices.goto();
  const failedRows = devices.table.locator('tbody tr').filter({ hasText: 'Registration failed' });
  const failedSerials = await failedRows.evaluateAll((rs) => rs.map((r) => r.getAttribute('data-serial') ?? ''));
  const activeSerial = await devices.table
    .locator('tbody tr')
    .filter({ hasText: 'Active' })
    .first()
    .getAttribute('data-serial');
  expect(failedSerials.length).toBeGreaterThan(1);
  for (const serial of [...failedSerials.slice(0, 2), activeSerial ?? '']) await box(page, serial).check();
  await command(page, 'Retry registration').click();
  const dialog = confirmation(page);
  await expect(dialog).toContainText('2 of the 3 selected devices will be submitted for registration again.');
  await expect(dialog).toContainText(`1 device: only a failed registration is retried (${activeSerial})`);
  await dialog.getByRole('button', { name: 'Retry 2 devices' }).click();
  await expect(devices.toasts.filter({ hasText: 'Submitted 2 registrations again.' })).toBeVisible();
  for (const serial of failedSerials.slice(0, 2)) await expect(devices.row(serial)).toContainText('Registration Pending');
});

test('a device removed meanwhile elsewhere is reported by serial, the rest are removed', async ({ devices, page, server }) => {
  test.skip(!server, 'needs a second client of the same server');
  await devices.goto();
  const rows = await serials(devices.table);
  for (const serial of rows.slice(0, 3)) await box(page, serial).check();
  // Another admin removes the second one through the API.
  const gone = (await server!.devices()).find((d) => d.serialNumber === rows[1]);
  const deleted = await fetch(`${server!.url}/api/graph/v1.0/deviceManagement/windowsAutopilotDeviceIdentities/${gone?.id}`, { method: 'DELETE' });
  expect(deleted.status).toBe(204);
  await command(page, 'Remove').click();
  await confirmation(page).getByRole('button', { name: 'Remove 3 devices' }).click();
  const report = page.getByRole('status').filter({ hasText: 'Removed 2 devices.' });
  await expect(report).toContainText('1 device was not changed:');
  await expect(report).toContainText(`${rows[1]}: The device no longer exists; refresh the list.`);
  await expect(devices.row(rows[0])).toHaveCount(0);
  await expect(devices.row(rows[2])).toHaveCount(0);
  await report.getByRole('button', { name: 'Dismiss' }).click();
  await expect(report).toBeHidden();
});

test('devices picked under another search stay selected, and the line says how many are not shown', async ({ devices, page }) => {
  await devices.goto();
  const rows = await serials(devices.table);
  await box(page, rows[0]).check();
  await box(page, rows[1]).check();
  await devices.search.fill(rows[5]);
  await expect(devices.table.locator('tbody tr')).toHaveCount(1);
  await expect(page.getByText('2 devices selected, 2 of them not shown by this search or filter.')).toBeVisible();
  await box(page, rows[5]).check();
  await expect(page.getByText('3 devices selected, 2 of them not shown by this search or filter.')).toBeVisible();
  await command(page, 'Change profile').click();
  // All three count, the two not shown too.
  await expect(confirmation(page)).toContainText(/(^|\s)3 devices will get|of the 3 selected devices/);
});

test('a change of more devices than one request takes goes in parts of 5,000, every device changed', async ({ devices, page }) => {
  test.setTimeout(180_000);
  await devices.goto();
  await devices.addDemoDevices(11_000);
  await expect(page.getByText(`${await devices.number(11_042)} devices`, { exact: true })).toBeVisible();
  await pageBox(page).check();
  await page.getByRole('button', { name: /^Select all .* matching devices$/ }).click();
  await command(page, 'Change profile').click();
  const dialog = confirmation(page);
  await dialog.getByLabel('Profile').selectOption({ label: 'Kiosk' });
  const label = (await dialog.getByRole('button', { name: /^Change [\d,]+ devices$/ }).textContent()) ?? '';
  const changed = Number(label.replace(/\D/g, ''));
  expect(changed).toBeGreaterThan(10_000);
  await dialog.getByRole('button', { name: label }).click();
  await expect(devices.toasts.filter({ hasText: `Changed the profile of ${await devices.number(changed)} devices to Kiosk.` })).toBeVisible({ timeout: 120_000 });
  // Three requests, three audit entries, every changed device named once.
  await page.getByRole('link', { name: 'Audit log' }).click();
  const entries = page.getByRole('table').getByRole('row').filter({ hasText: 'Changed profile' });
  await expect(entries).toHaveCount(3);
  await page.getByRole('link', { name: 'Devices' }).click();
  await devices.stateFilter.selectOption({ label: 'Active' });
  // Active devices were never pending (those skipped then are ready or failed now), so every one
  // of them has the new profile.
  const rows = devices.table.locator('tbody tr');
  await expect(rows).toHaveCount(100);
  await expect(rows.filter({ hasNotText: 'Kiosk' })).toHaveCount(0);
});
