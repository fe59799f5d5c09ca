import { test, expect } from './fixtures';

test('the portal is sent precompressed (brotli), hashed files cached for good, the page itself never', async ({ devices, page }) => {
  const wasm = page.waitForResponse((r) => r.url().endsWith('_bg.wasm'));
  await devices.goto();
  const url = (await wasm).url();
  const asked = await page.request.get(url, { headers: { 'accept-encoding': 'br, gzip' } });
  expect(asked.headers()['content-encoding']).toBe('br');
  expect(asked.headers()['content-type']).toBe('application/wasm');
  expect(asked.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  const gzipOnly = await page.request.get(url, { headers: { 'accept-encoding': 'gzip' } });
  expect(gzipOnly.headers()['content-encoding']).toBe('gzip');
  const index = await page.request.get('/devices', { headers: { 'accept-encoding': 'br' } });
  expect(index.headers()['content-encoding']).toBe('br');
  expect(index.headers()['cache-control']).toBe('no-cache');
});
