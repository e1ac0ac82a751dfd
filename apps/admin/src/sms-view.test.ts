import { describe, expect, it } from 'vitest';
import { smsSummary } from './sms-view.ts';

const counts = { queued: 2, sending: 1, sent: 10, delivered: 5, failed: 1, skipped: 3 };

describe('the SMS page summary', () => {
  it('counts sent and delivered together, and warns about failures', () => {
    const summary = smsSummary({ failures: [], counts, sender: { kind: 'http', configured: true } });
    expect(summary.zh).toBe('已发送 15（已送达 5）· 待发 3 · 失败 1 · 超出每日上限 3');
    expect(summary.tone).toBe('warn');
  });

  it('says when the hall picks a sender this hub does not have', () => {
    const summary = smsSummary({
      failures: [],
      counts: { ...counts, failed: 0 },
      sender: { kind: 'smpp', configured: false },
    });
    expect(summary.en).toMatch(/sender \(smpp\) is not set up/);
  });
});
