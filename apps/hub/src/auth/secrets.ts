import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** The scrypt parameters a password hash was made with. */
export interface ScryptCost {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/**
 * OWASP's current recommendation (N=2^17, r=8, p=1): 128 MiB and a few hundred ms per hash on the hub. Tests
 * may pass a lower cost to stay fast; production never does (see create-hub.ts).
 */
export const PASSWORD_COST: ScryptCost = { N: 2 ** 17, r: 8, p: 1 };
/** What hubs before this one used; a stored hash without a recorded cost was made with it. */
export const LEGACY_PASSWORD_COST: ScryptCost = { N: 2 ** 15, r: 8, p: 1 };
export const KEY_LENGTH = 64;

/** scrypt needs 128·N·r bytes; Node refuses anything above `maxmem` (32 MiB by default), so allow twice that. */
export const maxmemFor = (cost: ScryptCost) => 2 * 128 * cost.N * cost.r * cost.p;

export const costText = (cost: ScryptCost): string => `${cost.N},${cost.r},${cost.p}`;

/** A stored cost ('N,r,p'); NULL or anything unreadable is the legacy cost. */
export function parseCost(text: string | null): ScryptCost {
  const [N, r, p] = (text ?? '').split(',').map(Number);
  return N && r && p ? { N, r, p } : LEGACY_PASSWORD_COST;
}

export const sameCost = (a: ScryptCost, b: ScryptCost) => a.N === b.N && a.r === b.r && a.p === b.p;

/** Derives a password's key: in the libuv pool (the default) or elsewhere (see background-scrypt.ts). */
export type KeyDerivation = (password: string, salt: Buffer, cost: ScryptCost) => Promise<Buffer>;

export const scryptInThreadPool: KeyDerivation = (password, salt, cost) => {
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize('NFKC'),
      salt,
      KEY_LENGTH,
      { N: cost.N, r: cost.r, p: cost.p, maxmem: maxmemFor(cost) },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
};

export async function hashPassword(
  password: string,
  cost: ScryptCost = PASSWORD_COST,
  derive: KeyDerivation = scryptInThreadPool,
): Promise<{ hash: Buffer; salt: Buffer; cost: ScryptCost }> {
  const salt = randomBytes(16);
  return { hash: await derive(password, salt, cost), salt, cost };
}

export async function verifyPassword(
  password: string,
  hash: Buffer,
  salt: Buffer,
  cost: ScryptCost = PASSWORD_COST,
  derive: KeyDerivation = scryptInThreadPool,
): Promise<boolean> {
  const candidate = await derive(password, salt, cost);
  return candidate.length === hash.length && timingSafeEqual(candidate, hash);
}

/** A bearer token for a device or a session: 256 random bits. Only its hash is stored. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A password a person can type once from the console: no look-alike characters. */
export function newOneTimePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(16);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}
