/*
 * Typings for two serialport packages whose package.json "exports" map hides their own .d.ts from
 * `moduleResolution: "bundler"` (TS7016). Copied from the installed versions' dist/index.d.ts
 * (@serialport/bindings-interface 1.2.2, @serialport/binding-mock 10.2.2); only the shapes, no docs.
 * Remove when the packages ship a "types" export condition.
 */
declare module '@serialport/bindings-interface' {
  export interface OpenOptions {
    path: string;
    baudRate: number;
    dataBits?: 5 | 6 | 7 | 8;
    lock?: boolean;
    stopBits?: 1 | 1.5 | 2;
    parity?: string;
    rtscts?: boolean;
    xon?: boolean;
    xoff?: boolean;
    xany?: boolean;
    hupcl?: boolean;
  }
  export interface PortInfo {
    path: string;
    manufacturer: string | undefined;
    serialNumber: string | undefined;
    pnpId: string | undefined;
    locationId: string | undefined;
    productId: string | undefined;
    vendorId: string | undefined;
  }
  export interface PortStatus {
    cts: boolean;
    dsr: boolean;
    dcd: boolean;
  }
  export interface SetOptions {
    brk?: boolean;
    cts?: boolean;
    dsr?: boolean;
    dtr?: boolean;
    rts?: boolean;
  }
  export interface UpdateOptions {
    baudRate: number;
  }
  export interface BindingsErrorInterface extends Error {
    canceled?: boolean;
  }
  export interface BindingPortInterface {
    readonly openOptions: Required<OpenOptions>;
    isOpen: boolean;
    close(): Promise<void>;
    read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }>;
    write(buffer: Buffer): Promise<void>;
    update(options: UpdateOptions): Promise<void>;
    set(options: SetOptions): Promise<void>;
    get(): Promise<PortStatus>;
    getBaudRate(): Promise<{ baudRate: number }>;
    flush(): Promise<void>;
    drain(): Promise<void>;
  }
  export interface BindingInterface<
    T extends BindingPortInterface = BindingPortInterface,
    R extends OpenOptions = OpenOptions,
    P extends PortInfo = PortInfo,
  > {
    list(): Promise<P[]>;
    open(options: R): Promise<T>;
  }
  // biome-ignore lint/suspicious/noExplicitAny: verbatim from the upstream typings (conditional type inference)
  export type OpenOptionsFromBinding<Binding> = Binding extends BindingInterface<any, infer T> ? T : never;
  // biome-ignore lint/suspicious/noExplicitAny: verbatim from the upstream typings (conditional type inference)
  export type PortInfoFromBinding<Binding> = Binding extends BindingInterface<any, any, infer T> ? T : never;
  export type PortInterfaceFromBinding<Binding> = Binding extends BindingInterface<infer T> ? T : never;
}

declare module '@serialport/binding-mock' {
  import type {
    BindingInterface,
    BindingPortInterface,
    OpenOptions,
    PortInfo,
    PortStatus,
    SetOptions,
    UpdateOptions,
  } from '@serialport/bindings-interface';

  export class CanceledError extends Error {
    canceled: true;
    constructor(message: string);
  }
  export interface CreatePortOptions {
    echo?: boolean;
    record?: boolean;
    readyData?: Buffer;
    maxReadSize?: number;
    manufacturer?: string;
    vendorId?: string;
    productId?: string;
  }
  export interface MockPortInternal {
    data: Buffer;
    echo: boolean;
    record: boolean;
    info: PortInfo;
    maxReadSize: number;
    readyData?: Buffer;
    openOpt?: OpenOptions;
  }
  export class MockPortBinding implements BindingPortInterface {
    readonly openOptions: Required<OpenOptions>;
    readonly port: MockPortInternal;
    lastWrite: null | Buffer;
    recording: Buffer;
    writeOperation: null | Promise<void>;
    isOpen: boolean;
    serialNumber?: string;
    constructor(port: MockPortInternal, openOptions: Required<OpenOptions>);
    emitData(data: Buffer | string): void;
    close(): Promise<void>;
    read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }>;
    write(buffer: Buffer): Promise<void>;
    update(options: UpdateOptions): Promise<void>;
    set(options: SetOptions): Promise<void>;
    get(): Promise<PortStatus>;
    getBaudRate(): Promise<{ baudRate: number }>;
    flush(): Promise<void>;
    drain(): Promise<void>;
  }
  export interface MockBindingInterface extends BindingInterface<MockPortBinding> {
    reset(): void;
    createPort(path: string, opt?: CreatePortOptions): void;
  }
  export const MockBinding: MockBindingInterface;
}
