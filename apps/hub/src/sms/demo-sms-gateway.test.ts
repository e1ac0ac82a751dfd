import { describe, expect, it } from 'vitest';
import { startDemoSmsGateway } from './demo-sms-gateway.ts';

describe('the demo SMS gateway', () => {
  it('prints each message it takes, with the number masked', async () => {
    const lines: string[] = [];
    let printed: () => void = () => {};
    const arrived = new Promise<void>((resolve) => {
      printed = resolve;
    });
    const gateway = await startDemoSmsGateway((line) => {
      lines.push(line);
      printed();
    });
    try {
      const outcome = await gateway.sender.send(
        { reference: 'demo-1', phone: '13812341234', text: '【示范区政务服务中心】请A001号到1号窗口办理。' },
        new AbortController().signal,
      );
      expect(outcome.ok).toBe(true);
      await arrived;
      expect(lines).toEqual(['短信 SMS → 138****1234: 【示范区政务服务中心】请A001号到1号窗口办理。\n']);
    } finally {
      await gateway.sender.close();
      await gateway.close();
    }
  });
});
