import { describe, expect, it } from 'vitest';
import { connectionBudget, detectDescriptorLimit, parseOpenFilesLimit } from './descriptor-limit.ts';
import { messageCost, packetHead, payloadLimitOf, refusalFrame } from './message-cost.ts';

const LIMITS = { anonymous: 4096, device: 16_384, person: 16_384, admin: 1_048_576 };

describe('reading a frame before it is parsed', () => {
  it('reads type, namespace, ack id and event name from the head of a packet', () => {
    expect(packetHead('212["ticket:issue",{"requestId":"x"}]')).toEqual({
      type: 2,
      attachments: 0,
      nsp: '',
      ackId: '12',
      event: 'ticket:issue',
    });
    expect(packetHead('51-/admin,7["hall:configure",{"_placeholder":true,"num":0}]')).toMatchObject({
      type: 5,
      attachments: 1,
      nsp: '/admin',
      ackId: '7',
      event: 'hall:configure',
    });
    expect(packetHead('0{"protocolVersion":1}')).toMatchObject({ type: 0, event: null });
    expect(packetHead('2["a\\"b"]')?.event).toBe('a"b');
    expect(packetHead('2[42]')?.event).toBeNull();
    expect(packetHead('x')).toBeNull();
    // Only the first few hundred characters are looked at, whatever the frame's size.
    expect(packetHead(`2["${'e'.repeat(1_000_000)}"]`)?.event).toBeNull();
  });

  it('swaps a refused frame for a small one that keeps its ack id and namespace', () => {
    const head = packetHead(`34["hall:configure",{"hall":"${'x'.repeat(10_000)}"}]`.replace(/^3/, '2'));
    const frame = refusalFrame(head!, 'admission:refused:n', {
      code: 'PAYLOAD_TOO_LARGE',
      event: 'hall:configure',
      chars: 10_040,
    });
    expect(frame).toBe(
      '24["admission:refused:n",{"code":"PAYLOAD_TOO_LARGE","event":"hall:configure","chars":10040}]',
    );
  });

  it('gives each kind of sender its limit, and counts bytes and validation work in the cost', () => {
    expect(payloadLimitOf(null, LIMITS)).toBe(4096);
    expect(payloadLimitOf('kiosk', LIMITS)).toBe(16_384);
    expect(payloadLimitOf('clerk', LIMITS)).toBe(16_384);
    expect(payloadLimitOf('admin', LIMITS)).toBe(1_048_576);
    expect(messageCost.arrival(200)).toBe(1);
    expect(messageCost.arrival(15 * 1024)).toBe(16);
    expect(messageCost.validation(0.2, 0)).toBe(0);
    expect(messageCost.validation(0.2, 3)).toBe(3);
    expect(messageCost.validation(4.9, 0)).toBe(0);
    expect(messageCost.validation(40.5, 100)).toBe(135);
  });
});

describe('the descriptor limit', () => {
  const limits = (soft: string, hard: string) =>
    `Limit                     Soft Limit           Hard Limit           Units\nMax open files            ${soft}                 ${hard}                 files\n`;

  it('reads the limit, and raises the soft limit to the hard one where it can', () => {
    expect(parseOpenFilesLimit(limits('1024', '524288'))).toEqual({ soft: 1024, hard: 524288 });
    expect(parseOpenFilesLimit(limits('unlimited', 'unlimited'))?.soft).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseOpenFilesLimit('nothing here')).toBeNull();
    let current = limits('1024', '4096');
    const raisedTo: number[] = [];
    const raised = detectDescriptorLimit(
      () => current,
      (to) => {
        raisedTo.push(to);
        current = limits(String(to), '4096');
      },
    );
    expect(raisedTo).toEqual([4096]);
    expect(raised).toEqual({ soft: 4096, hard: 4096, raisedFrom: 1024 });
    // Where raising fails (no prlimit, not allowed), the limit is reported as it is.
    const kept = detectDescriptorLimit(
      () => limits('1024', '1024'),
      () => {
        throw new Error('not called');
      },
    );
    expect(kept).toEqual({ soft: 1024, hard: 1024, raisedFrom: null });
    expect(
      detectDescriptorLimit(
        () => limits('512', '1024'),
        () => {
          throw new Error('prlimit: not permitted');
        },
      ),
    ).toEqual({ soft: 512, hard: 1024, raisedFrom: null });
    expect(
      detectDescriptorLimit(() => {
        throw new Error('no /proc');
      }),
    ).toBeNull();
  });

  it('keeps descriptors for files and for devices, and gives anonymous connections what is left', () => {
    const caps = { anonymous: 128, handshakes: 128, reserved: 256 };
    expect(connectionBudget({ soft: 1024, hard: 1024, raisedFrom: null }, caps)).toEqual({
      connections: 960,
      anonymous: 128,
      handshakes: 128,
      reserved: 704,
    });
    // A tiny limit shrinks the anonymous share, never the reserve below half.
    expect(connectionBudget({ soft: 256, hard: 256, raisedFrom: null }, caps)).toEqual({
      connections: 192,
      anonymous: 48,
      handshakes: 48,
      reserved: 96,
    });
    expect(connectionBudget(null, caps).connections).toBe(Number.POSITIVE_INFINITY);
  });
});
