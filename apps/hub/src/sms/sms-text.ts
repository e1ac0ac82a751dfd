import type { SmsSettings, SmsTemplateVariable } from '@hallq/protocol';
import { SegmentedMessage } from 'sms-segments-calculator';

export type SmsVariables = Partial<Record<SmsTemplateVariable, string | number>>;

/**
 * Fills a template's `{name}` placeholders. A variable the event does not have (no link yet) becomes empty
 * rather than showing braces to a visitor; the schema already refused names that are not variables at all.
 */
export function renderTemplate(template: string, variables: SmsVariables): string {
  return template.replace(/\{([^{}]*)\}/g, (_, name: string) => {
    const value = variables[name as SmsTemplateVariable];
    return value === undefined ? '' : String(value);
  });
}

/** The message as the phone shows it: the carrier's 签名 first, then the text. */
export function composeMessage(signature: string, text: string): string {
  return `${signature}${text}`;
}

export interface SegmentCount {
  readonly encoding: 'GSM-7' | 'UCS-2';
  /** Characters as the phone counts them (a UCS-2 segment holds 70, 67 when concatenated). */
  readonly characters: number;
  readonly segments: number;
}

/** How many SMS a text costs, by the carriers' rules (Twilio's maintained calculator). */
export function countSegments(text: string): SegmentCount {
  const message = new SegmentedMessage(text, 'auto');
  return {
    encoding: message.encodingName,
    characters: message.numberOfCharacters,
    segments: message.segmentsCount,
  };
}

/** Values as long as they get in a real hall: the longest a template can render to. */
const LONGEST_VALUES: Required<SmsVariables> = {
  hall: '',
  // A ticket number, or an appointment's 8-character booking code (the longer of the two).
  number: 'GJ999999',
  service: '',
  peopleAhead: 999,
  window: 300,
  link: 'https://hall.example.gov.cn/t/AAAAAAAAAAAAAAAAAAAAAA',
  date: '2026-12-31',
  // An appointment's slot ("09:00-09:30").
  time: '23:30-24:00',
};

/** Templates that would cost more than the hall allows, with their worst-case segment count, for the admin. */
export function overlongTemplates(
  settings: SmsSettings,
  hallName: string,
  longestServiceName: string,
): { kind: string; language: 'zh' | 'en'; segments: number }[] {
  const values = { ...LONGEST_VALUES, hall: hallName, service: longestServiceName };
  const out: { kind: string; language: 'zh' | 'en'; segments: number }[] = [];
  for (const [kind, template] of Object.entries(settings.templates)) {
    if (!template) continue;
    for (const language of ['zh', 'en'] as const) {
      const text = template[language];
      if (text === undefined) continue;
      const { segments } = countSegments(composeMessage(settings.signature, renderTemplate(text, values)));
      if (segments > settings.maxSegments) out.push({ kind, language, segments });
    }
  }
  return out;
}
