import type { HallConfig, SmsSettings } from '@hallq/protocol';
import { testHall } from '../../testing/test-hall.ts';

export const TEST_SMS_SETTINGS: SmsSettings = {
  enabled: true,
  sender: 'http',
  signature: '【测试大厅】',
  templates: {
    issued: {
      zh: '您已取号{number}，前面还有{peopleAhead}人。',
      en: 'Ticket {number}: {peopleAhead} ahead.',
    },
    'n-ahead': { zh: '{number}号前面还有{peopleAhead}人，请回到等候区。' },
    called: { zh: '请{number}号到{window}号窗口办理。' },
    'no-show-warning': { zh: '{number}号请尽快到{window}号窗口，否则将作过号处理。' },
  },
  peopleAheadThreshold: 3,
  dailyCapPerNumber: 5,
  quietHours: { from: '21:00', to: '08:00' },
  reminderAt: '18:00',
  maxSegments: 3,
};

/** The hub tests' hall with text messages on. */
export function smsTestHall(settings: Partial<SmsSettings> = {}, hall: HallConfig = testHall()): HallConfig {
  return { ...hall, sms: { ...TEST_SMS_SETTINGS, ...settings } };
}

/** A distinct valid mobile number per index. */
export const phoneNumber = (i: number): string => `139${String(10_000_000 + i).slice(-8)}`;
