import type { LostCommitsView } from '@hallq/protocol';
import type { BackupHealth } from '../storage-desk.ts';
import type { AlertCondition } from './alert-rules.ts';

export interface StorageHealth {
  readonly backup: BackupHealth | null;
  readonly lostCommits: LostCommitsView | null;
}

const range = (r: { from: number; to: number }) => (r.from === r.to ? `${r.from}` : `${r.from}–${r.to}`);

/**
 * The storage rules, beside the hall's (a pure function like them):
 * - acknowledged commits lost by the storage (critical, until an admin accepts or restores);
 * - no verified backup of the current business day, once the hub has looked and no backup is running;
 * - the backup folder on the same disk (device) as the database.
 */
export function storageAlerts(health: StorageHealth, now: number): AlertCondition[] {
  const alerts: AlertCondition[] = [];
  const lost = health.lostCommits;
  if (lost) {
    alerts.push({
      key: `commits-lost:${lost.detectedAt}`,
      rule: 'commits-lost',
      severity: 'critical',
      subject: 'storage:database',
      message: {
        zh: `存储丢失了已确认的数据（事件 ${range(lost.eventIds)}${lost.hallSeqs ? `，序号 ${range(lost.hallSeqs)}` : ''}）。取号已跳过可能发出的号码。请恢复最近的完好备份，或由管理员确认（hallctl storage accept-loss）`,
        en: `The storage lost acknowledged commits (events ${range(lost.eventIds)}${lost.hallSeqs ? `, hall positions ${range(lost.hallSeqs)}` : ''}). Numbering skips numbers that may have been handed out. Restore the newest good backup, or an admin accepts the loss (hallctl storage accept-loss)`,
      },
      since: lost.detectedAt,
    });
  }
  const backup = health.backup;
  if (backup?.checked && !backup.running && !backup.todayGood) {
    alerts.push({
      key: 'backup-missing',
      rule: 'backup-missing',
      severity: 'warning',
      subject: 'storage:backup',
      message: {
        zh: `今天没有完好的备份（最近一次：${backup.lastGoodDay ?? '无'}）${backup.lastError ? `：${backup.lastError}` : ''}`,
        en: `No good backup for today (latest: ${backup.lastGoodDay ?? 'none'})${backup.lastError ? `: ${backup.lastError}` : ''}`,
      },
      since: now,
    });
  }
  if (backup?.sameDisk) {
    alerts.push({
      key: 'backup-same-disk',
      rule: 'backup-same-disk',
      severity: 'warning',
      subject: 'storage:backup',
      message: {
        zh: `备份目录与数据库在同一磁盘上（${backup.folder}），磁盘损坏将同时失去两者`,
        en: `The backup folder is on the database's own disk (${backup.folder}): one failed disk loses both`,
      },
      since: now,
    });
  }
  return alerts;
}
