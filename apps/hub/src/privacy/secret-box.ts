import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Seals short secrets the hub must be able to read back (a webhook's signing secret: it signs with it, so it
 * cannot keep only a hash) with AES-256-GCM under a key derived from the hall's key file, which lives outside
 * the database. A stolen database file alone does not let anyone sign as the hall.
 */
export function createSecretBox(masterKey: Buffer, purpose: string) {
  if (masterKey.length !== 32) throw new Error('the key must be 32 bytes');
  const key = Buffer.from(
    hkdfSync('sha256', masterKey, Buffer.alloc(0), `hallq secret box v1: ${purpose}`, 32),
  );
  return {
    /** `iv.tag.ciphertext`, each base64url: one text column. */
    seal(plain: string): string {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [iv, cipher.getAuthTag(), ciphertext].map((b) => b.toString('base64url')).join('.');
    },
    open(sealed: string): string {
      const [iv, tag, ciphertext] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
      if (!iv || !tag || !ciphertext) throw new Error('not a sealed secret');
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    },
  };
}

export type SecretBox = ReturnType<typeof createSecretBox>;
