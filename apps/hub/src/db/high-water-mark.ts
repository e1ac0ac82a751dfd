import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fdatasyncSync,
  fstatSync,
  fsyncSync,
  openSync,
  readSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';

/**
 * The out-of-band high-water mark: where the event log stood after the last committed batch, kept outside the
 * database so that storage which drops an acknowledged commit (a disk or virtual machine that lies about fsync,
 * a damaged WAL tail) cannot roll it back together with the log and its anchor.
 */
export interface HighWaterMark {
  /** The last event's id and hash, and the last position in the hall stream. */
  readonly eventId: number;
  readonly hash: string;
  readonly hallSeq: number;
  /** The business day of the queue and each service's last issued number that day. */
  readonly businessDay: string;
  readonly lastSequence: Readonly<Record<string, number>>;
}

/**
 * Two fixed slots of 4 KiB (one page each; room for about a hundred services that issued today), written in
 * turn, each with its own counter and checksum: a write torn by a crash spoils at most the slot being written,
 * and the other still holds the mark before it. One write and one fdatasync per committed batch.
 */
const SLOT_BYTES = 4096;
const MAGIC = 'HALLQ-MARK-1';

export interface MarkFile {
  /** The newest intact mark, or null for a new file (or one with no intact slot). */
  read(): HighWaterMark | null;
  /** Writes the mark and waits until it is on the disk. */
  write(mark: HighWaterMark): void;
  close(): void;
}

interface Slot {
  readonly counter: number;
  readonly mark: HighWaterMark;
}

function checksum(body: string): string {
  return createHash('sha256').update(body).digest('hex');
}

function encodeSlot(counter: number, mark: HighWaterMark): Buffer {
  const body = JSON.stringify({ counter, mark });
  const line = `${MAGIC} ${checksum(body)} ${body}\n`;
  const bytes = Buffer.alloc(SLOT_BYTES);
  if (Buffer.byteLength(line) > SLOT_BYTES) {
    throw new Error(
      `the high-water mark (${Buffer.byteLength(line)} bytes) does not fit its ${SLOT_BYTES}-byte slot`,
    );
  }
  bytes.write(line);
  return bytes;
}

function decodeSlot(bytes: Buffer): Slot | null {
  const text = bytes.toString('utf8');
  const end = text.indexOf('\n');
  if (end < 0 || !text.startsWith(`${MAGIC} `)) return null;
  const line = text.slice(MAGIC.length + 1, end);
  const space = line.indexOf(' ');
  const body = line.slice(space + 1);
  if (space !== 64 || checksum(body) !== line.slice(0, space)) return null;
  try {
    const parsed = JSON.parse(body) as Slot;
    return typeof parsed.counter === 'number' && typeof parsed.mark?.eventId === 'number' ? parsed : null;
  } catch {
    return null;
  }
}

export function openMarkFile(path: string): MarkFile {
  if (!existsSync(path)) {
    closeSync(openSync(path, 'a+', 0o600));
    // The new file's name must survive a power cut too.
    const folder = openSync(dirname(path), 'r');
    try {
      fsyncSync(folder);
    } finally {
      closeSync(folder);
    }
  }
  const handle = openSync(path, 'r+');
  let counter = 0;

  function readSlots(): Slot[] {
    const size = fstatSync(handle).size;
    const slots: Slot[] = [];
    for (let i = 0; i < 2; i += 1) {
      if (size < (i + 1) * SLOT_BYTES) continue;
      const bytes = Buffer.alloc(SLOT_BYTES);
      readSync(handle, bytes, 0, SLOT_BYTES, i * SLOT_BYTES);
      const slot = decodeSlot(bytes);
      if (slot) slots.push(slot);
    }
    return slots.sort((a, b) => b.counter - a.counter);
  }
  counter = readSlots()[0]?.counter ?? 0;

  return {
    read() {
      return readSlots()[0]?.mark ?? null;
    },
    write(mark) {
      counter += 1;
      writeSync(handle, encodeSlot(counter, mark), 0, SLOT_BYTES, (counter % 2) * SLOT_BYTES);
      fdatasyncSync(handle);
    },
    close() {
      closeSync(handle);
    },
  };
}
