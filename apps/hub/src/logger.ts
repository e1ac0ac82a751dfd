import { type Logger, pino } from 'pino';

/**
 * The hub's logger. Personal data must never reach a log: the paths below are redacted as a safety net, and
 * the code never logs identities in the first place.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'hallq-hub' },
      redact: {
        paths: [
          'identity',
          '*.identity',
          'idNumber',
          '*.idNumber',
          'name',
          '*.name',
          'password',
          '*.password',
          'token',
          '*.token',
          'sessionToken',
          '*.sessionToken',
          'deviceToken',
          '*.deviceToken',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
