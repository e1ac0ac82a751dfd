import { describe, expect, it } from 'vitest';
import { formatTicketNumber, maxSequence, sequenceOfTicketNumber, ticketIdOf } from './ticket-number.ts';

describe('formatTicketNumber', () => {
  it('pads the sequence to the number width after the prefix', () => {
    expect(formatTicketNumber({ prefix: 'A', numberWidth: 3 }, 1)).toBe('A001');
    expect(formatTicketNumber({ prefix: 'A', numberWidth: 3 }, 42)).toBe('A042');
    expect(formatTicketNumber({ prefix: 'A', numberWidth: 3 }, 999)).toBe('A999');
    expect(formatTicketNumber({ prefix: 'GJ', numberWidth: 4 }, 7)).toBe('GJ0007');
    expect(formatTicketNumber({ prefix: 'B', numberWidth: 1 }, 9)).toBe('B9');
  });
});

describe('ticketIdOf', () => {
  it('joins the business day and the number', () => {
    expect(ticketIdOf('2026-11-28', 'A001')).toBe('2026-11-28/A001');
  });
});

describe('maxSequence', () => {
  it('is what the width can show when there is no daily limit', () => {
    expect(maxSequence({ numberWidth: 3, dailyLimit: null })).toBe(999);
    expect(maxSequence({ numberWidth: 1, dailyLimit: null })).toBe(9);
  });

  it('is the smaller of the daily limit and the width', () => {
    expect(maxSequence({ numberWidth: 3, dailyLimit: 200 })).toBe(200);
    expect(maxSequence({ numberWidth: 2, dailyLimit: 200 })).toBe(99);
    expect(maxSequence({ numberWidth: 3, dailyLimit: 0 })).toBe(0);
  });
});

describe('sequenceOfTicketNumber', () => {
  it('reads back what formatTicketNumber printed', () => {
    for (const service of [
      { prefix: 'A', numberWidth: 3 },
      { prefix: 'GJ', numberWidth: 4 },
      { prefix: 'B2', numberWidth: 3 },
    ]) {
      for (const n of [1, 42, 999]) {
        expect(sequenceOfTicketNumber(service, formatTicketNumber(service, n))).toBe(n);
      }
    }
  });

  it('reads a number printed under an earlier prefix by its last width digits, and none without digits', () => {
    expect(sequenceOfTicketNumber({ prefix: 'C', numberWidth: 3 }, 'A042')).toBe(42);
    // The old prefix ended in a digit: not part of the sequence.
    expect(sequenceOfTicketNumber({ prefix: 'C', numberWidth: 3 }, 'B2017')).toBe(17);
    expect(sequenceOfTicketNumber({ prefix: 'C', numberWidth: 3 }, 'VIP')).toBeNull();
  });
});
