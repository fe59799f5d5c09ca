import { test, expect, fixture, screenshot } from './fixtures';
import { seriousViolations } from './axe';

test('the workspace has no serious or critical axe violations', async ({ devices, page }) => {
  await devices.goto();
  await expect(devices.table).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test('the open fly-in with a preview has no serious or critical axe violations', async ({ devices, page }, testInfo) => {
  await devices.goto();
  await devices.openRegister();
  await devices.upload(fixture('mixed-problems.csv'));
  await expect(devices.previewSummary()).toBeVisible();
  await devices.flyIn.getByText('How do I get hardware hashes?').click();
  await screenshot(page, testInfo, '08-fly-in-help');
  expect(await seriousViolations(page)).toEqual([]);
});

test('dark mode has no serious or critical axe violations', async ({ devices, page }, testInfo) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await devices.goto();
  await screenshot(page, testInfo, '09-workspace-dark');
  expect(await seriousViolations(page)).toEqual([]);
});

test('the audit log, after a change, has no serious or critical axe violations', async ({ devices, page }, testInfo) => {
  await devices.goto();
  await expect(page.getByText('Demo tenant · no sign-in')).toBeVisible();
  await page.getByRole('button', { name: 'Demo controls' }).click();
  await page.getByRole('button', { name: /Advance the clock/ }).click();
  await page.keyboard.press('Escape');
  await page.getByRole('link', { name: 'Audit log' }).click();
  const row = page.getByRole('row').filter({ hasText: 'Demo: clock advanced' });
  await expect(row).toContainText('Demo administrator (no sign-in)');
  await expect(row).toContainText('Advanced 7 days');
  await screenshot(page, testInfo, '10-audit-log');
  expect(await seriousViolations(page)).toEqual([]);
});
