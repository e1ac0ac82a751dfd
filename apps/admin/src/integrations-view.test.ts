import { describe, expect, it } from 'vitest';
import { consumerLabel, deliveryOutcome, lagWords, replayStartOf, toggled } from './integrations-view.ts';

describe('integrations page helpers', () => {
  it('toggles a scope and keeps the catalog order', () => {
    const order = ['a', 'b', 'c'] as const;
    expect(toggled([], 'b', order)).toEqual(['b']);
    expect(toggled(['c'], 'a', order)).toEqual(['a', 'c']);
    expect(toggled(['a', 'c'], 'a', order)).toEqual(['c']);
  });

  it('says how far behind a consumer is', () => {
    expect(lagWords({ behind: 0, seconds: 0 })).toEqual({ zh: '已同步', en: 'Up to date' });
    expect(lagWords({ behind: 3, seconds: 42 })).toEqual({ zh: '落后 3 条 · 42 秒', en: '3 behind · 42 s' });
    expect(lagWords({ behind: 1, seconds: 600 }).zh).toBe('落后 1 条 · 10 分钟');
    expect(lagWords({ behind: 9, seconds: 3 * 3600 + 120 }).en).toBe('9 behind · 3 h 2 min');
  });

  it('tells a taken delivery from a failed one', () => {
    expect(deliveryOutcome({ statusCode: 204, error: null })).toEqual({ ok: true, text: 'HTTP 204' });
    expect(deliveryOutcome({ statusCode: 503, error: null })).toEqual({ ok: false, text: 'HTTP 503' });
    expect(deliveryOutcome({ statusCode: 302, error: null }).ok).toBe(false);
    expect(deliveryOutcome({ statusCode: null, error: 'ECONNREFUSED' })).toEqual({
      ok: false,
      text: 'ECONNREFUSED',
    });
  });

  it('names a webhook consumer by its URL', () => {
    const subs = [{ id: 's1', url: 'http://x/hook' }];
    const lag = { cursor: 1, behind: 0, seconds: 0 };
    expect(consumerLabel({ consumer: 'webhook:s1', ...lag }, subs)).toBe('Webhook http://x/hook');
    expect(consumerLabel({ consumer: 'webhook:gone', ...lag }, subs)).toBe('webhook:gone');
    expect(consumerLabel({ consumer: 'sms', ...lag }, subs)).toBe('sms');
  });

  it('reads a replay start from an entry number or a webhook-id', () => {
    expect(replayStartOf(' 120 ')).toBe(120);
    expect(replayStartOf('0')).toBe(0);
    expect(replayStartOf('msg_hallq_57_ab12cd34ef56ab78')).toBe(56);
    expect(replayStartOf('msg_hallq_0_ab')).toBe(0);
    expect(replayStartOf('')).toBeNull();
    expect(replayStartOf('-4')).toBeNull();
    expect(replayStartOf('12abc')).toBeNull();
  });
});
