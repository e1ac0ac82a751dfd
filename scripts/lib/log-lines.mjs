// `npm start` shows the programs' JSON log entries (pino's in the hub, the agent's own) as one readable line each:
// a newcomer reads the console, a hall's journal keeps the JSON.

const PINO_LEVELS = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
/** Fields every entry has, or that say nothing to a reader of the console. */
const QUIET_FIELDS = new Set(['level', 'time', 'msg', 'message', 'app', 'pid', 'hostname']);

const field = (value) => (typeof value === 'string' ? value : JSON.stringify(value));

/** One console line for a log entry of `source`; any other line comes back as it was. */
export function formatLogLine(line, source) {
  if (!line.startsWith('{')) return line;
  let entry;
  try {
    entry = JSON.parse(line);
  } catch {
    return line; // not a log entry after all: shown as it came
  }
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return line;
  const level =
    typeof entry.level === 'number'
      ? (PINO_LEVELS[entry.level] ?? String(entry.level))
      : field(entry.level ?? 'info');
  const at = typeof entry.time === 'number' ? new Date(entry.time) : new Date();
  const details = Object.entries(entry)
    .filter(([key]) => !QUIET_FIELDS.has(key))
    .map(([key, value]) => `${key}=${field(value)}`)
    .join(' ');
  const message = field(entry.msg ?? entry.message ?? '');
  return `${at.toTimeString().slice(0, 8)} ${source} ${level}: ${message}${details ? ` (${details})` : ''}`;
}
