import { describe, expect, it } from 'vitest';
import { readSettings } from '../settings.ts';

describe('the hub settings of the city centre link', () => {
  it('are all three or none', () => {
    expect(readSettings({}, [], '/repo').central).toBeNull();
    expect(
      readSettings(
        {},
        ['--central-url', 'https://centre.example', '--hall-id', 'h1', '--central-token', 'x'],
        '/repo',
      ).central,
    ).toEqual({ url: 'https://centre.example', hallId: 'h1', token: 'x' });
    expect(
      readSettings(
        { HALLQ_CENTRAL_URL: 'http://10.0.0.9:8090', HALLQ_HALL_ID: 'h2', HALLQ_CENTRAL_TOKEN: 'y' },
        [],
        '/repo',
      ).central,
    ).toEqual({ url: 'http://10.0.0.9:8090', hallId: 'h2', token: 'y' });
    expect(() => readSettings({}, ['--central-url', 'https://centre.example'], '/repo')).toThrow(/all of/);
    expect(() =>
      readSettings({}, ['--central-url', 'centre', '--hall-id', 'h', '--central-token', 't'], '/repo'),
    ).toThrow(/http\(s\)/);
  });
});
