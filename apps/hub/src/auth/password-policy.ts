import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

export const MIN_PASSWORD_LENGTH = 12;
/** zxcvbn's 3: "safely unguessable" against an offline attack on a slow hash (about 10^10 guesses). */
const MIN_SCORE = 3;

// The common-password, name and keyboard-pattern lists of @zxcvbn-ts/language-common (a maintained list, not a
// hand-typed one). Built once, on first use: loading the dictionaries takes ~90 ms.
let checker: ZxcvbnFactory | null = null;
const zxcvbn = () => {
  checker ??= new ZxcvbnFactory({ dictionary: { ...dictionary }, graphs: adjacencyGraphs });
  return checker;
};

/**
 * Why a password may not be set, in words for the person choosing it (zh · en); null when it is acceptable.
 * `related` are words the person's account gives away (username, name, staff number): a password built on
 * them is weak however long.
 */
export function passwordProblem(password: string, related: readonly string[] = []): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    return `密码至少 ${MIN_PASSWORD_LENGTH} 个字符 · A password needs at least ${MIN_PASSWORD_LENGTH} characters`;
  }
  const result = zxcvbn().check(
    password,
    related.filter((w) => w.length > 0),
  );
  if (result.score < MIN_SCORE) {
    return '密码太常见或太容易猜到，请换一个（可用几个不相关的词） · This password is too common or easy to guess; choose another (a few unrelated words work well)';
  }
  return null;
}
