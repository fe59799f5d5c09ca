import { expect, type Page } from '@playwright/test';

/** The test users of e2e/oidc/provider.mjs. */
export const ADMIN = { username: 'megan@contoso.com', password: 'Admin-pass-1', name: 'Megan Bowen' };
export const READER = { username: 'adele@contoso.com', password: 'Reader-pass-1', name: 'Adele Vance' };

/** The OpenID provider's own sign-in page (a real page of e2e/oidc/provider.mjs, not a mock). */
export class SignInPage {
  constructor(readonly page: Page) {}

  /** Fills in and sends the provider's form. */
  async signIn(user: { username: string; password: string }) {
    await expect(this.page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await this.page.getByLabel('Email').fill(user.username);
    await this.page.getByLabel('Password').fill(user.password);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
  }
}
