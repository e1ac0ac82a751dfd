import { describe, expect, it } from 'vitest';
import {
  AgentCommands,
  AgentEvents,
  agentProblemMessages,
  CardReadEvent,
  PrinterProblemCode,
  PrinterReadiness,
  PrintResult,
  TicketPrintJob,
} from './agent-protocol.ts';

const job = {
  hallName: { zh: '测试大厅', en: 'Test Hall' },
  number: 'A001',
  serviceName: { zh: '业务1', en: 'Service 1' },
  peopleAhead: 0,
  estimatedWait: { zh: '无需等候', en: 'no wait' },
  waitingArea: { zh: '一楼', en: 'Floor 1' },
  issuedAt: '2026-11-28 10:00',
  qrPayload: 'hallq:ticket:2026-11-28:A001',
  notice: { zh: '请留意叫号', en: 'Listen for your number' },
};

describe('agent protocol schemas', () => {
  it('accept a print job and refuse unmasked names, non-ASCII QR payloads and extra fields', () => {
    expect(TicketPrintJob.safeParse(job).success).toBe(true);
    expect(TicketPrintJob.safeParse({ ...job, visitorName: '王*娜' }).success).toBe(true);
    expect(TicketPrintJob.safeParse({ ...job, visitorName: '王美娜' }).success).toBe(false);
    expect(TicketPrintJob.safeParse({ ...job, qrPayload: '号票' }).success).toBe(false);
    expect(TicketPrintJob.safeParse({ ...job, idNumber: '11010519491231002X' }).success).toBe(false);
    expect(AgentCommands['ticket:print'].request.safeParse({ jobId: 'short', ticket: job }).success).toBe(
      false,
    );
  });

  it('carry an identity only in the hub’s shape, or none', () => {
    const identity = {
      idNumber: '11010519491231002X',
      name: '王美娜',
      birthDate: '1949-12-31',
      cardType: 'resident',
    };
    expect(CardReadEvent.safeParse({ cardType: 'resident', maskedName: '王*娜', identity }).success).toBe(
      true,
    );
    expect(
      CardReadEvent.safeParse({ cardType: 'foreign-2017', maskedName: '史*斯', identity: null }).success,
    ).toBe(true);
    expect(
      CardReadEvent.safeParse({
        cardType: 'resident',
        maskedName: '王*娜',
        identity: { ...identity, idNumber: '123' },
      }).success,
    ).toBe(false);
    expect(CardReadEvent.safeParse({ cardType: 'resident', maskedName: '王*娜' }).success).toBe(false);
  });

  it('answer printer status and prints as discriminated unions', () => {
    expect(PrinterReadiness.parse({ ready: true, warnings: [] })).toEqual({ ready: true, warnings: [] });
    expect(
      PrinterReadiness.safeParse({ ready: false, code: 'PAPER_OUT', message: agentProblemMessages.PAPER_OUT })
        .success,
    ).toBe(true);
    expect(PrinterReadiness.safeParse({ ready: false, code: 'PAPER_OUT' }).success).toBe(false);
    expect(PrintResult.safeParse({ ok: true, warnings: [], replayed: false }).success).toBe(true);
    expect(
      PrintResult.safeParse({ ok: false, code: 'NOPE', message: agentProblemMessages.TIMEOUT }).success,
    ).toBe(false);
  });

  it('have a message in both languages for every problem code', () => {
    for (const code of PrinterProblemCode.options) {
      expect(agentProblemMessages[code].zh.length).toBeGreaterThan(0);
      expect(agentProblemMessages[code].en.length).toBeGreaterThan(0);
    }
  });

  it('name events noun:verb', () => {
    for (const name of [...Object.keys(AgentEvents), ...Object.keys(AgentCommands)]) {
      expect(name).toMatch(/^[a-z]+:[a-z-]+$/);
    }
  });
});
