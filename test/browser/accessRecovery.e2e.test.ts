import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dashboard, startDashboard } from './harness.ts';

/**
 * Access recovery in a real browser, on the demo seller: Ana, an operator who works in Chinese,
 * forgot her password. The owner makes a one-time link in Settings → Users and hands it over; Ana
 * opens it, sets a new password on a page in her language, and logs in with it. The session she
 * had is gone. No sleeps: every step waits for what it needs.
 */
describe('resetting a password from Settings, in a browser', () => {
  let d: Dashboard;
  let owner: Page;
  let anaContext: BrowserContext;
  let ana: Page;
  const who = { email: 'ana.ops@example.com', password: 'forgotten-password-1' };

  beforeAll(async () => {
    d = await startDashboard();
    owner = d.page;
    await d.login(owner);
    const made = await owner.request.post(`${d.server.url}/api/v1/users`, {
      headers: { 'x-csrf-token': await d.csrf(owner) },
      data: { ...who, name: 'Ana Ops', role: 'operator' },
    });
    expect(made.status()).toBe(201);
    anaContext = await d.newContext();
    ana = await anaContext.newPage();
    await d.login(ana, who);
    // Ana works in Chinese: the language is saved with her account, and her link carries it.
    await d.setLanguage('zh-CN', ana);
  }, 120_000);

  afterAll(async () => {
    await anaContext?.close();
    await d?.close();
  });

  it('says on the login page how to get back in, in each language', async () => {
    const context = await d.newContext();
    const page = await context.newPage();
    await page.goto(`${d.server.url}/login`);
    const recovery = page.getByTestId('login-recovery');
    await recovery.getByText('puente users reset-password <your email>').waitFor();
    await d.shot('login-recovery-en', page);
    await page.getByTestId('language-switcher-zh-CN').click();
    await recovery.getByText('puente users reset-password <您的邮箱>').waitFor();
    expect(await recovery.textContent()).toContain('忘记密码？请团队的所有者为您生成重置链接');
    await d.shot('login-recovery-zh', page);
    await page.getByTestId('language-switcher-es-MX').click();
    await recovery.getByText('puente users reset-password <tu correo>').waitFor();
    await d.shot('login-recovery-es', page);
    await context.close();
  });

  it('makes a link in Settings that sets a new password once and ends the old session', async () => {
    await owner.goto(`${d.server.url}/settings?tab=users`);
    const row = owner.locator(`[data-testid="user-row"][data-email="${who.email}"]`);
    await row.getByTestId('user-row-reset').click();
    await owner.getByTestId('confirm-ok').click();
    const shown = owner.getByTestId('secret-value');
    await shown.waitFor();
    const link = ((await shown.textContent()) ?? '').trim();
    expect(link).toMatch(new RegExp(`^${d.server.url}/reset-password#token=[^&]+&lang=zh-CN$`));
    expect(await owner.getByTestId('secret-hint').textContent()).toContain(who.email);
    await d.shot('users-reset-link', owner);
    await owner.getByTestId('secret-done').click();

    // Ana opens the link (her old session still open in the same browser) and sees the page in Chinese.
    await ana.goto(link);
    await ana.getByText('设置新密码', { exact: true }).first().waitFor();
    // The secret leaves the address bar as soon as the page has read it.
    expect(new URL(ana.url()).hash).toBe('');
    // Under 10 characters, the form refuses in place (the server refuses it too: passwordReset.test.ts).
    await ana.getByTestId('reset-password').fill('short');
    expect(
      await ana.getByTestId('reset-password').evaluate((e) => (e as HTMLInputElement).validity.tooShort),
    ).toBe(true);
    await ana.getByTestId('reset-password').fill('a-brand-new-password');
    await ana.getByTestId('reset-repeat').fill('a-brand-new-passwort');
    await ana.getByText('两次输入的密码不一致。').waitFor();
    expect(await ana.getByTestId('reset-submit').isDisabled()).toBe(true);
    await d.shot('reset-password-zh', ana);
    await ana.getByTestId('reset-repeat').fill('a-brand-new-password');
    await ana.getByTestId('reset-submit').click();
    await ana.getByTestId('reset-done').waitFor();
    await d.shot('reset-password-done-zh', ana);

    // Her old session is gone: the dashboard asks her to log in.
    await ana.getByTestId('reset-to-login').click();
    await ana.getByTestId('login-email').waitFor();
    expect((await ana.request.get(`${d.server.url}/api/v1/auth/me`)).status()).toBe(401);

    // The old password no longer works, the new one does.
    await ana.getByTestId('login-email').fill(who.email);
    await ana.getByTestId('login-password').fill(who.password);
    await ana.getByTestId('login-submit').click();
    await ana.getByTestId('login-error').waitFor();
    await ana.getByTestId('login-password').fill('a-brand-new-password');
    await ana.getByTestId('login-submit').click();
    await ana.getByTestId('nav-overview').waitFor();

    // The same link again: spent.
    await ana.goto(link);
    await ana.getByTestId('reset-password').fill('yet-another-password');
    await ana.getByTestId('reset-repeat').fill('yet-another-password');
    await ana.getByTestId('reset-submit').click();
    await ana.getByTestId('error-notice').getByText('该重置链接已失效', { exact: false }).waitFor();
  });
});
