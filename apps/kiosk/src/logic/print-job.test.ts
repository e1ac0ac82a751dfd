import type { IssuedTicket } from '@hallq/protocol';
import { describe, expect, it } from 'vitest';
import { TicketPrintJob } from '../agent-protocol.ts';
import { hallDateTime, printJobOf, splitHubMessage, ticketPageOf, ticketQrOf } from './print-job.ts';

const PAGE = 'https://hall.example/t/AbCdEfGhIjKlMnOpQrStUvWx';

/** A print permit as the hub makes it (its signature is the agent's to check, not the page's). */
const permitNaming = (qr: string): string =>
  `${Buffer.from(
    JSON.stringify({ v: 1, ticketId: '2026-11-28:A007', number: 'A007', qr, issuedAt: 0, expiresAt: 1 }),
  ).toString('base64url')}.c2lnbmF0dXJl`;

const issued = (
  visitorName: string | null,
  peopleAhead = 3,
  estimatedWaitMs = 14 * 60_000 + 1,
  printPermit = permitNaming(PAGE),
): IssuedTicket =>
  ({
    ticket: { id: '2026-11-28:A007', number: 'A007', issuedAt: Date.UTC(2026, 10, 28, 1, 15), visitorName },
    peopleAhead,
    estimatedWaitMs,
    serviceName: { zh: '不动产登记', en: 'Real estate' },
    waitingArea: { zh: '二楼B区', en: 'Floor 2, Zone B' },
    hallName: { zh: '某市政务服务中心', en: 'City Service Center' },
    replayed: false,
    printPermit,
  }) as unknown as IssuedTicket;

describe('printJobOf', () => {
  it('carries the slot of an appointment ticket (预约) for the paper, and none for a walk-in', () => {
    const walkIn = issued('王*娜');
    const booked = {
      ...walkIn,
      ticket: {
        ...walkIn.ticket,
        appointment: {
          code: 'K7M2PX9Q',
          day: '2026-11-30',
          slotStart: '09:00',
          slotEnd: '09:30',
          late: false,
        },
      },
    } as IssuedTicket;
    const job = printJobOf(booked, 'Asia/Shanghai');
    expect(TicketPrintJob.parse(job).appointmentSlot).toBe('09:00–09:30');
    expect(printJobOf(walkIn, 'Asia/Shanghai').appointmentSlot).toBeUndefined();
  });

  it('builds a valid job in the hall’s time, with the wait as the screen words it', () => {
    const job = printJobOf(issued('王*娜'), 'Asia/Shanghai');
    expect(TicketPrintJob.parse(job)).toEqual(job);
    expect(job).toMatchObject({
      number: 'A007',
      issuedAt: '2026-11-28 09:15',
      estimatedWait: { zh: '约 10–15 分钟', en: 'about 10–15 min' },
      peopleAhead: 3,
      visitorName: '王*娜',
      qrPayload: PAGE,
    });
  });
  it('prints the QR content the hub’s permit names (the ticket page), and shows it when a phone can open it', () => {
    expect(ticketPageOf(issued(null))).toBe(PAGE);
    const withoutPage = issued(null, 3, 0, permitNaming('hallq:ticket:2026-11-28:A007'));
    expect(printJobOf(withoutPage, 'Asia/Shanghai').qrPayload).toBe('hallq:ticket:2026-11-28:A007');
    expect(ticketPageOf(withoutPage)).toBeNull();
    // A permit the page cannot read: the hub's default content (and the agent, checking, will refuse to print).
    expect(ticketQrOf(issued(null, 3, 0, 'not.a-permit'))).toBe('hallq:ticket:2026-11-28:A007');
  });
  it('never prints "no wait" with someone ahead, even when the estimate is 0', () => {
    expect(printJobOf(issued(null, 1, 0), 'Asia/Shanghai').estimatedWait).toEqual({
      zh: '5 分钟以内',
      en: 'under 5 min',
    });
    expect(printJobOf(issued(null, 0, 0), 'Asia/Shanghai').estimatedWait).toEqual({
      zh: '无需等候',
      en: 'no wait',
    });
  });
  it('prints the estimator’s 20th–80th percentile range when the hub sent one, as the screen shows it', () => {
    const withRange = {
      ...issued(null, 3),
      estimatedWaitRange: { lowMs: 9 * 60_000, highMs: 22 * 60_000 },
    } as IssuedTicket;
    expect(printJobOf(withRange, 'Asia/Shanghai').estimatedWait).toEqual({
      zh: '约 5–25 分钟',
      en: 'about 5–25 min',
    });
  });
  it('never puts an unmasked or too short name on paper', () => {
    expect(printJobOf(issued('王美娜'), 'Asia/Shanghai').visitorName).toBeUndefined();
    expect(printJobOf(issued('*'), 'Asia/Shanghai').visitorName).toBeUndefined();
    expect(printJobOf(issued(null), 'Asia/Shanghai')).not.toHaveProperty('visitorName');
  });
});

describe('helpers', () => {
  it('formats in the hall zone', () => {
    expect(hallDateTime(Date.UTC(2026, 10, 28, 16, 5), 'Asia/Shanghai')).toBe('2026-11-29 00:05');
  });
  it('splits the hub’s bilingual messages', () => {
    expect(splitHubMessage('您已有业务1的号，请等候呼叫 · You already hold a ticket for Service 1')).toEqual({
      zh: '您已有业务1的号，请等候呼叫',
      en: 'You already hold a ticket for Service 1',
    });
    expect(splitHubMessage('timeout')).toEqual({ zh: 'timeout', en: 'timeout' });
  });
});
