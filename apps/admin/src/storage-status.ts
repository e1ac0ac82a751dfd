import type { StorageStatusView } from '@hallq/protocol';

/** One line of the storage card: what it says, in both languages, and how loud. */
export interface StorageLine {
  readonly key: string;
  readonly tone: 'ok' | 'warning' | 'critical';
  readonly zh: string;
  readonly en: string;
}

const megabytes = (bytes: number) => (bytes / 1e6).toFixed(1);
const range = (r: { from: number; to: number }) => (r.from === r.to ? `${r.from}` : `${r.from}–${r.to}`);

/**
 * What the admin console says about the backups and the database's integrity: the last good backup, whether
 * today has one, backups on the database's own disk, and commits the storage lost (until accepted).
 */
export function storageLines(
  status: StorageStatusView,
  formatTime: (epochMs: number) => string,
): StorageLine[] {
  const lines: StorageLine[] = [];
  const lost = status.lostCommits;
  if (lost) {
    const seqs = lost.hallSeqs ? `，序号 ${range(lost.hallSeqs)}` : '';
    const seqsEn = lost.hallSeqs ? `, hall positions ${range(lost.hallSeqs)}` : '';
    lines.push({
      key: 'lost',
      tone: 'critical',
      zh: `存储丢失了已确认的数据：事件 ${range(lost.eventIds)}${seqs}（${formatTime(lost.detectedAt)} 发现）。取号已跳过可能发出的号码。请恢复最近的完好备份，或确认接受。`,
      en: `The storage lost acknowledged commits: events ${range(lost.eventIds)}${seqsEn} (found ${formatTime(lost.detectedAt)}). Numbering skips numbers that may have been handed out. Restore the newest good backup, or accept the loss.`,
    });
  }
  const backup = status.backup;
  if (!backup) {
    lines.push({ key: 'none', tone: 'warning', zh: '未配置备份', en: 'Backups are not configured' });
    return lines;
  }
  const good = backup.lastGood;
  lines.push(
    good
      ? {
          key: 'last-good',
          tone: 'ok',
          zh: `最近的完好备份：${good.businessDay}（${megabytes(good.bytes)} MB，${formatTime(good.writtenAt)} 写入）`,
          en: `Last good backup: ${good.businessDay} (${megabytes(good.bytes)} MB, written ${formatTime(good.writtenAt)})`,
        }
      : { key: 'last-good', tone: 'critical', zh: '没有完好的备份', en: 'No good backup' },
  );
  if (backup.running) {
    lines.push({ key: 'today', tone: 'ok', zh: '今天的备份正在进行', en: "Today's backup is running" });
  } else if (!backup.todayGood) {
    lines.push({
      key: 'today',
      tone: 'warning',
      zh: `今天还没有完好的备份${backup.lastError ? `：${backup.lastError}` : ''}`,
      en: `No good backup for today yet${backup.lastError ? `: ${backup.lastError}` : ''}`,
    });
  }
  if (backup.sameDisk) {
    lines.push({
      key: 'same-disk',
      tone: 'warning',
      zh: `备份目录 ${backup.folder} 与数据库在同一磁盘上：请改到另一块磁盘`,
      en: `The backup folder ${backup.folder} is on the database's own disk: move it to another disk`,
    });
  }
  return lines;
}
