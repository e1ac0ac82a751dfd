import type { ScanGarbledReason } from './scan-framing.ts';

/**
 * What the visitor is told about a scan that could not be used, whichever scanner read it (the serial driver, or a
 * keyboard-wedge scanner typing into the kiosk's page). Pure text, so the kiosk's page imports it too
 * (`@hallq/devices/scan-wording`) without the serial code.
 */
export const SCAN_GARBLED_WORDING: Readonly<Record<ScanGarbledReason, { zh: string; en: string }>> = {
  'not-text': {
    zh: '未能识别扫描内容，请将二维码对准扫描窗口重新扫描',
    en: 'The scan could not be read. Hold the QR code in front of the scanner and try again.',
  },
  'too-long': {
    zh: '扫描内容过长，不是本大厅的预约码',
    en: 'That code is too long to be a booking code of this hall.',
  },
  'missing-prefix': {
    zh: '扫描内容格式不符，请联系工作人员检查扫描器设置',
    en: 'The scan has an unexpected format. Please ask staff to check the scanner settings.',
  },
  incomplete: {
    zh: '扫描未完成，请重新扫描',
    en: 'The scan was cut short. Please scan again.',
  },
};
