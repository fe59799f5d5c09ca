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
