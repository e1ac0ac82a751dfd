import type { HallConfig } from '@hallq/protocol';

const text = (zh: string, en: string) => ({ zh, en });

/** A hall for hub tests: `services` services (A, B, C …) and `windows` windows each serving all of them. */
export function testHall(
  options: {
    services?: number;
    windows?: number;
    openingHours?: HallConfig['services'][number]['openingHours'];
  } = {},
): HallConfig {
  const serviceCount = options.services ?? 3;
  const windowCount = options.windows ?? 4;
  const services = Array.from({ length: serviceCount }, (_, i) => ({
    id: `svc-${i + 1}`,
    prefix: String.fromCharCode(65 + i),
    name: text(`业务${i + 1}`, `Service ${i + 1}`),
    numberWidth: 3,
    dailyLimit: null,
    perIdLimit: 1,
    openingHours: options.openingHours ?? [{ from: '00:00', to: '24:00' }],
    waitingArea: text('一楼', 'Floor 1'),
    enabled: true,
    defaultServiceMinutes: 5,
    slaWaitMinutes: 30,
    slaServiceMinutes: 20,
    guide: { materials: [text('身份证', 'ID card')], notes: [] },
  }));
  const windows = Array.from({ length: windowCount }, (_, i) => ({
    id: `w${i + 1}`,
    number: i + 1,
    name: text(`${i + 1}号窗口`, `Window ${i + 1}`),
    serviceIds: services.map((s) => s.id),
    enabled: true,
    zone: i % 2 === 0 ? '1F' : '2F',
  }));
  return {
    name: text('测试大厅', 'Test Hall'),
    rules: {
      timeZone: 'Asia/Shanghai',
      callPolicy: 'earliest-first',
      dayChangePolicy: 'expire',
      noShowMinCalls: 2,
      noShowMinWaitSeconds: 120,
      priorityMinAge: 70,
      slaPauseMinutes: 30,
    },
    services,
    windows,
  };
}
