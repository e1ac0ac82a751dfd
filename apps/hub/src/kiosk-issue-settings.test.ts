import { describe, expect, it } from 'vitest';
import { readSettings } from './settings.ts';
import { DEFAULT_ADMISSION_SETTINGS } from './socket/admission/defaults.ts';

describe('the hub settings of a kiosk’s ticket limit', () => {
  it('default to the guard against a stolen kiosk token, and a hall may raise them by flag or environment', () => {
    const defaults = readSettings({}, [], '/repo');
    expect([defaults.kioskIssuesPerMinute, defaults.kioskIssueBurst]).toEqual([
      DEFAULT_ADMISSION_SETTINGS.issuesPerMinute,
      DEFAULT_ADMISSION_SETTINGS.issueBurst,
    ]);
    const flagged = readSettings({}, ['--kiosk-issues-per-minute', '720', '--kiosk-issue-burst=60'], '/repo');
    expect([flagged.kioskIssuesPerMinute, flagged.kioskIssueBurst]).toEqual([720, 60]);
    const fromEnv = readSettings(
      { HALLQ_KIOSK_ISSUES_PER_MINUTE: '30', HALLQ_KIOSK_ISSUE_BURST: '40' },
      [],
      '/repo',
    );
    expect([fromEnv.kioskIssuesPerMinute, fromEnv.kioskIssueBurst]).toEqual([30, 40]);
  });

  it('refuses a value that is not a whole number, with its name', () => {
    expect(() => readSettings({}, ['--kiosk-issues-per-minute', 'lots'], '/repo')).toThrow(
      /kiosk-issues-per-minute must be a whole number/,
    );
    expect(() => readSettings({ HALLQ_KIOSK_ISSUE_BURST: '-1' }, [], '/repo')).toThrow(/kiosk-issue-burst/);
  });
});
