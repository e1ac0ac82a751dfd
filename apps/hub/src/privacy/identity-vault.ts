import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface SealedIdentity {
  readonly iv: Buffer;
  readonly ciphertext: Buffer;
  readonly tag: Buffer;
}

export interface IdentityRecord {
  readonly idNumber: string;
  readonly name: string;
  readonly birthDate: string;
  readonly cardType: string;
}

/**
 * Keeps visitors' identity data unreadable at rest: AES-256-GCM with a key from a file outside the database,
 * and a keyed hash (HMAC-SHA256) of the ID number to find a visitor's tickets without storing the number.
 * Two keys are derived from the one in the file so that the hash reveals nothing about the cipher key.
 */
export function createIdentityVault(masterKey: Buffer) {
  if (masterKey.length !== 32) throw new Error('identity key must be 32 bytes');
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), info, 32));
  const cipherKey = derive('hallq identity cipher v1');
  const lookupKey = derive('hallq identity lookup v1');

  return {
    visitorKey(idNumber: string): string {
      return createHmac('sha256', lookupKey).update(idNumber.toUpperCase()).digest('hex');
    },
    seal(record: IdentityRecord): SealedIdentity {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', cipherKey, iv);
      const ciphertext = Buffer.concat([cipher.update(JSON.stringify(record), 'utf8'), cipher.final()]);
      return { iv, ciphertext, tag: cipher.getAuthTag() };
    },
    open(sealed: SealedIdentity): IdentityRecord {
      const decipher = createDecipheriv('aes-256-gcm', cipherKey, sealed.iv);
      decipher.setAuthTag(sealed.tag);
      const plain = Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8');
      return JSON.parse(plain) as IdentityRecord;
    },
  };
}

export type IdentityVault = ReturnType<typeof createIdentityVault>;

/** Reads the key file, creating it (owner-only) on first start. */
export function loadOrCreateKeyFile(path: string): Buffer {
  if (existsSync(path)) {
    const key = readFileSync(path);
    if (key.length !== 32) throw new Error(`identity key file ${path} is damaged (expected 32 bytes)`);
    return key;
  }
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(path, key, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return key;
}
