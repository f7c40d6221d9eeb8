import { describe, expect, it } from 'vitest';
import { type MailReader, mailGroups, readerWants } from './emailAudience.ts';

const reader = (email: string, o: Partial<MailReader> = {}): MailReader => ({
  email,
  locale: null,
  email_alerts: null,
  kinds: null,
  min_severity: null,
  language: null,
  digest: null,
  ...o,
});
const oversell = { alert: { kind: 'oversell', severity: 'critical' } };
const lowStock = { alert: { kind: 'low_stock', severity: 'warning' } };

describe('who an e-mail goes to', () => {
  it('takes every alert and the digest for a user who never chose', () => {
    expect(readerWants(reader('a@x.mx'), oversell)).toBe(true);
    expect(readerWants(reader('a@x.mx'), { digest: true })).toBe(true);
  });

  it('honours a user’s kinds, least severity, no-alerts and digest choices', () => {
    const onlyOversell = reader('a@x.mx', { email_alerts: 1, kinds: 'oversell', digest: 0 });
    expect([readerWants(onlyOversell, oversell), readerWants(onlyOversell, lowStock)]).toEqual([true, false]);
    expect(readerWants(onlyOversell, { digest: true })).toBe(false);
    const criticalOnly = reader('b@x.mx', {
      email_alerts: 1,
      kinds: '',
      min_severity: 'critical',
      digest: 1,
    });
    expect([readerWants(criticalOnly, oversell), readerWants(criticalOnly, lowStock)]).toEqual([true, false]);
    const none = reader('c@x.mx', { email_alerts: 0, kinds: '', digest: 1 });
    expect([readerWants(none, oversell), readerWants(none, { digest: true })]).toEqual([false, true]);
  });

  it('writes one e-mail per language: chosen language, else the account’s, else the channel’s', () => {
    const groups = mailGroups(
      { language: 'en', addresses: ['ops@x.mx', 'Li@x.cn'] },
      [
        reader('li@x.cn', { locale: 'zh-CN' }),
        reader('ana@x.mx', { locale: 'en', language: 'es-MX' }),
        reader('wei@x.cn', { locale: 'zh-CN' }),
        reader('no@x.mx', { email_alerts: 0, kinds: '', digest: 1 }),
      ],
      oversell,
    );
    expect(groups).toEqual([
      { language: 'en', recipients: ['ops@x.mx', 'Li@x.cn'] },
      { language: 'es-MX', recipients: ['ana@x.mx'] },
      { language: 'zh-CN', recipients: ['wei@x.cn'] },
    ]);
  });
});
