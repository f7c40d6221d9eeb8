import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Dashboard, startDashboard } from './harness.ts';

/**
 * The dashboard's management flows in a real browser on the demo seller, as its owner: stock
 * adjustments and transfers with their history, alerts, users and roles, API tokens, storefront
 * buffers and webhook secrets, an edit that lost a race (412), and merchant eligibility.
 *
 * No sleeps: every step waits for the element or text it needs (Playwright's auto-waiting).
 */

interface Level {
  sku: string;
  warehouse: string;
  onHand: number;
  available: number;
}

/** The integer an element shows ("1,234" → 1234, "−2" → -2). */
async function shown(locator: Locator): Promise<number> {
  const text = ((await locator.textContent()) ?? '').trim();
  const n = Number(text.replace(/[^\d]/g, ''));
  return /^[-−]/.test(text) ? -n : n;
}

/** Waits until the element shows exactly this integer, as the dashboard writes it in English. */
function showing(locator: Locator, n: number): Promise<void> {
  const text =
    n < 0 ? `−${Math.abs(n).toLocaleString('en-US')}` : `${n > 0 ? '\\+?' : ''}${n.toLocaleString('en-US')}`;
  return locator.filter({ hasText: new RegExp(`^${text}$`) }).waitFor();
}

describe('dashboard management flows in a browser (demo data)', () => {
  let d: Dashboard;
  let page: Page;
  let url: string;
  const api = (path: string) => `${url}/api/v1${path}`;

  beforeAll(async () => {
    d = await startDashboard();
    page = d.page;
    url = d.server.url;
    await d.login(page);
  }, 120_000);

  afterAll(async () => {
    await d?.close();
  });
  // A failed test also says what the browser showed and what went wrong in it (harness.ts).
  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') throw new Error(`what the browser showed:\n${await d.explain()}`);
  });

  it('adjusts and transfers stock; the grid and the SKU history show them with who did it', async () => {
    await d.open('inventory');
    const levels = (await (await page.request.get(api('/stock?limit=500'))).json()).items as Level[];
    // A SKU stocked in both warehouses, with room in TX for −2 and a transfer of 3.
    const tx = levels.find(
      (l) =>
        l.warehouse === 'TX' &&
        l.available >= 10 &&
        levels.some((c) => c.sku === l.sku && c.warehouse === 'CA'),
    );
    if (!tx) throw new Error('the demo has no SKU in both TX and CA');
    const sku = tx.sku;
    const row = (warehouse: string) =>
      page.locator(`[data-testid="stock-row"][data-sku="${sku}"][data-warehouse="${warehouse}"]`);
    await page.getByTestId('stock-search').fill(sku);
    const txOnHand = await shown(row('TX').getByTestId('on-hand'));
    const caOnHand = await shown(row('CA').getByTestId('on-hand'));

    // −2, damaged.
    await page.getByTestId('adjust-button').click();
    const adjust = page.getByTestId('adjust-form');
    await adjust.getByTestId('stock-sku').fill(sku);
    await adjust.getByTestId('stock-warehouse').click();
    await page.getByRole('option', { name: /^TX/ }).click();
    await adjust.getByTestId('stock-quantity').fill('-2');
    await adjust.getByTestId('stock-reason').fill('damaged');
    await adjust.getByTestId('stock-submit').click();
    await adjust.waitFor({ state: 'detached' });
    await showing(row('TX').getByTestId('on-hand'), txOnHand - 2);

    // 3 from TX to CA.
    await page.getByTestId('transfer-button').click();
    const transfer = page.getByTestId('transfer-form');
    await transfer.getByTestId('stock-sku').fill(sku);
    await transfer.getByTestId('stock-warehouse').click();
    await page.getByRole('option', { name: /^TX/ }).click();
    await transfer.getByTestId('stock-to').click();
    await page.getByRole('option', { name: /^CA/ }).click();
    await transfer.getByTestId('stock-quantity').fill('3');
    await transfer.getByTestId('stock-reason').fill('rebalance for MX');
    await transfer.getByTestId('stock-submit').click();
    await transfer.waitFor({ state: 'detached' });
    await showing(row('TX').getByTestId('on-hand'), txOnHand - 5);
    await showing(row('CA').getByTestId('on-hand'), caOnHand + 3);

    // The SKU's history: the three new movements, newest first, each with the owner as actor.
    await page.locator(`[data-testid="stock-row"][data-sku="${sku}"]`).getByTestId('sku-link').click();
    const movement = (kind: string, warehouse: string) =>
      page
        .locator(`[data-testid="movement-row"][data-kind="${kind}"][data-warehouse="${warehouse}"]`)
        .first();
    const actor = `user:${d.server.owner.email}`;
    for (const [kind, warehouse, delta, note] of [
      ['adjust', 'TX', -2, 'damaged'],
      ['transfer_out', 'TX', -3, 'rebalance for MX'],
      ['transfer_in', 'CA', 3, 'rebalance for MX'],
    ] as const) {
      const m = movement(kind, warehouse);
      await showing(m.getByTestId('movement-on-hand'), delta);
      expect(await m.getByTestId('movement-note').textContent()).toBe(`${note} · ${actor}`);
      // The kind is read whole ("Transfer out", not "TRANSFER…").
      const label = m.locator('.mantine-Badge-label');
      expect(await label.evaluate((l) => l.scrollWidth <= l.clientWidth)).toBe(true);
    }
    const kinds = await page
      .getByTestId('movement-row')
      .evaluateAll((rows) => rows.slice(0, 3).map((r) => `${r.dataset.kind} ${r.dataset.warehouse}`));
    expect(kinds.sort()).toEqual(['adjust TX', 'transfer_in CA', 'transfer_out TX']);
    await d.shot('inventory-history-en');
    await page.keyboard.press('Escape');
    await page.getByTestId('movement-row').first().waitFor({ state: 'detached' });
  });
  it('acknowledges one open alert and resolves another; the list and the nav badge follow', async () => {
    await d.open('alerts');
    const badge = page.getByTestId('nav-alerts-count');
    const open = await shown(badge);
    expect(open).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId('alert-row').count()).toBe(Math.min(open, 50));
    const [first, second] = await page
      .getByTestId('alert-row')
      .evaluateAll((rows) => rows.slice(0, 2).map((r) => r.dataset.id as string));
    const alert = (id: string | undefined) => page.locator(`[data-testid="alert-row"][data-id="${id}"]`);

    await alert(first).getByTestId('alert-acknowledge').click();
    await alert(first).waitFor({ state: 'detached' });
    await showing(badge, open - 1);
    await alert(second).getByTestId('alert-resolve').click();
    await alert(second).waitFor({ state: 'detached' });
    await showing(badge, open - 2);
    expect(await page.getByTestId('alert-row').count()).toBe(Math.min(open - 2, 50));

    // Each is now under its own state; the acknowledged one can still be resolved.
    const states = page.getByTestId('alert-state-filter');
    await states.getByText('Acknowledged', { exact: true }).click();
    await page.locator(`[data-testid="alert-row"][data-id="${first}"][data-state="acknowledged"]`).waitFor();
    expect(await alert(first).getByTestId('alert-acknowledge').count()).toBe(0);
    expect(await alert(first).getByTestId('alert-resolve').count()).toBe(1);
    await states.getByText('Resolved', { exact: true }).click();
    await page.locator(`[data-testid="alert-row"][data-id="${second}"][data-state="resolved"]`).waitFor();
    // Nothing left to do with it (its delivery log still opens).
    expect(await alert(second).getByTestId('alert-acknowledge').count()).toBe(0);
    expect(await alert(second).getByTestId('alert-resolve').count()).toBe(0);
    await d.shot('alerts-resolved-en');
    const listed = await page.request.get(api('/alerts?state=open&limit=100'));
    expect((await listed.json()).items).toHaveLength(open - 2);
  });
  /** Settings → Users → Add user, as the owner on `page`. */
  async function addUser(who: {
    email: string;
    name: string;
    password: string;
    role: 'Operator' | 'Viewer';
  }) {
    await page.goto(`${url}/settings?tab=users`);
    await page.getByTestId('user-row').first().waitFor();
    await page.getByTestId('user-add').click();
    const form = page.getByTestId('user-form');
    await form.getByTestId('user-form-email').fill(who.email);
    await form.getByTestId('user-form-name').fill(who.name);
    await form.getByTestId('user-form-role').click();
    await page.getByRole('option', { name: who.role, exact: true }).click();
    await form.getByTestId('user-form-password').fill(who.password);
    await form.getByTestId('user-submit').click();
    await form.waitFor({ state: 'detached' });
    const row = page.locator(`[data-testid="user-row"][data-email="${who.email}"]`);
    await row.waitFor();
    return row;
  }
  const loginStatus = async (who: { email: string; password: string }) =>
    (
      await fetch(api('/auth/login'), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: who.email, password: who.password }),
      })
    ).status;

  it('adds an operator, makes it a viewer, then disables it', async () => {
    const operator = {
      email: 'olga.operator@example.com',
      name: 'Olga Operator',
      password: 'operator-password-1',
      role: 'Operator',
    } as const;
    const row = await addUser(operator);
    expect(await row.getAttribute('data-role')).toBe('operator');
    expect(await row.getByTestId('user-row-role').inputValue()).toBe('Operator');

    await row.getByTestId('user-row-role').click();
    await page.getByRole('option', { name: 'Viewer', exact: true }).click();
    await page
      .locator(`[data-testid="user-row"][data-email="${operator.email}"][data-role="viewer"]`)
      .waitFor();
    expect(await row.getByTestId('user-row-role').inputValue()).toBe('Viewer');

    expect(await loginStatus(operator)).toBe(200);
    // The switch is controlled by the server's answer: click it, then wait for the row to say so
    // (uncheck() would look for the change the instant after the click).
    // The switch's track, where a person clicks: Playwright waits forever for the hidden input
    // under it to be "stable" since the Users table gained its reset buttons.
    await row.locator('.mantine-Switch-track').click();
    await page
      .locator(`[data-testid="user-row"][data-email="${operator.email}"][data-disabled="true"]`)
      .waitFor();
    await d.shot('settings-users-en');
    const users = (await (await page.request.get(api('/users'))).json()).items as {
      email: string;
      role: string;
      disabled: boolean;
    }[];
    expect(users.find((u) => u.email === operator.email)).toMatchObject({ role: 'viewer', disabled: true });
    expect(await loginStatus(operator)).toBeGreaterThanOrEqual(400);
  });

  it('shows a viewer added from Settings no button that changes the settings', async () => {
    const viewer = {
      email: 'victor.viewer@example.com',
      name: 'Victor Viewer',
      password: 'viewer-password-1',
      role: 'Viewer',
    } as const;
    const row = await addUser(viewer);
    expect(await row.getAttribute('data-role')).toBe('viewer');
    const other = await d.newContext();
    try {
      const p = await other.newPage();
      await d.login(p, viewer);
      await p.getByTestId('user-role').filter({ hasText: 'Viewer' }).waitFor();
      await d.open('settings', p);
      expect(await p.getByTestId('warehouse-edit').count()).toBe(0);
      expect(await p.getByTestId('warehouse-add').count()).toBe(0);
      expect(await p.getByTestId('tab-users').count()).toBe(0);
      expect(await p.getByTestId('tab-tokens').count()).toBe(0);
      await p.getByTestId('tab-storefronts').click();
      await p.getByTestId('storefront-row').first().waitFor();
      expect(await p.getByTestId('storefront-edit').count()).toBe(0);
      expect(await p.getByTestId('rotate-secret').count()).toBe(0);
      // Asking for an owner's tab by address shows the warehouses instead.
      await p.goto(`${url}/settings?tab=users`);
      await p.getByTestId('warehouse-row').first().waitFor();
      expect(await p.getByTestId('user-row').count()).toBe(0);
      expect(await p.getByRole('main').getByRole('button').count()).toBe(0);
      await d.shot('settings-viewer-en', p);
    } finally {
      await other.close();
    }
  });
  it('creates an API token shown once, lists it by its prefix, revokes it, and the token then gets 401', async () => {
    await d.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url });
    await page.goto(`${url}/settings?tab=tokens`);
    await page.getByTestId('tokens-table').waitFor();
    await page.getByTestId('token-create').click();
    const form = page.getByTestId('token-form');
    await form.getByTestId('token-name').fill('ERP sync');
    await form.getByTestId('token-scope').click();
    await page.getByRole('option', { name: 'Write', exact: true }).click();
    await form.getByTestId('token-submit').click();

    const secret = page.getByTestId('secret-value');
    const token = ((await secret.textContent()) ?? '').trim();
    expect(token).toMatch(/^pte_\S{20,}$/);
    await page.getByTestId('copy-secret').click();
    await page.getByTestId('copy-secret').filter({ hasText: 'Copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
    await d.shot('settings-token-once-en');
    const stock = () => fetch(api('/stock?limit=1'), { headers: { Authorization: `Bearer ${token}` } });
    expect((await stock()).status).toBe(200);

    await page.getByTestId('secret-done').click();
    await secret.waitFor({ state: 'detached' });
    const row = page.locator('[data-testid="token-row"][data-name="ERP sync"]');
    expect(await row.getByTestId('token-prefix').textContent()).toBe(`${token.slice(0, 8)}…`);
    // Once closed, the secret is nowhere on the page.
    expect(await page.content()).not.toContain(token);

    await row.getByTestId('token-revoke').click();
    await page.getByTestId('confirm-ok').click();
    await row.getByTestId('token-revoked').waitFor();
    expect(await row.getAttribute('data-revoked')).toBe('true');
    expect(await row.getByTestId('token-revoke').count()).toBe(0);
    expect((await stock()).status).toBe(401);
  });
  /** What the SKU drawer on the inventory page says a storefront publishes of the SKU. */
  async function openPublished(sku: string, storefront: string) {
    await d.open('inventory');
    await page.getByTestId('stock-search').fill(sku);
    await page.locator(`[data-testid="stock-row"][data-sku="${sku}"]`).getByTestId('sku-link').click();
    return page
      .locator(`[data-testid="published-row"][data-storefront="${storefront}"]`)
      .getByTestId('published');
  }

  it('edits a storefront buffer with If-Match and the inventory page publishes less', async () => {
    const all = (await (await page.request.get(api('/stock/published'))).json()).items as {
      sku: string;
      storefront: string;
      available: number;
      buffer: number;
      published: number;
    }[];
    const pick = all.find((p) => p.storefront === 'TTS-MX' && p.published >= 20);
    if (!pick) throw new Error('the demo publishes no SKU on TTS-MX');
    const before = await shown(await openPublished(pick.sku, 'TTS-MX'));
    expect(before).toBe(pick.published);
    await page.keyboard.press('Escape');

    // The buffer is the larger of its units and its percentage: units 5 above what is held now
    // hold back 5 more.
    const units = pick.buffer + 5;
    await page.goto(`${url}/settings?tab=storefronts`);
    const row = page.locator('[data-testid="storefront-row"][data-code="TTS-MX"]');
    await row.getByTestId('storefront-edit').click();
    const form = page.getByTestId('storefront-form');
    await form.getByTestId('storefront-buffer-units').fill(String(units));
    const patch = page.waitForRequest(
      (r) => r.method() === 'PATCH' && new URL(r.url()).pathname === '/api/v1/storefronts/TTS-MX',
    );
    await form.getByTestId('storefront-save').click();
    // The form sends back the ETag it read, and the server takes it.
    expect((await patch).headers()['if-match']).toMatch(/^"v\d+"$/);
    await form.waitFor({ state: 'detached' });
    await row
      .getByTestId('storefront-buffer')
      .filter({ hasText: `${units} units or 10%, whichever is more` })
      .waitFor();
    await d.shot('settings-storefronts-en');

    await showing(await openPublished(pick.sku, 'TTS-MX'), before - 5);
    await d.shot('inventory-published-en');
    await page.keyboard.press('Escape');
  });

  it('rotates a storefront webhook secret and shows it once', async () => {
    await page.goto(`${url}/settings?tab=storefronts`);
    const row = page.locator('[data-testid="storefront-row"][data-code="TTS-US"]');
    await row.getByTestId('rotate-secret').click();
    await page.getByTestId('confirm-ok').click();
    const secret = page.getByTestId('secret-value');
    const value = ((await secret.textContent()) ?? '').trim();
    expect(value).toMatch(/^whsec_\S{20,}$/);
    await page.getByTestId('copy-secret').waitFor();
    await d.shot('settings-webhook-secret-en');
    await page.getByTestId('secret-done').click();
    await secret.waitFor({ state: 'detached' });
    await row.locator('[data-testid="webhook-secret-state"][data-set="true"]').waitFor();
    expect(await page.content()).not.toContain(value);
  });
  it('does not overwrite a warehouse someone else saved while the form was open (412)', async () => {
    await d.open('settings');
    const row = page.locator('[data-testid="warehouse-row"][data-code="TX"]');
    const original = ((await row.getByTestId('warehouse-name').textContent()) ?? '').trim();
    await row.getByTestId('warehouse-edit').click();
    const form = page.getByTestId('warehouse-form');
    const name = form.getByTestId('warehouse-form-name');
    expect(await name.inputValue()).toBe(original);

    // Meanwhile another session of the owner renames it through the API, with its own ETag.
    const current = await page.request.get(api('/warehouses/TX'));
    const theirs = await page.request.patch(api('/warehouses/TX'), {
      headers: { 'X-CSRF-Token': await d.csrf(), 'If-Match': current.headers().etag ?? '' },
      data: { name: 'Dallas 3PL (renamed elsewhere)' },
    });
    expect(theirs.status()).toBe(200);

    await name.fill('Dallas 3PL (from the form)');
    await form.getByTestId('warehouse-form-lead-time').fill('9');
    const save = page.waitForResponse(
      (r) => r.request().method() === 'PATCH' && new URL(r.url()).pathname === '/api/v1/warehouses/TX',
    );
    await form.getByTestId('warehouse-save').click();
    expect((await save).status()).toBe(412);
    await form.getByTestId('stale-warning').filter({ hasText: 'Changed by someone else' }).waitFor();
    expect(await form.getByTestId('warehouse-save').isDisabled()).toBe(true);
    await d.shot('settings-warehouse-stale-en');
    const stored = await (await page.request.get(api('/warehouses/TX'))).json();
    expect(stored).toMatchObject({ name: 'Dallas 3PL (renamed elsewhere)', leadTimeDays: 14 });

    // Reloading shows their version; the change made again on top of it is saved.
    await form.getByTestId('stale-reload').click();
    await form.getByTestId('stale-warning').waitFor({ state: 'detached' });
    expect(await name.inputValue()).toBe('Dallas 3PL (renamed elsewhere)');
    expect(await form.getByTestId('warehouse-form-lead-time').inputValue()).toBe('14');
    await form.getByTestId('warehouse-form-lead-time').fill('9');
    // An emptied field is cleared, not left as it was.
    await form.getByTestId('warehouse-form-state').fill('');
    await form.getByTestId('warehouse-save').click();
    await form.waitFor({ state: 'detached' });
    await row.getByTestId('warehouse-location').filter({ hasText: /^US$/ }).waitFor();
    expect(await (await page.request.get(api('/warehouses/TX'))).json()).toMatchObject({
      name: 'Dallas 3PL (renamed elsewhere)',
      state: null,
      leadTimeDays: 9,
    });
  });
  it('says whether a merchant may join in the language on screen, and exports the check as XLSX', async () => {
    await d.open('compliance');
    await page.getByTestId('check-summary').waitFor();
    const form = page.getByTestId('eligibility-form');
    const result = (status: string) =>
      form.locator(`[data-testid="eligibility-result"][data-status="${status}"]`);
    await form.getByTestId('eligibility-region').click();
    await page.getByRole('option', { name: 'Mainland China', exact: true }).click();
    await form.getByTestId('eligibility-sps').fill('3.8');
    await form.getByTestId('eligibility-submit').click();
    await result('eligible')
      .getByTestId('eligibility-verdict')
      .filter({ hasText: /^Eligible$/ })
      .waitFor();
    expect(await result('eligible').getByTestId('eligibility-reason').textContent()).toBe(
      'Eligible: SPS 3.8 ≥ 3.5.',
    );

    // In Spanish the same answer is given again in Spanish, then SPS 3.2 is below the minimum.
    await page.getByTestId('language-switcher-es-MX').click();
    await page.getByTestId('page-title').filter({ hasText: 'Cumplimiento' }).waitFor();
    await result('eligible')
      .getByTestId('eligibility-reason')
      .filter({ hasText: /^Elegible: SPS 3\.8 ≥ 3\.5\.$/ })
      .waitFor();
    expect(await result('eligible').getByTestId('eligibility-verdict').textContent()).toBe('Elegible');
    await form.getByTestId('eligibility-sps').fill('3.2');
    await form.getByTestId('eligibility-submit').click();
    await result('not_eligible').waitFor();
    expect(await result('not_eligible').getByTestId('eligibility-verdict').textContent()).toBe('No elegible');
    expect(await result('not_eligible').getByTestId('eligibility-reason').textContent()).toBe(
      'No elegible: la puntuación de desempeño de la tienda (SPS) 3.2 es menor que el mínimo 3.5.',
    );
    // The program fact it rests on, whole (a badge squeezed by the text beside it read "P").
    const fact = result('not_eligible').getByTestId('fact-badge');
    expect(await fact.textContent()).toBe('P4');
    const label = fact.locator('.mantine-Badge-label');
    expect(await label.evaluate((l) => l.scrollWidth <= l.clientWidth)).toBe(true);
    await d.shot('compliance-eligibility-es-MX');

    const download = page.waitForEvent('download');
    await page.getByTestId('export-xlsx').click();
    const file = await download;
    // Named after the uploaded file, with the word for a check in the language on screen.
    expect(file.suggestedFilename()).toMatch(/-revisión\.xlsx$/);
    // An XLSX is a zip archive.
    expect(readFileSync(await file.path()).subarray(0, 4)).toEqual(Buffer.from('PK\x03\x04', 'latin1'));

    await page.getByTestId('language-switcher-en').click();
    await page.getByTestId('page-title').filter({ hasText: 'Compliance' }).waitFor();
  });
});
