import type { CentralLogEntry } from '@hallq/protocol';
import { describe, expect, it } from 'vitest';
import { lastHallConfigured } from './hall-services.ts';

const HASH = '0'.repeat(64);
const entry = (id: number, type: string, payload: unknown): CentralLogEntry => ({
  id,
  hallSeq: id,
  at: 1_000 * id,
  type,
  actorKind: 'system',
  actorId: null,
  deviceId: null,
  payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  prevHash: HASH,
  hash: HASH,
});
const service = (id: string, slaWaitMinutes: unknown, more: Record<string, unknown> = {}) => ({
  id,
  name: { zh: `业务${id}`, en: `Service ${id}` },
  slaWaitMinutes,
  slaServiceMinutes: 20,
  ...more,
});

describe("a batch's hall configuration, for the centre", () => {
  it('is the last hall:configured of the batch, its readable services only', () => {
    const configured = lastHallConfigured([
      entry(1, 'hall:configured', { hall: { services: [service('a', 10)] } }),
      entry(2, 'ticket:issued', { ticket: {} }),
      entry(3, 'hall:configured', {
        hall: {
          services: [
            service('a', 15, { itemCode: '11330106MB1002222M3100017000000' }),
            // A service from a hub of another version, without a usable limit: left out, the others kept.
            service('b', 'soon'),
            { id: 'c' },
          ],
        },
      }),
      entry(4, 'ticket:issued', { ticket: {} }),
    ]);
    expect(configured).toEqual({
      entryId: 3,
      services: [
        {
          serviceId: 'a',
          nameZh: '业务a',
          nameEn: 'Service a',
          itemCode: '11330106MB1002222M3100017000000',
          slaWaitMinutes: 15,
          slaServiceMinutes: 20,
        },
      ],
    });
  });

  it('is none when the batch configures nothing, or only in entries that do not parse', () => {
    expect(lastHallConfigured([entry(1, 'ticket:issued', {})])).toBeNull();
    expect(
      lastHallConfigured([entry(1, 'hall:configured', '{not json'), entry(2, 'hall:configured', [])]),
    ).toBeNull();
    // An unreadable later entry does not hide a readable earlier one.
    expect(
      lastHallConfigured([
        entry(1, 'hall:configured', { hall: { services: [service('a', 10)] } }),
        entry(2, 'hall:configured', '{not json'),
      ])?.entryId,
    ).toBe(1);
  });
});
