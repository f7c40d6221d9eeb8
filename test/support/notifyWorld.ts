import type { NotifyContext } from '../../src/services/notifyWorker.ts';
import { placeOrder } from '../../src/services/orderIntake.ts';
import type { SecretBox } from '../../src/services/security/secrets.ts';
import type { Store } from '../../src/store/openDatabase.ts';

/**
 * What the notification suites (notifications.test.ts, notifyPrefs.test.ts) share: the worker's
 * context with mail through a loopback SMTP server, and the order that raises an oversell alert.
 */
export function workerContext(secrets: SecretBox, smtpUrl: string): NotifyContext {
  return {
    secrets,
    publicUrl: 'https://puente.example.test',
    mail: { smtpUrl, from: 'Puente <alerts@puente.example.test>' },
    holder: 'server-1',
    timeoutMs: 5_000,
  };
}

/** An order on TTS-MX for one unit of a SKU no warehouse has: it waits for stock, and the SKU is oversold [P11]. */
export function oversellOrder(store: Store, organizationId: string, externalId: string, sku = 'A') {
  return placeOrder(
    store,
    organizationId,
    {
      storefront: 'TTS-MX',
      externalId,
      paidAt: new Date().toISOString(),
      lines: [{ sku, quantity: 1, unitPriceMinor: 10_000 }],
    },
    'test',
  );
}
