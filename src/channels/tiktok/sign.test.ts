import { describe, expect, it } from 'vitest';
import { signRequest, verifyWebhookSignature, webhookSignature } from './sign.ts';

/** The test vectors of the reference (tiktok-shop-api.md §2, §7): inputs and expected digests only. */
describe('request signing', () => {
  it('A (official docs): GET /authorization/202309/shops', () => {
    expect(
      signRequest({
        appSecret: 'e59af819cc',
        path: '/authorization/202309/shops',
        query: { app_key: '29a39d', timestamp: '1623812664' },
      }),
    ).toBe('b596b73e0cc6de07ac26f036364178ab16b0a907af13d43f0a0cd2345f582dc8');
  });

  const shopQuery = {
    timestamp: '1696909648',
    shop_cipher: 'ROW_xkMbgAAAeVAQra0eZWebFQq5aIK',
    app_key: '68xu9ks5p4i8',
  };

  it('B (SKIT): a shop-scoped GET, keys sorted whatever order they were given in', () => {
    expect(signRequest({ appSecret: 'e59af819cc', path: '/event/202309/webhooks', query: shopQuery })).toBe(
      'ed58e1b5e59865c22a7b828c1cab65007441f43cc91a6cb2f2cdc638e0995a37',
    );
  });

  it('C (SKIT): a PUT signs its raw body after the parameters', () => {
    expect(
      signRequest({
        appSecret: 'e59af819cc',
        path: '/event/202309/webhooks',
        query: shopQuery,
        body: '{"event_type":"PACKAGE_UPDATE","address":"https://partner.tiktokshop.com"}',
      }),
    ).toBe('701dd6deb2389fe4c469b89bd37fc56f96a6da6afeb4d01c9077a65169752fa7');
  });

  it('D (ECOM): GET /test-api', () => {
    expect(signRequest({ appSecret: 'app_secret', path: '/test-api', query: { foo: 'bar' } })).toBe(
      'd3cb7fe11ecae942802ceeca67e7cf10120cc12f1517d45fbc1c8cfe5413c80f',
    );
  });

  it('leaves sign, access_token and empty values out, so adding them changes nothing', () => {
    const plain = signRequest({ appSecret: 'e59af819cc', path: '/event/202309/webhooks', query: shopQuery });
    expect(
      signRequest({
        appSecret: 'e59af819cc',
        path: '/event/202309/webhooks',
        query: { ...shopQuery, sign: 'x', access_token: 'y', page_token: '' },
      }),
    ).toBe(plain);
  });

  it('signs a page token with + / = as it is, decoded', () => {
    const a = signRequest({ appSecret: 's', path: '/p', query: { page_token: 'a+b/c==' } });
    const b = signRequest({ appSecret: 's', path: '/p', query: { page_token: 'a%2Bb%2Fc%3D%3D' } });
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('webhook signature', () => {
  const body =
    '{"type":1,"tts_notification_id":"7380066284010030890","shop_id":"7495540735365777507","timestamp":1718305585,"data":{"is_on_hold_order":true,"order_id":"576653688135258178","order_status":"UNPAID","update_time":1718305585}}';
  const official = '5dec0f11ec2f6783b8deee53c9ffbf8d024302f7c7e7fa55a35d17629031ac05';

  it('matches the official vector', () => {
    expect(webhookSignature({ appKey: 'abcdef', appSecret: '123', rawBody: body })).toBe(official);
    expect(
      verifyWebhookSignature({
        appKey: 'abcdef',
        appSecret: '123',
        rawBody: Buffer.from(body),
        authorization: official,
      }),
    ).toBe(true);
  });

  it('refuses a missing, altered or "Bearer" signature, and a body changed by one byte', () => {
    const check = (authorization: string | undefined, raw = body) =>
      verifyWebhookSignature({ appKey: 'abcdef', appSecret: '123', rawBody: raw, authorization });
    expect(check(undefined)).toBe(false);
    expect(check(`Bearer ${official}`)).toBe(false);
    expect(check(official.toUpperCase())).toBe(false);
    expect(check(official, body.replace('UNPAID', 'CANCEL'))).toBe(false);
    expect(check(official, `${body} `)).toBe(false);
  });
});
