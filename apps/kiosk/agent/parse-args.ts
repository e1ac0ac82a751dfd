export interface AgentArgs {
  readonly simulate: boolean;
  readonly configFile: string | null;
  readonly profilesDir: string | null;
  readonly port: number | null;
  readonly printerPort: number | null;
  /** The hub serving the kiosk page (overrides the config's `hubUrl`); the Electron shell passes it. */
  readonly hubUrl: string | null;
}

export class AgentArgsError extends Error {
  readonly code = 'AGENT_ARGS_INVALID';
}

const portOf = (flag: string, value: string | undefined): number => {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new AgentArgsError(`${flag}: not a port: ${value}`);
  return port;
};

/**
 * `--simulate`, `--config FILE`, `--profiles DIR`, `--port N`, `--printer-port N`, `--hub URL` (also
 * `--flag=value`). The port can also come from the environment (`HALLQ_AGENT_PORT`); the flag wins.
 */
export function parseAgentArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}): AgentArgs {
  let simulate = false;
  let configFile: string | null = null;
  let profilesDir: string | null = null;
  let port: number | null = env.HALLQ_AGENT_PORT ? portOf('HALLQ_AGENT_PORT', env.HALLQ_AGENT_PORT) : null;
  let printerPort: number | null = null;
  let hubUrl: string | null = null;
  for (let i = 0; i < argv.length; i += 1) {
    const raw = argv[i]!;
    const [flag, inline] = raw.includes('=') ? (raw.split(/=(.*)/s) as [string, string]) : [raw, undefined];
    const value = (): string => {
      if (inline !== undefined) return inline;
      i += 1;
      const next = argv[i];
      if (next === undefined) throw new AgentArgsError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--simulate':
        simulate = true;
        break;
      case '--config':
        configFile = value();
        break;
      case '--profiles':
        profilesDir = value();
        break;
      case '--port':
        port = portOf(flag, value());
        break;
      case '--printer-port':
        printerPort = portOf(flag, value());
        break;
      case '--hub':
        hubUrl = value();
        break;
      default:
        throw new AgentArgsError(`unknown option ${raw}`);
    }
  }
  return { simulate, configFile, profilesDir, port, printerPort, hubUrl };
}
