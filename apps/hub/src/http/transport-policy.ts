import { isIP } from 'node:net';

/** Addresses that only this machine can reach: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost' || bare === '::1' || bare === '0:0:0:0:0:0:0:1') return true;
  if (bare.startsWith('::ffff:')) return isLoopbackHost(bare.slice('::ffff:'.length));
  return isIP(bare) === 4 && bare.startsWith('127.');
}

/** Why plain HTTP on the hall's LAN is dangerous; printed on refusal and as the warning with --insecure-lan. */
export const PLAIN_LAN_DANGER =
  'Plain HTTP on the LAN: anyone on the hall network can read ID numbers, names, clerk passwords and device ' +
  'tokens as they pass, and take over any screen with a stolen token.';

export type TransportDecision =
  | { readonly listen: true; readonly warning: string | null }
  | { readonly listen: false; readonly reason: string };

/**
 * Whether the hub may listen where it was told to: loopback always; any other address only over TLS, or with
 * `--insecure-lan` (HALLQ_INSECURE_LAN=1) said on purpose, and then with a warning.
 */
export function transportDecision(settings: {
  readonly host: string;
  readonly tls: boolean;
  readonly insecureLan: boolean;
}): TransportDecision {
  if (settings.tls || isLoopbackHost(settings.host)) return { listen: true, warning: null };
  if (settings.insecureLan) {
    return {
      listen: true,
      warning: `WARNING: listening on ${settings.host} without TLS (--insecure-lan). ${PLAIN_LAN_DANGER}`,
    };
  }
  return {
    listen: false,
    reason: [
      `Refusing to listen on ${settings.host} without TLS.`,
      PLAIN_LAN_DANGER,
      'Give the hub a certificate (--tls-cert, --tls-key; `npm run hallctl -- cert --help` makes a hall CA and',
      'a server certificate), or listen on 127.0.0.1, or accept the risk with --insecure-lan',
      '(HALLQ_INSECURE_LAN=1).',
    ].join('\n'),
  };
}
