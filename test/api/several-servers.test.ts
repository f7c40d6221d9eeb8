import { describe, expect, it } from 'vitest';
import { ApiClient } from '../support/apiClient.ts';
import { seedSeller } from '../support/seller.ts';
import { startTestServer } from '../support/server.ts';

// Several server processes share one PostgreSQL database when a team outgrows one machine. Only
// PUENTE_TEST_SKIP=postgres leaves this file out (vitest.config.ts).
describe('two servers on one PostgreSQL database', () => {
  it('share logins and data, and a board event on one reaches a dashboard on the other', async () => {
    const a = await startTestServer({ engine: 'postgres' });
    const b = await startTestServer({ sameDatabaseAs: a });
    try {
      await seedSeller(a.store, { organizationId: a.organizationId });
      const onA = await ApiClient.loggedIn(a.url, a.owner.email, a.owner.password);
      const onB = await ApiClient.loggedIn(b.url, b.owner.email, b.owner.password);
      await onA.post('/api/v1/stock/receive', { sku: 'A', warehouse: 'TX', quantity: 5 });
      expect((await onB.get('/api/v1/stock?sku=A&warehouse=TX')).body.items[0].onHand).toBe(5);

      const controller = new AbortController();
      const stream = await fetch(`${b.url}/api/v1/events`, {
        headers: { cookie: (onB as unknown as { cookie: string }).cookie },
        signal: controller.signal,
      });
      const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
      await reader.read();
      await onA.post('/api/v1/orders', {
        storefront: 'TTS-MX',
        externalId: 'MX-FROM-A',
        paidAt: '2026-11-26T10:00:00-06:00',
        lines: [{ sku: 'A', quantity: 1, unitPriceMinor: 10_000 }],
      });
      let text = '';
      const decoder = new TextDecoder();
      while (!text.includes('event: board')) text += decoder.decode((await reader.read()).value);
      controller.abort();
      expect(text).toContain('"reason":"order"');
    } finally {
      await b.close();
      await a.close();
    }
  });
});
