/** The demo hall takes appointments for two services (社保业务, whose 退休审批 asks visitors to book, and 不动产登记). */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readHallFile } from '../seed.ts';
import { testVisitor } from '../testing/appointment-hall.ts';
import { startTestHub, TEST_PASSWORD, type TestHub } from '../testing/test-hub.ts';

let hub: TestHub | null = null;
afterEach(async () => {
  await hub?.close();
  hub = null;
});

describe('the demo hall', () => {
  it('books 社保业务 and 不动产登记, with places per window serving each', async () => {
    const hall = readHallFile(join(import.meta.dirname, '../../halls/demo-hall.json'));
    expect(hall.services.filter((s) => s.appointments).map((s) => s.id)).toEqual([
      'social-security',
      'real-estate',
    ]);
    hub = await startTestHub({ hall });
    await hub.addUser('desk', 'supervisor');
    const desk = await hub.connect();
    await desk.call('session:login', { username: 'desk', password: TEST_PASSWORD, windowId: null });
    const social = await desk.call('appointment:slots', { serviceId: 'social-security', day: '2026-11-30' });
    // Three windows serve 社保业务, one place each; three serve 不动产登记, two places each.
    expect(social.ok && social.data.slots.map((s) => s.capacity)).toEqual(Array(13).fill(3));
    const estate = await desk.call('appointment:slots', { serviceId: 'real-estate', day: '2026-11-30' });
    expect(estate.ok && estate.data.slots[0]).toMatchObject({ capacity: 6, bookable: true });
    const booked = await desk.call('appointment:book', {
      serviceId: 'social-security',
      day: '2026-11-30',
      slotStart: '09:00',
      visitor: testVisitor(1),
    });
    expect(booked.ok && booked.data.appointment.serviceName.zh).toBe('社保业务');
  });
});
