import { test, expect, fixture } from './fixtures';

test('the register fly-in works with the keyboard alone', async ({ devices, page }) => {
  await devices.goto();
  await devices.registerButton.focus();
  await page.keyboard.press('Enter');
  await expect(devices.flyIn).toBeVisible();
  // Focus moved into the fly-in.
  await expect(devices.fileUpload).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(devices.flyIn).toBeHidden();
  await expect(devices.registerButton).toBeFocused();

  await page.keyboard.press('Enter');
  await expect(devices.flyIn).toBeVisible();
  // The OS file picker cannot be driven; the chosen file is set on the focused input.
  await devices.upload(fixture('hardwarehash-ps51.csv'));
  await expect(devices.previewSummary()).toHaveText('3 devices will be registered.');
  // Tab to the profile select, pick a profile with the arrow keys.
  for (let i = 0; i < 20 && !(await devices.profile.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(devices.profile).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(devices.profile).not.toHaveValue('');
  // Tab on to the Register devices button and press it.
  for (let i = 0; i < 20 && !(await devices.submit.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(devices.submit).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(devices.flyIn).toBeHidden();
  await expect(devices.toasts.filter({ hasText: '3 devices were submitted' })).toBeVisible();

  // Tab stays inside the open fly-in: the page behind is inert.
  await devices.registerButton.focus();
  await page.keyboard.press('Enter');
  for (let i = 0; i < 15; i++) {
    await page.keyboard.press('Tab');
    const inside = await page.evaluate(() => !!document.activeElement?.closest('dialog'));
    const onBody = await page.evaluate(() => document.activeElement === document.body);
    expect(inside || onBody, 'focus never reaches the page behind the fly-in').toBe(true);
  }
  await devices.flyIn.getByRole('button', { name: 'Close' }).focus();
  await page.keyboard.press('Enter');
  await expect(devices.flyIn).toBeHidden();
});
