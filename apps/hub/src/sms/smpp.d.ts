/**
 * The few parts of `smpp` 0.5 (farhadi/node-smpp, no types of its own) that the SMPP sender and its
 * simulator use. Field names are the SMPP specification's.
 */
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';
  import type { Server as NetServer } from 'node:net';

  export type SmppMessage = string | Buffer | { udh?: Buffer; message: string | Buffer };

  export interface Pdu {
    command: string;
    command_status: number;
    sequence_number: number;
    system_id?: string;
    password?: string;
    message_id?: string;
    source_addr?: string;
    destination_addr?: string;
    esm_class?: number;
    data_coding?: number;
    registered_delivery?: number;
    short_message?: { udh?: Buffer[]; message: string } | Buffer | string;
    message_payload?: { message: string } | Buffer | string;
    receipted_message_id?: string;
    message_state?: number;
    response(options?: Record<string, unknown>): Pdu;
  }

  export interface Session extends EventEmitter {
    send(pdu: Pdu, responseCallback?: (pdu: Pdu) => void, sendCallback?: () => void): boolean;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
    pause(): void;
    resume(): void;
    bind_transceiver(options: Record<string, unknown>, callback?: (pdu: Pdu) => void): boolean;
    submit_sm(options: Record<string, unknown>, callback?: (pdu: Pdu) => void): boolean;
    deliver_sm(options: Record<string, unknown>, callback?: (pdu: Pdu) => void): boolean;
    unbind(options?: Record<string, unknown>, callback?: (pdu: Pdu) => void): boolean;
  }

  export interface Server extends NetServer {
    sessions: Session[];
  }

  export interface SmppModule {
    connect(
      options: { url: string; auto_enquire_link_period?: number; connectTimeout?: number },
      listener?: () => void,
    ): Session;
    createServer(listener: (session: Session) => void): Server;
    readonly ESME_ROK: number;
    readonly ESME_RBINDFAIL: number;
    readonly ESME_RTHROTTLED: number;
    readonly ESME_RMSGQFUL: number;
    readonly ESME_RSYSERR: number;
    readonly ESME_RINVDSTADR: number;
    readonly ESME_RINVBNDSTS: number;
  }
  /** CommonJS: the module object is the default export (its status constants are set in a loop). */
  const smpp: SmppModule;
  export default smpp;
}
