import type { HallService } from '../hall-service.ts';
import type { SmsHall } from './sms-outbox.ts';

/** What the SMS outbox reads of the hall: its SMS settings and the names a message shows. */
export function smsHallOf(
  hall: HallService,
  ticketLink: (ticketId: string) => string | null = () => null,
): SmsHall {
  return {
    settings: () => hall.hall().sms ?? null,
    timeZone: () => hall.hall().rules.timeZone,
    hallName: (language) => hall.hall().name[language],
    serviceName: (serviceId, language) =>
      hall.hall().services.find((s) => s.id === serviceId)?.name[language] ?? '',
    windowNumber: (windowId) => hall.hall().windows.find((w) => w.id === windowId)?.number ?? null,
    ticketLink,
  };
}
