import type { ChildProcess } from 'node:child_process';
import { startProvider } from './oidc_provider';
import { test, expect, screenshot, fixture, generated } from './fixtures';
import { recordWaits, waitsSeen } from './waits';
import { seriousViolations } from './axe';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { ApiServer } from './api_server';
import { DevicesPage } from './pages/devices_page';
import { ADMIN, SignInPage } from './pages/sign_in_page';

// The graph backend against the Microsoft Graph double (`server --graph-double`): the portal on
// one port (served by the server with --portal-backend graph), the double on another, the
// OpenID provider issuing tokens for Graph on a third. Every request the portal makes goes to
// Graph (the double's /v1.0 or /beta), the provider, or the portal's own files: a call to any
// other path fails the test.
const PROVIDER_PORT = 4184;
const PORTAL_PORT = 4185;
const GRAPH_PORT = 4186;
const ISSUER = `http://127.0.0.1:${PROVIDER_PORT}`;
const PORTAL = `http://127.0.0.1:${PORTAL_PORT}`;
const GRAPH = `http://127.0.0.1:${GRAPH_PORT}`;
const GRAPH_AUDIENCE = 'https://graph.microsoft.com';
const GRAPH_SCOPES = ['DeviceManagementServiceConfig.ReadWrite.All', 'User.Read.All', 'Organization.Read.All']
  .map((s) => `${GRAPH_AUDIENCE}/${s}`)
  .join(' ');
const REAL_WORLD = new URL('../../../shared/real-world/', import.meta.url).pathname;

/** Tells the Graph double what to do to the next requests (its test controls, not Graph's). */
async function faults(body: object) {
  const reply = await fetch(`${GRAPH}/_double/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(reply.status).toBe(204);
}

/** Every Autopilot device's serial number in the double, read with the page's Graph token. */
async function serialsInGraph(page: import('@playwright/test').Page): Promise<string[]> {
  const token = await page.evaluate(
    () => JSON.parse(sessionStorage.getItem('devices-portal.auth.tokens') ?? '{}').access_token as string,
  );
  const serials: string[] = [];
  let next: string | undefined = `${GRAPH}/beta/deviceManagement/windowsAutopilotDeviceIdentities?$top=1000`;
  while (next) {
    const page: { value: { serialNumber: string }[]; '@odata.nextLink'?: string } = await (
      await fetch(next, { headers: { authorization: `Bearer ${token}` } })
    ).json();
    serials.push(...page.value.map((d) => d.serialNumber));
    next = page['@odata.nextLink'];
  }
  return serials;
}

test.describe('a real tenant through Microsoft Graph', () => {
  // One tenant for the whole file, as an admin's: each test builds on the one before.
  test.describe.configure({ mode: 'serial' });
  let provider: ChildProcess | undefined;
  let graph: ApiServer | undefined;
  let portal: ApiServer | undefined;

  test.beforeAll(async ({}, testInfo) => {
    if (testInfo.project.name !== 'graph') return;
    provider = await startProvider(PROVIDER_PORT, PORTAL, ['--audience', GRAPH_AUDIENCE, '--scopes', GRAPH_SCOPES]);
    const auth = ['--auth-issuer', ISSUER, '--auth-audience', GRAPH_AUDIENCE];
    graph = await ApiServer.start({
      dir: testInfo.outputPath('graph'),
      delayMs: 1500,
      port: GRAPH_PORT,
      args: ['--graph-double', PORTAL, ...auth],
    });
    portal = await ApiServer.start({
      dir: testInfo.outputPath('portal'),
      delayMs: 1500,
      port: PORTAL_PORT,
      args: ['--portal-backend', 'graph', '--graph-base', `${GRAPH}/beta`, ...auth,
        '--auth-client-id', 'devices-portal', '--auth-scopes', `openid profile offline_access ${GRAPH_SCOPES}`],
    });
  });

  test.afterAll(async () => {
    await portal?.stop();
    await graph?.stop();
    provider?.kill();
  });

  // Every request of every test goes to Graph, the sign-in or the portal's own files.
  let elsewhere: string[] = [];
  test.beforeEach(({ page }, testInfo) => {
    test.skip(testInfo.project.name !== 'graph', 'the graph project runs these');
    elsewhere = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      const graphCall = url.origin === GRAPH && /^\/(v1\.0|beta)\//.test(url.pathname);
      const signIn = url.origin === ISSUER;
      const portalFile = url.origin === PORTAL && !url.pathname.startsWith('/api');
      if (!graphCall && !signIn && !portalFile) elsewhere.push(`${request.method()} ${request.url()}`);
    });
  });

  test.afterEach(() => {
    expect(elsewhere, 'the portal calls Graph, the sign-in and its own files only').toEqual([]);
  });

  test('a real device registered in the tenant goes from Registration Pending to Ready for user, through Graph alone', async ({ page }, testInfo) => {
    await page.goto(`${PORTAL}/devices`);
    await new SignInPage(page).signIn(ADMIN);
    const devices = new DevicesPage(page);
    await devices.shown();
    await expect(page.locator('.topbar .tenant')).toHaveText('Contoso');
    await expect(page.getByText('0 devices', { exact: true })).toBeVisible();
    // A real tenant has no demo controls, and its audit log is Intune's own.
    await expect(page.getByRole('button', { name: 'Demo controls' })).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Audit log' })).toHaveCount(0);
    const sync = page.getByTestId('autopilot-sync');
    await expect(sync).toContainText('Intune has not synced with Autopilot yet.');

    await devices.openRegister();
    await devices.upload(`${REAL_WORLD}gwai_utf16le_hp-elitebook-650-g10__churlbap.csv`);
    await expect(devices.previewSummary()).toHaveText('1 device will be registered.');
    await devices.profile.selectOption({ label: 'Standard' });
    await devices.submit.click();
    await expect(devices.flyIn).toBeHidden();
    const row = devices.row('5CD349G8VJ');
    await expect(row).toContainText('Registration Pending');
    await screenshot(page, testInfo, 'graph-01-pending');
    await expect(row).toContainText('Ready for user', { timeout: 20_000 });
    // Its device reached Autopilot: the portal asks Intune to sync, as Import-AutopilotCSV does.
    await expect(sync).toContainText(/Intune is syncing with Autopilot \(asked for |Last sync with Autopilot: /);
    await screenshot(page, testInfo, 'graph-02-ready');
    // A reload reads it from Graph: an Autopilot device now.
    await page.reload();
    await devices.shown();
    await expect(devices.row('5CD349G8VJ')).toContainText('Ready for user');
    await expect(page.getByText('1 device', { exact: true })).toBeVisible();
  });

  test('assigned users are checked in the directory first; the four DDS errors show as the portal messages; a failed device is retried and removed', async ({ page }, testInfo) => {
    // A hash the portal's checks accept but DDS refuses, as real ones sometimes are.
    await faults({ refuse: [{ serial: 'PF5NRH33', code: 802 }] });
    const tuple = testInfo.outputPath('tuple.csv');
    writeFileSync(
      tuple,
      'Manufacturer,Model,Serial Number,Assigned User\r\nContoso,Unknown 9000,TUPLE812,\r\nContoso,Unknown 9000,TUPLE404,ghost.user@contoso.com\r\n',
    );
    // The fixture's users, as the directory has them: one without a licence, one with.
    const mixed = testInfo.outputPath('mixed-problems.csv');
    writeFileSync(
      mixed,
      readFileSync(fixture('mixed-problems.csv'), 'utf8')
        .replace('johanna.mueller@contoso.com', 'irvin.sayers@contoso.com')
        .replace('patti.langer@contoso.com', 'megan.bowen@contoso.com'),
    );
    await page.goto(`${PORTAL}/devices`);
    await new SignInPage(page).signIn(ADMIN);
    const devices = new DevicesPage(page);
    await devices.shown();
    await devices.openRegister();
    // Each upload is checked, the second in the same fly-in too.
    await devices.upload(tuple);
    await expect(devices.previewSummary()).toHaveText('1 device will be registered. 1 row with errors will be left out.');
    await devices.upload(
      `${REAL_WORLD}gwai_utf16le_hp-elitebook-650-g10__churlbap.csv`,
      `${REAL_WORLD}gwai_utf16le_lenovo-p14s-gen5__Pmedley26-6cc4304.csv`,
      tuple,
      mixed,
    );
    // A user the directory lacks leaves the row out; one without a licence is a warning.
    await expect(devices.problemRow('Microsoft Entra ID has no user ghost.user@contoso.com')).toContainText('TUPLE404');
    await expect(devices.problemRow('irvin.sayers@contoso.com holds no licence')).toContainText('Warning');
    await expect(devices.previewSummary()).toContainText('5 devices will be registered.');
    await screenshot(page, testInfo, 'graph-03a-users-checked');
    await devices.profile.selectOption({ label: 'Standard' });
    await devices.submit.click();
    await expect(devices.flyIn).toBeHidden();
    const failed = (serial: string) => devices.row(serial).filter({ hasText: 'Registration failed' });
    const messages: [string, string][] = [
      ['5CD349G8VJ', 'Device already registered'],
      ['PF5NRH33', 'Hardware hash not valid'],
      ['TUPLE812', 'Device not found'],
      ['5CG0CLAIMED1', 'Device claimed by another organization'],
    ];
    for (const [serial, message] of messages) {
      await expect(failed(serial)).toContainText(message, { timeout: 20_000 });
    }
    await screenshot(page, testInfo, 'graph-03b-dds-errors');
    // The details name Graph's code.
    const details = await devices.openDetails('TUPLE812');
    await expect(details).toContainText('Device not found');
    await expect(details).toContainText('Autopilot error 812 (ZtdDeviceNotFound)');
    await page.keyboard.press('Escape');

    // Retry sends the hash again (DDS still refuses it); Remove deletes the failed import.
    const retry = await devices.openDetails('PF5NRH33');
    await retry.getByRole('button', { name: 'Retry registration' }).click();
    await expect(failed('PF5NRH33')).toContainText('Hardware hash not valid', { timeout: 20_000 });
    await page.keyboard.press('Escape');
    const remove = await devices.openDetails('TUPLE812');
    await remove.getByRole('button', { name: 'Remove device' }).click();
    await page.getByRole('alertdialog', { name: 'Remove device TUPLE812?' }).getByRole('button', { name: 'Remove' }).click();
    await expect(devices.row('TUPLE812')).toHaveCount(0);
    await page.reload();
    await devices.shown();
    await expect(devices.row('TUPLE812')).toHaveCount(0);
    await expect(failed('PF5NRH33')).toHaveCount(1);
  });

  test('1,200 devices go in three batches; a throttled batch waits as told and a lost answer imports nothing twice', async ({ page }, testInfo) => {
    const file = generated('batch-1200.csv');
    test.skip(!existsSync(file), 'scripts/test.sh generates e2e/.generated/batch-1200.csv');
    await page.goto(`${PORTAL}/devices`);
    await new SignInPage(page).signIn(ADMIN);
    const devices = new DevicesPage(page);
    await devices.shown();
    await faults({ throttle: 1, retryAfter: 2, loseAnswers: 1 });
    await devices.prepareRegistration(file, 1200);
    await recordWaits(page);
    await devices.submit.click();
    await expect(devices.toasts.filter({ hasText: '1,200 devices were submitted for registration' })).toBeVisible({ timeout: 60_000 });
    const waits = await waitsSeen(page);
    expect(waits.length, 'the fly-in said it was waiting').toBeGreaterThan(0);
    expect(waits[0]).toContain('asked the portal to wait');
    await expect(devices.stateCount('Registration Pending')).toHaveText(/^0\D/, { timeout: 60_000 });
    await screenshot(page, testInfo, 'graph-04-1200-registered');
    const serials = await serialsInGraph(page);
    expect(new Set(serials).size, 'no device imported twice').toBe(serials.length);
    expect(serials.length).toBeGreaterThanOrEqual(1200);
  });

  test('the sync line waits for Autopilot\'s limit; a profile change and a tag someone else changed are written through Graph', async ({ page }, testInfo) => {
    await page.goto(`${PORTAL}/devices`);
    await new SignInPage(page).signIn(ADMIN);
    const devices = new DevicesPage(page);
    await devices.shown();
    // The first registration asked for a sync; Autopilot takes the next request 10 minutes
    // after it, which the line says, and Sync now waits for.
    const sync = page.getByTestId('autopilot-sync');
    await expect(sync).toContainText('Last sync with Autopilot: ', { timeout: 30_000 });
    await expect(sync).toContainText('Autopilot takes the next sync request at ');
    await expect(sync.getByRole('button', { name: 'Sync now' })).toBeDisabled();

    // Change profile: the group tag in Graph; the details say what Autopilot assigned.
    await devices.search.fill('5CD349G8VJ');
    // Two rows have this serial: the device, and test 2's refused import of it again (806).
    const openRegistered = async () => {
      await devices.row('5CD349G8VJ').filter({ hasNotText: 'Registration failed' })
        .getByRole('button', { name: '5CD349G8VJ' }).click();
      const dialog = page.getByRole('dialog', { name: 'Device 5CD349G8VJ' });
      await expect(dialog).toBeVisible();
      return dialog;
    };
    const details = await openRegistered();
    await expect(details.getByTestId('more-facts')).toContainText('Autopilot profile');
    await expect(details.getByTestId('more-facts')).toContainText('Assigned');
    // A real user signs in on the real device: no demo sign-in here.
    await expect(details.getByRole('button', { name: /Simulate/ })).toHaveCount(0);
    await details.getByLabel('Change profile').selectOption({ label: 'Sensitive data' });
    await details.getByRole('button', { name: 'Change profile' }).click();
    await page.getByRole('alertdialog', { name: 'Change the profile of 5CD349G8VJ?' })
      .getByRole('button', { name: 'Change profile and re-image' }).click();
    await expect(details.getByTestId('toast').filter({ hasText: 'Profile changed to Sensitive data' })).toBeVisible();
    await expect(details.getByRole('definition').filter({ hasText: /^Microsoft365Managed_Autopilot_SensitiveData$/ })).toBeVisible();
    await page.keyboard.press('Escape');

    // Someone changes a device's tag in the Intune admin center: it falls out of the profiles'
    // groups. The portal lists it and, once the admin confirms, tags it again.
    const token = await page.evaluate(
      () => JSON.parse(sessionStorage.getItem('devices-portal.auth.tokens') ?? '{}').access_token as string,
    );
    const listed = await (await fetch(
      `${GRAPH}/beta/deviceManagement/windowsAutopilotDeviceIdentities?$top=20`,
      { headers: { authorization: `Bearer ${token}` } },
    )).json();
    const device = listed.value.find((d: { groupTag: string }) => d.groupTag === 'Microsoft365Managed_Autopilot');
    expect(device, 'a Standard device').toBeTruthy();
    const serial: string = device.serialNumber;
    const retag = await fetch(
      `${GRAPH}/beta/deviceManagement/windowsAutopilotDeviceIdentities/${device.id}/updateDeviceProperties`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ groupTag: 'Sales' }),
      },
    );
    expect(retag.status).toBe(204);
    await devices.search.fill(serial);
    await page.reload();
    await devices.shown();
    const missing = page.getByTestId('missing-tags');
    await expect(missing).toContainText(`1 device is in no profile's group: ${serial}.`);
    await screenshot(page, testInfo, 'graph-05-missing-tag');
    expect(await seriousViolations(page), 'the sync line and the missing-tag message pass axe').toEqual([]);
    await missing.getByRole('button', { name: 'Tag them…' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Tag 1 device?' });
    await expect(confirm).toContainText(`${serial} (Sales)`);
    await confirm.getByRole('button', { name: 'Tag 1 device' }).click();
    await expect(devices.toasts.filter({ hasText: 'Group tag added to 1 device.' })).toBeVisible();
    await expect(missing).toHaveCount(0);
    // Graph has it: a reload reads the tag back.
    await page.reload();
    await devices.shown();
    await expect(page.getByTestId('missing-tags')).toHaveCount(0);
    const again = await devices.openDetails(serial);
    await expect(again.getByRole('definition').filter({ hasText: /^Microsoft365Managed_Autopilot$/ })).toBeVisible();
    await screenshot(page, testInfo, 'graph-06-sync-and-details');
  });

  test('a Dutch admin reads the tenant\'s Autopilot facts, sync line and refusals in Dutch', async ({ page }, testInfo) => {
    // The language kept from an earlier visit.
    await page.addInitScript(() => localStorage.setItem('devices-portal.lang', 'nl'));
    await page.goto(`${PORTAL}/devices`);
    await new SignInPage(page).signIn(ADMIN);
    const devices = new DevicesPage(page, 'nl');
    await devices.shown();
    await expect(page).toHaveTitle('Apparaten - Microsoft Managed Desktop');
    const sync = page.getByTestId('autopilot-sync');
    await expect(sync).toContainText('Laatste synchronisatie met Autopilot: ');
    await expect(sync.getByRole('button', { name: 'Nu synchroniseren' })).toBeDisabled();
    await devices.search.fill('5CD349G8VJ');
    await devices.row('5CD349G8VJ').filter({ hasNotText: 'Registratie is mislukt' })
      .getByRole('button', { name: '5CD349G8VJ' }).click();
    const details = page.getByRole('dialog', { name: 'Apparaat 5CD349G8VJ' });
    const facts = details.getByTestId('more-facts');
    await expect(facts).toContainText('Autopilot-profiel');
    await expect(facts).toContainText('Toegewezen');
    await expect(facts).toContainText('Inschrijving');
    await screenshot(page, testInfo, 'graph-07-dutch-details');
    await page.keyboard.press('Escape');
    // A real tenant's audit log is Intune's: the page says where, in Dutch.
    await page.goto(`${PORTAL}/audit`);
    await expect(page.getByRole('heading', { name: 'Auditlogboek', level: 1 })).toBeVisible();
    await expect(page.getByText('Het auditlogboek van een echte tenant staat in het Intune-beheercentrum')).toBeVisible();
  });
});
