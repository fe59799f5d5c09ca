import type { Page } from '@playwright/test';

/** Records every waiting message the fly-in shows from now on, however briefly. */
export async function recordWaits(page: Page) {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { waits: string[] }).waits = seen;
    new MutationObserver(() => {
      const banner = document.querySelector('dialog[open] [data-testid="waiting-banner"]');
      if (banner?.textContent && !seen.includes(banner.textContent)) seen.push(banner.textContent);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

/** The waiting messages recorded since [`recordWaits`]. */
export async function waitsSeen(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { waits: string[] }).waits);
}
