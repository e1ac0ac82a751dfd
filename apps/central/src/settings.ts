/** The centre's settings, from flags (--port 8070) and the environment (HALLQ_CENTRAL_*). */
export interface CentralSettings {
  readonly command: 'serve' | 'register-hall' | 'revoke-hall' | 'add-city-user';
  readonly databaseUrl: string | null;
  readonly host: string;
  readonly port: number;
  readonly tlsCertFile: string | null;
  readonly tlsKeyFile: string | null;
  readonly logLevel: string;
  /** Processes serving hubs on the one port (node:cluster); the JSON, hashing and projections are CPU work. */
  readonly workers: number;
  readonly hall: {
    readonly hallId: string | null;
    readonly name: string | null;
    readonly region: string | null;
  };
  /** add-city-user: --username, --role city-admin|city-supervisor, --region (absent: every hall). */
  readonly user: { readonly username: string | null; readonly role: string | null };
}

export function parseFlags(argv: readonly string[]): { positional: string[]; flags: Map<string, string> } {
  const flags = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [key, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    const next = argv[i + 1];
    if (inline !== undefined) flags.set(key, inline);
    else if (next !== undefined && !next.startsWith('--')) {
      flags.set(key, next);
      i += 1;
    } else flags.set(key, 'true');
  }
  return { positional, flags };
}

export function readCentralSettings(env: NodeJS.ProcessEnv, argv: readonly string[]): CentralSettings {
  const { positional, flags } = parseFlags(argv);
  const pick = (flag: string, envName: string) => flags.get(flag) ?? env[envName] ?? null;
  const command = positional[0] ?? 'serve';
  if (
    command !== 'serve' &&
    command !== 'register-hall' &&
    command !== 'revoke-hall' &&
    command !== 'add-city-user'
  ) {
    throw new Error(`unknown command "${command}" (serve, register-hall, revoke-hall, add-city-user)`);
  }
  const port = Number(pick('port', 'HALLQ_CENTRAL_PORT') ?? 8070);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error('--port must be a port number');
  return {
    command,
    databaseUrl: pick('database-url', 'HALLQ_CENTRAL_DATABASE_URL'),
    host: pick('host', 'HALLQ_CENTRAL_HOST') ?? '127.0.0.1',
    port,
    tlsCertFile: pick('tls-cert', 'HALLQ_CENTRAL_TLS_CERT'),
    tlsKeyFile: pick('tls-key', 'HALLQ_CENTRAL_TLS_KEY'),
    logLevel: pick('log-level', 'HALLQ_CENTRAL_LOG_LEVEL') ?? 'info',
    workers: Math.max(1, Math.floor(Number(pick('workers', 'HALLQ_CENTRAL_WORKERS') ?? 1)) || 1),
    hall: {
      hallId: flags.get('hall-id') ?? null,
      name: flags.get('name') ?? null,
      region: flags.get('region') ?? null,
    },
    user: { username: flags.get('username') ?? null, role: flags.get('role') ?? null },
  };
}
