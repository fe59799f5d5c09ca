import { defineConfig } from '@playwright/test';
import { tmpdir } from 'node:os';
import type { Backend } from './tests/fixtures';

// e2e against the release build (dist/, made by `trunk build --release`) in Debian's Chromium,
// once per backend: `embedded` (the portal served by the registration server below, with its
// security headers, its API unused) and `http` (a registration server per test, started by the
// fixtures; see tests/fixtures.ts).
const port = Number(process.env.E2E_PORT ?? 4173);
const server = process.env.E2E_SERVER ?? '../target/debug/server';
const db = `${tmpdir()}/devices-e2e-static-${process.pid}.sqlite`;

export default defineConfig<{ backend: Backend }>({
  testDir: './tests',
  outputDir: './test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1440, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  projects: [
    { name: 'embedded', use: { backend: 'embedded' }, testIgnore: /graph\.spec\.ts/ },
    { name: 'http', use: { backend: 'http' }, testIgnore: /graph\.spec\.ts/ },
    // A real tenant through Microsoft Graph, played by the server's Graph double.
    { name: 'graph', use: { backend: 'graph' }, testMatch: /graph\.spec\.ts/ },
  ],
  webServer: {
    command: `${server} --port ${port} --dist ../dist --portal-backend embedded --no-seed-demo --db ${db}`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
