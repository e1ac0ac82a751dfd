import type { StorageStatusView } from '@hallq/protocol';
import { describe, expect, it } from 'vitest';
import { storageLines } from './storage-status.ts';

const at = (ms: number) => `t${ms}`;
const healthy: StorageStatusView = {
  backup: {
    folder: '/mnt/backup/hallq',
    lastGood: {
      businessDay: '2026-11-28',
      file: '/mnt/backup/hallq/hallq-2026-11-28.db',
      bytes: 12_500_000,
      writtenAt: 5,
    },
    todayGood: true,
    sameDisk: false,
    running: false,
    lastError: null,
  },
  lostCommits: null,
};

describe('the storage card', () => {
  it('shows the last good backup and nothing else when all is well', () => {
    expect(storageLines(healthy, at)).toEqual([
      {
        key: 'last-good',
        tone: 'ok',
        zh: '最近的完好备份：2026-11-28（12.5 MB，t5 写入）',
        en: 'Last good backup: 2026-11-28 (12.5 MB, written t5)',
      },
    ]);
  });

  it('warns of a missing backup of today (with why), backups on the same disk, and lost commits first', () => {
    const lines = storageLines(
      {
        backup: { ...healthy.backup!, todayGood: false, sameDisk: true, lastError: 'disk is full' },
        lostCommits: {
          detectedAt: 9,
          eventIds: { from: 41, to: 44 },
          hallSeqs: { from: 30, to: 33 },
          businessDay: '2026-11-28',
          lastSequence: { 'svc-1': 12 },
          reason: 'the database ends at event 40',
        },
      },
      at,
    );
    expect(lines.map((l) => [l.key, l.tone])).toEqual([
      ['lost', 'critical'],
      ['last-good', 'ok'],
      ['today', 'warning'],
      ['same-disk', 'warning'],
    ]);
    expect(lines[0]!.zh).toMatch(/事件 41–44，序号 30–33（t9 发现）/);
    expect(lines[2]!.en).toBe('No good backup for today yet: disk is full');
  });

  it('says when there is no good backup at all, or no backups configured', () => {
    const none = storageLines(
      { ...healthy, backup: { ...healthy.backup!, lastGood: null, todayGood: false } },
      at,
    );
    expect(none[0]).toMatchObject({ key: 'last-good', tone: 'critical', en: 'No good backup' });
    expect(storageLines({ backup: null, lostCommits: null }, at)).toEqual([
      { key: 'none', tone: 'warning', zh: '未配置备份', en: 'Backups are not configured' },
    ]);
  });
});
