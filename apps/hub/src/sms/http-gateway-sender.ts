import { createHmac, randomBytes } from 'node:crypto';
import type { SendOutcome, SmsReceipt, SmsSender } from './sms-sender.ts';

/**
 * An HTTP SMS gateway of the kind carriers and government SMS platforms offer: one signed POST per message, a
 * JSON answer with a result code. The body is JSON or a form, as the platform wants; the signature is an
 * HMAC-SHA256 (hex) of `timestamp \n nonce \n body` with the account's secret, in a header.
 */
export interface HttpGatewayConfig {
  readonly url: string;
  readonly account: string;
  readonly secret: string;
  readonly format: 'json' | 'form';
  readonly signatureHeader: string;
  /** Result codes meaning "accepted"; default ["0"]. */
  readonly okCodes: readonly string[];
  /** Result codes worth trying again later (busy, rate-limited); others are final. Default ["1001", "1002"]. */
  readonly retryCodes: readonly string[];
  /** Where delivery reports are fetched (signed GET, JSON list); null: the gateway sends none. */
  readonly reportUrl: string | null;
  readonly reportEveryMs: number;
}

export const DEFAULT_HTTP_GATEWAY: Omit<HttpGatewayConfig, 'url' | 'account' | 'secret'> = {
  format: 'json',
  signatureHeader: 'x-sms-signature',
  okCodes: ['0'],
  retryCodes: ['1001', '1002'],
  reportUrl: null,
  reportEveryMs: 5000,
};

export function signGatewayRequest(secret: string, timestamp: string, nonce: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${nonce}\n${body}`).digest('hex');
}

/** The fields of one message as the gateway takes them. */
export function gatewayFields(
  account: string,
  message: { reference: string; phone: string; text: string },
): Record<string, string> {
  return { account, mobile: message.phone, content: message.text, reference: message.reference };
}

function encodeBody(format: 'json' | 'form', fields: Record<string, string>): { body: string; type: string } {
  return format === 'json'
    ? { body: JSON.stringify(fields), type: 'application/json; charset=utf-8' }
    : {
        body: new URLSearchParams(fields).toString(),
        type: 'application/x-www-form-urlencoded; charset=utf-8',
      };
}

/** Maps what came back (a status and a body) to an outcome. */
export function gatewayOutcome(
  config: Pick<HttpGatewayConfig, 'okCodes' | 'retryCodes'>,
  status: number,
  body: string,
): SendOutcome {
  if (status === 429 || status >= 500) return { ok: false, retry: true, reason: `HTTP ${status}` };
  let parsed: { code?: unknown; msgId?: unknown; message?: unknown } = {};
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    return { ok: false, retry: status < 400, reason: `HTTP ${status}: unreadable answer` };
  }
  const code = String(parsed.code ?? '');
  const reason = `HTTP ${status} code ${code}${typeof parsed.message === 'string' ? `: ${parsed.message.slice(0, 200)}` : ''}`;
  if (status >= 200 && status < 300 && config.okCodes.includes(code) && typeof parsed.msgId === 'string')
    return { ok: true, gatewayId: parsed.msgId };
  return { ok: false, retry: config.retryCodes.includes(code), reason };
}

export function createHttpGatewaySender(config: HttpGatewayConfig): SmsSender {
  const listeners: ((receipt: SmsReceipt) => void)[] = [];
  const closing = new AbortController();
  let reportTimer: NodeJS.Timeout | null = null;

  const signedHeaders = (body: string) => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = randomBytes(8).toString('hex');
    return {
      'x-sms-account': config.account,
      'x-sms-timestamp': timestamp,
      'x-sms-nonce': nonce,
      [config.signatureHeader]: signGatewayRequest(config.secret, timestamp, nonce, body),
    };
  };

  async function fetchReports(): Promise<void> {
    if (!config.reportUrl) return;
    try {
      const response = await fetch(config.reportUrl, {
        headers: signedHeaders(''),
        signal: AbortSignal.any([AbortSignal.timeout(10_000), closing.signal]),
      });
      if (!response.ok) return;
      const reports = (await response.json()) as { msgId: string; status: string; error?: string }[];
      for (const report of Array.isArray(reports) ? reports : []) {
        const delivered = report.status === 'DELIVRD';
        for (const listener of listeners)
          listener({
            gatewayId: report.msgId,
            delivered,
            reason: delivered ? null : (report.error ?? report.status),
          });
      }
    } catch {
      // A gateway that cannot be reached has no reports now; the next round asks again.
    }
  }

  return {
    kind: 'http',
    dropsRepeats: true,
    async send(message, signal) {
      const { body, type } = encodeBody(config.format, gatewayFields(config.account, message));
      try {
        const response = await fetch(config.url, {
          method: 'POST',
          body,
          headers: { 'content-type': type, ...signedHeaders(body) },
          signal: AbortSignal.any([signal, closing.signal]),
          redirect: 'manual',
        });
        return gatewayOutcome(config, response.status, await response.text());
      } catch (error) {
        const cause =
          error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : '';
        return { ok: false, retry: true, reason: cause || 'no answer' };
      }
    },
    onReceipt(listener) {
      listeners.push(listener);
      if (config.reportUrl && reportTimer === null) {
        reportTimer = setInterval(() => void fetchReports(), config.reportEveryMs);
        reportTimer.unref();
      }
    },
    async close() {
      closing.abort();
      if (reportTimer) clearInterval(reportTimer);
    },
  };
}
