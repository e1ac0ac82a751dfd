import { describe, expect, it } from 'vitest';
import { initialWedgeState, type WedgeOutcome, type WedgeSettings, wedgeKey } from './wedge-detector.ts';

const settings: WedgeSettings = {
  maxKeyIntervalMs: 35,
  minLength: 4,
  maxLength: 64,
  terminator: 'Enter',
  prefix: '',
};

/** Feeds keys at the given times (an injected clock); returns every outcome that was not 'none'. */
function feed(keys: readonly (readonly [string, number])[], s: WedgeSettings = settings) {
  let state = initialWedgeState;
  const outcomes: WedgeOutcome[] = [];
  const consumed: boolean[] = [];
  for (const [key, at] of keys) {
    const step = wedgeKey(state, key, at, s);
    state = step.state;
    consumed.push(step.consumed);
    if (step.outcome.type !== 'none') outcomes.push(step.outcome);
  }
  return { outcomes, consumed, state };
}

/** A scanner typing `text` then Enter, `gap` ms between keys, from `start`. */
const burst = (text: string, start: number, gap = 8, end = 'Enter'): [string, number][] =>
  [...text, end].map((key, i) => [key, start + i * gap]);

/** A person typing, ~180 ms between keys. */
const typed = (text: string, start: number): [string, number][] => burst(text, start, 180);

describe('keyboard-wedge scanner detector', () => {
  it('takes a fast burst ending with Enter as a scan, and swallows its keys after the first', () => {
    const { outcomes, consumed } = feed(burst('K7M2PX9Q', 1000));
    expect(outcomes).toEqual([{ type: 'scan', code: 'K7M2PX9Q' }]);
    expect(consumed).toEqual([false, true, true, true, true, true, true, true, true]);
  });

  it('leaves typing alone: slow keys and Enter are nobody’s scan and are not swallowed', () => {
    const { outcomes, consumed } = feed(typed('K7M2PX9Q', 1000));
    expect(outcomes).toEqual([]);
    expect(consumed.every((c) => !c)).toBe(true);
  });

  it('ignores Shift between characters (scanners press it for capitals)', () => {
    const keys: [string, number][] = [...'AB23CD45'].flatMap((ch, i): [string, number][] => [
      ['Shift', i * 6],
      [ch, i * 6 + 3],
    ]);
    keys.push(['Enter', 60]);
    expect(feed(keys).outcomes).toEqual([{ type: 'scan', code: 'AB23CD45' }]);
  });

  it('a pause inside a burst starts it over: typed keys before a scan do not stick to it', () => {
    const { outcomes } = feed([...typed('XY', 0), ...burst('ABCD2345', 2000)]);
    expect(outcomes).toEqual([{ type: 'scan', code: 'ABCD2345' }]);
  });

  it('the interval limit is inclusive at maxKeyIntervalMs and exclusive one ms above', () => {
    expect(feed(burst('ABCD2345', 0, 35)).outcomes).toEqual([{ type: 'scan', code: 'ABCD2345' }]);
    expect(feed(burst('ABCD2345', 0, 36)).outcomes).toEqual([]);
  });

  it('a burst shorter than minLength is not a scan (a key bounce and Enter)', () => {
    expect(feed(burst('AB', 0)).outcomes).toEqual([]);
  });

  it('an over-long burst is reported once as garbled and the next scan reads cleanly', () => {
    const { outcomes, state } = feed([...burst('Z'.repeat(100), 0, 2), ...burst('GOOD2345', 5000)]);
    expect(outcomes).toEqual([
      { type: 'garbled', reason: 'too-long' },
      { type: 'scan', code: 'GOOD2345' },
    ]);
    expect(state.buffer).toBe('');
  });

  it('a configured prefix is stripped, and a burst without it is refused', () => {
    const withPrefix = { ...settings, prefix: '#' };
    expect(feed(burst('#ABCD2345', 0), withPrefix).outcomes).toEqual([{ type: 'scan', code: 'ABCD2345' }]);
    expect(feed(burst('ABCD2345', 0), withPrefix).outcomes).toEqual([
      { type: 'garbled', reason: 'missing-prefix' },
    ]);
  });

  it('Tab as terminator when the scanner is set so; then Enter is just a key that breaks the burst', () => {
    const tab = { ...settings, terminator: 'Tab' as const };
    expect(feed(burst('ABCD2345', 0, 8, 'Tab'), tab).outcomes).toEqual([{ type: 'scan', code: 'ABCD2345' }]);
    expect(feed(burst('ABCD2345', 0, 8, 'Enter'), tab).outcomes).toEqual([]);
  });

  it('a non-character key (arrow, Backspace) breaks a burst: what came before it is dropped', () => {
    const keys = burst('ABCD2345', 0);
    keys.splice(4, 0, ['Backspace', 30]);
    expect(feed(keys).outcomes).toEqual([{ type: 'scan', code: '2345' }]);
    expect(feed(keys, { ...settings, minLength: 5 }).outcomes).toEqual([]);
  });

  it('reads a Chinese character as one key (QR codes may carry them)', () => {
    expect(feed(burst('预约ABCD', 0)).outcomes).toEqual([{ type: 'scan', code: '预约ABCD' }]);
  });
});
