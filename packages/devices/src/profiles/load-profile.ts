import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import { HardwareProfile } from './profile-schema.ts';

/** A profile file is missing, is not JSON, or does not match the schema. `issues` lists what is wrong. */
export class ProfileError extends Error {
  readonly code = 'PROFILE_INVALID';
  readonly file: string;
  readonly issues: readonly string[];

  constructor(file: string, issues: readonly string[]) {
    super(`${file}: invalid hardware profile\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
    this.name = 'ProfileError';
    this.file = file;
    this.issues = issues;
  }
}

const describeIssue = (issue: z.core.$ZodIssue): string =>
  `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`;

/** Validates an already parsed value; `file` only names it in errors. */
export function parseProfile(value: unknown, file: string): HardwareProfile {
  const result = HardwareProfile.safeParse(value);
  if (!result.success) throw new ProfileError(file, result.error.issues.map(describeIssue));
  return result.data;
}

/** Reads and validates one profile JSON file. Throws `ProfileError`. */
export async function loadProfile(file: string): Promise<HardwareProfile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ProfileError(file, [`cannot read: ${error instanceof Error ? error.message : String(error)}`]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ProfileError(file, [`not JSON: ${error instanceof Error ? error.message : String(error)}`]);
  }
  return parseProfile(value, file);
}

/**
 * Loads a profile file, or every `*.json` in a directory (sorted by name). Every file must be valid and
 * profile ids must be unique; the first problem throws `ProfileError` naming the file.
 */
export async function loadProfiles(fileOrDirectory: string): Promise<HardwareProfile[]> {
  const info = await stat(fileOrDirectory).catch((error: unknown) => {
    throw new ProfileError(fileOrDirectory, [
      `cannot read: ${error instanceof Error ? error.message : String(error)}`,
    ]);
  });
  if (!info.isDirectory()) return [await loadProfile(fileOrDirectory)];
  const files = (await readdir(fileOrDirectory)).filter((name) => name.endsWith('.json')).sort();
  const profiles: HardwareProfile[] = [];
  const seen = new Map<string, string>();
  for (const name of files) {
    const file = join(fileOrDirectory, name);
    const profile = await loadProfile(file);
    const other = seen.get(profile.id);
    if (other) throw new ProfileError(file, [`id: "${profile.id}" is already used by ${other}`]);
    seen.set(profile.id, file);
    profiles.push(profile);
  }
  return profiles;
}
