import { test, expect, fixture, screenshot, serialsOf } from './fixtures';
import { DevicesPage } from './pages/devices_page';
import { seriousViolations } from './axe';

// The page's language: a Dutch browser gets Dutch from the first screen (the workspace, the
// register fly-in and every problem the file reader finds, details, bulk actions, the audit log,
// menus), and the switch in the header's menu changes it for this and later visits.
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

  test('registers, follows, signs in, removes in bulk and audits, all in Dutch', async ({ page }, testInfo) => {
    const devices = new DevicesPage(page, 'nl');
    const serials = serialsOf('hardwarehash-ps51.csv');
    await devices.goto();
    await devices.openRegister();
    await devices.flyIn.getByText('Hoe kom ik aan hardware-hashes?').click();
    await expect(devices.flyIn.getByRole('button', { name: 'Opdracht kopiëren: shutdown -s -t 0' })).toBeVisible();
    // The file field's button is the page's, in Dutch (the browser's own would speak the browser's language).
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), devices.flyIn.getByText('Bestanden kiezen', { exact: true }).click()]);
    await chooser.setFiles(fixture('hardwarehash-ps51.csv'));
    await expect(devices.previewSummary()).toHaveText('3 apparaten worden geregistreerd.');
    await expect(devices.submit).toBeDisabled();
    await expect(devices.flyIn).toContainText('Selecteer een apparaatprofiel om verder te gaan.');
    await devices.profile.selectOption({ label: 'Gevoelige gegevens' });
    await expect(devices.submit).toBeEnabled();
    expect(await seriousViolations(page), 'axe on the Dutch fly-in').toEqual([]);
    await devices.submit.click();
    await expect(devices.flyIn).toBeHidden();
    await expect(
      devices.toasts.filter({ hasText: '3 apparaten zijn ingediend voor registratie met het profiel Gevoelige gegevens.' }),
    ).toBeVisible();
    for (const serial of serials) {
      await expect(devices.row(serial)).toContainText('Registratie in behandeling');
    }
    for (const serial of serials) {
      await expect(devices.row(serial)).toContainText('Klaar voor gebruiker', { timeout: 20_000 });
    }
    await screenshot(page, testInfo, 'nl-03-ready-for-user');

    // A registered device's details, and the demo's sign-in on it.
    await devices.row(serials[0]).getByRole('button', { name: serials[0] }).click();
    const details = page.getByRole('dialog', { name: `Apparaat ${serials[0]}` });
    await expect(details).toContainText('Klaar voor gebruiker');
    await expect(details.getByRole('definition').filter({ hasText: /^hardwarehash-ps51\.csv, regel \d+$/ })).toBeVisible();
    await details.getByRole('button', { name: 'Aanmelding van de gebruiker simuleren (demo)' }).click();
    await expect(devices.toasts.filter({ hasText: 'De aanmelding van de gebruiker is gesimuleerd: het apparaat is Actief.' })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(devices.row(serials[0])).toContainText('Actief');

    // The three removed at once, asked in Dutch first.
    for (const serial of serials) {
      await page.getByRole('checkbox', { name: `${serial} selecteren` }).check();
    }
    await expect(page.getByText('3 apparaten geselecteerd.')).toBeVisible();
    await page.getByRole('toolbar', { name: 'Geselecteerde apparaten' }).getByRole('button', { name: 'Verwijderen', exact: true }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Apparaten verwijderen?' });
    await expect(confirm).toContainText('3 apparaten worden uit uw organisatie verwijderd.');
    await expect(confirm.getByRole('button', { name: 'Annuleren' })).toBeFocused();
    await screenshot(page, testInfo, 'nl-04-bulk-remove');
    await confirm.getByRole('button', { name: '3 apparaten verwijderen' }).click();
    await expect(devices.toasts.filter({ hasText: '3 apparaten verwijderd.' })).toBeVisible();
    for (const serial of serials) {
      await expect(devices.row(serial)).toHaveCount(0);
    }

    // The audit log names both changes in Dutch.
    await page.getByRole('link', { name: 'Auditlogboek' }).click();
    await expect(page.getByRole('heading', { name: 'Auditlogboek', level: 1 })).toBeVisible();
    const log = page.getByRole('table', { name: 'Auditgebeurtenissen, nieuwste bovenaan' });
    await expect(log.getByRole('columnheader', { name: 'Gestart door' })).toBeVisible();
    await expect(log.getByRole('row').filter({ hasText: 'Apparaten verwijderd' })).toContainText('3 apparaten:');
    const registered = log.getByRole('row').filter({ hasText: 'Apparaten geregistreerd' }).first();
    await expect(registered).toContainText('Profiel: Gevoelige gegevens');
    await expect(registered).toContainText('Demobeheerder (geen aanmelding)');
    await expect(log.getByRole('row').filter({ hasText: 'Demo: gebruikers aangemeld' })).toContainText('1 apparaat:');
    // Filtered by who made the change, under the name the page shows.
    await page.getByLabel('Gestart door').fill('Demobeheerder (geen aanmelding)');
    await page.getByRole('button', { name: 'Toepassen' }).click();
    await expect(log.getByRole('row').filter({ hasText: 'Apparaten verwijderd' })).toBeVisible();
    await page.getByLabel('Gestart door').fill('iemand@contoso.com');
    await page.getByRole('button', { name: 'Toepassen' }).click();
    await expect(page.getByRole('heading', { name: 'Geen wijzigingen vastgelegd' })).toBeVisible();
    await page.getByLabel('Gestart door').fill('');
    await page.getByRole('button', { name: 'Toepassen' }).click();
    await expect(log.getByRole('row').filter({ hasText: 'Apparaten verwijderd' })).toBeVisible();
    await screenshot(page, testInfo, 'nl-05-audit-log');
    expect(await seriousViolations(page), 'axe on the Dutch audit log').toEqual([]);
  });

  test('switches to English and back in the header menu, and keeps the choice', async ({ page }, testInfo) => {
    const dutch = new DevicesPage(page, 'nl');
    const devices = new DevicesPage(page, 'en');
    await dutch.goto();
    await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
    await page.getByRole('button', { name: 'Demotenant · geen aanmelding' }).click();
    const menu = page.getByRole('dialog', { name: 'Account' });
    await expect(menu).toContainText('Bij de demotenant meldt niemand zich aan.');
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

  test('says so when the browser will not keep the choice, and stays as it is', async ({ page }) => {
    // Storage that refuses writes (full, or turned off for this site).
    await page.addInitScript(() => {
      const setItem = Storage.prototype.setItem;
      Storage.prototype.setItem = function (key: string, value: string) {
        if (key === 'devices-portal.lang') throw new DOMException('full', 'QuotaExceededError');
        return setItem.call(this, key, value);
      };
    });
    const dutch = new DevicesPage(page, 'nl');
    await dutch.goto();
    await page.getByRole('button', { name: 'Demotenant · geen aanmelding' }).click();
    const menu = page.getByRole('dialog', { name: 'Account' });
    await menu.getByLabel('Taal').selectOption('en');
    await expect(menu.getByRole('alert')).toHaveText(/^De browser heeft de taalkeuze niet bewaard/);
    await expect(menu.getByLabel('Taal')).toHaveValue('nl');
    await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
    await expect(page).toHaveTitle('Apparaten - Microsoft Managed Desktop');
  });
});
