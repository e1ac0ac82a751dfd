import { sequenceOfTicketNumber } from '@hallq/core';
import type { CentralAck, CentralHallTail, HallConfig } from '@hallq/protocol';
import type { HighWaterMark } from '../db/high-water-mark.ts';
import type { HallService } from '../hall-service.ts';

/**
 * What an acknowledgement says of the hub's log: the centre's chain is the hub's, or differs (a loss, recorded
 * now or before), or differs and the acknowledgement carries no tail to act on.
 */
export type CentreVerdict = 'agrees' | 'differs' | 'needs-tail';

/**
 * The centre's tail as a high-water mark, in the hub's terms: each service's last sequence read out of the
 * numbers the centre holds with the service's prefix (the larger where it sent two), the hall's business day
 * (the hub's own when the centre has seen neither a day change nor a ticket).
 */
export function markOfCentre(
  ack: CentralAck,
  tail: CentralHallTail,
  hall: HallConfig,
  hubBusinessDay: string,
): HighWaterMark {
  const lastSequence: Record<string, number> = {};
  for (const { serviceId, number } of tail.lastNumbers) {
    const service = hall.services.find((s) => s.id === serviceId);
    // A service the hall no longer has issues nothing more; there is no numbering of it to protect.
    const sequence = service ? sequenceOfTicketNumber(service, number) : null;
    if (sequence !== null) lastSequence[serviceId] = Math.max(lastSequence[serviceId] ?? 0, sequence);
  }
  return {
    eventId: ack.storedThrough,
    hash: ack.lastHash,
    hallSeq: tail.hallSeq,
    businessDay: tail.businessDay ?? hubBusinessDay,
    lastSequence,
  };
}

/**
 * The city centre as a witness of the hall's log (issue 18): the centre holds the chain the hub pushed, so a hub
 * whose storage lost acknowledged commits (or whose whole data folder came back from an old backup, mark file
 * and all) finds it out from the centre's answer. An acknowledgement naming an entry the hub holds, with the same
 * hash, agrees. Otherwise the loss is recorded by the hall service exactly as the mark file's at start, from the
 * tail the centre sends with its answer to a hello; an acknowledgement without one asks for a hello.
 */
export function createCentreWitness(deps: {
  hall: Pick<HallService, 'holdsEntry' | 'witnessLoss' | 'hall' | 'state'>;
  /** Told when a loss was recorded (supervision looks again). */
  onLoss: () => void;
}) {
  return (ack: CentralAck): CentreVerdict => {
    if (ack.storedThrough === 0 || deps.hall.holdsEntry(ack.storedThrough, ack.lastHash)) return 'agrees';
    if (!ack.tail) return 'needs-tail';
    const mark = markOfCentre(ack, ack.tail, deps.hall.hall(), deps.hall.state().businessDay);
    if (deps.hall.witnessLoss('city centre', mark)) deps.onLoss();
    return 'differs';
  };
}
