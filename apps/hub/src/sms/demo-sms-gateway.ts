import { randomBytes } from 'node:crypto';
import { maskMobile } from '@hallq/protocol';
import { createHttpGatewaySender, DEFAULT_HTTP_GATEWAY } from './http-gateway-sender.ts';
import { startHttpGatewaySimulator } from './http-gateway-simulator.ts';

/**
 * The demo's SMS gateway: the HTTP gateway simulator on a free loopback port, with a secret of this boot, and the
 * sender that talks to it. Each message it takes is printed (the number masked), so `npm start` shows texts
 * arriving as tickets are issued and called.
 */
export async function startDemoSmsGateway(print: (line: string) => void) {
  const account = 'hallq-demo';
  const secret = randomBytes(24).toString('base64url');
  const gateway = await startHttpGatewaySimulator({
    account,
    secret,
    onMessage: (sms) => print(`短信 SMS → ${maskMobile(sms.phone)}: ${sms.text}\n`),
  });
  const sender = createHttpGatewaySender({
    ...DEFAULT_HTTP_GATEWAY,
    url: gateway.url,
    account,
    secret,
    reportUrl: gateway.reportUrl,
    reportEveryMs: 2000,
  });
  return { url: gateway.url, sender, close: gateway.close };
}
