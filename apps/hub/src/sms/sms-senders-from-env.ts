import { readFileSync } from 'node:fs';
import { GsmModemProfile } from '@hallq/devices';
import type { SmsSenderKind } from '@hallq/protocol';
import { createHttpGatewaySender, DEFAULT_HTTP_GATEWAY } from './http-gateway-sender.ts';
import { createModemSender } from './modem-sender.ts';
import { createSmppSender } from './smpp-sender.ts';
import type { SmsSender } from './sms-sender.ts';

/**
 * The SMS senders this hub has, from its environment; the hall file's `sms.sender` picks which one is used.
 * Secrets may come from files (…_FILE) so they stay out of the process list and shell history.
 *
 *   HTTP gateway  HALLQ_SMS_HTTP_URL, HALLQ_SMS_HTTP_ACCOUNT, HALLQ_SMS_HTTP_SECRET[_FILE],
 *                 HALLQ_SMS_HTTP_FORMAT=json|form, HALLQ_SMS_HTTP_REPORT_URL
 *   SMPP 3.4      HALLQ_SMS_SMPP_URL=smpp://host:2775, HALLQ_SMS_SMPP_SYSTEM_ID, HALLQ_SMS_SMPP_PASSWORD[_FILE],
 *                 HALLQ_SMS_SMPP_SOURCE (the hall's 码号)
 *   GSM modem     HALLQ_SMS_MODEM_PORT=/dev/ttyUSB2, HALLQ_SMS_MODEM_PROFILE (default: the generic profile)
 */
export function smsSendersFromEnv(
  env: NodeJS.ProcessEnv,
  repoRoot: string,
): Partial<Record<SmsSenderKind, SmsSender>> {
  const secret = (name: string) => {
    const file = env[`${name}_FILE`];
    return file ? readFileSync(file, 'utf8').trim() : (env[name] ?? '');
  };
  const senders: Partial<Record<SmsSenderKind, SmsSender>> = {};
  if (env.HALLQ_SMS_HTTP_URL) {
    senders.http = createHttpGatewaySender({
      ...DEFAULT_HTTP_GATEWAY,
      url: env.HALLQ_SMS_HTTP_URL,
      account: env.HALLQ_SMS_HTTP_ACCOUNT ?? '',
      secret: secret('HALLQ_SMS_HTTP_SECRET'),
      format: env.HALLQ_SMS_HTTP_FORMAT === 'form' ? 'form' : 'json',
      reportUrl: env.HALLQ_SMS_HTTP_REPORT_URL ?? null,
    });
  }
  if (env.HALLQ_SMS_SMPP_URL) {
    senders.smpp = createSmppSender({
      url: env.HALLQ_SMS_SMPP_URL,
      systemId: env.HALLQ_SMS_SMPP_SYSTEM_ID ?? '',
      password: secret('HALLQ_SMS_SMPP_PASSWORD'),
      sourceAddr: env.HALLQ_SMS_SMPP_SOURCE ?? '',
      enquireLinkMs: 30_000,
    });
  }
  if (env.HALLQ_SMS_MODEM_PORT) {
    const profileFile =
      env.HALLQ_SMS_MODEM_PROFILE ?? `${repoRoot}/hardware-profiles/gsm-modem-generic-at-pdu.json`;
    senders.modem = createModemSender({
      path: env.HALLQ_SMS_MODEM_PORT,
      profile: GsmModemProfile.parse(JSON.parse(readFileSync(profileFile, 'utf8'))),
    });
  }
  return senders;
}
