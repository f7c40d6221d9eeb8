import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { findChromium } from '../support/chromium.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * What the browser test files share: the Chromium they drive, the real server on the demo seller,
 * a page per dashboard route with the element that says it is ready, logging in, and screenshots
 * in test-output/screenshots/.
 */
export const SHOTS = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));
const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const pages = [
  { name: 'overview', path: '/', ready: '[data-testid="late-dispatch-chart"] canvas' },
  {
    name: 'compliance',
    path: '/compliance',
    ready: '[data-testid="result-row"], [data-testid="compliance-empty"]',
  },
  { name: 'inventory', path: '/inventory', ready: '[data-testid="stock-row"]' },
  { name: 'orders', path: '/orders', ready: '[data-testid="board-row"]' },
  { name: 'alerts', path: '/alerts', ready: '[data-testid="alert-row"], [data-testid="alerts-empty"]' },
  { name: 'settings', path: '/settings', ready: '[data-testid="warehouse-row"]' },
] as const;
export type PageName = (typeof pages)[number]['name'];

export interface Account {
  email: string;
  password: string;
}

export interface Dashboard {
  server: TestServer;
  browser: Browser;
  /** The owner's desktop context (English, reduced motion) and its page. */
  context: BrowserContext;
  page: Page;
  /** Another desktop context, for a second person; close it when done. */
  newContext(): Promise<BrowserContext>;
  shot(name: string, p?: Page): Promise<unknown>;
  /**
   * What the owner's page showed, and what went wrong in the browser since it opened (failed
   * requests, answers of 400 and more, console errors): printed when a test fails, so a failure in
   * CI says more than the wait that timed out.
   */
  explain(p?: Page): Promise<string>;
  /** Goes to a dashboard page and waits until it shows its data. */
  open(name: PageName, p?: Page): Promise<void>;
  login(p: Page, who?: Account): Promise<void>;
  /** The CSRF token of the page's session, for `page.request` writes as that user. */
  csrf(p?: Page): Promise<string>;
  /** Saves the language with the page's user (PATCH /auth/me), as the language switcher does. */
  setLanguage(locale: string, p?: Page): Promise<void>;
  close(): Promise<void>;
}

/** `jobs`: run the server's periodic jobs too (the notification worker, the alert scan). */
export async function startDashboard(options: { jobs?: boolean } = {}): Promise<Dashboard> {
  // No Chromium fails the file with the command that installs it; leaving the browser tests out
  // takes PUENTE_TEST_SKIP=browser, which the run then announces (test/support/testEnv.ts).
  const chromiumFound = findChromium();
  if ('missing' in chromiumFound) throw new Error(chromiumFound.missing);
  mkdirSync(SHOTS, { recursive: true });
  const [server, browser] = await Promise.all([
    startTestServer({ demo: true, jobs: options.jobs ?? false, dashboard: true }),
    chromium.launch({ executablePath: chromiumFound.path, args: LAUNCH_ARGS }),
  ]);
  // Reduced motion: modals and menus appear at once, so screenshots never catch them halfway.
  const troubles: string[] = [];
  const newContext = async () => {
    const c = await browser.newContext({
      viewport: { width: 1366, height: 768 },
      locale: 'en-US',
      reducedMotion: 'reduce',
    });
    const at = () => new Date().toISOString().slice(11, 23);
    c.on('requestfailed', (r) =>
      troubles.push(`${at()} failed ${r.method()} ${r.url()}: ${r.failure()?.errorText}`),
    );
    c.on('response', (r) => {
      if (r.status() >= 400) troubles.push(`${at()} ${r.status()} ${r.request().method()} ${r.url()}`);
    });
    c.on('weberror', (e) => troubles.push(`${at()} page error: ${e.error().message}`));
    c.on('console', (m) => {
      if (m.type() === 'error') troubles.push(`${at()} console: ${m.text()}`);
    });
    // A wait, not a measure: generous, since CI runs these beside other suites on two cores.
    c.setDefaultTimeout(45_000);
    return c;
  };
  const context = await newContext();
  const page = await context.newPage();

  async function open(name: PageName, p: Page = page) {
    const target = pages.find((x) => x.name === name);
    if (!target) throw new Error(name);
    await p.goto(`${server.url}${target.path}`);
    await p.locator(target.ready).first().waitFor();
  }
  async function login(p: Page, who: Account = server.owner) {
    await p.goto(`${server.url}/orders`);
    await p.getByTestId('login-email').fill(who.email);
    await p.getByTestId('login-password').fill(who.password);
    await p.getByTestId('login-submit').click();
    await p.getByTestId('nav-overview').waitFor();
  }
  async function csrf(p: Page = page) {
    const me = await p.request.get(`${server.url}/api/v1/auth/me`);
    if (!me.ok()) throw new Error(`GET /auth/me: ${me.status()}`);
    return ((await me.json()) as { csrfToken: string }).csrfToken;
  }
  async function setLanguage(locale: string, p: Page = page) {
    const r = await p.request.patch(`${server.url}/api/v1/auth/me`, {
      headers: { 'x-csrf-token': await csrf(p) },
      data: { locale },
    });
    if (r.status() !== 200) throw new Error(`PATCH /auth/me: ${r.status()}`);
  }

  return {
    server,
    browser,
    context,
    page,
    newContext,
    shot: (name, p = page) => p.screenshot({ path: `${SHOTS}${name}.png` }),
    open,
    login,
    csrf,
    async explain(p = page) {
      const text = await p
        .locator('body')
        .textContent({ timeout: 5_000 })
        .catch((e: Error) => `(no text: ${e.message})`);
      await p.screenshot({ path: `${SHOTS}failed.png` }).catch(() => {});
      return [
        `page ${p.url()} (screenshot: test-output/screenshots/failed.png)`,
        `shows: ${(text ?? '').replace(/\s+/g, ' ').slice(0, 800)}`,
        `browser troubles (last 15 of ${troubles.length}):`,
        ...troubles.slice(-15),
      ].join('\n');
    },
    setLanguage,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
