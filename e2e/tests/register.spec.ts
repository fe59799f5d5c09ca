import { test, expect, screenshot, fixture, serialsOf } from './fixtures';
import { readFileSync } from 'node:fs';

test('registers a Windows PowerShell 5.1 (UTF-16LE) file end to end, and a reload keeps it', async ({ devices, page }, testInfo) => {
  const serials = serialsOf('hardwarehash-ps51.csv');
  expect(serials).toHaveLength(3);
  await devices.goto();
  await screenshot(page, testInfo, '01-workspace');

  await devices.openRegister();
  await devices.upload(fixture('hardwarehash-ps51.csv'));
  await expect(devices.previewSummary()).toHaveText('3 devices will be registered.');
  await expect(devices.flyIn.getByText('UTF-16LE with BOM, Get-WindowsAutoPilotInfo: 3 of 3 rows')).toBeVisible();
  await expect(devices.submit).toBeDisabled();
  await devices.profile.selectOption({ label: 'Standard' });
  await expect(devices.submit).toBeEnabled();
  await screenshot(page, testInfo, '02-register-fly-in-preview');
  await devices.submit.click();

  await expect(devices.flyIn).toBeHidden();
  await expect(devices.toasts.filter({ hasText: '3 devices were submitted for registration with the Standard profile' })).toBeVisible();
  for (const serial of serials) {
    await expect(devices.row(serial)).toContainText('Registration Pending');
    await expect(devices.row(serial)).toContainText('Standard');
  }
  await screenshot(page, testInfo, '03-pending');
  for (const serial of serials) {
    await expect(devices.row(serial)).toContainText('Ready for user', { timeout: 20_000 });
  }
  await screenshot(page, testInfo, '04-ready-for-user');

  await page.reload();
  await devices.goto();
  for (const serial of serials) {
    await expect(devices.row(serial)).toContainText('Ready for user');
  }
});

test('rows with errors are left out and explained; a refused device shows why; remove asks first', async ({ devices, page }, testInfo) => {
  await devices.goto();
  await devices.openRegister();
  await devices.upload(fixture('mixed-problems.csv'));
  await expect(devices.previewSummary()).toHaveText('2 devices will be registered. 2 rows with errors will be left out.');
  const checksum = devices.problemRow('hash-checksum-mismatch');
  await expect(checksum).toContainText('mixed-problems.csv');
  // Columns: severity, file, line, serial number, problem and fix.
  await expect(checksum.getByRole('cell').nth(2)).toHaveText('3');
  await expect(checksum).toContainText('Capture the hash again');
  await expect(devices.problemRow('invalid-user')).toContainText('fabrikam.com');
  await screenshot(page, testInfo, '05-preview-with-problems');

  await devices.profile.selectOption({ label: 'Sensitive data' });
  await devices.submit.click();
  await expect(devices.flyIn).toBeHidden();
  const claimed = devices.row('5CG0CLAIMED1');
  await expect(claimed).toContainText('Registration failed', { timeout: 20_000 });
  await expect(claimed).toContainText('Device claimed by another organization');
  await screenshot(page, testInfo, '06-failed');

  const details = await devices.openDetails('5CG0CLAIMED1');
  await expect(details).toContainText('Ask your supplier to release it');
  await expect(details).toContainText('From mixed-problems.csv, line 4.');
  await screenshot(page, testInfo, '07-device-details');
  await details.getByRole('button', { name: 'Remove device' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Remove device 5CG0CLAIMED1?' });
  await expect(confirm).toBeVisible();
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await confirm.getByRole('button', { name: 'Remove' }).click();
  await expect(devices.toasts.filter({ hasText: 'Device 5CG0CLAIMED1 was removed.' })).toBeVisible();
  await expect(claimed).toHaveCount(0);

  await page.reload();
  await devices.goto();
  await expect(devices.search).toBeVisible();
  await expect(devices.row('5CG0CLAIMED1')).toHaveCount(0);
});

test('a pending device cannot be removed; retry and profile change go through', async ({ devices, page }) => {
  await devices.goto('?state=failed');
  const failedRows = devices.table.locator('tbody tr');
  await expect(failedRows.first()).toBeVisible();
  const serial = (await failedRows.first().getAttribute('data-serial')) ?? '';
  const details = await devices.openDetails(serial);
  await details.getByRole('button', { name: 'Retry registration' }).click();
  await expect(details.getByText('Registration is in progress')).toBeVisible();
  await expect(details.getByRole('button', { name: 'Remove device' })).toHaveCount(0);
  await page.keyboard.press('Escape');

  await devices.goto('?state=ready');
  const ready = (await devices.table.locator('tbody tr').first().getAttribute('data-serial')) ?? '';
  const readyDetails = await devices.openDetails(ready);
  await readyDetails.getByLabel('Change profile').selectOption({ label: 'Power user' });
  await readyDetails.getByRole('button', { name: 'Change profile' }).click();
  const confirm = page.getByRole('alertdialog', { name: `Change the profile of ${ready}?` });
  await expect(confirm).toContainText('re-images the device');
  await confirm.getByRole('button', { name: 'Change profile and re-image' }).click();
  // The toast shows inside the open fly-in, where it can be seen and heard (the page behind is inert).
  await expect(readyDetails.getByTestId('toast').filter({ hasText: 'Profile changed to Power user' })).toBeVisible();
  await expect(readyDetails.getByRole('definition').filter({ hasText: /^Power user$/ })).toBeVisible();
});

test('rows pasted instead of a file are read and checked the same way', async ({ devices, page }, testInfo) => {
  // The data lines of the PowerShell 5.1 file, as a spreadsheet range copies them: tab-separated,
  // no header row. A last line with a cut hash shows a problem named after the paste.
  const bytes = readFileSync(fixture('hardwarehash-ps51.csv'));
  const lines = bytes.subarray(2).toString('utf16le').split(/\r?\n/).slice(1).filter(Boolean);
  const cells = lines.map((line) => line.split(',').slice(0, 3));
  const cut = [...cells[0]];
  cut[0] = 'PASTE-CUT';
  cut[2] = cut[2].slice(0, 200);
  const rows = [...cells, cut].map((c) => c.join('\t')).join('\r\n');
  await devices.goto();
  await devices.openRegister();
  await devices.flyIn.getByText('Paste rows instead of a file').click();
  await devices.flyIn.getByLabel('Rows').fill(rows);
  await devices.flyIn.getByRole('button', { name: 'Check pasted rows' }).click();
  await expect(devices.previewSummary()).toHaveText('3 devices will be registered. 1 row with errors will be left out.');
  await expect(devices.flyIn.getByText(/serial, product ID, hash without a header: 3 of 4 rows/)).toBeVisible();
  const problem = devices.problemRow('PASTE-CUT');
  await expect(problem).toContainText('pasted rows');
  await expect(problem.getByRole('cell').nth(2)).toHaveText('4');
  await screenshot(page, testInfo, '09-pasted-rows');
  await devices.profile.selectOption({ label: 'Standard' });
  await devices.submit.click();
  await expect(devices.toasts.filter({ hasText: '3 devices were submitted' })).toBeVisible();
  for (const serial of serialsOf('hardwarehash-ps51.csv')) await expect(devices.row(serial)).toContainText('Registration Pending');
});
