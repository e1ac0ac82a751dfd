import { DEFAULT_SMS_SETTINGS, SmsSettings } from '@hallq/protocol';
import { describe, expect, it } from 'vitest';
import { composeMessage, countSegments, overlongTemplates, renderTemplate } from './sms-text.ts';

describe('SMS text', () => {
  it('fills placeholders and leaves none it does not know', () => {
    expect(
      renderTemplate('您的号码{number}，前面还有{peopleAhead}人。{link}', { number: 'A012', peopleAhead: 3 }),
    ).toBe('您的号码A012，前面还有3人。');
  });

  it('counts 70 Chinese characters as one segment and 71 as two (67 per part once concatenated)', () => {
    expect(countSegments('请'.repeat(70))).toEqual({ encoding: 'UCS-2', characters: 70, segments: 1 });
    expect(countSegments('请'.repeat(71)).segments).toBe(2);
    expect(countSegments('请'.repeat(134)).segments).toBe(2);
    expect(countSegments('请'.repeat(135)).segments).toBe(3);
  });

  it('counts plain Latin text in GSM-7 (160 per segment) until one Chinese character makes it UCS-2', () => {
    expect(countSegments('a'.repeat(160))).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    expect(countSegments(`${'a'.repeat(69)}号`)).toMatchObject({ encoding: 'UCS-2', segments: 1 });
    expect(countSegments(`${'a'.repeat(70)}号`)).toMatchObject({ encoding: 'UCS-2', segments: 2 });
  });

  it('counts a long Chinese message with its signature, and characters outside the BMP as two units', () => {
    const text = composeMessage(
      '【示范区政务服务中心】',
      renderTemplate(
        '您好，您在{hall}取的{service}号码{number}已叫号，请携带身份证及相关材料到{window}号窗口办理。如已离开大厅，请于十分钟内返回，超时将作过号处理，需要重新取号。查看进度：{link}',
        {
          hall: '示范区政务服务中心',
          service: '不动产登记',
          number: 'B031',
          window: 12,
          link: 'https://h.example.cn/t/x',
        },
      ),
    );
    const count = countSegments(text);
    expect(count.encoding).toBe('UCS-2');
    expect(count.characters).toBe(text.length);
    expect(count.segments).toBe(Math.ceil(text.length / 67));
    // 𠮷 is one character on the phone but two UCS-2 code units (a surrogate pair): 35 of them fill 70 units.
    expect(countSegments('𠮷'.repeat(35)).segments).toBe(1);
    expect(countSegments('𠮷'.repeat(36)).segments).toBe(2);
  });

  it('reports templates whose longest rendering costs more segments than the hall allows', () => {
    const settings = SmsSettings.parse({
      ...DEFAULT_SMS_SETTINGS,
      maxSegments: 1,
      templates: {
        called: { zh: '请{number}到{window}号窗口' },
        issued: { zh: `${'很长的说明'.repeat(14)}{number}`, en: 'Ticket {number}' },
      },
    });
    expect(overlongTemplates(settings, '示范区政务服务中心', '社保业务')).toEqual([
      { kind: 'issued', language: 'zh', segments: 2 },
    ]);
  });

  it('refuses a template with a placeholder that is not a variable', () => {
    const parsed = SmsSettings.safeParse({
      ...DEFAULT_SMS_SETTINGS,
      templates: { called: { zh: '{windw}' } },
    });
    expect(parsed.success).toBe(false);
  });
});
