import { MockBinding } from '@serialport/binding-mock';
import type { SerialBinding, Unsubscribe } from '../serial-connection.ts';
import type { DeviceEndpoint } from './device-endpoint.ts';

type BindingPort = Awaited<ReturnType<SerialBinding['open']>>;
type MockPort = Awaited<ReturnType<typeof MockBinding.open>>;

export interface MockSerialLinkOptions {
  /**
   * The device's UART rate. When set, bytes crossing the line while host and device rates differ arrive
   * garbled, as on a real cable (lets auto-baud detection be tested). Unset: any rate works.
   */
  readonly deviceBaudRate?: number;
}

/**
 * An in-memory serial cable built on `MockBinding`: pass `binding` and `path` to the host-side code (e.g. a
 * driver's serial connection) and attach a simulator to `device`. Unlike bare MockBinding it delivers the
 * host's writes to the device and can be unplugged (open fails, reads fail with a disconnect) and replugged.
 */
export interface MockSerialLink {
  readonly path: string;
  readonly binding: SerialBinding;
  readonly device: DeviceEndpoint;
  /** Rate the host opened or last set, while the host's port is open. */
  readonly hostBaudRate: number | undefined;
  /** Every byte the host wrote, in order. */
  readonly hostWrites: readonly Uint8Array[];
  readonly unplugged: boolean;
  unplug(): void;
  replug(): void;
}

/** A bit pattern a receiver at the wrong rate might see instead of `byte`. */
const garble = (bytes: Uint8Array): Uint8Array => bytes.map((byte) => (byte ^ 0x5a) | 0x80);

let linkCount = 0;

export function createMockSerialLink(
  path = `/dev/mock-link-${++linkCount}`,
  options: MockSerialLinkOptions = {},
): MockSerialLink {
  MockBinding.createPort(path, { record: false });
  let unplugged = false;
  let deviceBaudRate = options.deviceBaudRate;
  let current: LinkPort | undefined;
  const hostWrites: Uint8Array[] = [];
  const deviceListeners = new Set<(chunk: Uint8Array) => void>();

  const mismatched = (): boolean =>
    deviceBaudRate !== undefined && current !== undefined && current.baudRate !== deviceBaudRate;

  class LinkPort implements BindingPort {
    baudRate: number;
    private lost = false;
    private closed = false;
    private readonly failPendingRead = new Set<(error: Error) => void>();

    constructor(private readonly inner: MockPort) {
      this.baudRate = inner.openOptions.baudRate;
    }

    get openOptions() {
      return this.inner.openOptions;
    }

    /** Stays true after an unplug until the host closes it, like a vanished tty's file descriptor. */
    get isOpen() {
      return !this.closed;
    }

    /** Called on unplug: in-flight reads fail the way a vanished tty does. */
    lose(): void {
      if (this.lost) return;
      this.lost = true;
      for (const fail of this.failPendingRead) fail(new Error('bad file descriptor (unplugged)'));
      this.failPendingRead.clear();
      if (this.inner.isOpen) this.inner.close().catch(() => undefined);
    }

    receive(bytes: Uint8Array): void {
      if (!this.lost && this.inner.isOpen) this.inner.emitData(Buffer.from(bytes));
    }

    read(buffer: Buffer, offset: number, length: number) {
      if (this.lost) return Promise.reject(new Error('bad file descriptor (unplugged)'));
      return new Promise<{ buffer: Buffer; bytesRead: number }>((resolve, reject) => {
        const fail = (error: Error) => reject(error);
        this.failPendingRead.add(fail);
        this.inner.read(buffer, offset, length).then(
          (result) => {
            this.failPendingRead.delete(fail);
            resolve(result);
          },
          (error: unknown) => {
            this.failPendingRead.delete(fail);
            reject(error);
          },
        );
      });
    }

    async write(buffer: Buffer): Promise<void> {
      if (this.lost) throw new Error('EIO: i/o error (unplugged)');
      await this.inner.write(buffer);
      const sent = new Uint8Array(buffer);
      hostWrites.push(sent);
      const delivered = mismatched() ? garble(sent) : sent;
      for (const listener of [...deviceListeners]) listener(delivered);
    }

    async close(): Promise<void> {
      if (this.closed) throw new Error('Port is not open');
      this.closed = true;
      if (current === this) current = undefined;
      if (this.lost) return;
      await this.inner.close();
    }

    async update(update: { baudRate: number }): Promise<void> {
      await this.inner.update(update);
      this.baudRate = update.baudRate;
    }

    set(set: Parameters<MockPort['set']>[0]) {
      return this.inner.set(set);
    }
    get() {
      return this.inner.get();
    }
    getBaudRate() {
      return Promise.resolve({ baudRate: this.baudRate });
    }
    flush() {
      return this.inner.flush();
    }
    drain() {
      return this.inner.drain();
    }
  }

  const binding: SerialBinding = {
    list: () => MockBinding.list(),
    async open(openOptions) {
      if (unplugged || openOptions.path !== path) {
        throw new Error(`Error: No such file or directory, cannot open ${openOptions.path}`);
      }
      const inner = await MockBinding.open(openOptions);
      const port = new LinkPort(inner);
      if (unplugged) {
        port.lose();
        throw new Error(`Error: No such file or directory, cannot open ${openOptions.path}`);
      }
      current = port;
      return port;
    },
  };

  const device: DeviceEndpoint = {
    write(bytes) {
      if (!current || unplugged) return;
      current.receive(mismatched() ? garble(bytes) : bytes);
    },
    onData(listener): Unsubscribe {
      deviceListeners.add(listener);
      return () => deviceListeners.delete(listener);
    },
    setBaudRate(baudRate) {
      deviceBaudRate = baudRate;
    },
  };

  return {
    path,
    binding,
    device,
    get hostBaudRate() {
      return current?.baudRate;
    },
    hostWrites,
    get unplugged() {
      return unplugged;
    },
    unplug() {
      unplugged = true;
      const port = current;
      current = undefined;
      port?.lose();
    },
    replug() {
      unplugged = false;
    },
  };
}
