import type { ChildProcess } from 'node:child_process';
import { startProvider } from './oidc_provider';
import { test, expect, screenshot } from './fixtures';
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

test.describe('a real tenant through Microsoft Graph', () => {
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

  test.beforeEach(({}, testInfo) => {
    test.skip(testInfo.project.name !== 'graph', 'the graph project runs these');
  });

  test('a real device registered in the tenant goes from Registration Pending to Ready for user, through Graph alone', async ({ page }, testInfo) => {
    const elsewhere: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      const graphCall = url.origin === GRAPH && /^\/(v1\.0|beta)\//.test(url.pathname);
      const signIn = url.origin === ISSUER;
      const portalFile = url.origin === PORTAL && !url.pathname.startsWith('/api');
      if (!graphCall && !signIn && !portalFile) elsewhere.push(`${request.method()} ${request.url()}`);
    });
    await page.goto(`${PORTAL}/devices`);
    await new SignInPage(page).signIn(ADMIN);
    const devices = new DevicesPage(page);
    await devices.shown();
    await expect(page.locator('.topbar .tenant')).toHaveText('Contoso');
    await expect(page.getByText('0 devices', { exact: true })).toBeVisible();
    // A real tenant has no demo controls, and its audit log is Intune's own.
    await expect(page.getByRole('button', { name: 'Demo controls' })).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Audit log' })).toHaveCount(0);

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
    await screenshot(page, testInfo, 'graph-02-ready');
    // A reload reads it from Graph: an Autopilot device now.
    await page.reload();
    await devices.shown();
    await expect(devices.row('5CD349G8VJ')).toContainText('Ready for user');
    await expect(page.getByText('1 device', { exact: true })).toBeVisible();
    expect(elsewhere, 'the portal calls Graph, the sign-in and its own files only').toEqual([]);
  });
});
