/**
 * Printer faults through the kiosk as it runs: the visitor flow, the device agent, the hub, and the ESC/POS
 * printer simulator. Paper out, cover open and offline are found before a number is taken, so no ticket is
 * issued that nobody can print; a connection dropped in the middle of a ticket leaves the number on the screen
 * (the visitor knows it), and "retry" prints the same ticket, never a second one.
 */

import type { SimulatedPrinterState } from '@hallq/devices/testing';
import { residentCard } from '@hallq/devices/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type KioskRig, startKioskRig } from './support/kiosk-rig.ts';

let rig: KioskRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

const ticketsInHub = (r: KioskRig) => r.hub.hall.state().tickets.size;

describe('printer faults at the kiosk', () => {
  const refusals: [SimulatedPrinterState, string][] = [
    ['paper-out', 'PAPER_OUT'],
    ['cover-open', 'COVER_OPEN'],
    ['offline', 'OFFLINE'],
  ];
  for (const [printerState, code] of refusals) {
    it(`${printerState}: detected before issuing — no ticket taken, the screen says why, retry works once fixed`, async () => {
      rig = await startKioskRig();
      rig.printer.state = printerState;
      const state = await rig.visit('svc-1');
      expect(state).toMatchObject({ screen: 'refused', source: 'printer', code });
      expect(ticketsInHub(rig)).toBe(0);
      expect(rig.printer.dataBytesReceived).toBe(0);
      // Staff fix the printer; the visitor's retry takes the number and prints it.
      rig.printer.state = 'ok';
      const printed = rig.printer.nextTicket();
      const after = await rig.retry();
      expect(after).toMatchObject({ screen: 'printed', issued: { ticket: { number: 'A001' } } });
      expect((await printed).text).toContain('A001');
      expect(ticketsInHub(rig)).toBe(1);
    });
  }

  it('the connection drops mid-ticket: the number stays on screen, retry prints the same ticket once', async () => {
    rig = await startKioskRig();
    rig.printer.dropConnectionMidTicket({ afterBytes: 40 });
    const dropped = rig.printer.nextDrop();
    const state = await rig.visit('svc-1');
    await dropped;
    expect(state.screen).toBe('print-failed');
    if (state.screen !== 'print-failed') throw new Error('unreachable');
    // The visitor has their number on the screen even without paper.
    expect(state.issued.ticket.number).toBe('A001');
    expect(['DISCONNECTED', 'TIMEOUT', 'PRINTER_ERROR']).toContain(state.problem.code);
    expect(rig.printer.tickets).toHaveLength(0);
    expect(ticketsInHub(rig)).toBe(1);

    const printed = rig.printer.nextTicket();
    const after = await rig.retry();
    expect(after).toMatchObject({ screen: 'printed', issued: { ticket: { number: 'A001' } } });
    expect((await printed).text).toContain('A001');
    // One ticket in the hub, one whole ticket on paper.
    expect(ticketsInHub(rig)).toBe(1);
    expect(rig.printer.tickets).toHaveLength(1);
  });

  it('paper runs out between the check and the print: the number is on screen, retry prints it, issued once', async () => {
    rig = await startKioskRig();
    const card = residentCard();
    const printer = rig.printer;
    rig.beforeEffect = (effect) => {
      if (effect.type === 'print-ticket' && printer.tickets.length === 0) printer.state = 'paper-out';
    };
    const state = await rig.visit('svc-1', {
      idNumber: card.idNumber,
      name: card.name,
      birthDate: card.birthDate,
      cardType: 'resident',
    });
    expect(state).toMatchObject({
      screen: 'print-failed',
      issued: { ticket: { number: 'A001' } },
      problem: { code: 'PAPER_OUT' },
    });
    rig.beforeEffect = null;
    printer.state = 'ok';
    const printed = printer.nextTicket();
    expect(await rig.retry()).toMatchObject({ screen: 'printed', issued: { ticket: { number: 'A001' } } });
    expect((await printed).text).toContain('A001');
    expect(ticketsInHub(rig)).toBe(1);
  });
});
