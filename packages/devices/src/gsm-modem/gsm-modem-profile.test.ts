import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../profiles/load-profile.ts';
import { GsmModemProfile } from '../profiles/profile-schema.ts';

const file = fileURLToPath(
  new URL('../../../../hardware-profiles/gsm-modem-generic-at-pdu.json', import.meta.url),
);

describe('the GSM modem hardware profile', () => {
  it('loads as a gsm-modem profile speaking AT commands in PDU mode', async () => {
    const profile = await loadProfile(file);
    expect(profile).toMatchObject({ kind: 'gsm-modem', protocol: 'at-pdu', baudRate: 115200 });
  });

  it('refuses a send timeout shorter than a network can take', async () => {
    const profile = await loadProfile(file);
    expect(GsmModemProfile.safeParse({ ...profile, sendTimeoutMs: 100 }).success).toBe(false);
  });
});
