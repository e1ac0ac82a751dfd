import { MOBILE_NUMBER, maskMobile } from '@hallq/protocol';

/** The kiosk's number pad for an SMS number: digits only, at most 11, and a consent the visitor must give. */
export interface PhoneEntry {
  readonly digits: string;
  readonly consent: boolean;
}

export type PhoneKey = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | 'back' | 'clear';

export const emptyPhoneEntry: PhoneEntry = { digits: '', consent: false };

export function pressPhoneKey(entry: PhoneEntry, key: PhoneKey): PhoneEntry {
  if (key === 'back') return { ...entry, digits: entry.digits.slice(0, -1) };
  if (key === 'clear') return { ...entry, digits: '' };
  if (entry.digits.length >= 11) return entry;
  return { ...entry, digits: entry.digits + key };
}

export const phoneComplete = (entry: PhoneEntry): boolean => MOBILE_NUMBER.test(entry.digits);

/** Why the number cannot be used yet, for the line under the display; null when it can. */
export function phoneProblem(entry: PhoneEntry): { zh: string; en: string } | null {
  if (entry.digits.length === 0) return null;
  if (!entry.digits.startsWith('1') || (entry.digits.length >= 2 && !/^1[3-9]/.test(entry.digits)))
    return { zh: '手机号码以13–19开头', en: 'A mobile number starts with 13–19' };
  if (entry.digits.length < 11) return { zh: '请输入11位手机号码', en: 'Enter all 11 digits' };
  return null;
}

export const canConfirmPhone = (entry: PhoneEntry): boolean => phoneComplete(entry) && entry.consent;

/** The number as the kiosk shows it once entered (the screen is public): 138****1234. */
export const shownPhone = (digits: string): string => maskMobile(digits);
