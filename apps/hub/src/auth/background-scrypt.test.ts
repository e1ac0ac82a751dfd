import { readdirSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { type BackgroundScrypt, createBackgroundScrypt } from './background-scrypt.ts';
import { scryptInThreadPool } from './secrets.ts';

const LOW_COST = { N: 2 ** 12, r: 8, p: 1 };

/** The nice value of every thread of this process (field 19 of /proc/self/task/<tid>/stat). */
function threadNiceValues(): number[] {
  return readdirSync('/proc/self/task').map((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis start at field 3.
    const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(after[19 - 3]);
  });
}

describe('password checks on a low-priority thread', () => {
  let scrypt: BackgroundScrypt | undefined;
  afterEach(async () => {
    await scrypt?.close();
    scrypt = undefined;
  });

  it('derives the same key as the thread pool, for the same password, salt and cost', async () => {
    scrypt = createBackgroundScrypt();
    const salt = Buffer.from('0123456789abcdef');
    const expected = await scryptInThreadPool('正确的密码 correct horse', salt, LOW_COST);
    const derived = await scrypt.derive('正确的密码 correct horse', salt, LOW_COST);
    expect(derived.equals(expected)).toBe(true);
    const other = await scrypt.derive('another password', salt, LOW_COST);
    expect(other.equals(expected)).toBe(false);
  });

  it('runs at the lowest priority (nice 19) while this thread keeps its own', async () => {
    scrypt = createBackgroundScrypt();
    const ownPriority = getPriority();
    const atNineteen = () => threadNiceValues().filter((nice) => nice === 19).length;
    const before = atNineteen();
    await scrypt.derive('x', Buffer.alloc(16), LOW_COST);
    expect(scrypt.lowered()).toBe(true);
    expect(atNineteen()).toBe(before + 1);
    expect(getPriority()).toBe(ownPriority);
  });

  it('answers checks in the order they came, and each its own', async () => {
    scrypt = createBackgroundScrypt();
    const salt = Buffer.alloc(16, 7);
    const passwords = ['a', 'b', 'c', 'd'];
    const keys = await Promise.all(passwords.map((p) => scrypt!.derive(p, salt, LOW_COST)));
    const expected = await Promise.all(passwords.map((p) => scryptInThreadPool(p, salt, LOW_COST)));
    expect(keys.map((k) => k.toString('hex'))).toEqual(expected.map((k) => k.toString('hex')));
  });

  it('refuses a check it cannot make with a clear error, and keeps working', async () => {
    scrypt = createBackgroundScrypt();
    // N must be a power of two: scrypt refuses it, the thread answers the error and goes on.
    await expect(scrypt.derive('x', Buffer.alloc(16), { N: 1000, r: 8, p: 1 })).rejects.toThrow(
      /password check failed/,
    );
    await expect(scrypt.derive('x', Buffer.alloc(16), LOW_COST)).resolves.toHaveLength(64);
  });

  it('refuses checks once closed', async () => {
    scrypt = createBackgroundScrypt();
    await scrypt.derive('x', Buffer.alloc(16), LOW_COST);
    await scrypt.close();
    await expect(scrypt.derive('x', Buffer.alloc(16), LOW_COST)).rejects.toThrow(/closing/);
  });
});
