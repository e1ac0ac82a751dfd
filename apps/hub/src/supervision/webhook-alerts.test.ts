import { describe, expect, it } from 'vitest';
import { webhookAlerts } from './webhook-alerts.ts';

const sub = (status: 'active' | 'failing', failingSince: number | null, failures: number) => ({
  id: `s-${status}`,
  url: 'https://approval.example.gov/hooks',
  status,
  failingSince,
  failures,
});

describe('webhookAlerts', () => {
  it('raises one alert per failing subscription, since it began failing', () => {
    expect(webhookAlerts([sub('failing', 1_000, 42)])).toEqual([
      expect.objectContaining({ key: 'webhook-failing:s-failing', rule: 'webhook-failing', since: 1_000 }),
    ]);
  });

  it('raises none for a subscription that is retrying but not yet failing, or up to date', () => {
    expect(webhookAlerts([sub('active', 5_000, 3), sub('active', null, 0)])).toEqual([]);
  });
});
