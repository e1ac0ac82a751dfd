/**
 * What every SMS sender (HTTP gateway, SMPP, GSM modem) offers the dispatcher. A sender never throws for a
 * gateway problem: it answers with an outcome, and says whether trying again may help.
 */
export interface SmsOutgoing {
  /** The hub's id of the message, the same on every retry: a gateway that keeps it drops a repeat. */
  readonly reference: string;
  readonly phone: string;
  readonly text: string;
}

export type SendOutcome =
  | { readonly ok: true; readonly gatewayId: string }
  | { readonly ok: false; readonly retry: boolean; readonly reason: string };

/** A delivery report: the phone got the message, or the network gave up on it. */
export interface SmsReceipt {
  readonly gatewayId: string;
  readonly delivered: boolean;
  readonly reason: string | null;
}

export interface SmsSender {
  readonly kind: 'http' | 'smpp' | 'modem';
  /**
   * Whether the far end recognises a message handed over again with the same reference and does not deliver it
   * twice (an HTTP platform's client reference). SMPP 3.4 and a modem have no such thing: a message that may have
   * gone is not handed to them again (sms-outbox.ts).
   */
  readonly dropsRepeats: boolean;
  send(message: SmsOutgoing, signal: AbortSignal): Promise<SendOutcome>;
  /** Delivery reports as they arrive (senders without them never call it). */
  onReceipt(listener: (receipt: SmsReceipt) => void): void;
  close(): Promise<void>;
}
