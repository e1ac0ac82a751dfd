import type { Service } from './hall.ts';

/** A001: the service prefix and the day's sequence, zero-padded to the service's number width. */
export function formatTicketNumber(
  service: Pick<Service, 'prefix' | 'numberWidth'>,
  sequence: number,
): string {
  return `${service.prefix}${String(sequence).padStart(service.numberWidth, '0')}`;
}

export function ticketIdOf(businessDay: string, ticketNumber: string): string {
  return `${businessDay}/${ticketNumber}`;
}

/** The highest sequence a service can issue in a day: its daily limit, or what its number width can show. */
export function maxSequence(service: Pick<Service, 'numberWidth' | 'dailyLimit'>): number {
  const widthLimit = 10 ** service.numberWidth - 1;
  return service.dailyLimit === null ? widthLimit : Math.min(service.dailyLimit, widthLimit);
}

/**
 * The day's sequence a printed number shows (formatTicketNumber read back), or null when it shows none. A number
 * printed under an earlier prefix of the service (changed during the day) is read by its last `numberWidth`
 * digits: never more than the width can show, so a digit at the end of the old prefix is not taken for part of
 * the sequence.
 */
export function sequenceOfTicketNumber(
  service: Pick<Service, 'prefix' | 'numberWidth'>,
  number: string,
): number | null {
  const rest = number.startsWith(service.prefix) ? number.slice(service.prefix.length) : null;
  if (rest !== null && /^\d+$/.test(rest)) return Number(rest);
  const digits = /\d+$/.exec(number)?.[0];
  return digits === undefined ? null : Number(digits.slice(-service.numberWidth));
}
