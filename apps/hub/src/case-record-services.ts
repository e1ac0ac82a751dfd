import { createCaseDesk } from './case-numbers.ts';
import type { HubDatabase } from './db/open-database.ts';
import { createFollowUpDesk } from './follow-ups/follow-up-desk.ts';
import type { HallService } from './hall-service.ts';
import type { IdentityVault } from './privacy/identity-vault.ts';
import { createRatingRecords } from './rating-records.ts';
import type { Accounts } from './store/accounts.ts';
import { followUpAlerts } from './supervision/follow-up-alerts.ts';

/**
 * The hall's hand-off to the outside as plain services, for the socket commands, hallctl and the open API:
 * - `attachCaseNumber(ticketId, caseNumber, actor, attacher?)`: the 办件编号 on a ticket;
 * - `ratingRecords.between(from, to)` / `ratingRecords.exportRecords({ from, to, format }, actor)`: 好差评 records;
 * - `followUps.list(status)` / `followUps.get(id)` / `followUps.update(input, actor)`: 差评 follow-ups (整改);
 * - `overdueFollowUpAlerts(now)`: the supervision rule's conditions.
 */
export function createCaseRecordServices(deps: {
  db: HubDatabase;
  hall: HallService;
  accounts: Accounts;
  vault: IdentityVault;
  clock: () => number;
}) {
  const cases = createCaseDesk({ hall: deps.hall });
  const ratingRecords = createRatingRecords(deps);
  const followUps = createFollowUpDesk(deps);
  return {
    attachCaseNumber: cases.attachCaseNumber,
    ratingRecords,
    followUps,
    overdueFollowUpAlerts: (now: number) => followUpAlerts(followUps.unresolved(), now),
  };
}

export type CaseRecordServices = ReturnType<typeof createCaseRecordServices>;
