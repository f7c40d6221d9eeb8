import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api';
import { errorText } from './ErrorNotice';

/** i18next as the page has it: a key it holds is translated, one it lacks comes back as itself. */
const words: Record<string, string> = {
  'errors.VALIDATION_FAILED': '部分字段无效。',
  'errors.reason.no_order': '没有订单 {{order}}',
};
const t = ((key: string, params?: Record<string, unknown>) =>
  (words[key] ?? key).replace(/\{\{(\w+)\}\}/g, (_, name) => String(params?.[name]))) as unknown as TFunction;

describe('an API refusal in the dashboard', () => {
  it('is worded by the dashboard when it knows the reason', () => {
    const err = new ApiError(404, 'NOT_FOUND', 'no order X', { reason: 'no_order', params: { order: 'X' } });
    expect(errorText(t, err)).toBe('没有订单 X');
  });

  it("is the server's own wording, in the page's language, for a reason the dashboard has no words for", () => {
    const err = new ApiError(400, 'VALIDATION_FAILED', '没有项目规则 x-2027', {
      reason: 'no_policy',
      params: { policy: 'x-2027' },
    });
    expect(errorText(t, err)).toBe('没有项目规则 x-2027');
  });

  it('falls back to the words for its code when there is no reason', () => {
    expect(errorText(t, new ApiError(400, 'VALIDATION_FAILED', 'quantity: not 0', null))).toBe(
      '部分字段无效。',
    );
  });
});
