import type { ChildProcess } from 'node:child_process';
import { startProvider } from './oidc_provider';
import { test, expect, screenshot, fixture } from './fixtures';
import { DevicesPage } from './pages/devices_page';
import { ADMIN, READER, SignInPage } from './pages/sign_in_page';

// Sign-in against a real OpenID provider (npm oidc-provider, e2e/oidc/provider.mjs) and a
// registration server that checks its tokens. Access tokens live 15 s and the server allows no
// clock skew, so renewal (and its failure) happens within a test.
const PROVIDER_PORT = 4180;
const PORTAL_PORT = 4181;
const ISSUER = `http://127.0.0.1:${PROVIDER_PORT}`;
const TOKEN_TTL_S = 15;

test.describe('sign-in', () => {
  let provider: ChildProcess | undefined;

  test.use({
    serverPort: PORTAL_PORT,
    serverArgs: [
      '--auth-issuer', ISSUER,
      '--auth-audience', 'api://devices-portal',
      '--auth-client-id', 'devices-portal',
      '--auth-clock-skew-seconds', '0',
    ],
    delayMs: 1000,
  });

  test.beforeAll(async ({}, testInfo) => {
    if (testInfo.project.name !== 'http') return;
    provider = await startProvider(PROVIDER_PORT, `http://127.0.0.1:${PORTAL_PORT}`, ['--ttl', String(TOKEN_TTL_S)]);
  });

  test.afterAll(() => {
    provider?.kill();
  });

  test.beforeEach(({}, testInfo) => {
    test.skip(testInfo.project.name !== 'http', 'sign-in is a feature of the registration server');
  });

  async function signIn(page: import('@playwright/test').Page, user: { username: string; password: string }) {
    await page.goto('/devices');
    await new SignInPage(page).signIn(user);
    await new DevicesPage(page).shown();
  }

  const accessToken = (page: import('@playwright/test').Page) =>
    page.evaluate(() => JSON.parse(sessionStorage.getItem('devices-portal.auth.tokens') ?? '{}').access_token as string);

  const apiStatus = (page: import('@playwright/test').Page, method: string, path: string, token: string) =>
    page.evaluate(
      async ([method, path, token]) => (await fetch(path, { method, headers: { authorization: `Bearer ${token}` } })).status,
      [method, path, token],
    );

  test('a reader sees the devices and the audit log, cannot change anything, and the API says 403', async ({ page, devices }, testInfo) => {
    await signIn(page, READER);
    await expect(devices.table.getByRole('row')).toHaveCount(43);
    await expect(devices.registerButton).toHaveAttribute('aria-disabled', 'true');
    await expect(devices.registerButton).toHaveAccessibleDescription(/Readers can view and export devices/);
    await expect(page.getByText('Readers can view and export devices.')).toBeVisible();
    // Clicked anyway (it stays focusable, so the reason is read out): nothing opens.
    await devices.registerButton.click({ force: true });
    await expect(devices.flyIn).toBeHidden();

    // A device's details offer no change either, and say why.
    await devices.table.locator('tbody').getByRole('button').first().click();
    const details = page.getByRole('dialog', { name: /^Device / });
    await expect(details.getByText('Readers can view and export devices.')).toBeVisible();
    await expect(details.getByRole('button', { name: 'Remove device' })).toHaveCount(0);
    await details.getByRole('button', { name: 'Close' }).click();

    await page.getByRole('button', { name: 'Account manager for Adele Vance' }).click();
    await expect(page.getByRole('dialog', { name: 'Account' })).toContainText('adele@contoso.com');
    await expect(page.getByRole('dialog', { name: 'Account' })).toContainText('Role: Reader');
    await screenshot(page, testInfo, 'sign-in-reader');
    await page.keyboard.press('Escape');

    // Not only the portal: the server refuses the reader's change.
    const token = await accessToken(page);
    expect(await apiStatus(page, 'DELETE', '/api/graph/v1.0/deviceManagement/windowsAutopilotDeviceIdentities/any', token)).toBe(403);
    expect(await apiStatus(page, 'DELETE', '/api/graph/v1.0/deviceManagement/windowsAutopilotDeviceIdentities/any', 'not-a-token')).toBe(401);
    // Tokens live in this tab's sessionStorage, never in localStorage.
    expect(await page.evaluate(() => localStorage.length)).toBe(0);

    await page.getByRole('link', { name: 'Audit log' }).click();
    await expect(page.getByRole('heading', { name: 'Audit log', level: 1 })).toBeVisible();
    await expect(page.getByText('No changes recorded')).toBeVisible();
  });

  test('an administrator registers devices and the audit log names them', async ({ page, devices }, testInfo) => {
    await signIn(page, ADMIN);
    await expect(page.getByRole('button', { name: 'Account manager for Megan Bowen' })).toBeVisible();
    await devices.prepareRegistration(fixture('hardwarehash-ps51.csv'), 3);
    await devices.submit.click();
    await expect(devices.toasts.filter({ hasText: '3 devices were submitted for registration' })).toBeVisible();

    await page.getByRole('link', { name: 'Audit log' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Registered devices' });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('megan@contoso.com');
    await expect(row).toContainText('3 devices:');
    await expect(row).toContainText('Profile: Standard');
    await screenshot(page, testInfo, 'audit-log');

    await page.getByLabel('Initiated by').fill('adele@contoso.com');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page.getByText('No changes recorded')).toBeVisible();
  });

  test('the access token is renewed before it expires, and the renewed one is used', async ({ page, devices }) => {
    await signIn(page, ADMIN);
    const first = await accessToken(page);
    const signedInAt = Date.now();
    await page.waitForRequest(
      (r) => r.url() === `${ISSUER}/token` && (r.postData() ?? '').includes('grant_type=refresh_token'),
      { timeout: TOKEN_TTL_S * 1000 + 5_000 },
    );
    // Past the first token's lifetime: the server refuses it now.
    await page.waitForTimeout(Math.max(0, TOKEN_TTL_S * 1000 + 2_000 - (Date.now() - signedInAt)));
    expect(await apiStatus(page, 'GET', '/api/mmd/v1/me', first)).toBe(401);
    expect(await accessToken(page)).not.toBe(first);

    await devices.prepareRegistration(fixture('hardwarehash-ps51.csv'), 3);
    await devices.submit.click();
    await expect(devices.toasts.filter({ hasText: '3 devices were submitted for registration' })).toBeVisible();
  });

  test('a session that cannot be renewed keeps the file in the fly-in while the admin signs in again', async ({ page, devices }, testInfo) => {
    test.setTimeout(90_000);
    await signIn(page, ADMIN);
    await devices.prepareRegistration(fixture('hardwarehash-ps51.csv'), 3);
    // The provider forgets every session and grant: the refresh token stops working.
    expect((await fetch(`${ISSUER}/test/revoke`, { method: 'POST' })).status).toBe(200);

    const expired = devices.flyIn.getByText('Your session has expired.');
    await expect(expired).toBeVisible({ timeout: TOKEN_TTL_S * 1000 + 5_000 });
    await expect(devices.previewSummary()).toHaveText('3 devices will be registered.');
    await screenshot(page, testInfo, 'session-expired');

    const popup = page.waitForEvent('popup');
    await devices.flyIn.getByRole('button', { name: 'Sign in again' }).click();
    await new SignInPage(await popup).signIn(ADMIN);
    await expect(expired).toBeHidden({ timeout: 15_000 });
    await expect(devices.previewSummary()).toHaveText('3 devices will be registered.');
    await expect(devices.profile).toHaveValue('Standard');
    await devices.submit.click();
    await expect(devices.toasts.filter({ hasText: '3 devices were submitted for registration' })).toBeVisible();
  });

  test('signing out ends the session at the provider too', async ({ page }) => {
    await signIn(page, ADMIN);
    await page.getByRole('button', { name: 'Account manager for Megan Bowen' }).click();
    await page.getByRole('dialog', { name: 'Account' }).getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await expect(page.getByText('You are signed out.')).toBeVisible();
    expect(await page.evaluate(() => sessionStorage.getItem('devices-portal.auth.tokens'))).toBeNull();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await new SignInPage(page).signIn(READER);
    await expect(page.getByRole('button', { name: 'Account manager for Adele Vance' })).toBeVisible();
  });
});
