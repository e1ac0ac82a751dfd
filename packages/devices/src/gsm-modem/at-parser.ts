/** What a modem says: a line of its answer, or the `> ` prompt AT+CMGS waits at for the PDU. */
export type ModemOutput = { readonly type: 'line'; readonly text: string } | { readonly type: 'prompt' };

/**
 * Splits the modem's byte stream into lines (CR LF or a lone CR, empty lines dropped) and the `> ` prompt, which
 * comes with no line end. Chunks may split anywhere; a runaway line without an end is dropped at 4 KiB.
 */
export function createAtParser(emit: (output: ModemOutput) => void) {
  let buffer = '';
  return {
    push(chunk: Uint8Array): void {
      buffer += Buffer.from(chunk).toString('latin1');
      for (;;) {
        const end = buffer.search(/[\r\n]/);
        if (end === -1) break;
        const line = buffer.slice(0, end).trim();
        buffer = buffer.slice(end + 1);
        if (line === '>') emit({ type: 'prompt' });
        else if (line.length > 0) emit({ type: 'line', text: line });
      }
      if (buffer.trimStart() === '> ' || buffer.trimStart() === '>') {
        buffer = '';
        emit({ type: 'prompt' });
      }
      if (buffer.length > 4096) buffer = '';
    },
  };
}
