import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalCluster, startLocalCluster } from '../db/local-cluster.ts';

/** A throwaway cluster in a temporary folder, removed by `stop`. */
export async function startTestCluster(): Promise<LocalCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'hallq-pg-'));
  const cluster = await startLocalCluster({ dir, durable: false });
  return {
    ...cluster,
    async stop() {
      await cluster.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh database of its own for one test file, in a shared cluster. */
export const freshDatabaseName = (label: string): string =>
  `t_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
