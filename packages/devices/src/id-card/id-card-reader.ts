import type { SerialStatus, Unsubscribe } from '../serial/index.ts';
import type { CardRefusal, IdentityCard } from './identity-card.ts';

/** Events of an ID-card reader, `noun:verb`. */
export interface IdCardReaderEvents {
  /** A valid card was placed and read. Emitted once per placement, however long the card stays. */
  'card:read': (card: IdentityCard) => void;
  /** A card was placed but refused: bad number, expired, not yet valid, or unreadable. Once per placement. */
  'card:refused': (refusal: CardRefusal) => void;
  /** 'connected' once the reader's SAM answers; 'disconnected' when the port is lost or the reader is silent. */
  'reader:status': (status: SerialStatus) => void;
}

/** Capability interface the kiosk uses; implementations: the GA 467 serial driver (and fakes in tests). */
export interface IdCardReader {
  readonly status: SerialStatus;
  start(): void;
  stop(): Promise<void>;
  on<E extends keyof IdCardReaderEvents>(event: E, listener: IdCardReaderEvents[E]): Unsubscribe;
}
