import type { PauseReason } from './state.ts';
import type { VisitorClass } from './ticket.ts';

export type TransferTarget =
  | { readonly kind: 'service'; readonly serviceId: string }
  | { readonly kind: 'window'; readonly windowId: string };

export type QueueCommand =
  | {
      readonly type: 'ticket:issue';
      readonly serviceId: string;
      readonly visitorClass: VisitorClass;
      readonly visitorKey: string | null;
      readonly kioskId: string | null;
      /**
       * 预约: an appointment ticket stands in line from its slot's start (`appointmentQueueTime`), not from the
       * issue. Absent for a walk-in.
       */
      readonly slotStartsAt?: number;
    }
  | { readonly type: 'window:call-next'; readonly windowId: string; readonly clerkId: string | null }
  | {
      readonly type: 'window:call-ticket';
      readonly windowId: string;
      readonly ticketId: string;
      readonly reason: string;
      readonly clerkId: string | null;
    }
  | { readonly type: 'window:recall'; readonly windowId: string }
  | { readonly type: 'window:start'; readonly windowId: string }
  | { readonly type: 'window:finish'; readonly windowId: string }
  | { readonly type: 'window:no-show'; readonly windowId: string }
  | {
      readonly type: 'window:transfer';
      readonly windowId: string;
      readonly to: TransferTarget;
      readonly note: string;
      /** true: keep the place by original queue time (default); false: go to the back of the line. */
      readonly keepPlace: boolean;
    }
  | {
      readonly type: 'ticket:transfer';
      readonly ticketId: string;
      readonly to: TransferTarget;
      readonly note: string;
      readonly keepPlace: boolean;
    }
  | { readonly type: 'ticket:cancel'; readonly ticketId: string }
  | {
      readonly type: 'window:pause';
      readonly windowId: string;
      readonly reason: PauseReason;
      readonly note: string | null;
    }
  | { readonly type: 'window:resume'; readonly windowId: string }
  | { readonly type: 'window:sign-in'; readonly windowId: string; readonly clerkId: string }
  | { readonly type: 'window:sign-out'; readonly windowId: string }
  /** Lets the day change happen when nobody acts (the hub sends it on a timer). */
  | { readonly type: 'clock:tick' };

export type QueueCommandType = QueueCommand['type'];
