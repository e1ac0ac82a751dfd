import { createHmac, hkdfSync } from 'node:crypto';
import { maskMobile, type SmsConsent } from '@hallq/protocol';
import type { HubDatabase } from '../db/open-database.ts';
import { createSecretBox } from '../privacy/secret-box.ts';

export interface TicketPhone {
  readonly phone: string;
  /** A keyed hash of the number: counts a number's messages per day without storing it readable. */
  readonly numberKey: string;
  readonly masked: string;
  readonly language: 'zh' | 'en';
}

/**
 * Visitors' mobile numbers, sealed at rest with a key derived from the hall's key file (like ID numbers), kept
 * per ticket, and purged with the identity data. Only the SMS sender opens them; everything else sees the
 * masked form (138****1234).
 */
export function createPhoneBook(db: HubDatabase, masterKey: Buffer) {
  const box = createSecretBox(masterKey, 'visitor mobile numbers');
  const hashKey = Buffer.from(
    hkdfSync('sha256', masterKey, Buffer.alloc(0), 'hallq mobile number key v1', 32),
  );
  const numberKey = (phone: string) => createHmac('sha256', hashKey).update(phone).digest('hex');
  const insert = db.prepare<[string, string, string, string, string, number]>(
    `INSERT OR IGNORE INTO ticket_phones (ticket_id, sealed, number_key, masked, language, created_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const byTicket = db.prepare<
    [string],
    { sealed: string; number_key: string; masked: string; language: string }
  >('SELECT sealed, number_key, masked, language FROM ticket_phones WHERE ticket_id = ?');
  const purgePhones = db.prepare<[number]>('DELETE FROM ticket_phones WHERE created_at < ?');
  const purgeMessages = db.prepare<[number]>(
    'UPDATE sms_messages SET sealed_phone = NULL WHERE created_at < ? AND sealed_phone IS NOT NULL',
  );

  return {
    /** Call inside the transaction, so a ticket and its number commit together. */
    save(ticketId: string, consent: SmsConsent, now: number): void {
      insert.run(
        ticketId,
        box.seal(consent.phone),
        numberKey(consent.phone),
        maskMobile(consent.phone),
        consent.language,
        now,
      );
    },
    of(ticketId: string): TicketPhone | null {
      const row = byTicket.get(ticketId);
      if (!row) return null;
      return {
        phone: box.open(row.sealed),
        numberKey: row.number_key,
        masked: row.masked,
        language: row.language === 'en' ? 'en' : 'zh',
      };
    },
    /** What the SMS outbox copies to a message without opening the number: it is opened only to send. */
    sealedOf(
      ticketId: string,
    ): { sealed: string; numberKey: string; masked: string; language: 'zh' | 'en' } | null {
      const row = byTicket.get(ticketId);
      return row
        ? {
            sealed: row.sealed,
            numberKey: row.number_key,
            masked: row.masked,
            language: row.language === 'en' ? 'en' : 'zh',
          }
        : null;
    },
    seal: (phone: string) => box.seal(phone),
    /**
     * A number that came from elsewhere (an appointment's sealed visitor), sealed under this book's key for a
     * message row, with its daily-cap key and masked form: what `sealedOf` gives for a ticket's number.
     */
    sealForMessage(
      phone: string,
      language: 'zh' | 'en',
    ): { sealed: string; numberKey: string; masked: string; language: 'zh' | 'en' } {
      return { sealed: box.seal(phone), numberKey: numberKey(phone), masked: maskMobile(phone), language };
    },
    open: (sealed: string) => box.open(sealed),
    /** Forgets numbers older than the identity retention: the tickets' and the sent messages' both. */
    purge(olderThan: number): number {
      const phones = purgePhones.run(olderThan).changes;
      purgeMessages.run(olderThan);
      return phones;
    },
  };
}

export type PhoneBook = ReturnType<typeof createPhoneBook>;
