import { resolve } from 'node:path';
import { DEFAULT_ADMISSION_SETTINGS } from './socket/admission/defaults.ts';

export interface HubSettings {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly hallFile: string;
  readonly tlsCertFile: string | null;
  readonly tlsKeyFile: string | null;
  /** Listen on a non-loopback address without TLS anyway (--insecure-lan, HALLQ_INSECURE_LAN=1). */
  readonly insecureLan: boolean;
  readonly backupDir: string;
  readonly backupKeepDays: number;
  /** How long after a failed backup (a full disk) the next attempt waits. */
  readonly backupRetryMs: number;
  /** How often the hub looks at the clock (day change, rating timeouts, the daily backup). */
  readonly tickMs: number;
  readonly identityRetentionDays: number;
  /**
   * Tickets one kiosk may issue: a steady rate per minute and a burst (--kiosk-issues-per-minute,
   * --kiosk-issue-burst; HALLQ_KIOSK_ISSUES_PER_MINUTE, HALLQ_KIOSK_ISSUE_BURST). The defaults bound what a stolen
   * kiosk token can drain; a hall whose one kiosk serves a crowd raises them.
   */
  readonly kioskIssuesPerMinute: number;
  readonly kioskIssueBurst: number;
  readonly logLevel: string;
  readonly webDir: string;
  /** Register demo devices (kiosk, lobby, counters, pads) on start and print their URLs. */
  readonly demo: boolean;
  /**
   * The public listener (visitors' phones): its port (--public-port, HALLQ_PUBLIC_PORT; absent: no public listener)
   * and address (--public-host, HALLQ_PUBLIC_HOST; default loopback, for a reverse proxy in front of it).
   */
  readonly publicPort: number | null;
  readonly publicHost: string;
  /**
   * The address visitors' phones reach the public listener at (--public-url, HALLQ_PUBLIC_URL): what the tickets'
   * QR codes open. Null: the public listener's own address.
   */
  readonly publicBaseUrl: string | null;
  /** A reverse proxy on this machine fronts the public listener (--public-trust-proxy, HALLQ_PUBLIC_TRUST_PROXY=1). */
  readonly publicTrustProxy: boolean;
  /** The kiosk device agent the demo kiosk link names (`npm start` passes the simulated agent's address). */
  readonly agentUrl: string | null;
  /** The city centre to push the log to (--central-url, --hall-id, --central-token); null: none. */
  readonly central: {
    readonly url: string;
    readonly hallId: string;
    readonly token: string;
    /** The city CA's certificate file (--central-ca), when the centre's certificate is from the city's own CA. */
    readonly caFile: string | null;
  } | null;
}

const int = (value: string | undefined, fallback: number, name: string): number => {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, not "${value}"`);
  return n;
};

/**
 * Hub settings from the environment (HALLQ_*) and command-line flags (--port 8081, --demo). Defaults are the
 * demo's: loopback only, so nothing is exposed until a hall sets its LAN address on purpose.
 */
export function readSettings(env: NodeJS.ProcessEnv, argv: readonly string[], repoRoot: string): HubSettings {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) continue;
    const [key, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    const next = argv[i + 1];
    if (inline !== undefined) flags.set(key, inline);
    else if (next !== undefined && !next.startsWith('--')) {
      flags.set(key, next);
      i += 1;
    } else flags.set(key, 'true');
  }
  const pick = (flag: string, envName: string) => flags.get(flag) ?? env[envName];
  const dataDir = resolve(pick('data', 'HALLQ_DATA_DIR') ?? resolve(repoRoot, 'data'));
  return {
    host: pick('host', 'HALLQ_HOST') ?? '127.0.0.1',
    port: int(pick('port', 'HALLQ_PORT'), 8080, 'port'),
    dataDir,
    hallFile: resolve(pick('hall', 'HALLQ_HALL_FILE') ?? resolve(repoRoot, 'apps/hub/halls/demo-hall.json')),
    tlsCertFile: pick('tls-cert', 'HALLQ_TLS_CERT') ?? null,
    tlsKeyFile: pick('tls-key', 'HALLQ_TLS_KEY') ?? null,
    insecureLan: ['1', 'true'].includes(pick('insecure-lan', 'HALLQ_INSECURE_LAN') ?? ''),
    backupDir: resolve(pick('backup-dir', 'HALLQ_BACKUP_DIR') ?? resolve(dataDir, 'backups')),
    backupKeepDays: int(pick('backup-keep', 'HALLQ_BACKUP_KEEP_DAYS'), 14, 'backup-keep'),
    backupRetryMs: int(pick('backup-retry-ms', 'HALLQ_BACKUP_RETRY_MS'), 600_000, 'backup-retry-ms'),
    tickMs: int(pick('tick-ms', 'HALLQ_TICK_MS'), 2000, 'tick-ms'),
    identityRetentionDays: int(
      pick('identity-retention-days', 'HALLQ_IDENTITY_RETENTION_DAYS'),
      180,
      'retention',
    ),
    kioskIssuesPerMinute: int(
      pick('kiosk-issues-per-minute', 'HALLQ_KIOSK_ISSUES_PER_MINUTE'),
      DEFAULT_ADMISSION_SETTINGS.issuesPerMinute,
      'kiosk-issues-per-minute',
    ),
    kioskIssueBurst: int(
      pick('kiosk-issue-burst', 'HALLQ_KIOSK_ISSUE_BURST'),
      DEFAULT_ADMISSION_SETTINGS.issueBurst,
      'kiosk-issue-burst',
    ),
    logLevel: pick('log-level', 'HALLQ_LOG_LEVEL') ?? 'info',
    webDir: resolve(repoRoot, 'apps'),
    demo: (pick('demo', 'HALLQ_DEMO') ?? 'false') === 'true',
    agentUrl: pick('agent-url', 'HALLQ_AGENT_URL') ?? null,
    central: centralLink(
      pick('central-url', 'HALLQ_CENTRAL_URL'),
      pick('hall-id', 'HALLQ_HALL_ID'),
      pick('central-token', 'HALLQ_CENTRAL_TOKEN'),
      pick('central-ca', 'HALLQ_CENTRAL_CA'),
    ),
    publicPort: pick('public-port', 'HALLQ_PUBLIC_PORT')
      ? int(pick('public-port', 'HALLQ_PUBLIC_PORT'), 0, 'public-port')
      : null,
    publicHost: pick('public-host', 'HALLQ_PUBLIC_HOST') ?? '127.0.0.1',
    publicBaseUrl: publicBaseUrlOf(pick('public-url', 'HALLQ_PUBLIC_URL')),
    publicTrustProxy: ['1', 'true'].includes(pick('public-trust-proxy', 'HALLQ_PUBLIC_TRUST_PROXY') ?? ''),
  };
}

/** All three of the centre's settings, or none of them. */
function centralLink(
  url: string | undefined,
  hallId: string | undefined,
  token: string | undefined,
  caFile: string | undefined,
) {
  if (!url && !hallId && !token) return null;
  if (!url || !hallId || !token) {
    throw new Error('a city centre needs all of --central-url, --hall-id and --central-token');
  }
  if (!/^https?:\/\//.test(url)) throw new Error(`--central-url must be an http(s) address, not "${url}"`);
  return { url, hallId, token, caFile: caFile ? resolve(caFile) : null };
}

/** A public base URL as given (http(s), no trailing slash), or null when none is; anything else is refused. */
function publicBaseUrlOf(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`public-url must be an http(s) address, not "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`public-url must be an http(s) address, not "${value}"`);
  return url.href.replace(/\/+$/, '');
}
