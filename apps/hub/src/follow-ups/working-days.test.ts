import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { endOfLocalDay, isWorkingDay, workingDaysAfter } from './working-days.ts';

describe('working days on the national calendar (chinese-days)', () => {
  it('knows National Day 2026 and its 调休 days', () => {
    // State Council notice for 2026: 10-01 … 10-07 off; Sunday 09-20 and Saturday 10-10 are working days.
    for (const day of ['2026-10-01', '2026-10-05', '2026-10-07']) expect(isWorkingDay(day)).toBe(false);
    expect(isWorkingDay('2026-09-20')).toBe(true);
    expect(isWorkingDay('2026-10-10')).toBe(true);
    expect(isWorkingDay('2026-10-11')).toBe(false);
  });

  it('skips the National Day holiday and counts the make-up Saturday', () => {
    // Rated Wednesday 09-30: 10-01 … 10-07 are holidays, then Thu 10-08, Fri 10-09, Sat 10-10 (调休).
    expect(workingDaysAfter('2026-09-30', 3)).toBe('2026-10-10');
    // Without the 调休 Saturday the third working day would be Monday 10-12.
    expect(workingDaysAfter('2026-09-30', 4)).toBe('2026-10-12');
    expect(workingDaysAfter('2026-09-30', 1)).toBe('2026-10-08');
  });

  it('counts a make-up Sunday before the holiday', () => {
    // Friday 09-18: Saturday 09-19 off, Sunday 09-20 is a working day, then Monday 09-21.
    expect(workingDaysAfter('2026-09-18', 1)).toBe('2026-09-20');
    expect(workingDaysAfter('2026-09-18', 2)).toBe('2026-09-21');
  });

  it('counts an ordinary week Monday to Friday', () => {
    expect(workingDaysAfter('2026-11-13', 3)).toBe('2026-11-18'); // Friday → Wednesday
  });

  it('refuses a count below one', () => {
    expect(() => workingDaysAfter('2026-11-13', 0)).toThrow(RangeError);
  });

  it('ends a day at the next local midnight in the hall’s zone', () => {
    expect(endOfLocalDay('2026-10-10', 'Asia/Shanghai')).toBe(Date.parse('2026-10-10T16:00:00Z'));
    expect(endOfLocalDay('2026-03-28', 'Europe/Berlin')).toBe(Date.parse('2026-03-28T23:00:00Z'));
    expect(endOfLocalDay('2026-03-29', 'Europe/Berlin')).toBe(Date.parse('2026-03-29T22:00:00Z'));
  });

  it('loads under Node itself, as the hub runs (not only under Vitest, which reads the package’s ES build)', () => {
    // A named import of chinese-days passed every Vitest test and ended the hub at start under tsx.
    const repo = fileURLToPath(new URL('../../../../', import.meta.url));
    const out = execFileSync(
      `${repo}node_modules/.bin/tsx`,
      [
        '--input-type=module',
        '--eval',
        "import { workingDaysAfter } from './apps/hub/src/follow-ups/working-days.ts'; process.stdout.write(workingDaysAfter('2026-09-30', 3));",
      ],
      { cwd: repo, encoding: 'utf8', timeout: 60_000 },
    );
    expect(out).toBe('2026-10-10');
  });
});
