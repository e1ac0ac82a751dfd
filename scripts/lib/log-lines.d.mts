/** One console line for a JSON log entry of `source`; any other line comes back as it was. */
export function formatLogLine(line: string, source: string): string;
