import { defineConfig } from '@playwright/test';
import type { Backend } from './tests/fixtures';

// e2e against the release build (dist/, made by `trunk build --release`) in Debian's Chromium,
// once per backend: `embedded` (static server below) and `http` (a registration server per test,
// started by the fixtures; see tests/fixtures.ts).
const port = Number(process.env.E2E_PORT ?? 4173);

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
    { name: 'embedded', use: { backend: 'embedded' } },
    { name: 'http', use: { backend: 'http' } },
  ],
  webServer: {
    command: `node serve.mjs ${port} ../dist`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
