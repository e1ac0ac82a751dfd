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
