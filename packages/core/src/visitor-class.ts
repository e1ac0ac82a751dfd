import { ageOn } from './business-day.ts';
import type { HallRules } from './hall.ts';
import type { VisitorClass } from './ticket.ts';

/**
 * The lane a visitor joins: the priority lane (绿色通道) when the hall has an age rule and the visitor's
 * card shows they meet it on the business day; the normal lane otherwise, including without a card.
 */
export function visitorClassFor(
  rules: Pick<HallRules, 'priorityMinAge'>,
  birthDate: string | null,
  businessDay: string,
): VisitorClass {
  if (rules.priorityMinAge === null || birthDate === null) return 'normal';
  return ageOn(birthDate, businessDay) >= rules.priorityMinAge ? 'priority' : 'normal';
}
