import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { smsSendersFromEnv } from './sms-senders-from-env.ts';

const repoRoot = resolve(import.meta.dirname, '../../../..');

describe('SMS senders from the environment', () => {
  it('has none unless configured', () => {
    expect(smsSendersFromEnv({}, repoRoot)).toEqual({});
  });

  it('builds the HTTP gateway and SMPP senders, secrets read from files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hallq-sms-env-'));
    try {
      writeFileSync(join(dir, 'secret'), 'from a file\n');
      const senders = smsSendersFromEnv(
        {
          HALLQ_SMS_HTTP_URL: 'http://127.0.0.1:9/sms',
          HALLQ_SMS_HTTP_SECRET_FILE: join(dir, 'secret'),
          HALLQ_SMS_SMPP_URL: 'smpp://127.0.0.1:9',
          HALLQ_SMS_SMPP_PASSWORD: 'pw',
        },
        repoRoot,
      );
      expect(Object.keys(senders).sort()).toEqual(['http', 'smpp']);
      // Nothing listens on port 9: the HTTP sender answers "try again", never throws.
      const outcome = await senders.http!.send(
        { reference: 'r', phone: '13800138000', text: 'x' },
        AbortSignal.timeout(5000),
      );
      expect(outcome).toMatchObject({ ok: false, retry: true });
      for (const sender of Object.values(senders)) await sender.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
