import { expect, type Locator, type Page } from '@playwright/test';

/** The names the workspace gives what the page object finds, in each language. */
const WORDS = {
  en: {
    devices: 'Devices', loading: 'Loading devices…', register: 'Register devices', search: 'Search', state: 'State',
    fileUpload: 'File upload', profile: 'Device profile', table: 'Devices',
  },
  nl: {
    devices: 'Apparaten', loading: 'Apparaten laden…', register: 'Apparaten registreren', search: 'Zoeken', state: 'Status',
    fileUpload: 'Bestand uploaden', profile: 'Apparaatprofiel', table: 'Apparaten',
  },
};
type Words = (typeof WORDS)['en'];

/** The Devices workspace, as a user finds things on it: by role and accessible name first. */
export class DevicesPage {
  readonly page: Page;
  readonly registerButton: Locator;
  readonly flyIn: Locator;
  readonly fileUpload: Locator;
  readonly profile: Locator;
  readonly submit: Locator;
  readonly table: Locator;
  readonly search: Locator;
  readonly stateFilter: Locator;
  readonly toasts: Locator;

  readonly words: Words;

  constructor(page: Page, lang: keyof typeof WORDS = 'en') {
    this.page = page;
    const w = WORDS[lang];
    this.words = w;
    this.registerButton = page.getByRole('button', { name: w.register }).first();
    this.flyIn = page.getByRole('dialog', { name: w.register });
    this.fileUpload = this.flyIn.getByLabel(w.fileUpload);
    this.profile = this.flyIn.getByLabel(w.profile);
    this.submit = this.flyIn.getByRole('button', { name: w.register });
    this.table = page.getByRole('grid', { name: w.table });
    this.search = page.getByRole('searchbox', { name: w.search });
    this.stateFilter = page.getByRole('combobox', { name: w.state });
    this.toasts = page.getByTestId('toast');
  }

  /** A count as the page writes it: in its language (`1,200` in English, `1.200` in Dutch). */
  async number(n: number): Promise<string> {
    return this.page.evaluate((x) => x.toLocaleString(document.documentElement.lang || undefined), n);
  }

  async goto(query = '') {
    await this.page.goto(`/devices${query}`);
    await this.shown();
  }

  /** Waits until the workspace shows its devices (after goto, or after signing in). */
  async shown() {
    await expect(this.page.getByRole('heading', { name: this.words.devices, level: 1 })).toBeVisible();
    await expect(this.page.getByText(this.words.loading)).toBeHidden();
  }

  /** The table row of a serial number. */
  row(serial: string): Locator {
    return this.table.locator(`tr[data-serial="${serial}"]`);
  }

  async openRegister() {
    await this.registerButton.click();
    await expect(this.flyIn).toBeVisible();
  }

  async upload(...paths: string[]) {
    await this.fileUpload.setInputFiles(paths);
  }

  /** Opens the fly-in, uploads `path` and picks `profile`, once the preview counts `count`. */
  async prepareRegistration(path: string, count: number, profile = 'Standard') {
    await this.openRegister();
    await this.upload(path);
    await expect(this.previewSummary()).toHaveText(`${await this.number(count)} devices will be registered.`, { timeout: 30_000 });
    await this.profile.selectOption({ label: profile });
  }

  /** Adds `count` devices in every state with the Demo controls, once the toast says so. */
  async addDemoDevices(count: number) {
    await this.page.getByRole('button', { name: 'Demo controls' }).click();
    const demo = this.page.getByRole('dialog', { name: 'Demo controls' });
    await demo.getByLabel('Devices to add, in every state').fill(String(count));
    await demo.getByRole('button', { name: 'Add devices' }).click();
    await expect(this.toasts.filter({ hasText: `Added ${await this.number(count)} devices in every state.` })).toBeVisible();
    await this.page.keyboard.press('Escape');
  }

  previewSummary(): Locator {
    return this.flyIn.getByTestId('preview-summary');
  }

  problemRow(text: string): Locator {
    return this.flyIn.getByRole('row').filter({ hasText: text });
  }

  stateCount(label: string): Locator {
    return this.page.getByRole('list', { name: 'Devices by state' }).getByRole('button', { name: new RegExp(label) });
  }

  async openDetails(serial: string) {
    await this.row(serial).getByRole('button', { name: serial }).click();
    const details = this.page.getByRole('dialog', { name: `Device ${serial}` });
    await expect(details).toBeVisible();
    return details;
  }
}
