import { test, expect, fixture, screenshot } from './fixtures';
import { DevicesPage } from './pages/devices_page';
import { seriousViolations } from './axe';

// The page's language: a Dutch browser gets Dutch from the first screen (so far the register
// fly-in's preview and every problem the file reader finds, issue 14's first step), and the
// switch in the header's menu changes it for this and later visits.
test.describe('a Dutch browser', () => {
  test.use({ locale: 'nl-NL' });

  test.beforeEach(({}, testInfo) => {
    test.skip(testInfo.project.name !== 'embedded', 'the language does not depend on the backend');
  });

  test('reads the workspace, the upload preview and its problems in Dutch, with Dutch counts', async ({ page }, testInfo) => {
    const devices = new DevicesPage(page, 'nl');
    await devices.goto();
    await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
    await expect(page.getByRole('toolbar', { name: 'Apparaatopdrachten' })).toContainText('Vernieuwen');
    await expect(page.getByText('42 apparaten', { exact: true })).toBeVisible();
    // The states and errors as the Dutch guide names them.
    for (const state of ['Registratie in behandeling', 'Registratie is mislukt', 'Klaar voor gebruiker', 'Actief', 'Inactief']) {
      await expect(page.locator('.state-name').filter({ hasText: new RegExp(`^${state}$`) })).toBeVisible();
    }
    await devices.stateFilter.selectOption({ label: 'Registratie is mislukt' });
    await expect(devices.table).toContainText('Apparaat is al geregistreerd');
    await expect(devices.table).toContainText('Apparaat is geclaimd door een andere organisatie');
    // A failed device's details: its error, what to do, its fields and actions.
    const failed = devices.table.locator('tbody tr').filter({ hasText: 'Apparaat is al geregistreerd' }).first();
    const serial = (await failed.getAttribute('data-serial')) ?? '';
    await failed.getByRole('button', { name: serial }).click();
    const details = page.getByRole('dialog', { name: `Apparaat ${serial}` });
    await expect(details).toContainText('u hoeft niets te doen');
    await expect(details.getByRole('term').filter({ hasText: /^Serienummer$/ })).toBeVisible();
    await expect(details.getByRole('button', { name: 'Registratie opnieuw proberen' })).toBeVisible();
    await details.getByRole('button', { name: 'Apparaat verwijderen' }).click();
    await expect(page.getByRole('alertdialog', { name: `Apparaat ${serial} verwijderen?` })).toBeVisible();
    await screenshot(page, testInfo, 'nl-00-details');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await devices.stateFilter.selectOption({ index: 0 });
    // Dates and ages as Dutch writes them: 5 dec 2026, 9 maanden.
    const lastSeen = devices.table.locator('tbody tr').first().locator('td').nth(7);
    await expect(lastSeen).toHaveText(/^\d{1,2} [a-z]{3}\.? \d{4}$/);
    const age = devices.table.locator('tbody tr').first().locator('td').nth(8);
    await expect(age).toHaveText(/^(< 1 maand|1 maand|\d+ maanden)$/);
    await expect(devices.table.getByRole('columnheader', { name: /^Laatst gezien/ })).toBeVisible();
    await expect(devices.table).toContainText('Geen gebruiker');
    await devices.openRegister();
    await expect(devices.flyIn).toContainText('Ze worden hier in uw browser gecontroleerd');
    await devices.upload(fixture('mixed-problems.csv'));
    await expect(devices.previewSummary()).toHaveText(
      '2 apparaten worden geregistreerd. 2 regels met fouten worden overgeslagen.',
    );
    await expect(devices.flyIn.getByRole('columnheader', { name: 'Probleem en oplossing' })).toBeVisible();
    const problem = devices.problemRow('someone@fabrikam.com');
    await expect(problem).toContainText('Fout');
    await expect(problem).toContainText('hoort bij fabrikam.com, en dat is geen domein van uw organisatie');
    // The stable code stays as it is.
    await expect(problem).toContainText('invalid-user');
    await expect(devices.flyIn).toContainText('UTF-8 met BOM, Intune-import (groepstag en toegewezen gebruiker): 2 van 4 regels');
    await devices.profile.selectOption({ label: 'Standaard' });
    await expect(devices.flyIn).toContainText('2 apparaten worden geregistreerd.');
    await screenshot(page, testInfo, 'nl-01-preview');
    expect(await seriousViolations(page), 'axe, with lang="nl" on the page').toEqual([]);
  });

  test('switches to English and back in the header menu, and keeps the choice', async ({ page }, testInfo) => {
    const dutch = new DevicesPage(page, 'nl');
    const devices = new DevicesPage(page, 'en');
    await dutch.goto();
    await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
    await page.getByRole('button', { name: 'Demo tenant · no sign-in' }).click();
    const menu = page.getByRole('dialog', { name: 'Account' });
    await expect(menu.getByLabel('Taal')).toHaveValue('nl');
    await screenshot(page, testInfo, 'nl-02-language-menu');
    await Promise.all([page.waitForEvent('load'), menu.getByLabel('Taal').selectOption('en')]);
    await devices.shown();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await devices.openRegister();
    await expect(devices.flyIn).toContainText('They are checked here, in your browser');
    // Kept across visits, whatever the browser prefers.
    await page.reload();
    await devices.shown();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.getByRole('button', { name: 'Demo tenant · no sign-in' }).click();
    await Promise.all([page.waitForEvent('load'), page.getByRole('dialog', { name: 'Account' }).getByLabel('Language').selectOption('nl')]);
    await dutch.shown();
    await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
  });
});
